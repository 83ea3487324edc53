"""Card data at rest, after a full run through the served stack (demstack.stack.Stack over real
sockets, the gateway over HTTPS): every test card of PROTOCOL.md section 4 paid, declined or refused
(on the page, also for another field than the card's), 3-D Secure both ways, the slow bank, a refund,
every message delivered. Then a scan of both databases with their -wal files, every stored value
(the queued mails decoded), every file of the data folder, the Maildir, the callbacks, every log
record of the run, every page the payer received, and the report folder finds no full card number
and no CVV.

Each payment types its own CVV. A three-digit CVV is only searched where a field's value could stand
(between quotes, after '=' or ':', as a word): a timestamp's milliseconds (",739") or a random token
is not a CVV. The card numbers (16 digits) are searched everywhere, as digits, spaced and dashed.
"""

import email
import logging
import os
import re
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from email import policy
from pathlib import Path

import pytest

from demstack.stack import Stack, StackOptions
from mock_cabinet import demo
from mockkit.sqlite import connect
from tests.support.cards import (
    AMEX,
    BANK_DECLINED,
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
)
from tests.support.html import Page
from tests.support.outbox import all_delivered, outbox, queued_callbacks
from tests.support.payer import Payer
from tests.support.waits import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Typed:
    card: str
    cvv: str
    expect: str  # approved, declined, failed, refused
    threeds_code: str | None = None
    expiry: str = "12/39"
    holder: str = "IVAN PETROV"


TYPED = [
    Typed(VISA_APPROVED, "739", "approved"),
    Typed(MC_APPROVED, "852", "approved"),
    Typed(BANK_DECLINED, "416", "declined"),
    Typed(NO_FUNDS, "508", "declined"),
    Typed(EXPIRED_AT_BANK, "627", "declined"),
    Typed(PROCESSING_ERROR, "394", "failed"),
    Typed(THREE_DS, "283", "approved", threeds_code="1234"),
    Typed(THREE_DS, "915", "declined", threeds_code="0000"),
    Typed(SLOW_BANK, "746", "approved"),
    Typed(OTHER_VISA, "367", "declined"),  # Luhn-valid Visa outside the table
    Typed(OTHER_MC, "458", "declined"),  # Luhn-valid MasterCard outside the table
    Typed(AMEX, "5819", "refused"),  # its CVV has four digits
    Typed(MIR, "173", "refused"),
    Typed(DISCOVER, "562", "refused"),
    Typed(LUHN_FAILURE, "294", "refused"),
    # A good number refused for another field: what was typed into the card's fields must not stay either.
    Typed(MC_APPROVED, "681", "refused", expiry="01/20"),
    Typed(VISA_APPROVED, "935", "refused", holder="ИВАН"),
]
APPROVED = sum(typed.expect == "approved" for typed in TYPED)


def _forms_of(card: str) -> set[bytes]:
    digits = re.sub(r"\D", "", card)
    groups = [digits[index : index + 4] for index in range(0, len(digits), 4)]
    return {digits.encode(), " ".join(groups).encode(), "-".join(groups).encode()}


CARD_FORMS = set().union(*(_forms_of(typed.card) for typed in TYPED))
CVVS = {typed.cvv for typed in TYPED}
# Where a field's value stands: after a quote, '=', ':', '>' or a space; before a quote, '&', '<', a
# space, ',' or ';'. Not inside a longer number, a token, a timestamp (",739") or a decimal.
_CVV = re.compile(
    rb"(?:^|(?<=[\s\"'=:>(\[{]))(" + b"|".join(cvv.encode() for cvv in CVVS) + rb")(?=$|[\s\"'&<,;)\]}])",
    re.MULTILINE,
)
_CVV_NAME = re.compile(rb"(?i)(cvv|cvc)2?\W{0,6}\d{3,4}")


def card_numbers_in(data: bytes) -> list[str]:
    return sorted(form.decode() for form in CARD_FORMS if form in data)


def cvvs_in(data: bytes) -> list[str]:
    return sorted(
        {match.decode() for match in _CVV.findall(data)} | {m.group(0).decode() for m in _CVV_NAME.finditer(data)}
    )


class Records(logging.Handler):
    """Every record any logger emits during the run (the root logger at DEBUG, as caplog would)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)

    def texts(self) -> list[str]:
        found = []
        for record in self.records:
            found.append(f"{record.name} {record.getMessage()}")
            if record.exc_info:
                found.append(logging.Formatter().formatException(record.exc_info))
        return found


@dataclass
class Run:
    stack: Stack
    payer_pages: list[bytes]
    logs: list[str]
    outcomes: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    options = StackOptions(
        data_dir=tmp_path_factory.mktemp("at-rest"),
        demo_count=1,
        retry_base_seconds=0.05,
        slow_bank_seconds=0.2,
        gateway_overrides={"RETRY_MAX_SECONDS": 0.3},
    )
    records = Records()
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(records)
    try:
        with Stack(options) as stack, ExitStack() as keep:
            # A connection held open keeps each database's -wal file (SQLite removes it when the last
            # connection closes), so the scan sees the log's frames as well as the database itself.
            for path in (stack.cabinet_db_path, stack.gateway_db_path):
                keep.enter_context(closing(connect(path)))
            person = demo.demo_subscribers(options.demo_seed, 1)[0]
            payer = Payer(stack).log_in(person.login, person.password)
            outcomes = []
            for number, typed in enumerate(TYPED):
                payment = payer.pay(
                    "100",
                    typed.card,
                    email=f"payer{number}@example.com",
                    cvv=typed.cvv,
                    threeds_code=typed.threeds_code,
                    expiry=typed.expiry,
                    holder=typed.holder,
                )
                outcomes.append(payment.status)
            _refund_one(stack, payer)
            wait_until(lambda: all_delivered(stack.gateway_db_path, "callback"), timeout=30, what="callbacks")
            wait_until(lambda: all_delivered(stack.gateway_db_path, "mail"), timeout=30, what="receipts")
            yield Run(stack, payer.pages, records.texts(), outcomes)
    finally:
        root.removeHandler(records)
        root.setLevel(level)


def _refund_one(stack: Stack, payer: Payer) -> None:
    """The operator refunds the first approved payment on the gateway's operator page."""
    auth = ("operator", stack.gateway_app.config["OPERATOR_PASSWORD"])
    admin_url = stack.gateway_url + "admin/"
    page = payer.get(admin_url, auth=auth)
    action = re.search(r'action="(/admin/refund/[^"]+)"', page.text).group(1)
    answer = payer.post(
        stack.gateway_url.rstrip("/") + action,
        {"csrf_token": Page.of(page).csrf_token()},
        auth=auth,
        headers={"Referer": admin_url},
        allow_redirects=False,
    )
    assert answer.status_code == 303, answer.text[:300]


def test_every_test_card_ended_as_the_table_says(run):
    assert run.outcomes == [typed.expect for typed in TYPED]


@pytest.mark.parametrize(
    "data",
    [
        b"x=4111111111111111&",
        b"card=4111111111111111;",
        "Карта 5105 1051 0510 5100".encode(),
        "Карта 5105-1051-0510-5100".encode(),
        b"x 4000-0000-0000-0002",
    ],
)
def test_the_search_finds_a_card_number_as_digits_spaced_or_dashed(data):
    assert card_numbers_in(data)


@pytest.mark.parametrize(
    "data", [b'{"cvv": "739"}', b"cvv=852&x", b"<td>416</td>", b"CVV2: 283", b'"cvv": "739"', b"739"]
)
def test_the_search_finds_a_cvv_where_a_value_stands(data):
    assert cvvs_in(data)


@pytest.mark.parametrize(
    "data",
    [
        b"411111******1111 411111XXXXXX1111",
        b"2026-11-25 18:56:12,739 INFO",
        b"token a739b 7390 0.852 1.416.2",
        b"transaction 7390001",
        b"<1.7391.2@x>",
        b"a17392b",
    ],
)
def test_the_search_ignores_masks_timestamps_tokens_and_longer_numbers(data):
    assert card_numbers_in(data) == [] and cvvs_in(data) == []


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def test_no_file_of_the_data_folder_holds_a_card_number(run):
    files = _files(run.stack.data_dir)
    names = {path.name for path in files}
    assert {"cabinet.sqlite3", "chronopay.sqlite3"} <= names
    wal = [path for path in files if path.name.endswith("-wal")]
    assert any(b"411111" in path.read_bytes() for path in wal)  # the logs hold the run's rows (masks)
    assert any(path.parent.name in ("new", "cur") for path in files)  # and the delivered mails
    for path in files:
        assert card_numbers_in(path.read_bytes()) == [], path
        assert _CVV_NAME.search(path.read_bytes()) is None, path


def test_no_value_stored_in_either_database_holds_a_card_number_or_cvv(run):
    """Column by column; the receipts queued in the gateway's outbox decoded too (they are base64 there)."""
    queued_mails = [
        email.message_from_string(row["body"], policy=policy.default)
        for row in outbox(run.stack.gateway_db_path, "mail")
    ]
    assert len(queued_mails) == len(run.stack.inbox.messages())
    for message in queued_mails:
        text = message.get_body(preferencelist=("plain",)).get_content().encode()
        assert card_numbers_in(text) == [] and cvvs_in(text) == [], message["Subject"]
    for database in (run.stack.cabinet_db_path, run.stack.gateway_db_path):
        with closing(connect(database)) as db:
            tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            columns = [(table, row[1]) for table in tables for row in db.execute(f"PRAGMA table_info({table})")]
            assert not [column for column in columns if re.search("cvv|cvc|card_number|pan", column[1], re.I)]
            for table in tables:
                for row in db.execute(f"SELECT * FROM {table}"):
                    for value in row:
                        data = value if isinstance(value, bytes) else str(value).encode()
                        assert card_numbers_in(data) == [] and cvvs_in(data) == [], (database.name, table, value)


def test_no_mail_holds_a_card_number_or_cvv_and_each_shows_the_mask(run):
    messages = run.stack.inbox.messages()
    assert len(messages) == sum(typed.expect != "refused" for typed in TYPED) + 1  # and the refund's
    for message in messages:
        data = (message.text + " ".join(value for _name, value in message.headers)).encode()
        assert card_numbers_in(data) == [] and cvvs_in(data) == [], message.subject
        assert re.search(r"\d{6}\*+\d{4}|\d{6}X+\d{4}", message.text), message.text


def test_the_callbacks_carry_the_cards_mask_only(run):
    sent = queued_callbacks(run.stack.gateway_db_path)
    assert sorted(fields["transaction_type"] for fields in sent) == ["Purchase"] * APPROVED + ["Refund"]
    assert all_delivered(run.stack.gateway_db_path, "callback")
    for fields in sent:
        assert re.fullmatch(r"\d{6}\*{6}\d{4}", fields["creditcardnumber"]), fields["creditcardnumber"]
        data = " ".join(fields.values()).encode()
        assert card_numbers_in(data) == [] and cvvs_in(data) == []


def test_no_log_record_holds_a_card_number_or_cvv(run):
    assert any("delivered" in text for text in run.logs)  # the run was logged
    for text in run.logs:
        assert card_numbers_in(text.encode()) == [] and cvvs_in(text.encode()) == [], text


def test_no_page_brings_a_card_number_or_cvv_back(run):
    assert len(run.payer_pages) > 60
    for page in run.payer_pages:
        assert card_numbers_in(page) == [] and cvvs_in(page) == []


# Tests' own run reports (report.html, junit.xml, e2e.html) hold test code and tracebacks by design,
# and binary files (Playwright's zipped traces, screenshots, PDFs) cannot be searched as text.
TEST_RUN_REPORTS = {"report.html", "junit.xml", "e2e.html"}
BINARY = {".zip", ".png", ".jpg", ".jpeg", ".webm", ".pdf"}


def test_no_report_holds_a_full_card_number():
    folder = Path(os.environ.get("REPORTS", REPO / "reports"))
    if not folder.is_dir():
        pytest.skip(f"no report folder at {folder}")
    found = {}
    for path in _files(folder):
        if path.name in TEST_RUN_REPORTS or path.suffix.lower() in BINARY:
            continue
        numbers = card_numbers_in(path.read_bytes())
        if numbers:
            found[str(path.relative_to(folder))] = numbers
    assert found == {}
