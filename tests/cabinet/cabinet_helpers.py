"""Plain helpers for the cabinet's fast tests: addresses, forms with their CSRF token, orders, what is stored.

Subscribers, callbacks and the page reader are the shared ones of tests/support.
"""

import re

from mock_cabinet import demo
from tests.support.html import CabinetPage

GATEWAY_URL = "https://gateway.test/pay"
DEMO = {person.login: person for person in demo.demo_subscribers(count=2)}
DEMO_CARDS = demo.demo_prepaid_cards()
CALLBACK_URL = "/chronopay/callback"

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


def page(response) -> CabinetPage:
    return CabinetPage.of(response)


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
