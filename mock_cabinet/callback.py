"""cb_url: the gateway's server-to-server callback that books a payment.

Answers 200 to a callback it booked now or before (so the gateway stops repeating it), and a 4xx
with a plain-text reason to anything forged, malformed or not matching its order, booking nothing.
"""

import ipaddress

from flask import Blueprint, current_app, request

from . import chronopay, ledger
from .auth import now
from .db import money_writer
from .payments import merchant_settings

bp = Blueprint("callback", __name__)


def _sender_allowed(address: str | None) -> bool:
    allowed = current_app.config["CALLBACK_ALLOWED_IPS"]
    if not allowed:
        return True
    try:
        sender = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(sender in ipaddress.ip_network(entry, strict=False) for entry in allowed)


def _answer(status: int, text: str):
    return text + "\n", status, {"Content-Type": "text/plain; charset=utf-8"}


@bp.route("/chronopay/callback", methods=["POST"])
def receive():
    log = current_app.logger
    if not _sender_allowed(request.remote_addr):
        log.warning("callback refused: sender %s is not allowed", request.remote_addr)
        return _answer(403, "sender address not allowed")
    try:
        callback = chronopay.verify_callback(request.form, merchant_settings())
        when = now()
        booking = money_writer().run(lambda db: ledger.book_callback(db, callback, when))
    except chronopay.CallbackRejected as rejection:
        log.warning("callback refused (%s): %s", rejection.status, rejection.reason)
        return _answer(rejection.status, rejection.reason)
    except TimeoutError:  # the money writer did not answer in time: the gateway sends it again
        log.warning("callback %s for order %s: not booked in time", callback.transaction_id, callback.order_id)
        return _answer(503, "busy, not booked: send it again")
    if booking.duplicate:
        log.info(
            "callback %s %s for order %s: already booked",
            callback.transaction_type,
            callback.transaction_id,
            callback.order_id,
        )
        return _answer(200, "OK (already booked)")
    log.info(
        "callback %s %s for order %s: booked",
        callback.transaction_type,
        callback.transaction_id,
        callback.order_id,
    )
    return _answer(200, "OK")
