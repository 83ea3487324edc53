"""Reading the Maildir back: decoding, recipients, order, keys, clearing, waiting."""

import mailbox
import smtplib
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage

import pytest
from mailbox_helpers import letter, send

from mock_mailbox.store import is_valid_key

RECEIPT = "Назначение платежа: www.deminternet.ru\nСумма: 1000.00 РУБ\nКарта: 411111******1111\n"
MOSCOW = timezone(timedelta(hours=3))


def raw_file(maildir) -> bytes:
    [path] = (maildir / "new").iterdir()
    return path.read_bytes()


def test_utf8_subject_and_body_come_back_decoded(smtp, inbox):
    send(smtp, letter("Чек об оплате №42", RECEIPT, sender="Платёжный шлюз <noreply@chronopay.test>"))
    [message] = inbox.messages()
    assert message.subject == "Чек об оплате №42"
    assert message.from_ == "Платёжный шлюз <noreply@chronopay.test>"
    assert message.to == "payer@example.com"
    assert message.text == RECEIPT
    assert message.html is None
    assert message.date == datetime(2026, 11, 25, 20, 35, tzinfo=MOSCOW)
    assert message.delivered_at.tzinfo is UTC


@pytest.mark.parametrize(
    ("cte", "charset", "on_disk"),
    [
        ("quoted-printable", "utf-8", b"=D0=A1=D1=83=D0=BC=D0=BC=D0=B0"),  # «Сумма»
        ("base64", "utf-8", b"0J3QsNC30L3QsNGH0LXQvdC40LU"),  # «Назначение»
        ("quoted-printable", "koi8-r", b"=EE=C1=DA=CE=C1=DE=C5=CE=C9=C5"),
        ("base64", "windows-1251", b"zeDn7eD35e3o5SDv6+Dy5ebg"),
        ("8bit", "utf-8", "Сумма".encode()),
    ],
)
def test_bodies_in_any_transfer_encoding_and_charset(smtp, inbox, maildir, cte, charset, on_disk):
    send(smtp, letter(body=RECEIPT, cte=cte, charset=charset))
    assert on_disk in raw_file(maildir)  # it really travelled encoded
    [message] = inbox.messages()
    assert message.text == RECEIPT


def test_text_and_html_alternatives(smtp, inbox):
    mail = letter(body=RECEIPT)
    mail.add_alternative("<p>Сумма: <b>1000.00</b> РУБ</p>", subtype="html")
    send(smtp, mail)
    [message] = inbox.messages()
    assert message.text == RECEIPT
    assert message.html.strip() == "<p>Сумма: <b>1000.00</b> РУБ</p>"


def test_html_only_mail_still_has_readable_text(smtp, inbox):
    mail = letter()
    mail.set_content(
        "<html><head><style>p{color:red}</style></head><body><p>Сумма:&nbsp;1000.00</p>"
        "<script>alert(1)</script><ul><li>Карта 411111******1111</li></ul></body></html>",
        subtype="html",
    )
    send(smtp, mail)
    [message] = inbox.messages()
    assert message.text == "Сумма: 1000.00\n\nКарта 411111******1111"


def test_an_unknown_charset_is_shown_as_it_can_be(smtp, inbox):
    raw = (
        b"From: a@example.com\r\nTo: payer@example.com\r\nSubject: =?x-unknown?q?abc?=\r\n"
        b"Content-Type: text/plain; charset=x-unknown\r\n\r\nplain ascii \xff\r\n"
    )
    with smtplib.SMTP(smtp.host, smtp.port) as client:
        client.sendmail("a@example.com", ["payer@example.com"], raw)
    [message] = inbox.messages()
    assert message.text.startswith("plain ascii ")
    assert message.subject  # something readable, not an exception


def test_attachments_are_listed_by_name(smtp, inbox):
    mail = letter(body=RECEIPT)
    mail.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="чек.pdf")
    send(smtp, mail)
    [message] = inbox.messages()
    assert message.attachments == ("чек.pdf",)
    assert message.text == RECEIPT


def test_several_recipients_and_a_bcc_one(smtp, inbox):
    mail = letter(to="Иван <ivan@example.com>, olga@example.com")
    mail["Cc"] = "accounting@example.com"
    envelope = ["ivan@example.com", "olga@example.com", "accounting@example.com", "hidden@example.com"]
    send(smtp, mail, to_addrs=envelope)
    [message] = inbox.messages()
    assert message.envelope_to == tuple(envelope)
    assert "hidden@example.com" not in message.to + message.cc  # nothing in the headers gives it away
    for address in envelope:
        assert inbox.count(to=address) == 1


def test_filtering_by_recipient(smtp, inbox):
    send(smtp, letter("для Ивана", to="ivan@example.com"))
    send(smtp, letter("для Ольги", to="olga@example.com"))
    send(smtp, letter("снова Ивану", to="ivan@example.com"))
    assert [m.subject for m in inbox.messages(to="ivan@example.com")] == ["для Ивана", "снова Ивану"]
    assert [m.subject for m in inbox.messages(to="Ольга <OLGA@Example.com>")] == ["для Ольги"]
    assert inbox.messages(to="nobody@example.com") == []
    assert inbox.count() == 3
    assert inbox.count(to="ivan@example.com") == 2


def test_oldest_first_even_within_one_second(smtp, inbox):
    for number in range(12):
        send(smtp, letter(f"письмо {number}"))
    assert [m.subject for m in inbox.messages()] == [f"письмо {number}" for number in range(12)]


def test_the_senders_own_envelope_header_does_not_count(smtp, inbox):
    mail = letter(to="payer@example.com")
    mail["X-Envelope-To"] = "attacker@example.com"
    send(smtp, mail)
    [message] = inbox.messages()
    assert message.envelope_to == ("payer@example.com",)
    assert inbox.count(to="attacker@example.com") == 0


def test_a_message_put_there_by_another_tool_is_read_by_its_headers(maildir, inbox):
    mail = EmailMessage()
    mail["To"] = "payer@example.com"
    mail["Cc"] = "Бухгалтерия <acc@example.com>"
    mail["Subject"] = "Без конверта"
    mail.set_content("текст")
    inbox.count()  # makes the folder
    mailbox.Maildir(maildir).add(mail)
    [message] = inbox.messages()
    assert message.envelope_to == ()
    assert message.recipients == ("payer@example.com", "acc@example.com")
    assert message.date is None
    assert inbox.count(to="acc@example.com") == 1


def test_get_raw_and_clear(smtp, inbox):
    send(smtp, letter("первое"))
    send(smtp, letter("второе"))
    first, second = inbox.messages()
    assert inbox.get(first.key) == first
    assert inbox.raw(second.key).startswith(b"Return-Path: ")
    assert inbox.clear() == 2
    assert inbox.count() == 0
    assert inbox.get(first.key) is None
    assert inbox.raw(first.key) is None
    send(smtp, letter("после очистки"))
    assert [m.subject for m in inbox.messages()] == ["после очистки"]


@pytest.mark.parametrize(
    "key",
    ["", ".", "..", "../x", "../../etc/passwd", "new/x", "/etc/passwd", ".hidden", "a\x00b", "x" * 300, "письмо"],
)
def test_odd_keys_are_refused_without_touching_the_disk(smtp, inbox, key):
    send(smtp, letter())
    assert not is_valid_key(key)
    assert inbox.get(key) is None
    assert inbox.raw(key) is None


def test_a_well_formed_but_unknown_key_is_simply_missing(inbox):
    assert inbox.get("1764093000.M1P2Q3.host") is None


def test_wait_for_returns_what_arrived_and_times_out_otherwise(smtp, inbox):
    send(smtp, letter(to="payer@example.com"))
    [message] = inbox.wait_for(to="payer@example.com", timeout=5)
    assert message.subject == "Чек об оплате"
    with pytest.raises(TimeoutError, match=r"0 of 1 messages for other@example\.com"):
        inbox.wait_for(to="other@example.com", timeout=0.1)
