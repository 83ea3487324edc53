"""Fixtures of the gateway's fast tests: an app on a fresh database, a merchant and an SMTP server on loopback."""

import socket
import threading
import time
from contextlib import closing
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import pytest
from chronopay_helpers import FROZEN_TIME, MERCHANT_URL, SHARED_SECRET

import mock_chronopay
from mock_chronopay.db import open_database
from mock_mailbox.smtp import start_smtp
from mock_mailbox.store import Inbox
from mockkit.serving import BackgroundServer


@pytest.fixture
def database_path(tmp_path):
    return tmp_path / "gateway" / "chronopay.sqlite3"


@pytest.fixture
def make_app(database_path):
    """The gateway app on this test's database; keyword arguments override its settings.

    Each app's dispatcher (if a test starts it) is stopped at the end of the test.
    """
    made = []

    def make(**settings):
        config = {
            "DATABASE": str(database_path),
            "SHARED_SECRET": SHARED_SECRET,
            "MERCHANT_URLS": (MERCHANT_URL,),
            "FROZEN_TIME": FROZEN_TIME,
            "SECRET_KEY": "test-secret-key",
            # Spelled out so that no CHRONOPAY_* variable of the environment changes what is tested.
            "TLS": True,
            "PRODUCT_ID": "004704-0001-0001",
            "MERCHANT_NAME": "ДЭМ Интернет",
            "MAIL_FROM": "CHRONOPAY <receipts@chronopay.test>",
            "SMTP": f"127.0.0.1:{free_port()}",  # nobody listens unless a test starts a server
            "OPERATOR_PASSWORD": "",  # generated beside the database: tests read app.config
            "SLOW_BANK_SECONDS": 0.5,
            "RETRY_BASE_SECONDS": 0.05,
            "RETRY_MAX_SECONDS": 0.4,
            "DELIVERY_TIMEOUT_SECONDS": 2.0,
            "TESTING": True,  # an exception fails the test instead of hiding behind a 500 page
        }
        config.update(settings)
        app = mock_chronopay.create_app(config)
        made.append(app)
        return app

    yield make
    for app in made:
        app.extensions["dispatcher"].stop()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(database_path):
    """A connection of the test's own, to look at what the gateway stored."""
    with closing(open_database(database_path)) as connection:
        yield connection


@pytest.fixture
def start_dispatcher():
    """Start an app's dispatcher thread (the fixture `make_app` stops it)."""
    return mock_chronopay.start_dispatcher


def free_port() -> int:
    """A port nobody listens on right now (connections to it are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The merchant ---------------------------------------------------------------------------------


@dataclass
class Hit:
    at: float  # time.monotonic()
    path: str
    body: str
    answered: int

    @property
    def fields(self) -> list[tuple[str, str]]:
        """The form fields in the order they were sent."""
        return parse_qsl(self.body, keep_blank_values=True)

    @property
    def form(self) -> dict[str, str]:
        return dict(self.fields)


@dataclass
class Merchant:
    """A merchant's callback endpoint: answers the queued status codes, then 200; keeps every hit."""

    answers: list[int] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: BackgroundServer | None = None

    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length).decode("utf-8")
        with self.lock:
            status = self.answers.pop(0) if self.answers else 200
            self.hits.append(Hit(time.monotonic(), environ["PATH_INFO"], body, status))
        start_response(f"{status} {'OK' if status == 200 else 'Error'}", [("Content-Type", "text/plain")])
        return [b"OK\n" if status == 200 else b"try again\n"]

    @property
    def url(self) -> str:
        return self.server.url

    def delivered(self) -> list[Hit]:
        """The callbacks it answered with 200."""
        with self.lock:
            return [hit for hit in self.hits if hit.answered == 200]

    def all_hits(self) -> list[Hit]:
        with self.lock:
            return list(self.hits)


@pytest.fixture
def merchant():
    """A merchant's site on a free loopback port."""
    endpoint = Merchant()
    endpoint.server = BackgroundServer(endpoint, "127.0.0.1", 0, name="merchant").start()
    yield endpoint
    endpoint.server.stop()


@pytest.fixture
def merchant_app(make_app, merchant):
    """The gateway app wired to the loopback merchant (its addresses registered)."""
    return make_app(MERCHANT_URLS=(merchant.url,))


# Mail -----------------------------------------------------------------------------------------


@pytest.fixture
def maildir(tmp_path):
    return tmp_path / "mail"


@pytest.fixture
def smtp(maildir):
    capture = start_smtp(maildir)
    yield capture
    capture.stop()


@pytest.fixture
def inbox(maildir):
    return Inbox(maildir)


@pytest.fixture
def served():
    """Serve a WSGI app on a free loopback port for the rest of the test: served(app, **tls) -> server."""
    servers = []

    def serve(app, **tls):
        server = BackgroundServer(app, "127.0.0.1", 0, name="chronopay-test", **tls).start()
        servers.append(server)
        return server

    yield serve
    for server in servers:
        server.stop()
