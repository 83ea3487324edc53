"""A faithful mock of the ISP's UTM5-style subscriber cabinet (steps 1-5 of the instruction)."""

import ipaddress
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect

from chronopay_protocol import money
from mockkit import clock
from mockkit.secrets import shared_secret_for

from . import auth, cabinet, callback, db, payments, site, throttle
from .config import DEFAULTS

csrf = CSRFProtect()

ERROR_TEXTS = {
    400: "Запрос не может быть обработан.",
    403: "Доступ запрещен.",
    404: "Страница не найдена.",
    405: "Так обратиться к этой странице нельзя.",
    413: "Слишком большой запрос.",
    429: "Слишком много запросов. Попробуйте позже.",
    500: "Внутренняя ошибка. Попробуйте позже.",
    503: "Сервис временно недоступен.",
}


def create_app(config: dict | None = None) -> Flask:
    """The cabinet app: config.DEFAULTS with `config` over them; no environment is read here."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.update(config or {})
    if not app.config["CHRONOPAY_SHARED_SECRET"]:
        app.config["CHRONOPAY_SHARED_SECRET"] = shared_secret_for(Path(app.config["DATABASE"]).parent)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = secrets.token_hex(32)  # sessions end with the process
    app.config.update(
        CLOCK=clock.make_clock(app.config["FROZEN_TIME"]),
        SESSION_COOKIE_NAME="utm5_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(seconds=app.config["SESSION_LIFETIME_SECONDS"]),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    _check_allowed_senders(app.config["CALLBACK_ALLOWED_IPS"])
    payments.merchant_settings(app.config)  # a merchant kind it cannot be stops the start, naming why
    db.init_app(app)
    throttle.install(app)
    csrf.init_app(app)
    csrf.exempt(callback.bp)  # the gateway's server proves itself by the sign, not by a form token
    for blueprint in (auth.bp, cabinet.bp, payments.bp, callback.bp, site.bp):
        app.register_blueprint(blueprint)
    _install_page_helpers(app)
    return app


def _check_allowed_senders(entries) -> None:
    """A mistyped allow-list must stop the start, not turn every callback into a server error."""
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError as problem:
            raise ValueError(f"CALLBACK_ALLOWED_IPS: {entry!r} is not an address or network") from problem


def _install_page_helpers(app: Flask) -> None:
    app.jinja_env.filters["rub"] = money.to_display
    app.jinja_env.filters["rub_short"] = money.to_short
    app.jinja_env.filters["local_time"] = clock.local_text
    app.jinja_env.globals.update(menu=cabinet.MENU)

    @app.context_processor
    def isp():
        return {"isp_name": app.config["ISP_NAME"], "isp_site": app.config["ISP_SITE"]}

    @app.after_request
    def no_caching(response):
        # Pages with a subscriber's data must not come back from the cache after logout.
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @app.errorhandler(CSRFError)
    def csrf_failed(_error):
        if request.path.startswith("/cabinet") and auth.current_subscriber_id() is None:
            # The session ended meanwhile (logged out in another tab, expired): log in again.
            return redirect(url_for("auth.login"), code=303)
        message = "Форма устарела или отправлена не с этой страницы. Обновите страницу и повторите."
        return render_template("error.html", code=400, message=message), 400

    for code, text in ERROR_TEXTS.items():
        app.register_error_handler(code, _error_page(code, text))


def _error_page(code: int, default_text: str):
    def handler(error):
        description = getattr(error, "description", None)
        # Our own abort() messages are Russian; werkzeug's English defaults are replaced.
        message = description if description and not description.isascii() else default_text
        return render_template("error.html", code=code, message=message), code

    return handler
