"""Mail capture for the mocks: a loopback SMTP server that keeps every message in a Maildir,
a reader for tests, and a small inbox page for people.

    capture = start_smtp(Path("var/mail"))                   # 127.0.0.1, a free port: capture.port
    Inbox(Path("var/mail")).wait_for(to="payer@example.com")  # polls until it arrives
    create_app({"MAILDIR": "var/mail"})                      # the inbox page and the JSON API
"""

from .smtp import SmtpCapture, start_smtp
from .store import Inbox, Received
from .web import create_app

__all__ = ["Inbox", "Received", "SmtpCapture", "create_app", "start_smtp"]
