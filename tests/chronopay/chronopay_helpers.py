"""Plain helpers of the gateway's fast tests: the merchant's signed request, the payer's card form, what is stored."""

import hashlib
import itertools
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from email import policy
from email.parser import Parser
from urllib.parse import parse_qsl

from chronopay_html import Page
from stdnum import luhn

from chronopay_protocol import signing
from mockkit.clock import make_clock
from mockkit.serving import BackgroundServer

SHARED_SECRET = "s3cr3t-shared"
PRODUCT_ID = "004704-0001-0001"
MERCHANT_URL = "https://merchant.test/"
FROZEN_TIME = "2026-11-25T14:35:00Z"  # 17:35 in Moscow
NOW = make_clock(FROZEN_TIME)()
TODAY = date(2026, 11, 25)
PRODUCT_NAME = "Интернет ДЭМ, лицевой счет 1001"
PAYER_EMAIL = "payer@example.com"
HOLDER = "IVAN PETROV"
EXPIRY = "12/30"
CVV = "739"

# PROTOCOL.md section 4, as a payer types them.
VISA_APPROVED = "4111 1111 1111 1111"
MC_APPROVED = "5555 5555 5555 4444"
BANK_DECLINED = "4000 0000 0000 0002"
NO_FUNDS = "4000 0000 0000 9995"
EXPIRED_AT_BANK = "4000 0000 0000 0069"
PROCESSING_ERROR = "4000 0000 0000 0119"
THREE_DS = "4000 0000 0000 3220"
SLOW_BANK = "5105 1051 0510 5100"


def with_check_digit(prefix: str, length: int = 16) -> str:
    """A Luhn-valid number: `prefix` padded with zeros, then its check digit (never a real card)."""
    body = prefix.ljust(length - 1, "0")
    return body + luhn.calc_check_digit(body)


# Luhn-valid numbers outside the table, and numbers the page must refuse.
OTHER_VISA = with_check_digit("4111111111111")
OTHER_MC = with_check_digit("5200000000000")
OTHER_MC_2_SERIES = with_check_digit("2221000000000")
OTHER_MC_2720 = with_check_digit("2720990000000")
AMEX = with_check_digit("37000000000000", 15)
MIR = with_check_digit("2200000000000")
DISCOVER = with_check_digit("6011000000000")
LUHN_FAILURE = "4111 1111 1111 1112"

RU_DECLINED = "Платеж отклонен"
RU_FAILED = "Ошибка обработки платежа"
RU_NOT_CHARGED = "Деньги с карты не списаны."
RU_BRAND_ONLY = "К оплате принимаются только карты VISA и MasterCard."
RU_NUMBER_INVALID = "Номер карты введен с ошибкой: проверьте цифры."

_orders = itertools.count(1)


def digits(card: str) -> str:
    return re.sub(r"\D", "", card)


def new_order_id() -> str:
    return f"ORD-{next(_orders)}"


def signed_request(merchant_url: str = MERCHANT_URL, drop: tuple[str, ...] = (), sign: str | None = None, **fields):
    """The merchant's request to the page, signed with SHARED_SECRET over the fields as sent.

    Keyword arguments override fields (a fresh order_id unless given); `drop` leaves fields out;
    `sign` replaces the computed signature.
    """
    request = {
        "product_id": PRODUCT_ID,
        "product_price": "1000.00",
        "product_price_currency": "RUB",
        "product_name": PRODUCT_NAME,
        "order_id": new_order_id(),
        "cb_url": merchant_url + "chronopay/callback",
        "cb_type": "P",
        "success_url": merchant_url + "payments/success",
        "decline_url": merchant_url + "payments/decline",
        "language": "ru",
        "cs1": "1001",
        "cs2": "dem001",
        "cs3": "",
    }
    request.update(fields)
    request["sign"] = (
        sign
        if sign is not None
        else signing.request_sign(request["product_id"], request["product_price"], request["order_id"], SHARED_SECRET)
    )
    for name in drop:
        request.pop(name, None)
    return request


def gateway_config(database_path, **settings) -> dict:
    """The gateway's settings for a test: a known secret and merchant, a frozen clock, fast retries."""
    config = {
        "DATABASE": str(database_path),
        "SHARED_SECRET": SHARED_SECRET,
        "MERCHANT_URLS": (MERCHANT_URL,),
        "FROZEN_TIME": FROZEN_TIME,
        "SECRET_KEY": "test-secret-key",
        # Spelled out so that no CHRONOPAY_* variable of the environment changes what is tested.
        "TLS": True,
        "PRODUCT_ID": PRODUCT_ID,
        "MERCHANT_NAME": "ДЭМ Интернет",
        "MAIL_FROM": "CHRONOPAY <receipts@chronopay.test>",
        "SMTP": f"127.0.0.1:{free_port()}",  # nobody listens unless a test starts a server there
        "OPERATOR_PASSWORD": "",  # generated beside the database: tests read app.config
        "SLOW_BANK_SECONDS": 0.5,
        "RETRY_BASE_SECONDS": 0.05,
        "RETRY_MAX_SECONDS": 0.4,
        "DELIVERY_TIMEOUT_SECONDS": 2.0,
        "TESTING": True,  # an exception fails the test instead of hiding behind a 500 page
    }
    config.update(settings)
    return config


def card_form(card: str = VISA_APPROVED, **overrides) -> dict[str, str]:
    """The card form as a payer fills it in."""
    form = {
        "email": PAYER_EMAIL,
        "country": "RUS",
        "card_number": card,
        "expiry": EXPIRY,
        "holder": HOLDER,
        "cvv": CVV,
    }
    form.update(overrides)
    return form


def page(response) -> Page:
    return Page(response.get_data(as_text=True))


def open_payment_page(client, request: dict | None = None, method: str = "GET"):
    """The merchant sends the browser to the page; returns (response, attempt token)."""
    request = request if request is not None else signed_request()
    response = client.get("/", query_string=request) if method == "GET" else client.post("/", data=request)
    assert response.status_code == 200, page(response).alerts()
    action = page(response).form_action("Pay" if request.get("language") == "en" else "Оплатить")
    return response, action.removeprefix("/pay/")


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


# What the gateway stored --------------------------------------------------------------------------


def attempt(db, token: str):
    return db.execute("SELECT * FROM attempts WHERE token = ?", (token,)).fetchone()


def status_of(db, token: str) -> str:
    return attempt(db, token)["status"]


def outbox(db, kind: str | None = None, token: str | None = None) -> list:
    query, params = "SELECT * FROM outbox WHERE 1 = 1", []
    if kind:
        query += " AND kind = ?"
        params.append(kind)
    if token:
        query += " AND attempt_token = ?"
        params.append(token)
    return db.execute(query + " ORDER BY id", params).fetchall()


def callbacks(db, token: str | None = None) -> list[dict]:
    return [json.loads(row["body"]) for row in outbox(db, "callback", token)]


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


def free_port() -> int:
    """A port nobody listens on right now (connections to it are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout: float = 10.0, interval: float = 0.02, what: str = "the condition"):
    """Poll `predicate` until it returns something truthy (returned); AssertionError after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        time.sleep(interval)


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
    """A merchant's callback endpoint: answers the queued status codes, then 200; keeps every hit.

    A queued 3xx answer redirects to /moved (which then answers like any other address).
    """

    answers: list[int] = field(default_factory=list)
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

    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length).decode("utf-8")
        with self.lock:
            status = self.answers.pop(0) if self.answers else 200
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
