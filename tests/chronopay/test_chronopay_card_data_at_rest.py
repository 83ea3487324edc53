"""No full card number and no CVV anywhere the gateway writes: its database, the mails, its log, its pages.

Every test card of PROTOCOL.md section 4 goes through the real form (approved, declined, failed,
3-D Secure both ways, the slow bank, refused on the page), plus a refund, and every message is
delivered; then the bytes are searched.
"""

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from chronopay_helpers import (
    Merchant,
    gateway_config,
    mail_text,
    mails,
)

import mock_chronopay
from mock_chronopay.db import open_database
from mock_mailbox.smtp import start_smtp
from mock_mailbox.store import Inbox
from tests.support.cards import (
    AMEX,
    BANK_DECLINED,
    CVV,
    DISCOVER,
    EXPIRED_AT_BANK,
    LUHN_FAILURE,
    MC_APPROVED,
    MIR,
    NO_FUNDS,
    OTHER_MC,
    OTHER_VISA,
    PROCESSING_ERROR,
    SLOW_BANK,
    THREE_DS,
    VISA_APPROVED,
    card_form,
    digits,
)
from tests.support.outbox import outbox
from tests.support.payment_request import open_payment_page, signed_request
from tests.support.waits import wait_until

pytestmark = pytest.mark.timeout(60)

TYPED_CARDS = [
    VISA_APPROVED,
    MC_APPROVED,
    BANK_DECLINED,
    NO_FUNDS,
    EXPIRED_AT_BANK,
    PROCESSING_ERROR,
    THREE_DS,
    SLOW_BANK,
    OTHER_VISA,
    OTHER_MC,
    AMEX,
    MIR,
    DISCOVER,
    LUHN_FAILURE,
]


def secrets_found_in(data: bytes) -> list[str]:
    """Which typed card numbers (as digits or as typed) or the CVV occur in `data`."""
    found = []
    for card in TYPED_CARDS:
        for form in {digits(card), card, "-".join(card.split())}:
            if form.encode() in data:
                found.append(form)
    if re.search(rb"(?<![0-9])" + CVV.encode() + rb"(?![0-9])", data):
        found.append(f"CVV {CVV}")
    return found


@pytest.mark.parametrize(
    "data",
    [
        b"card=4111111111111111;",
        "Карта 5105 1051 0510 5100".encode(),
        b"x 4000-0000-0000-0002",
        b'"cvv": "739"',
        b"739",
    ],
)
def test_the_search_finds_what_it_looks_for(data):
    assert secrets_found_in(data)


@pytest.mark.parametrize("data", [b"411111******1111", b"transaction 7390001", b"<1.7391.2@x>", b"a17392b"])
def test_the_search_ignores_masks_and_longer_numbers(data):
    assert secrets_found_in(data) == []


class LogCapture(logging.Handler):
    """Every record any logger emits while installed on the root logger, as caplog keeps them."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        # No timestamp: its milliseconds (",739") would read as the CVV to the search.
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record):
        self.records.append(record)

    @property
    def text(self) -> str:
        return "\n".join(self.format(record) for record in self.records)

    def __enter__(self):
        root = logging.getLogger()
        self._level = root.level
        root.setLevel(logging.DEBUG)
        root.addHandler(self)
        return self

    def __exit__(self, *_exc):
        root = logging.getLogger()
        root.removeHandler(self)
        root.setLevel(self._level)


@dataclass
class Run:
    database_path: Path
    db: object
    maildir: Path
    pages: list[bytes]
    log: LogCapture
    callbacks: list


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Every test card paid through the form, a refund, every message delivered; once for the module.

    The logs of it all are captured the way caplog does (a handler on the root logger, at DEBUG),
    for the whole run rather than one test's phase.
    """
    folder = tmp_path_factory.mktemp("at-rest")
    database_path = folder / "gateway" / "chronopay.sqlite3"
    maildir = folder / "mail"
    merchant = Merchant().start()
    smtp = start_smtp(maildir)
    app = mock_chronopay.create_app(
        gateway_config(database_path, MERCHANT_URLS=(merchant.url,), SMTP=smtp.address, SLOW_BANK_SECONDS=0.2)
    )
    db = open_database(database_path)
    try:
        with LogCapture() as log:
            pages = pay_with_every_card(app, db, merchant.url)
            app.extensions["dispatcher"].start()
            wait_until(
                lambda: all(row["delivered_at"] for row in outbox(db)), timeout=20, what="delivery of every message"
            )
            app.extensions["dispatcher"].stop()
        yield Run(database_path, db, maildir, pages, log, merchant.delivered())
    finally:
        app.extensions["dispatcher"].stop()
        smtp.stop()
        merchant.stop()
        db.close()


def pay_with_every_card(app, db, merchant_url: str) -> list[bytes]:
    """Every row of the table through the form, refusals, 3-D Secure both ways, the slow bank, a refund."""
    client = app.test_client()
    pages = []

    def post(url, **data):
        response = client.post(url, data=data)
        pages.append(response.get_data())
        if response.status_code == 303 and response.headers["Location"].startswith("/"):
            pages.append(client.get(response.headers["Location"]).get_data())

    def new_page():
        response, token = open_payment_page(client, signed_request(merchant_url))
        pages.append(response.get_data())
        return token

    for card in TYPED_CARDS:
        post(f"/pay/{new_page()}", **card_form(card))
    # Refused for another field: the card number and CVV typed in it must not stay either.
    post(f"/pay/{new_page()}", **card_form(VISA_APPROVED, expiry="01/20"))
    post(f"/pay/{new_page()}", **card_form(MC_APPROVED, holder="ИВАН"))
    for code in ("1234", "0000"):
        token = new_page()
        post(f"/pay/{token}", **card_form(THREE_DS))
        post(f"/pay/{token}/3ds", code=code)
    slow = new_page()
    post(f"/pay/{slow}", **card_form(SLOW_BANK))
    wait_until(lambda: client.get(f"/pay/{slow}/status").get_json()["status"] == "approved", what="the slow bank")
    pages.append(client.get(f"/pay/{slow}").get_data())

    approved = db.execute("SELECT token FROM attempts WHERE status = 'approved' LIMIT 1").fetchone()["token"]
    auth = ("operator", app.config["OPERATOR_PASSWORD"])
    admin = client.get("/admin/", auth=auth).get_data(as_text=True)
    csrf_token = re.search(r'name="csrf_token" value="([^"]+)"', admin).group(1)
    assert client.post(f"/admin/refund/{approved}", data={"csrf_token": csrf_token}, auth=auth).status_code == 303
    pages.append(client.get("/admin/", auth=auth).get_data())
    statuses = {row[0] for row in db.execute("SELECT DISTINCT status FROM attempts")}
    assert statuses >= {"approved", "declined", "failed", "refunded", "new", "3ds"}
    return pages


def test_the_database_file_and_its_wal_hold_no_card_number_or_cvv(run):
    files = [path for path in run.database_path.parent.iterdir() if path.name.startswith(run.database_path.name)]
    assert run.database_path in files
    assert any(path.name.endswith("-wal") for path in files)  # still there: the test's connection is open
    for path in files:
        assert secrets_found_in(path.read_bytes()) == [], path.name


def test_no_stored_value_holds_a_card_number_or_cvv(run):
    """Column by column, the mail bodies decoded (they are base64 inside the outbox)."""
    tables = [row["name"] for row in run.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        for row in run.db.execute(f"SELECT * FROM {table}"):
            for value in row:
                if isinstance(value, str):
                    assert value != CVV
                    assert secrets_found_in(value.encode()) == [], (table, value)
    receipts = mails(run.db)
    assert receipts
    for receipt in receipts:
        assert secrets_found_in(mail_text(receipt).encode()) == []


def test_the_mails_hold_no_card_number_or_cvv(run):
    inbox = Inbox(run.maildir)
    assert inbox.count() == 13  # a receipt for each of the 12 payments the bank answered, and the refund
    for path in run.maildir.rglob("*"):
        if path.is_file():
            assert secrets_found_in(path.read_bytes()) == [], path.name
    for message in inbox.messages():
        assert secrets_found_in(message.text.encode()) == []
        assert secrets_found_in(" ".join(value for _name, value in message.headers).encode()) == []
        assert re.search(r"\d{6}\*+\d{4}", message.text)  # the mask is there, so the search looked at the card line


def test_the_log_holds_no_card_number_or_cvv(run):
    assert any(record.name == "mock_chronopay.notify" for record in run.log.records)  # deliveries were logged
    assert secrets_found_in(run.log.text.encode()) == []
    for record in run.log.records:
        assert secrets_found_in(record.getMessage().encode()) == [], record.name


def test_the_callbacks_carry_the_mask_only(run):
    kinds = sorted(hit.form["transaction_type"] for hit in run.callbacks)
    assert kinds == ["Purchase"] * 5 + ["Refund"]  # 4111, 5555, 3-D Secure with 1234, the slow bank twice
    for hit in run.callbacks:
        assert secrets_found_in(hit.body.encode()) == []
        assert re.fullmatch(r"\d{6}\*{6}\d{4}", hit.form["creditcardnumber"])


def test_no_page_brings_a_card_number_or_cvv_back(run):
    for html in run.pages:
        assert secrets_found_in(html) == []
