"""Plain helpers for the cabinet's fast tests: addresses, forms with their CSRF token, orders, callbacks."""

import re
from functools import cache

from cabinet_html import Page
from werkzeug.security import generate_password_hash

from chronopay_protocol import signing
from mock_cabinet import accounts, demo
from mockkit.clock import make_clock

SHARED_SECRET = "s3cr3t-shared"
GATEWAY_URL = "https://gateway.test/pay"
FROZEN_TIME = "2026-11-25T14:35:00Z"
NOW = make_clock(FROZEN_TIME)()
DEMO = {person.login: person for person in demo.demo_subscribers(count=2)}
DEMO_CARDS = demo.demo_prepaid_cards()
CALLBACK_URL = "/chronopay/callback"
EXTRA_PASSWORD = "Secret-pass1"  # of subscribers the tests add

LOGIN_URL = "/login"
GENERAL_URL = "/cabinet/"
MESSAGES_URL = "/cabinet/messages"
REPORTS_URL = "/cabinet/reports"
TARIFFS_URL = "/cabinet/tariffs"
CARD_URL = "/cabinet/payments/"
DOCUMENT_URL = "/cabinet/payments/document"
CHRONOPAY_URL = "/cabinet/payments/chronopay"

WRONG_CREDENTIALS = "Неверно указаны логин или пароль"
MENU = ["Общие", "Сообщения", "Отчеты", "Тарифы и услуги", "Платежи", "Выйти"]
TABS = ["Активация карты", "Платежный документ", "ChronoPay"]


def order_url(order_id: int, action: str = "") -> str:
    return f"/cabinet/payments/chronopay/orders/{order_id}" + (f"/{action}" if action else "")


@cache
def fast_hash(password: str) -> str:
    """A cheap werkzeug hash: the product's scrypt costs ~0.13 s per check, too slow for every test's login.

    The product's own hashing (scrypt, nothing in clear) is tested on freshly seeded and registered accounts.
    """
    return generate_password_hash(password, method="pbkdf2:sha256:1")


def page(response) -> Page:
    return Page(response.get_data(as_text=True))


def csrf_token(response) -> str:
    """The CSRF token of the form on a page the client has just received."""
    return page(response).csrf_token()


def submit(client, page_url: str, data: dict, action_url: str | None = None, token: str | None = None):
    """Open a page like a browser, then post its form with the page's CSRF token (or the given one)."""
    opened = client.get(page_url)
    assert opened.status_code == 200, f"{page_url} answered {opened.status_code}"
    form = dict(data)
    form["csrf_token"] = csrf_token(opened) if token is None else token
    return client.post(action_url or page_url, data=form)


def log_in(client, login: str, password: str, next_url: str | None = None, page_url: str = LOGIN_URL):
    data = {"login": login, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return submit(client, page_url, data, action_url=LOGIN_URL)


def create_subscriber(db, login: str, password: str = EXTRA_PASSWORD, **details):
    """A subscriber inserted directly (a cheap password hash), returned as its database row."""
    tariff = db.execute("SELECT id FROM tariffs ORDER BY id LIMIT 1").fetchone()["id"]
    values = {
        "full_name": "Проверочный Абонент Тестович",
        "address": "г. Москва, ул. Тестовая, д. 1",
        "email": f"{login}@example.com",
        "tariff_id": tariff,
        **details,
    }
    db.execute("BEGIN IMMEDIATE")
    try:
        row = accounts.create_subscriber(db, now=NOW, login=login, password_hash=fast_hash(password), **values)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return row


def new_order(client, amount: str = "1000") -> int:
    """Press «Новый платеж» with an amount; the id of the draft order on the confirmation page."""
    response = submit(client, CHRONOPAY_URL, {"amount": amount})
    assert response.status_code == 303, page(response).field_errors()
    return int(re.fullmatch(r"/cabinet/payments/chronopay/orders/(\d+)", response.headers["Location"]).group(1))


def press_pay(client, order_id: int):
    """Press «Заплатить» on the order's confirmation page."""
    return submit(client, order_url(order_id), {}, action_url=order_url(order_id, "pay"))


def pending_order(client, amount: str = "1000") -> int:
    order_id = new_order(client, amount)
    assert press_pay(client, order_id).status_code == 303
    return order_id


def callback_fields(
    order_id: int,
    transaction_id: str = "7890001",
    total: str = "1000.00",
    transaction_type: str = "Purchase",
    customer_id: str = "123456",
    secret: str = SHARED_SECRET,
    **overrides,
) -> dict[str, str]:
    """A callback as the gateway's server sends it, signed with `secret`; `overrides` change fields after signing."""
    fields = {
        "transaction_type": transaction_type,
        "customer_id": customer_id,
        "transaction_id": transaction_id,
        "total": total,
        "currency": "RUB",
        "order_id": str(order_id),
        "product_id": "004704-0001-0001",
        "cs1": "1001",
        "cs2": "dem001",
        "cs3": "",
        "email": "payer@example.com",
        "name": "IVAN PETROV",
        "creditcardnumber": "411111XXXXXX1111",
        "date": "2026-11-25 17:35:00",
        "sign": signing.callback_sign(secret, customer_id, transaction_id, transaction_type, total),
    }
    fields.update(overrides)
    return fields


def ledger_state(db) -> dict:
    """Everything a money rule may change: balances, orders, payments, cards, subscribers, sessions."""
    return {
        "balances": {row["login"]: row["balance"] for row in db.execute("SELECT login, balance FROM subscribers")},
        "orders": [tuple(row) for row in db.execute("SELECT id, subscriber_id, amount, status FROM orders")],
        "payments": db.execute("SELECT COUNT(*) FROM payments").fetchone()[0],
        "cards_used": db.execute("SELECT COUNT(*) FROM prepaid_cards WHERE used_by IS NOT NULL").fetchone()[0],
        "subscribers": db.execute("SELECT COUNT(*) FROM subscribers").fetchone()[0],
        "sessions": db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0],
    }


def balance_of(db, login: str) -> int:
    return db.execute("SELECT balance FROM subscribers WHERE login = ?", (login,)).fetchone()["balance"]


def order_row(db, order_id: int):
    return db.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()


def payments_of(db, login: str) -> list:
    return db.execute(
        "SELECT p.* FROM payments p JOIN subscribers s ON s.id = p.subscriber_id WHERE s.login = ? ORDER BY p.id",
        (login,),
    ).fetchall()
