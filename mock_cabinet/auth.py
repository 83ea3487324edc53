"""Logging in and out: the login page of step 2, hotspot login, self-registration."""

import functools
import re

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from mockkit.sqlite import transaction

from . import accounts, sessions
from .db import get_db
from .throttle import throttle

bp = Blueprint("auth", __name__)

WRONG_CREDENTIALS = "Неверно указаны логин или пароль"
EMPTY_CREDENTIALS = "Введите логин и пароль."
_MAX_FIELD = 200
_FULL_NAME = re.compile(r"[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё .'\-]{2,99}")
_PHONE = re.compile(r"\+?[0-9 ()\-]{5,20}", re.ASCII)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(\.[A-Za-z0-9\-]{1,63})+", re.ASCII)


def now():
    return current_app.config["CLOCK"]()


def current_subscriber_id(kind: str = "cabinet") -> int | None:
    key = "sid" if kind == "cabinet" else "hotspot_sid"
    return sessions.subscriber_id_for(get_db(), session.get(key), kind, now())


def login_required(view):
    """Loads g.subscriber; anyone without a live cabinet session goes to the login page."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        subscriber_id = current_subscriber_id()
        if subscriber_id is None:
            session.pop("sid", None)
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        g.subscriber = accounts.get_subscriber(get_db(), subscriber_id)
        return view(*args, **kwargs)

    return wrapped


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: never an address elsewhere (no open redirect).

    Control characters are refused outright: browsers drop tabs and newlines from a URL, so
    `/<TAB>/evil.example` would become `//evil.example`, and a newline cannot go into a header.
    """
    if not target or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return None
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def _check_credentials(login: str, password: str):
    """(subscriber, None) or (None, (message, status)) with the throttle applied to the login name."""
    if not login or not password:
        return None, (EMPTY_CREDENTIALS, 400)
    key = login.lower()[:64]
    login_throttle = throttle("login")
    # Failures count, a success forgets them; simultaneous guesses cannot outrun the count.
    with login_throttle.guess(key) as guess:
        if not guess.admitted:
            minutes = login_throttle.minutes_left(key)
            return None, (f"Слишком много неудачных попыток входа. Попробуйте снова через {minutes} мин.", 429)
        subscriber = accounts.authenticate(get_db(), login[:_MAX_FIELD], password[:_MAX_FIELD])
        guess.succeeded = subscriber is not None
    if subscriber is None:
        return None, (WRONG_CREDENTIALS, 401)
    return subscriber, None


def _credentials_from_form() -> tuple[str, str]:
    return (request.form.get("login") or "").strip(), request.form.get("password") or ""


@bp.route("/")
def root():
    if current_subscriber_id() is not None:
        return redirect(url_for("cabinet.general"))
    return redirect(url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        if current_subscriber_id() is not None:
            return redirect(url_for("cabinet.general"))
        return render_template("login.html", login_value="", next=_safe_next(request.args.get("next")))
    login_value, password = _credentials_from_form()
    subscriber, failure = _check_credentials(login_value, password)
    if failure:
        message, status = failure
        page = render_template(
            "login.html", error=message, login_value=login_value, next=_safe_next(request.form.get("next"))
        )
        return page, status
    db = get_db()
    with transaction(db):
        sessions.end(db, session.get("sid"))
        token = sessions.start(db, subscriber["id"], "cabinet", now(), current_app.config["SESSION_LIFETIME_SECONDS"])
    hotspot = session.get("hotspot_sid")
    session.clear()  # a new session on every login: nothing of the anonymous one survives
    session["sid"] = token
    if hotspot:
        session["hotspot_sid"] = hotspot
    session.permanent = True
    return redirect(_safe_next(request.form.get("next")) or url_for("cabinet.general"), code=303)


@bp.route("/logout", methods=["POST"])
def logout():
    db = get_db()
    with transaction(db):
        sessions.end(db, session.get("sid"))
    session.pop("sid", None)
    session.pop("csrf_token", None)
    return redirect(url_for("auth.login"), code=303)


@bp.route("/hotspot", methods=["GET", "POST"])
def hotspot():
    if request.method == "GET":
        subscriber_id = current_subscriber_id("hotspot")
        if subscriber_id is not None:
            return render_template("hotspot_on.html", subscriber=accounts.get_subscriber(get_db(), subscriber_id))
        return render_template("hotspot.html", login_value="")
    login_value, password = _credentials_from_form()
    subscriber, failure = _check_credentials(login_value, password)
    if failure:
        message, status = failure
        return render_template("hotspot.html", error=message, login_value=login_value), status
    db = get_db()
    with transaction(db):
        sessions.end(db, session.get("hotspot_sid"))
        session["hotspot_sid"] = sessions.start(
            db, subscriber["id"], "hotspot", now(), current_app.config["SESSION_LIFETIME_SECONDS"]
        )
    return redirect(url_for("auth.hotspot"), code=303)


@bp.route("/hotspot/logout", methods=["POST"])
def hotspot_logout():
    db = get_db()
    with transaction(db):
        sessions.end(db, session.get("hotspot_sid"))
    session.pop("hotspot_sid", None)
    return redirect(url_for("auth.hotspot"), code=303)


def _registration_errors(form) -> dict:
    errors = {}
    if not _FULL_NAME.fullmatch(form["full_name"]):
        errors["full_name"] = "Укажите фамилию, имя и отчество буквами (от 3 до 100 знаков)."
    if not 5 <= len(form["address"]) <= _MAX_FIELD:
        errors["address"] = "Укажите адрес подключения (от 5 до 200 знаков)."
    if not _PHONE.fullmatch(form["phone"]):
        errors["phone"] = "Укажите телефон цифрами, например +7 495 123-45-67."
    if form["email"] and not _EMAIL.fullmatch(form["email"]):
        errors["email"] = "Адрес e-mail указан неверно."
    if form["tariff_id"] not in form["tariff_ids"]:
        errors["tariff_id"] = "Выберите тариф из списка."
    return errors


@bp.route("/register", methods=["GET", "POST"])
def register():
    db = get_db()
    tariffs = db.execute("SELECT * FROM tariffs ORDER BY monthly_fee").fetchall()
    if request.method == "GET":
        return render_template("register.html", tariffs=tariffs, form={}, errors={})
    form = {
        name: (request.form.get(name) or "").strip()[: _MAX_FIELD + 1]
        for name in ("full_name", "address", "phone", "email", "tariff_id")
    }
    errors = _registration_errors({**form, "tariff_ids": {str(t["id"]) for t in tariffs}})
    if errors:
        return render_template("register.html", tariffs=tariffs, form=form, errors=errors), 400
    registration_throttle = throttle("registration")
    address_key = request.remote_addr or "unknown"
    if not registration_throttle.acquire(address_key):  # counted now: parallel posts cannot overtake it
        message = "Слишком много регистраций с вашего адреса. Попробуйте позже."
        return render_template("register.html", tariffs=tariffs, form=form, errors={}, error=message), 429
    password = accounts.new_password()
    try:
        with transaction(db):
            subscriber = accounts.create_subscriber(
                db,
                now=now(),
                password_hash=accounts.hash_password(password),
                full_name=form["full_name"],
                address=form["address"],
                phone=form["phone"],
                email=form["email"],
                tariff_id=int(form["tariff_id"]),
                internet_on=False,
            )
    except accounts.RegistrationFull:
        abort(503, "Регистрация временно недоступна: свободных логинов нет.")
    # The password is shown this once and never stored in the clear: the page must not be cached.
    # Redirect after POST, so a reload cannot register again. The password rides once in this
    # browser's own session cookie to the next page and is dropped when shown: the server never
    # keeps it in the clear.
    session["registered"] = {"subscriber_id": subscriber["id"], "password": password}
    return redirect(url_for("auth.registered"), code=303)


@bp.route("/register/done")
def registered():
    shown_once = session.pop("registered", None)
    subscriber = accounts.get_subscriber(get_db(), shown_once["subscriber_id"]) if shown_once else None
    page = render_template(
        "registered.html", subscriber=subscriber, password=shown_once["password"] if subscriber else None
    )
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response
