"""Fixtures of the gateway's fast tests: an app on a fresh database, a merchant and an SMTP server on loopback."""

import os
import shutil
import tempfile
from contextlib import closing
from pathlib import Path

import pytest
from chronopay_helpers import gateway_config

import mock_chronopay
from mock_chronopay.db import open_database
from mock_mailbox.smtp import start_smtp
from mock_mailbox.store import Inbox
from tests.support.apps import gateway_apps, serving
from tests.support.merchant import Merchant

# The gateway commits with synchronous=FULL: on a busy disk every test's fsyncs cost more than
# the test itself. Its databases live in memory-backed /dev/shm where there is one (same files,
# same SQLite, no fsync wait); elsewhere in the test's tmp_path.
_SHM = Path("/dev/shm")  # noqa: S108 - mkdtemp makes a private folder in it


@pytest.fixture
def database_path(tmp_path):
    if _SHM.is_dir() and os.access(_SHM, os.W_OK):
        folder = Path(tempfile.mkdtemp(prefix="chronopay-test-", dir=_SHM))
        yield folder / "gateway" / "chronopay.sqlite3"
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield tmp_path / "gateway" / "chronopay.sqlite3"


@pytest.fixture
def make_app(database_path):
    """The gateway app on this test's database; keyword arguments override its settings.

    Each app's dispatcher (if a test starts it) is stopped at the end of the test.
    """
    with gateway_apps(lambda **settings: gateway_config(database_path, **settings)) as make:
        yield make


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


# The merchant ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def merchant_server():
    """One merchant's site on a free loopback port for the session (stopping a server takes half a second)."""
    endpoint = Merchant().start()
    yield endpoint
    endpoint.stop()


@pytest.fixture
def merchant(merchant_server):
    """The merchant's site, with no hits yet and answering 200 until a test queues other answers."""
    merchant_server.reset()
    yield merchant_server
    merchant_server.reset()


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
    with serving("chronopay-test") as serve:
        yield serve
