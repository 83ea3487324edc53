"""A mock of the ChronoPay hosted payment page (steps 6-8): its bank, its callbacks, its receipts."""

import secrets
from contextlib import closing
from pathlib import Path

from flask import Flask, render_template
from flask_wtf.csrf import CSRFProtect

from chronopay_protocol import money
from mockkit import clock
from mockkit.secrets import secret_in, shared_secret_for

from . import admin, admin_products, db, pages, registry
from .attempts import Settings
from .config import DEFAULTS
from .i18n import TEXTS
from .notify import Dispatcher

csrf = CSRFProtect()


def create_app(config: dict | None = None) -> Flask:
    """The gateway app: config.DEFAULTS with `config` over them; no environment is read here.

    Its dispatcher exists but is not started: `start_dispatcher(app)` does that.
    """
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.update(config or {})
    data_dir = Path(app.config["DATABASE"]).parent
    if not app.config["SHARED_SECRET"]:
        app.config["SHARED_SECRET"] = shared_secret_for(data_dir)
    if not app.config["OPERATOR_PASSWORD"]:
        app.config["OPERATOR_PASSWORD"] = secret_in(data_dir, "operator-password")
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = secrets.token_hex(32)
    if isinstance(app.config["MERCHANT_URLS"], str):
        app.config["MERCHANT_URLS"] = tuple(u.strip() for u in app.config["MERCHANT_URLS"].split(",") if u.strip())
    app.config.update(
        CLOCK=clock.make_clock(app.config["FROZEN_TIME"]),
        SESSION_COOKIE_NAME="chronopay_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(app.config["TLS"]),
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    app.extensions["chronopay_settings"] = Settings(
        shared_secret=app.config["SHARED_SECRET"],
        merchant_name=app.config["MERCHANT_NAME"],
        mail_from=app.config["MAIL_FROM"],
        slow_bank_seconds=float(app.config["SLOW_BANK_SECONDS"]),
    )
    db.init_app(app)
    _register_start_product(app)
    csrf.init_app(app)
    # The payer's forms are bound to an unguessable attempt token in their address, and the
    # merchant's request comes from the merchant's own site: neither can carry our CSRF token.
    csrf.exempt(pages.bp)
    csrf.exempt(admin.bp)  # checked by admin.require_operator, once the operator is known
    csrf.exempt(admin_products.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(admin_products.bp)
    Dispatcher(app)
    _install_page_helpers(app)
    return app


def _register_start_product(app: Flask) -> None:
    """The product of the start settings, registered again (a wrong one stops the start, naming why)."""
    with closing(db.open_database(app.config["DATABASE"])) as connection:
        registry.register(connection, registry.from_settings(app.config), app.config["CLOCK"]())


def start_dispatcher(app: Flask) -> Dispatcher:
    return app.extensions["dispatcher"].start()


def _install_page_helpers(app: Flask) -> None:
    app.jinja_env.filters["price"] = money.to_protocol  # the gateway always shows `1000.00`

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if app.config["TLS"]:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    def error_page(code: int, ru: str):
        def handler(_error):
            page = render_template(
                "request_error.html", t=TEXTS["ru"], language="ru", heading=f"Ошибка {code}", message=ru
            )
            return page, code

        return handler

    for code, text in {
        400: "Запрос не может быть обработан.",
        404: "Страница не найдена.",
        405: "Так обратиться к этой странице нельзя.",
        413: "Слишком большой запрос.",
        500: "Внутренняя ошибка платежной системы. Деньги не списаны.",
    }.items():
        app.register_error_handler(code, error_page(code, text))
