"""Plain helpers of the security tests: the victims' data, forms with their CSRF token, signed
messages, and snapshots of everything an attack could change ("nothing changed" is compared).
"""

import re
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from werkzeug.security import generate_password_hash

from chronopay_protocol import money, signing
from mock_cabinet import accounts, demo
from mock_cabinet.db import open_database
from mockkit.clock import make_clock, stamp
from mockkit.sqlite import transaction
from tests.reliability.mockproc import cabinet_process, http_session

SHARED_SECRET = "security-shared-secret"
PRODUCT_ID = "004704-0001-0001"
FROZEN_TIME = "2026-11-25T14:35:00Z"
NOW = make_clock(FROZEN_TIME)()
CABINET_URL = "http://cabinet.test/"  # what the gateway registers as the merchant's addresses
GATEWAY_URL = "https://gateway.test/"
CALLBACK_URL = "/chronopay/callback"
WRONG_CREDENTIALS = "Неверно указаны логин или пароль"
CARD_PIN = "2580"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


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


def fast_hash(password: str) -> str:
    return generate_password_hash(password, method="pbkdf2:sha256:1")


def seed_cabinet(path: Path) -> None:
    with closing(open_database(path)) as db, transaction(db):
        demo.ensure_catalogue(db)
        for person in PEOPLE:
            subscriber = accounts.create_subscriber(
                db,
                now=NOW,
                login=person.login,
                password_hash=fast_hash(person.password),
                full_name=person.full_name,
                address="г. Москва, ул. Тестовая, д. 1",
                email=f"{person.login}@example.com",
                balance=person.balance,
                tariff_id=demo.tariff_id(db, 1),
            )
            demo.add_welcome_messages(db, subscriber, NOW)
        for number, value in PREPAID_CARDS.items():
            db.execute(
                "INSERT INTO prepaid_cards (number, pin_hash, value) VALUES (?,?,?)",
                (number, fast_hash(CARD_PIN), value),
            )


def cabinet_config(path: Path, **settings) -> dict:
    config = {
        "DATABASE": str(path),
        "CHRONOPAY_SHARED_SECRET": SHARED_SECRET,
        "CHRONOPAY_URL": GATEWAY_URL,
        "PUBLIC_URL": CABINET_URL,
        "SECRET_KEY": "security-test-key",
        "FROZEN_TIME": FROZEN_TIME,
        # Spelled out so that no CABINET_* variable of the environment changes what is tested.
        "CALLBACK_ALLOWED_IPS": (),
        "AMOUNT_MIN_KOPECKS": 10_00,
        "AMOUNT_MAX_KOPECKS": 15_000_00,
        "LOGIN_THROTTLE": "5 per 15 minutes",
        "REGISTRATION_THROTTLE": "30 per hour",
        "TESTING": True,  # an exception fails the test instead of hiding behind a 500 page
    }
    config.update(settings)
    return config


def gateway_config(path: Path, **settings) -> dict:
    config = {
        "DATABASE": str(path),
        "SHARED_SECRET": SHARED_SECRET,
        "PRODUCT_ID": PRODUCT_ID,
        "MERCHANT_URLS": (CABINET_URL,),
        "TLS": True,
        "FROZEN_TIME": FROZEN_TIME,
        "SECRET_KEY": "security-test-key",
        "MERCHANT_NAME": "ДЭМ Интернет",
        "MAIL_FROM": "CHRONOPAY <receipts@chronopay.test>",
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


def csrf_of(html: str) -> str:
    return _CSRF.search(html).group(1)


def submit(client, page_url: str, data: dict, action: str | None = None):
    """Open the page like a browser, then post its form with the page's CSRF token."""
    opened = client.get(page_url)
    assert opened.status_code == 200, f"{page_url}: {opened.status_code}"
    return client.post(action or page_url, data={**data, "csrf_token": csrf_of(opened.get_data(as_text=True))})


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


def callback(
    order_id: int,
    amount: int,
    transaction_id: str = "7890001",
    customer_id: str = "100001",
    transaction_type: str = "Purchase",
    secret: str = SHARED_SECRET,
    **changed,
) -> dict[str, str]:
    """The gateway's callback for an approved payment, signed; `changed` fields replaced after signing."""
    total = money.to_protocol(amount)
    fields = {
        "transaction_type": transaction_type,
        "customer_id": customer_id,
        "transaction_id": transaction_id,
        "total": total,
        "currency": "RUB",
        "order_id": str(order_id),
        "product_id": PRODUCT_ID,
        "cs1": "",
        "cs2": "",
        "cs3": "",
        "email": "payer@example.com",
        "name": "IVAN PETROV",
        "creditcardnumber": "411111XXXXXX1111",
        "date": "2026-11-25 17:35:00",
        "sign": signing.callback_sign(secret, customer_id, transaction_id, transaction_type, total),
    }
    fields.update(changed)
    return fields


def cabinet_state(db) -> dict:
    """Everything money, sessions and registrations could change in the cabinet."""
    return {
        "balances": sorted(tuple(row) for row in db.execute("SELECT login, balance FROM subscribers")),
        "orders": sorted(tuple(row) for row in db.execute("SELECT id, subscriber_id, amount, status FROM orders")),
        "payments": sorted(tuple(row) for row in db.execute("SELECT kind, external_id, amount FROM payments")),
        "cards": sorted(tuple(row) for row in db.execute("SELECT number, used_by FROM prepaid_cards")),
        "sessions": db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0],
    }


def gateway_state(db) -> dict:
    """Everything a payment could change in the gateway: attempts, transactions, the outbox."""
    return {
        "attempts": sorted(tuple(row) for row in db.execute("SELECT token, status, amount FROM attempts")),
        "transactions": db.execute("SELECT COUNT(*) FROM transactions").fetchone()[0],
        "outbox": db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0],
    }


def signed_request(order_id: str = "1", price: str = "1000.00", base: str = CABINET_URL, **fields) -> dict[str, str]:
    """The cabinet's request to the payment page, signed over product_id, price and order_id."""
    request = {
        "product_id": PRODUCT_ID,
        "product_price": price,
        "product_price_currency": "RUB",
        "product_name": "www.deminternet.ru",
        "order_id": order_id,
        "cb_url": base + "chronopay/callback",
        "cb_type": "P",
        "success_url": base + f"cabinet/payments/chronopay/orders/{order_id}/success",
        "decline_url": base + f"cabinet/payments/chronopay/orders/{order_id}/decline",
        "language": "ru",
        "cs1": "1001",
        "cs2": "ali001",
        "cs3": "",
    }
    request["sign"] = signing.request_sign(PRODUCT_ID, price, order_id, SHARED_SECRET)
    request.update(fields)
    return request


def card_form(card: str = "4111 1111 1111 1111", **fields) -> dict[str, str]:
    return {
        "email": "payer@example.com",
        "country": "RUS",
        "card_number": card,
        "expiry": "12/39",
        "holder": "IVAN PETROV",
        "cvv": "739",
        **fields,
    }


def open_attempt(client, request: dict | None = None) -> str:
    """The payment page for the request; the attempt's token from its form's address."""
    response = client.get("/", query_string=request or signed_request())
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return re.search(r'action="/pay/([^"]+)"', response.get_data(as_text=True)).group(1)


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
