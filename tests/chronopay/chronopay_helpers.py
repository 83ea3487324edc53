"""Plain helpers of the gateway's fast tests: its settings, the payer's steps on the page, what is stored.

The merchant's signed request, the test cards and the card form, the page reader and the waits
are the shared ones of tests/support.
"""

import hashlib
from dataclasses import dataclass
from email import policy
from email.parser import Parser

from tests.support.cards import VISA_APPROVED, card_form
from tests.support.html import GatewayPage
from tests.support.known import FROZEN_TIME, SHARED_SECRET
from tests.support.outbox import outbox
from tests.support.payment_request import MERCHANT_URL, open_payment_page
from tests.support.waits import free_port

RU_DECLINED = "Платеж отклонен"
RU_FAILED = "Ошибка обработки платежа"
RU_NOT_CHARGED = "Деньги с карты не списаны."
RU_BRAND_ONLY = "К оплате принимаются только карты VISA и MasterCard."
RU_NUMBER_INVALID = "Номер карты введен с ошибкой: проверьте цифры."


def gateway_config(database_path, **settings) -> dict:
    """The gateway's settings for a test: a known secret and merchant, a frozen clock, fast retries."""
    config = {
        "DATABASE": str(database_path),
        "SHARED_SECRET": SHARED_SECRET,
        "MERCHANT_URLS": (MERCHANT_URL,),
        "FROZEN_TIME": FROZEN_TIME,
        "SECRET_KEY": "test-secret-key",
        "SMTP": f"127.0.0.1:{free_port()}",  # nobody listens unless a test starts a server there
        "SLOW_BANK_SECONDS": 0.5,
        "RETRY_BASE_SECONDS": 0.05,
        "RETRY_MAX_SECONDS": 0.4,
        "DELIVERY_TIMEOUT_SECONDS": 2.0,
        "TESTING": True,  # an exception fails the test instead of hiding behind a 500 page
    }
    config.update(settings)
    return config


def page(response) -> GatewayPage:
    return GatewayPage.of(response)


def submit_card(client, token: str, card: str = VISA_APPROVED, **overrides):
    """Press «Оплатить» with the card form filled in."""
    return client.post(f"/pay/{token}", data=card_form(card, **overrides))


def pay(client, card: str = VISA_APPROVED, request: dict | None = None, **overrides):
    """Open the page for a (fresh) order and pay with `card`; returns (token, the POST's response)."""
    _response, token = open_payment_page(client, request)
    return token, submit_card(client, token, card, **overrides)


def md5_hex(text: str) -> str:
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def expected_callback_sign(customer_id: str, transaction_id: str, transaction_type: str, total: str) -> str:
    """PROTOCOL.md section 3, written out again here: md5(secret + customer_id + transaction_id + type + total)."""
    return md5_hex(SHARED_SECRET + customer_id + transaction_id + transaction_type + total)


def operator(app) -> tuple[str, str]:
    """The operator's credentials (HTTP Basic) for the operator's page of `app`."""
    return ("operator", app.config["OPERATOR_PASSWORD"])


def open_admin(client, app) -> GatewayPage:
    response = client.get("/admin/", auth=operator(app))
    assert response.status_code == 200
    return page(response)


# What the gateway stored --------------------------------------------------------------------------


def attempt(db, token: str):
    return db.execute("SELECT * FROM attempts WHERE token = ?", (token,)).fetchone()


def status_of(db, token: str) -> str:
    return attempt(db, token)["status"]


def mails(db, token: str | None = None) -> list:
    """The receipts queued for `token`, parsed."""
    parser = Parser(policy=policy.default)
    return [parser.parsestr(row["body"]) for row in outbox(db, "mail", token)]


def mail_text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def transactions(db, token: str | None = None) -> list:
    if token is None:
        return db.execute("SELECT * FROM transactions ORDER BY id").fetchall()
    return db.execute("SELECT * FROM transactions WHERE attempt_token = ? ORDER BY id", (token,)).fetchall()


@dataclass(frozen=True)
class Snapshot:
    attempts: tuple
    outbox: tuple
    transactions: tuple
    customers: int


def snapshot(db) -> Snapshot:
    """Everything a payment can change, to compare before and after something that must change nothing."""
    return Snapshot(
        attempts=tuple(tuple(row) for row in db.execute("SELECT * FROM attempts ORDER BY rowid")),
        outbox=tuple(tuple(row) for row in db.execute("SELECT * FROM outbox ORDER BY id")),
        transactions=tuple(tuple(row) for row in db.execute("SELECT * FROM transactions ORDER BY id")),
        customers=db.execute("SELECT COUNT(*) FROM customers").fetchone()[0],
    )


def assert_nothing_charged(db) -> None:
    """No approved attempt, no transaction, no callback and no mail anywhere in the gateway."""
    statuses = [row["status"] for row in db.execute("SELECT status FROM attempts")]
    assert "approved" not in statuses and "refunded" not in statuses, statuses
    assert transactions(db) == []
    assert outbox(db, "callback") == []
    assert outbox(db, "mail") == []


def assert_not_charged(db, token: str) -> None:
    """A bank's refusal: no approval, no transaction, no callback (the payer still gets a receipt)."""
    assert status_of(db, token) in ("declined", "failed")
    assert attempt(db, token)["transaction_id"] is None
    assert transactions(db, token) == []
    assert outbox(db, "callback") == []
