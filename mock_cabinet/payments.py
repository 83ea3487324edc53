"""«Платежи» (steps 4 and 5): the three tabs, the ChronoPay order and its signed redirect.

An order is a 'draft' once the confirmation is shown and becomes payable ('pending') when
«Заплатить» is pressed; pressing it again, or after going back, sends the same order again, so one
confirmation never makes two payable orders.
"""

import re

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from chronopay_protocol import money
from mockkit.clock import stamp
from mockkit.sqlite import transaction

from . import chronopay, ledger
from .auth import login_required, now
from .db import get_db
from .throttle import throttle

bp = Blueprint("payments", __name__, url_prefix="/cabinet/payments")

# The tabs of step 4, in the instruction's order: (label, endpoint).
TABS = (
    ("Активация карты", "payments.card_activation"),
    ("Платежный документ", "payments.document"),
    ("ChronoPay", "payments.chronopay_tab"),
)
_PREPAID_NUMBER = re.compile(r"[0-9]{6,20}", re.ASCII)
_PREPAID_PIN = re.compile(r"[0-9]{4,8}", re.ASCII)
_MAX_SQLITE_INTEGER = 2**63 - 1


def amount_limits() -> money.AmountLimits:
    return money.AmountLimits(current_app.config["AMOUNT_MIN_KOPECKS"], current_app.config["AMOUNT_MAX_KOPECKS"])


def merchant_settings(config=None) -> chronopay.MerchantSettings:
    """The cabinet as ChronoPay's merchant, from its settings (ValueError for a kind it cannot be)."""
    config = current_app.config if config is None else config
    return chronopay.MerchantSettings(
        product_id=config["CHRONOPAY_PRODUCT_ID"],
        product_name=config["CHRONOPAY_PRODUCT_NAME"],
        shared_secret=config["CHRONOPAY_SHARED_SECRET"],
        gateway_url=config["CHRONOPAY_URL"],
        sign=config["CHRONOPAY_SIGN"],
        price_format=config["CHRONOPAY_PRICE_FORMAT"],
        method=config["CHRONOPAY_METHOD"].upper(),
        order_timelimit=int(config["CHRONOPAY_ORDER_TIMELIMIT"]),
    )


def _own_order(order_id: int):
    """The logged-in subscriber's order; another subscriber's order is as absent as a missing one."""
    if order_id > _MAX_SQLITE_INTEGER:  # the URL's <int:> takes any length; SQLite would raise
        abort(404)
    order = (
        get_db()
        .execute("SELECT * FROM orders WHERE id = ? AND subscriber_id = ?", (order_id, g.subscriber["id"]))
        .fetchone()
    )
    if order is None:
        abort(404)
    return order


def _external_url(endpoint: str, **values) -> str:
    """An address of ours as the gateway and the browser must reach it."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


@bp.route("/", methods=["GET", "POST"])
@login_required
def card_activation():
    errors = {}
    number = pin = ""
    if request.method == "POST":
        number = re.sub(r"[ \-]", "", request.form.get("number") or "")[:40]
        pin = (request.form.get("pin") or "")[:40]
        card_throttle = throttle("prepaid_card")
        key = str(g.subscriber["id"])
        if not _PREPAID_NUMBER.fullmatch(number):
            errors["number"] = "Введите номер карты оплаты цифрами (от 6 до 20 цифр)."
        if not _PREPAID_PIN.fullmatch(pin):
            errors["pin"] = "Введите PIN-код цифрами (от 4 до 8 цифр)."
        # Four digits are only as safe as this limit: failed PINs count, a success forgets them,
        # and simultaneous guesses cannot outrun the count.
        if not errors:
            with card_throttle.guess(key) as guess:
                if not guess.admitted:
                    errors["form"] = "Слишком много неудачных попыток. Попробуйте позже."
                else:
                    try:
                        value = ledger.activate_prepaid_card(get_db(), g.subscriber["id"], number, pin, now())
                    except ledger.CardRefused as refusal:
                        errors["form"] = str(refusal)
                    else:
                        guess.succeeded = True
        if not errors:
            flash(f"Карта активирована: на счет зачислено {money.to_display(value)} руб.", "success")
            return redirect(url_for("payments.card_activation"), code=303)
    page = render_template(
        "payments_card.html",
        section="Платежи",
        tabs=TABS,
        tab="Активация карты",
        number=number,
        errors=errors,
    )
    return page, (400 if errors else 200)


@bp.route("/document")
@login_required
def document():
    typed = request.args.get("amount")
    amount = error = None
    if typed is not None:
        try:
            amount = money.parse_amount(typed, amount_limits())
        except money.AmountError as problem:
            error = problem.message
    page = render_template(
        "payments_document.html",
        section="Платежи",
        tabs=TABS,
        tab="Платежный документ",
        typed=typed or "",
        amount=amount,
        error=error,
        today=now(),
    )
    return page, (400 if error else 200)


@bp.route("/chronopay", methods=["GET", "POST"])
@login_required
def chronopay_tab():
    typed = ""
    error = None
    if request.method == "POST":
        typed = (request.form.get("amount") or "")[:64]
        try:
            amount = money.parse_amount(typed, amount_limits())
        except money.AmountError as problem:
            error = problem.message
        else:
            db = get_db()
            with transaction(db):
                order_id = create_order(db, g.subscriber["id"], amount)
            return redirect(url_for("payments.confirm", order_id=order_id), code=303)
    page = render_template(
        "payments_chronopay.html",
        section="Платежи",
        tabs=TABS,
        tab="ChronoPay",
        typed=typed,
        error=error,
        limits=amount_limits(),
    )
    return page, (400 if error else 200)


@bp.route("/chronopay/orders/<int:order_id>")
@login_required
def confirm(order_id: int):
    order = _own_order(order_id)
    if order["status"] in ("paid", "refunded"):
        return redirect(url_for("payments.success", order_id=order_id))
    return render_template("payments_confirm.html", section="Платежи", tabs=TABS, tab="ChronoPay", order=order)


@bp.route("/chronopay/orders/<int:order_id>/pay", methods=["POST"])
@login_required
def pay(order_id: int):
    order = _own_order(order_id)
    if order["status"] in ("paid", "refunded"):
        return redirect(url_for("payments.success", order_id=order_id), code=303)
    if order["status"] == "draft":
        db = get_db()
        with transaction(db):
            submit_order(db, order_id)
    settings = merchant_settings()
    fields = gateway_request(order, g.subscriber)
    if settings.method == "POST":
        # A redirect cannot POST: the browser gets a form it sends on its own (a button without script).
        return render_template(
            "payments_to_gateway.html",
            section="Платежи",
            tabs=TABS,
            tab="ChronoPay",
            gateway_url=settings.gateway_url,
            fields=fields,
        )
    return redirect(chronopay.gateway_address(settings, fields), code=303)


def create_order(db, subscriber_id: int, amount: int) -> int:
    """A draft order of «Новый платеж», waiting for the subscriber's «Заплатить»."""
    return db.execute(
        "INSERT INTO orders (subscriber_id, amount, status, created_at) VALUES (?, ?, 'draft', ?)",
        (subscriber_id, amount, stamp(now())),
    ).lastrowid


def submit_order(db, order_id: int) -> None:
    """«Заплатить»: the order goes to the gateway and waits for its callback."""
    db.execute(
        "UPDATE orders SET status = 'pending', submitted_at = ? WHERE id = ? AND status = 'draft'",
        (stamp(now()), order_id),
    )


def gateway_request(order, subscriber) -> dict[str, str]:
    """The signed request for `order` of `subscriber` that «Заплатить» sends the browser with."""
    return chronopay.payment_request(
        merchant_settings(),
        order_id=order["id"],
        amount=order["amount"],
        account_id=subscriber["account_id"],
        login=subscriber["login"],
        email=subscriber["email"],
        urls={
            "cb_url": _external_url("callback.receive"),
            "success_url": _external_url("payments.success", order_id=order["id"]),
            "decline_url": _external_url("payments.decline", order_id=order["id"]),
        },
    )


def _result(order_id: int, arrived_by: str):
    order = _own_order(order_id)
    payment = (
        get_db().execute("SELECT * FROM payments WHERE order_id = ? AND kind = 'chronopay'", (order_id,)).fetchone()
    )
    return render_template(
        "payments_result.html",
        section="Платежи",
        tabs=TABS,
        tab="ChronoPay",
        order=order,
        payment=payment,
        arrived_by=arrived_by,
    )


@bp.route("/chronopay/orders/<int:order_id>/success")
@login_required
def success(order_id: int):
    """success_url: tells what really happened to the order; visiting it changes nothing."""
    return _result(order_id, "success")


@bp.route("/chronopay/orders/<int:order_id>/decline")
@login_required
def decline(order_id: int):
    return _result(order_id, "decline")


@bp.route("/chronopay/orders/<int:order_id>/status")
@login_required
def order_status(order_id: int):
    order = _own_order(order_id)
    return jsonify(status=order["status"])
