"""Plain helpers of the security tests: the victims' data, forms with their CSRF token, and snapshots
of everything an attack could change ("nothing changed" is compared).
"""

from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from demstack.processes import cabinet_process
from mock_cabinet import accounts, demo
from mock_cabinet.db import open_database
from mockkit.clock import stamp
from mockkit.sqlite import transaction
from tests.support import payment_request
from tests.support.html import Page
from tests.support.known import FROZEN_TIME, NOW, SHARED_SECRET
from tests.support.subscribers import create_subscriber, issue_prepaid_card
from tests.support.waits import http_session

CABINET_URL = "http://cabinet.test/"  # what the gateway registers as the merchant's addresses
GATEWAY_URL = "https://gateway.test/"
CALLBACK_URL = "/chronopay/callback"
WRONG_CREDENTIALS = "Неверно указаны логин или пароль"
CARD_PIN = "2580"


@dataclass(frozen=True)
class Person:
    login: str
    password: str
    full_name: str
    balance: int


ALICE = Person("ali001", "Alice-pass-1", "Алиса Викторовна Петрова", 1500_00)
BOB = Person("bob002", "Bob-pass-2", "Борис Игоревич Сидоров", 200_00)
PEOPLE = (ALICE, BOB)
PREPAID_CARDS = {f"990000{index:04d}": 500_00 for index in range(1, 5)}


def seed_cabinet(path: Path) -> None:
    """Alice and Bob with their welcome messages, and prepaid cards, all with the PIN CARD_PIN."""
    with closing(open_database(path)) as db, transaction(db):
        for person in PEOPLE:
            made = create_subscriber(
                db,
                login=person.login,
                password=person.password,
                full_name=person.full_name,
                email=f"{person.login}@example.com",
                balance=person.balance,
                tariff=1,
                now=NOW,
            )
            demo.add_welcome_messages(db, accounts.get_subscriber(db, made.id), NOW)
        for number, value in PREPAID_CARDS.items():
            issue_prepaid_card(db, number, CARD_PIN, value)


def cabinet_config(path: Path, **settings) -> dict:
    config = {
        "DATABASE": str(path),
        "CHRONOPAY_SHARED_SECRET": SHARED_SECRET,
        "CHRONOPAY_URL": GATEWAY_URL,
        "PUBLIC_URL": CABINET_URL,
        "FROZEN_TIME": FROZEN_TIME,
        "TESTING": True,  # an exception fails the test instead of hiding behind a 500 page
    }
    config.update(settings)
    return config


def gateway_config(path: Path, **settings) -> dict:
    config = {
        "DATABASE": str(path),
        "SHARED_SECRET": SHARED_SECRET,
        "MERCHANT_URLS": (CABINET_URL,),
        "FROZEN_TIME": FROZEN_TIME,
        "SMTP": "127.0.0.1:9",  # nobody listens: a test that wants mail starts a server itself
        "OPERATOR_PASSWORD": "operator-test-password",
        "SLOW_BANK_SECONDS": 0.2,
        "RETRY_BASE_SECONDS": 0.05,
        "RETRY_MAX_SECONDS": 0.3,
        "DELIVERY_TIMEOUT_SECONDS": 2.0,
        "TESTING": True,
    }
    config.update(settings)
    return config


# Browsing the cabinet ----------------------------------------------------------------------------


def submit(client, page_url: str, data: dict, action: str | None = None):
    """Open the page like a browser, then post its form with the page's CSRF token."""
    opened = client.get(page_url)
    assert opened.status_code == 200, f"{page_url}: {opened.status_code}"
    return client.post(action or page_url, data={**data, "csrf_token": Page.of(opened).csrf_token()})


def log_in(client, person: Person = ALICE, password: str | None = None, url: str = "/login"):
    return submit(client, url, {"login": person.login, "password": password or person.password}, action=url)


def logged_in(app, person: Person = ALICE):
    client = app.test_client()
    assert log_in(client, person).status_code == 303
    return client


def subscriber_id(db, person: Person) -> int:
    return db.execute("SELECT id FROM subscribers WHERE login = ?", (person.login,)).fetchone()["id"]


def add_order(db, person: Person, amount: int, status: str = "pending") -> int:
    """An order as «Новый платеж» (draft) and «Заплатить» (pending) leave it."""
    with transaction(db):
        return db.execute(
            "INSERT INTO orders (subscriber_id, amount, status, created_at, submitted_at) VALUES (?,?,?,?,?)",
            (subscriber_id(db, person), amount, status, stamp(NOW), stamp(NOW)),
        ).lastrowid


def cabinet_state(db) -> dict:
    """Everything money, sessions and registrations could change in the cabinet."""
    return {
        "balances": sorted(tuple(row) for row in db.execute("SELECT login, balance FROM subscribers")),
        "orders": sorted(tuple(row) for row in db.execute("SELECT id, subscriber_id, amount, status FROM orders")),
        "payments": sorted(tuple(row) for row in db.execute("SELECT kind, external_id, amount FROM payments")),
        "cards": sorted(tuple(row) for row in db.execute("SELECT number, used_by FROM prepaid_cards")),
        "sessions": db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0],
    }


# The gateway ----------------------------------------------------------------------------------


def gateway_state(db) -> dict:
    """Everything a payment could change in the gateway: attempts, transactions, the outbox."""
    return {
        "attempts": sorted(tuple(row) for row in db.execute("SELECT token, status, amount FROM attempts")),
        "transactions": db.execute("SELECT COUNT(*) FROM transactions").fetchone()[0],
        "outbox": db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0],
    }


def signed_request(merchant_url: str = CABINET_URL, **fields) -> dict[str, str]:
    """The merchant's signed request (tests.support.payment_request), by default from this cabinet."""
    return payment_request.signed_request(merchant_url, **fields)


def open_attempt(client, request: dict | None = None) -> str:
    """The payment page for the request (by default a fresh order of this cabinet); the attempt's token."""
    return payment_request.open_payment_page(client, request or signed_request())[1]


@contextmanager
def served_cabinet_process(data_dir: Path, env: dict[str, str]):
    """`python -m mock_cabinet` on `data_dir`/cabinet.sqlite3 with these environment variables.

    Yields (its address, an HTTP session, a function giving `cabinet_state` of its database).
    """
    process = cabinet_process(data_dir, shared_secret=SHARED_SECRET, env=env)
    process.start()

    def state():
        with closing(open_database(data_dir / "cabinet.sqlite3")) as db:
            return cabinet_state(db)

    try:
        with http_session() as http:
            yield process.url, http, state
    finally:
        process.stop()
