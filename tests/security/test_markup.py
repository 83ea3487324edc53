"""Scripts and markup typed into any field come back as text, never as markup; and an e-mail address
carrying extra header lines is refused on the gateway's page and never reaches the SMTP server.

A payload "shown as text" means: the page does not contain it verbatim, and does contain it
HTML-escaped (so it was shown, not dropped). Every case also proves nothing changed.
"""

import itertools
import re
from contextlib import closing

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

import mock_chronopay
from mock_mailbox.smtp import start_smtp
from mock_mailbox.store import Inbox
from mock_mailbox.web import create_app as create_mailbox_app
from mockkit.serving import BackgroundServer
from mockkit.sqlite import connect, transaction
from tests.support.cards import card_form
from tests.support.html import Page

from .attack import (
    ALICE,
    cabinet_state,
    gateway_config,
    gateway_state,
    logged_in,
    open_attempt,
    signed_request,
    subscriber_id,
)

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</title></textarea><script>alert(1)</script>",
    "<a href=javascript:alert(1)>x</a>",
    "{{ 7*7 }}<b>bold</b>",
]


def assert_shown_as_text(html: str, payload: str, shown: str | None = None) -> None:
    """`payload` is not in the page as markup; `shown` (what the page keeps of it) is there as text."""
    assert payload not in html
    assert str(escape(payload if shown is None else shown)) in html


# The cabinet -----------------------------------------------------------------------------------

# (page, the form's address, the fields sent, the field whose typed value the page shows again)
CABINET_FIELDS = {
    "login: Логин": ("/login", {"password": "wrong"}, "login", False),
    "hotspot: Логин": ("/hotspot", {"password": "wrong"}, "login", False),
    "register: ФИО": ("/register", {"address": "г. Москва, ул. 1", "phone": "+7 495 1234567"}, "full_name", False),
    "register: Адрес": ("/register", {"full_name": "Иван Петров", "phone": "x"}, "address", False),
    "register: Телефон": ("/register", {"full_name": "Иван Петров", "address": "г. Москва, ул. 1"}, "phone", False),
    "register: E-mail": ("/register", {"full_name": "Иван Петров", "address": "Москва", "phone": "1"}, "email", False),
    "ChronoPay: Сумма": ("/cabinet/payments/chronopay", {}, "amount", True),
    "Активация карты: Номер карты": ("/cabinet/payments/", {"pin": "1234"}, "number", True),
}


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("case", CABINET_FIELDS.values(), ids=CABINET_FIELDS.keys())
def test_markup_typed_into_a_cabinet_field_is_shown_as_text(cabinet, cabinet_db, case, payload):
    url, other_fields, field, needs_login = case
    browser = logged_in(cabinet) if needs_login else cabinet.test_client()
    before = cabinet_state(cabinet_db)
    token = Page.of(browser.get(url)).csrf_token()
    response = browser.post(url, data={**other_fields, field: payload, "csrf_token": token})
    assert 400 <= response.status_code < 500
    # The card number's field keeps the digits' groups joined: spaces and hyphens are dropped.
    shown = re.sub(r"[ \-]", "", payload)[:40] if field == "number" else payload
    assert_shown_as_text(response.get_data(as_text=True), payload, shown)
    assert {**cabinet_state(cabinet_db), "sessions": 0} == {**before, "sessions": 0}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_the_payment_documents_amount_is_shown_as_text(cabinet, cabinet_db, payload):
    browser = logged_in(cabinet)
    before = cabinet_state(cabinet_db)
    response = browser.get("/cabinet/payments/document", query_string={"amount": payload})
    assert response.status_code == 400
    assert_shown_as_text(response.get_data(as_text=True), payload)
    assert cabinet_state(cabinet_db) == before


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_messages_and_in_the_subscribers_data_is_shown_as_text(cabinet, cabinet_db, payload):
    """What the ISP's staff type (a message, a name, an address) reaches the subscriber's pages as text."""
    me = subscriber_id(cabinet_db, ALICE)
    with transaction(cabinet_db):
        cabinet_db.execute(
            "INSERT INTO messages (subscriber_id, sent_at, subject, body) VALUES (?, ?, ?, ?)",
            (me, "2026-11-25T10:00:00Z", "Тема " + payload, "Текст " + payload),
        )
        cabinet_db.execute("UPDATE subscribers SET full_name = ?, address = ? WHERE id = ?", (payload, payload, me))
    browser = logged_in(cabinet)
    before = cabinet_state(cabinet_db)
    messages = browser.get("/cabinet/messages").get_data(as_text=True)
    assert_shown_as_text(messages, "Тема " + payload)
    assert_shown_as_text(messages, "Текст " + payload)
    for url in ("/cabinet/", "/cabinet/payments/document?amount=1000", "/hotspot"):
        page = browser.get(url).get_data(as_text=True)
        assert payload not in page, url
    assert_shown_as_text(browser.get("/cabinet/").get_data(as_text=True), payload)
    assert cabinet_state(cabinet_db) == before


# The gateway -----------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("field", ["email", "holder", "expiry", "country"])
def test_markup_typed_into_the_card_form_is_shown_as_text(gateway, gateway_db, field, payload):
    client = gateway.test_client()
    token = open_attempt(client)
    before = gateway_state(gateway_db)
    response = client.post(f"/pay/{token}", data=card_form(**{field: payload}))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert payload not in html
    if field != "country":  # a country is chosen from the list: an unknown one is not shown back
        assert str(escape(payload[: {"expiry": 16, "email": 254}.get(field, 64)])) in html
    assert gateway_state(gateway_db) == before


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_the_requests_unsigned_fields_is_shown_as_text(gateway, gateway_db, payload):
    """product_name and the e-mail prefill are not signed: the payer's browser can change them."""
    request = signed_request(product_name=payload, email=payload, cs2=payload)
    response = gateway.test_client().get("/", query_string=request)
    assert response.status_code == 200
    assert_shown_as_text(response.get_data(as_text=True), payload)


def test_markup_a_merchant_or_payer_sent_is_text_on_the_operators_page_and_in_the_mailbox(
    make_gateway, gateway_db_path, tmp_path
):
    """product_name from the request, the payer's e-mail, the merchant's own answer in the outbox."""
    payload = PAYLOADS[1]

    def merchant(_environ, start_response):  # a merchant's server answering with markup
        start_response("500 Internal Server Error", [("Content-Type", "text/html")])
        return [f"<h1>down</h1>{payload}".encode()]

    served = BackgroundServer(merchant, "127.0.0.1", 0, name="markup-merchant").start()
    smtp = start_smtp(tmp_path / "mail")
    try:
        app = make_gateway(MERCHANT_URLS=(served.url,), SMTP=smtp.address)
        client = app.test_client()
        request = signed_request(served.url, product_name=payload)
        token = open_attempt(client, request)
        assert client.post(f"/pay/{token}", data=card_form(email="o'hara&co@example.com")).status_code == 303
        app.extensions["dispatcher"].run_once()  # the receipt goes out; the callback gets the markup back
        admin = client.get("/admin/", auth=("operator", app.config["OPERATOR_PASSWORD"])).get_data(as_text=True)
        assert payload not in admin
        assert "&lt;h1&gt;down&lt;/h1&gt;" in admin  # the merchant's answer, shown as the last error
        [receipt] = Inbox(tmp_path / "mail").messages()
        mailbox = create_mailbox_app({"MAILDIR": str(tmp_path / "mail")}).test_client()
        for page in (mailbox.get("/"), mailbox.get(f"/messages/{receipt.key}")):
            assert page.status_code == 200
            assert payload not in page.get_data(as_text=True)
        message_page = mailbox.get(f"/messages/{receipt.key}").get_data(as_text=True)
        # The request's product_name never reaches the receipt (it names the registered product);
        # the payer's e-mail does, as text.
        assert str(escape(payload)) not in message_page
        assert_shown_as_text(message_page, "o'hara&co@example.com")
    finally:
        smtp.stop()
        served.stop()


# E-mail header injection ------------------------------------------------------------------------

BREAKS = st.sampled_from(["\r\n", "\n", "\r", "\x00", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "%0d%0a", ","])
HEADERS = st.sampled_from(["Bcc: victim@example.org", "Cc: a@b.c", "Subject: hi", "", " victim@example.org"])


@pytest.fixture(scope="module")
def mail_gateway(tmp_path_factory):
    """A gateway whose receipts really go to an SMTP server on loopback (module-wide, for hypothesis)."""
    folder = tmp_path_factory.mktemp("injection")
    smtp = start_smtp(folder / "mail")
    # The merchant's address is a closed loopback port: callbacks are refused at once, never looked up.
    config = gateway_config(folder / "gateway" / "chronopay.sqlite3", SMTP=smtp.address, MERCHANT_URLS=(CLOSED,))
    app = mock_chronopay.create_app(config)
    yield app, Inbox(folder / "mail")
    smtp.stop()


_injections = itertools.count(1)
CLOSED = "http://127.0.0.1:9/"


@pytest.mark.slow
@settings(max_examples=50, deadline=None)
@given(brk=BREAKS, header=HEADERS, where=st.sampled_from(["end", "middle", "start"]))
def test_an_email_with_extra_header_lines_never_reaches_smtp(mail_gateway, brk, header, where):
    app, inbox = mail_gateway
    client = app.test_client()
    email = {
        "end": f"payer@example.com{brk}{header}",
        "middle": f"payer{brk}{header}@example.com",
        "start": f"{brk}{header}payer@example.com",
    }[where]
    token = open_attempt(client, signed_request(CLOSED, order_id=f"I{next(_injections)}"))
    outbox_before = db_count(app, "outbox")
    response = client.post(f"/pay/{token}", data=card_form(email=email))
    if response.status_code == 303:  # accepted only as one plain address, once trimmed
        assert all(" " < char < "\x7f" for char in email.strip()), repr(email)
        assert "," not in email and "@" in email.strip()
    else:
        assert response.status_code == 422
        assert db_count(app, "outbox") == outbox_before
    app.extensions["dispatcher"].run_once()
    for message in inbox.messages():
        [recipient] = message.recipients
        assert message.to == recipient and "\n" not in recipient and "\r" not in recipient
        assert not any(name.lower() in ("bcc", "cc") for name, _value in message.headers)
        assert message.subject.startswith("ChronoPay: ")


def db_count(app, table: str) -> int:
    with closing(connect(app.config["DATABASE"])) as db:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


@pytest.mark.parametrize("brk", ["\r\n", "\n", "\u2028", "\x85"])
def test_an_email_prefill_with_extra_header_lines_is_refused_or_never_sent(gateway, gateway_db, brk):
    """The cabinet's request may carry the payer's e-mail: a line break there is refused outright,
    and a Unicode separator that passes the request stays on the page until the payer corrects it."""
    email = f"payer@example.com{brk}Bcc: victim@example.org"
    client = gateway.test_client()
    response = client.get("/", query_string=signed_request(order_id=f"P{ord(brk[0])}", email=email))
    if response.status_code == 400:
        assert gateway_state(gateway_db)["attempts"] == []
        return
    token = open_attempt(client, signed_request(order_id=f"P{ord(brk[0])}", email=email))
    form = card_form()
    form.pop("email")
    kept = response.get_data(as_text=True)
    assert "Bcc: victim" in kept  # shown back as the payer's text, in the field
    response = client.post(f"/pay/{token}", data={**form, "email": email})
    assert response.status_code == 422
    assert gateway_state(gateway_db)["outbox"] == 0
