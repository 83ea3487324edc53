"""The operator's page: every payment, the outbox's state, and refunds (a Refund callback and a mail).

Behind HTTP Basic authentication (user `operator`); its forms carry CSRF tokens because a browser
resends Basic credentials to any page that posts here.
"""

import hmac

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for

from . import attempts
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
    outbox = db.execute(
        "SELECT id, kind, target, tries, last_error, created_at FROM outbox WHERE delivered_at IS NULL ORDER BY id"
    ).fetchall()
    return render_template(
        "admin.html", t={"page_title": "CHRONOPAY · оператор"}, language="ru", payments=payments, outbox=outbox
    )


@bp.route("/refund/<token>", methods=["POST"])
def refund(token: str):
    refunded = attempts.refund(
        get_db(), token, current_app.extensions["chronopay_settings"], current_app.config["CLOCK"]()
    )
    if refunded is None:
        flash("Этот платеж нельзя вернуть: он не был одобрен или уже возвращен.", "error")
        return redirect(url_for("admin.overview"), code=303)
    dispatcher = current_app.extensions.get("dispatcher")
    if dispatcher is not None:
        dispatcher.wake()
    flash(f"Платеж по заказу {refunded['order_id']} возвращен; магазин получит уведомление Refund.", "success")
    return redirect(url_for("admin.overview"), code=303)
