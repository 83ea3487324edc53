"""The operator's page: every payment, the outbox's state, refunds (a Refund callback and a mail) and
the re-sending of a message the dispatcher gave up on.

Behind HTTP Basic authentication (user `operator`); its forms carry CSRF tokens because a browser
resends Basic credentials to any page that posts here.
"""

import hmac

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for

from . import attempts, outbox, registry
from .db import get_db

bp = Blueprint("admin", __name__, url_prefix="/admin")
OPERATOR = "operator"


@bp.before_request
def require_operator():
    auth = request.authorization
    expected = current_app.config["OPERATOR_PASSWORD"].encode("utf-8")
    if (
        auth is None
        or auth.type != "basic"
        or not hmac.compare_digest((auth.username or "").encode("utf-8"), OPERATOR.encode("ascii"))
        or not hmac.compare_digest((auth.password or "").encode("utf-8"), expected)
    ):
        return Response("Operator login required\n", 401, {"WWW-Authenticate": 'Basic realm="chronopay operator"'})
    # CSRF is checked here, after the credentials (the blueprint is exempt from the app-wide check,
    # which would run first and answer a POST without credentials with 400 instead of asking for them).
    current_app.extensions["csrf"].protect()
    return None


@bp.route("/")
def overview():
    db = get_db()
    payments = db.execute("SELECT * FROM attempts ORDER BY rowid DESC LIMIT 200").fetchall()
    return render_template(
        "admin.html",
        t={"page_title": "CHRONOPAY · оператор"},
        language="ru",
        payments=payments,
        products=registry.every(db),
        waiting=outbox.waiting(db),
        failed=outbox.failed(db),
    )


def _wake_dispatcher() -> None:
    dispatcher = current_app.extensions.get("dispatcher")
    if dispatcher is not None:
        dispatcher.wake()


@bp.route("/refund/<token>", methods=["POST"])
def refund(token: str):
    refunded = attempts.refund(
        get_db(), token, current_app.extensions["chronopay_settings"], current_app.config["CLOCK"]()
    )
    if refunded is None:
        flash("Этот платеж нельзя вернуть: он не был одобрен или уже возвращен.", "error")
        return redirect(url_for("admin.overview"), code=303)
    _wake_dispatcher()
    flash(f"Платеж по заказу {refunded['order_id']} возвращен; магазин получит уведомление Refund.", "success")
    return redirect(url_for("admin.overview"), code=303)


@bp.route("/outbox/<int:message_id>/resend", methods=["POST"])
def resend(message_id: int):
    """«Отправить снова»: a failed callback or receipt goes out again now, on a fresh schedule."""
    message = outbox.resend(get_db(), message_id) if message_id <= 2**63 - 1 else None
    if message is None:
        flash("Это уведомление нельзя отправить снова: оно уже доставлено или еще не признано недоставленным.", "error")
        return redirect(url_for("admin.overview"), code=303)
    current_app.logger.info("%s #%s re-sent by the operator", message["kind"], message_id)
    _wake_dispatcher()
    flash(f"Уведомление #{message_id} отправляется снова.", "success")
    return redirect(url_for("admin.overview"), code=303)
