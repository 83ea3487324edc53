"""The payer's pages (steps 6-8): the hosted form, 3-D Secure, the slow bank's wait, the results.

Every attempt has one address, /pay/<token>, that always shows where the attempt stands: a
refresh, the back button or a replayed form lands there and never charges again.
"""

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from mockkit.clock import LOCAL_ZONE, local_text

from . import attempts, form, registry
from .db import get_db
from .i18n import FIELD_ERRORS, REASONS, REQUEST_ERRORS, TEXTS, countries, language_of
from .intake import RequestRefused, read_request

bp = Blueprint("pages", __name__)


def _now():
    return current_app.config["CLOCK"]()


def _settings() -> attempts.Settings:
    return current_app.extensions["chronopay_settings"]


def _wake_dispatcher() -> None:
    dispatcher = current_app.extensions.get("dispatcher")
    if dispatcher is not None:
        dispatcher.wake()


def _attempt_or_404(token: str):
    attempt = attempts.get(get_db(), token) if len(token) <= 64 else None
    if attempt is None:
        abort(404)
    return attempt


def _render_form(attempt, checked: form.CheckedForm | None = None, status: int = 200):
    language = attempt["language"]
    kept = checked.kept if checked else form.prefilled(attempt)
    errors = {name: FIELD_ERRORS[language][key] for name, key in (checked.errors if checked else {}).items()}
    page = render_template(
        "payment_form.html",
        t=TEXTS[language],
        language=language,
        attempt=attempt,
        countries=countries(language),
        kept=kept,
        errors=errors,
        deadline=local_text(attempt["expires_at"]) if attempt["expires_at"] else "",
    )
    return page, status


@bp.route("/", methods=["GET", "POST"])
def intake():
    """The merchant's request (GET query or POST form): the payment page, or an error naming the problem."""
    fields = request.values
    language = language_of(fields.get("language"))
    try:
        payment_request = read_request(
            fields, current_app.config["SHARED_SECRET"], lambda product_id: registry.get(get_db(), product_id), _now()
        )
    except RequestRefused as refusal:
        message = REQUEST_ERRORS[language][refusal.code].format(field=refusal.field)
        current_app.logger.info("payment request refused: %s", refusal)
        return render_template("request_error.html", t=TEXTS[language], language=language, message=message), 400
    attempt = attempts.open_attempt(get_db(), payment_request, _now())
    if attempt["status"] == "new":
        return _render_form(attempt)
    return redirect(url_for("pages.attempt_page", token=attempt["token"]), code=303)


@bp.route("/pay/<token>", methods=["GET"])
def attempt_page(token: str):
    """Where the attempt stands: its form, its 3-D Secure page, the wait, or its result."""
    attempt = _attempt_or_404(token)
    if attempt["status"] == "new" and attempt["expires_at"] and attempts.expire_if_due(get_db(), token, _now()):
        attempt = attempts.get(get_db(), token)  # its deadline passed: the page says so
    status = attempt["status"]
    language = attempt["language"]
    t = TEXTS[language]
    if status == "new":
        return _render_form(attempt)
    if status == "approved":
        return redirect(attempt["success_url"], code=303)
    if status == "3ds":
        return render_template("threeds.html", t=t, language=language, attempt=attempt, error=None)
    if status == "processing":
        return render_template("processing.html", t=t, language=language, attempt=attempt)
    reason = REASONS[language].get(attempt["reason"] or "", "")
    return render_template("result.html", t=t, language=language, attempt=attempt, reason=reason)


@bp.route("/pay/<token>", methods=["POST"])
def submit(token: str):
    """«Оплатить»: the server checks the form; the bank answers once per attempt."""
    attempt = _attempt_or_404(token)
    if attempt["status"] != "new":
        return redirect(url_for("pages.attempt_page", token=token), code=303)
    today = _now().astimezone(LOCAL_ZONE).date()
    checked = form.check(request.form, today)
    if checked.card is None:
        return _render_form(attempt, checked, status=422)
    attempts.submit_card(get_db(), token, checked.card, _settings(), _now())
    _wake_dispatcher()
    return redirect(url_for("pages.attempt_page", token=token), code=303)


@bp.route("/pay/<token>/3ds", methods=["POST"])
def threeds(token: str):
    attempt = _attempt_or_404(token)
    code = (request.form.get("code") or "").strip()[:16]
    if attempt["status"] == "3ds" and not code:
        language = attempt["language"]
        error = FIELD_ERRORS[language]["code_invalid"]
        page = render_template("threeds.html", t=TEXTS[language], language=language, attempt=attempt, error=error)
        return page, 422
    attempts.confirm_3ds(get_db(), token, code, _settings(), _now())
    _wake_dispatcher()
    return redirect(url_for("pages.attempt_page", token=token), code=303)


@bp.route("/pay/<token>/status")
def status(token: str):
    """For the waiting page's script: settles the slow bank when due, says where to go next."""
    attempt = _attempt_or_404(token)
    if attempt["status"] == "processing" and attempts.settle_slow_bank(get_db(), _settings(), _now(), token):
        _wake_dispatcher()
        attempt = attempts.get(get_db(), token)
    return jsonify(status=attempt["status"], next=url_for("pages.attempt_page", token=token))
