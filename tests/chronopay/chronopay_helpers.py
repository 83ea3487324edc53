"""Plain helpers of the gateway's fast tests: its settings, the payer's steps on the page, what is stored.

The merchant's signed request, the test cards and the card form, the page reader and the waits
are the shared ones of tests/support.
"""

import hashlib
import threading
import time
from dataclasses import dataclass, field
from email import policy
from email.parser import Parser
from urllib.parse import parse_qsl

from mockkit.serving import BackgroundServer
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


# The merchant's side of the callbacks ------------------------------------------------------------


@dataclass
class Hit:
    at: float  # time.monotonic()
    wall: float  # time.time(), the clock the outbox schedules by
    method: str
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
    """A merchant's callback endpoint: answers the queued status codes, then `otherwise`; keeps every hit.

    A queued 3xx answer redirects to /moved (which then answers like any other address).
    """

    answers: list[int] = field(default_factory=list)
    otherwise: int = 200  # the answer once the queued ones are used up
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: BackgroundServer | None = None

    def start(self, port: int = 0) -> "Merchant":
        """Serve on `port` (0: a free one)."""
        self.server = BackgroundServer(self, "127.0.0.1", port, name="merchant").start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()

    def reset(self) -> None:
        with self.lock:
            self.answers.clear()
            self.hits.clear()
            self.otherwise = 200

    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length).decode("utf-8")
        with self.lock:
            status = self.answers.pop(0) if self.answers else self.otherwise
            hit = Hit(time.monotonic(), time.time(), environ["REQUEST_METHOD"], environ["PATH_INFO"], body, status)
            self.hits.append(hit)
        headers = [("Content-Type", "text/plain")]
        if 300 <= status < 400:
            headers.append(("Location", "/moved"))
        start_response(f"{status} {'OK' if status == 200 else 'Not OK'}", headers)
        return [b"OK\n" if status == 200 else b"try again\n"]

    @property
    def url(self) -> str:
        return self.server.url

    def delivered(self) -> list[Hit]:
        """The callbacks (POSTs) it answered with 200."""
        with self.lock:
            return [hit for hit in self.hits if hit.answered == 200 and hit.method == "POST"]

    def all_hits(self) -> list[Hit]:
        with self.lock:
            return list(self.hits)
