"""Fixtures of the cabinet's fast tests: a fresh seeded database per test, the app, clients, snapshots.

Seeding hashes every demo password with the product's scrypt (about a second for two subscribers),
so it is done once per session into a template file that each test copies, with the light hash of
tests/support.subscribers instead, so that each test's logins are quick.
"""

import shutil

import pytest
from cabinet_helpers import DEMO, GATEWAY_URL, ledger_state, log_in

from mock_cabinet import create_app, demo
from mock_cabinet.db import open_database
from tests.support.known import FROZEN_TIME, NOW, SHARED_SECRET
from tests.support.subscribers import create_subscriber, fast_hash
from tests.support.templates import share_compiled_templates


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory):
    """dem001 and dem002 (with the light password hash), the tariffs, services and prepaid cards."""
    path = tmp_path_factory.mktemp("template") / "cabinet.sqlite3"
    db = open_database(path)
    demo.seed_demo(db, NOW, count=2)
    for person in DEMO.values():
        db.execute(
            "UPDATE subscribers SET password_hash = ? WHERE login = ?", (fast_hash(person.password), person.login)
        )
    db.close()  # the last connection checkpoints the WAL: the file alone is the whole database
    return path


@pytest.fixture
def database_path(tmp_path, seeded_template):
    path = tmp_path / "cabinet.sqlite3"
    shutil.copyfile(seeded_template, path)
    return path


@pytest.fixture
def make_app(database_path):
    """The cabinet app on this test's database; keyword arguments override its settings."""

    def make(**settings):
        config = {
            "DATABASE": str(database_path),
            "CHRONOPAY_SHARED_SECRET": SHARED_SECRET,
            "CHRONOPAY_URL": GATEWAY_URL,
            "SECRET_KEY": "test-secret-key",
            "FROZEN_TIME": FROZEN_TIME,
            "TESTING": True,  # an unexpected exception fails the test instead of hiding behind a 500 page
        }
        config.update(settings)
        app = create_app(config)
        share_compiled_templates(app)
        return app

    return make


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def db(database_path):
    """A connection of the test's own, to look at what the app stored."""
    connection = open_database(database_path)
    yield connection
    connection.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def new_client(app):
    """Another browser on the same cabinet."""
    return app.test_client


@pytest.fixture
def logged_in(app):
    """A browser logged in as dem001."""
    browser = app.test_client()
    person = DEMO["dem001"]
    assert log_in(browser, person.login, person.password).status_code == 303
    return browser


@pytest.fixture
def logged_in_as(app):
    """A new browser logged in as the given login (and password)."""

    def open_as(login: str, password: str | None = None):
        browser = app.test_client()
        response = log_in(browser, login, password or DEMO[login].password)
        assert response.status_code == 303, response.get_data(as_text=True)
        return browser

    return open_as


@pytest.fixture
def add_subscriber(db):
    """One more subscriber: add_subscriber("abc123", balance=...) -> tests.support.subscribers.Subscriber."""

    def add(login: str, **details):
        return create_subscriber(db, login=login, email=f"{login}@example.com", now=NOW, **details)

    return add


@pytest.fixture
def snapshot(db):
    """snapshot() -> balances, orders, payments, used cards, subscribers, sessions, for "nothing changed"."""
    return lambda: ledger_state(db)
