"""The inbox page for people and the JSON API for tests, over the same Maildir.

Mail is untrusted input: headers and text are escaped by Jinja, and an HTML part is shown only
inside a sandboxed iframe (no scripts, no same origin) under a CSP that fetches nothing remote.
"""

import ipaddress
from pathlib import Path

from flask import Flask, Response, abort, jsonify, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from mockkit import clock

from .config import DEFAULTS
from .store import Inbox, Received

# No script anywhere and nothing fetched from elsewhere. The mail's HTML in the srcdoc iframe
# inherits this policy: its inline styles may apply (mail HTML is styled inline, and with no
# script and no remote fetch CSS cannot send anything out); its images only as data: URLs, so no
# tracking pixel loads.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
ERROR_TEXTS = {
    403: "Доступ запрещен.",
    404: "Страница не найдена.",
    405: "Так обратиться к этой странице нельзя.",
    500: "Внутренняя ошибка.",
}
NO_SUCH_MESSAGE = "Такого письма нет: возможно, ящик очистили."


def create_app(config: dict | None = None) -> Flask:
    """The inbox app: config.DEFAULTS with `config` over them; no environment is read here."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.update(config or {})
    app.json.ensure_ascii = False  # Cyrillic stays readable in the API's answers
    app.extensions["mailbox"] = Inbox(Path(app.config["MAILDIR"]))
    app.jinja_env.filters["local_time"] = _local_time
    _install_routes(app)
    _install_safety(app)
    return app


def inbox_of(app: Flask) -> Inbox:
    return app.extensions["mailbox"]


def _local_time(moment, with_seconds: bool = False) -> str:
    return clock.local_text(moment, with_seconds) if moment else "—"


def as_json(message: Received, full: bool = False) -> dict:
    found = {
        "key": message.key,
        "from": message.from_,
        "to": message.to,
        "cc": message.cc,
        "envelope_from": message.envelope_from,
        "envelope_to": list(message.envelope_to),
        "subject": message.subject,
        "date": message.date.isoformat() if message.date else None,
        "delivered_at": message.delivered_at.isoformat(),
        "text": message.text,
    }
    if full:
        found.update(
            message_id=message.message_id,
            html=message.html,
            attachments=list(message.attachments),
            headers=[[name, value] for name, value in message.headers],
        )
    return found


def _install_routes(app: Flask) -> None:
    def inbox() -> Inbox:
        return inbox_of(app)

    def found_or_404(key: str) -> Received:
        message = inbox().get(key)
        if message is None:
            abort(404, NO_SUCH_MESSAGE)
        return message

    @app.get("/")
    def index():
        to = request.args.get("to", "").strip() or None
        messages = inbox().messages(to)[::-1]  # newest first, as mail clients list
        return render_template("inbox.html", messages=messages, to=to, smtp_address=app.config["SMTP_ADDRESS"])

    @app.get("/messages/<key>")
    def message_page(key):
        return render_template("message.html", message=found_or_404(key))

    @app.get("/messages/<key>/raw")
    def message_raw(key):
        data = inbox().raw(key)
        if data is None:
            abort(404, NO_SUCH_MESSAGE)
        # Plain text for reading in the browser: never rendered as HTML, whatever it contains.
        return Response(data, mimetype="text/plain", headers={"Content-Disposition": "inline"})

    @app.get("/api/messages")
    def api_list():
        to = request.args.get("to", "").strip() or None
        return jsonify([as_json(message) for message in inbox().messages(to)])

    @app.get("/api/messages/<key>")
    def api_one(key):
        return jsonify(as_json(found_or_404(key), full=True))

    @app.delete("/api/messages")
    def api_clear():
        if not _from_loopback(request.remote_addr):
            abort(403, "Очистить ящик можно только с этого же компьютера.")
        return jsonify(deleted=inbox().clear())

    @app.context_processor
    def helpers():
        return {"inbox_url": url_for("index")}


def _from_loopback(remote_addr: str | None) -> bool:
    try:
        address = ipaddress.ip_address(remote_addr or "")
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1 is loopback too
    return (mapped or address).is_loopback


def _install_safety(app: Flask) -> None:
    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("Cache-Control", "no-store")  # a new message must show on reload
        return response

    @app.errorhandler(HTTPException)
    def http_error(error):
        code = error.code or 500
        description = error.description if error.description and not error.description.isascii() else None
        message = description or ERROR_TEXTS.get(code, "Запрос не может быть обработан.")
        if request.path.startswith("/api/"):
            return jsonify(error=message), code
        return render_template("error.html", code=code, message=message), code
