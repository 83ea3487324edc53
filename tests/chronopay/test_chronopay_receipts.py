"""Receipts over real SMTP (mock_mailbox's capture server): their content, a server that was down, injections."""

import re

import pytest
from chronopay_helpers import (
    assert_nothing_charged,
    attempt,
    page,
    pay,
    snapshot,
)

from tests.support.cards import BANK_DECLINED, MC_APPROVED, PAYER_EMAIL, VISA_APPROVED, card_form
from tests.support.known import REGISTERED_NAME
from tests.support.outbox import outbox
from tests.support.payment_request import PRODUCT_NAME, open_payment_page, signed_request
from tests.support.waits import wait_until

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def mail_app(make_app, merchant, smtp):
    """The gateway wired to the loopback merchant and the capture SMTP server."""
    return make_app(MERCHANT_URLS=(merchant.url,), SMTP=smtp.address)


def lines_of(message) -> list[str]:
    return message.text.splitlines()


def test_the_approved_receipt_says_what_was_paid(mail_app, merchant, db, inbox, start_dispatcher):
    token, _response = pay(mail_app.test_client(), VISA_APPROVED, request=signed_request(merchant.url))
    start_dispatcher(mail_app)
    [message] = inbox.wait_for(PAYER_EMAIL)
    transaction_id = attempt(db, token)["transaction_id"]
    assert message.recipients == (PAYER_EMAIL,)
    assert message.from_ == "CHRONOPAY <receipts@chronopay.test>"
    assert message.subject == "ChronoPay: Платеж успешно выполнен, 1000.00 RUB"
    lines = lines_of(message)
    for expected in (
        "Результат: Платеж успешно выполнен",
        "Магазин: ДЭМ Интернет",
        f"Назначение платежа: {REGISTERED_NAME}",
        "Сумма: 1000.00 RUB",
        "Дата: 25.11.2026 17:35:00",  # the frozen 14:35 UTC, in Moscow time
        f"Номер транзакции: {transaction_id}",
        "Карта: 411111******1111 (VISA)",
    ):
        assert expected in lines, expected
    assert message.date.isoformat() == "2026-11-25T14:35:00+00:00"


def test_the_receipt_never_carries_the_requests_product_name(mail_app, merchant, inbox, start_dispatcher):
    """Else anybody could have the gateway mail a genuine-looking receipt with any text to any address."""
    forged_text = "Штраф ГИБДД оплачен, переведите еще 5000 на карту 2200 0000 0000 0000"
    pay(mail_app.test_client(), VISA_APPROVED, request=signed_request(merchant.url, product_name=forged_text))
    start_dispatcher(mail_app)
    [message] = inbox.wait_for(PAYER_EMAIL)
    assert f"Назначение платежа: {REGISTERED_NAME}" in lines_of(message)
    assert "ГИБДД" not in message.text and "ГИБДД" not in message.subject


def test_the_receipt_masks_a_mastercard_and_shows_the_exact_amount(mail_app, merchant, inbox, start_dispatcher):
    request = signed_request(merchant.url, product_price="1234.56")
    pay(mail_app.test_client(), MC_APPROVED, request=request)
    start_dispatcher(mail_app)
    [message] = inbox.wait_for(PAYER_EMAIL)
    assert "Сумма: 1234.56 RUB" in lines_of(message)
    assert "Карта: 555555******4444 (MasterCard)" in lines_of(message)
    assert "5555555555554444" not in message.text
    assert message.subject == "ChronoPay: Платеж успешно выполнен, 1234.56 RUB"


def test_a_declined_receipt_says_declined_and_has_no_transaction(mail_app, merchant, db, inbox, start_dispatcher):
    token, _response = pay(mail_app.test_client(), BANK_DECLINED, request=signed_request(merchant.url))
    start_dispatcher(mail_app)
    [message] = inbox.wait_for(PAYER_EMAIL)
    lines = lines_of(message)
    assert "Результат: Платеж отклонен" in lines
    assert "Банк-эмитент отклонил платеж." in lines
    assert "Номер транзакции: —" in lines
    assert not re.search(r"789\d{4}", message.text)
    assert "Карта: 400000******0002 (VISA)" in lines
    assert message.subject == "ChronoPay: Платеж отклонен, 1000.00 RUB"
    assert attempt(db, token)["transaction_id"] is None
    assert merchant.all_hits() == []  # and no callback


def test_the_receipt_is_in_english_with_language_en(mail_app, merchant, inbox, start_dispatcher):
    pay(mail_app.test_client(), VISA_APPROVED, request=signed_request(merchant.url, language="en"))
    start_dispatcher(mail_app)
    [message] = inbox.wait_for(PAYER_EMAIL)
    assert message.subject == "ChronoPay: Payment completed successfully, 1000.00 RUB"
    assert "Payment purpose: " + REGISTERED_NAME in lines_of(message)
    assert PRODUCT_NAME not in message.text
    assert "Amount: 1000.00 RUB" in lines_of(message)


def test_smtp_down_during_the_payment_the_payment_stands_and_the_mail_follows(
    mail_app, merchant, smtp, db, inbox, start_dispatcher
):
    smtp.stop()
    client = mail_app.test_client()
    paid, _response = pay(client, VISA_APPROVED, request=signed_request(merchant.url))
    declined, _response = pay(client, BANK_DECLINED, request=signed_request(merchant.url))
    dispatcher = start_dispatcher(mail_app)

    def mail_refused_twice():
        rows = outbox(db, "mail")
        return len(rows) == 2 and all(row["tries"] >= 2 and row["delivered_at"] is None for row in rows)

    wait_until(mail_refused_twice, what="two refused tries of each receipt")
    # The payment stands meanwhile: approved, its callback delivered.
    assert attempt(db, paid)["status"] == "approved"
    [callback] = merchant.delivered()
    assert callback.form["transaction_id"] == attempt(db, paid)["transaction_id"]
    assert inbox.count() == 0

    smtp.start()  # the same server, on the same port, is back
    received = inbox.wait_for(PAYER_EMAIL, count=2)
    dispatcher.stop()
    assert dispatcher.run_once() == 0  # nothing left to send
    assert inbox.count() == 2
    subjects = sorted(message.subject for message in received)
    assert subjects == ["ChronoPay: Платеж отклонен, 1000.00 RUB", "ChronoPay: Платеж успешно выполнен, 1000.00 RUB"]
    assert all(row["delivered_at"] for row in outbox(db, "mail"))
    assert attempt(db, declined)["status"] == "declined"


@pytest.mark.parametrize(
    "email",
    [
        "payer@example.com\r\nBcc: victim@example.org",
        "payer@example.com\nBcc: victim@example.org",
        "payer@example.com\rSubject: hi",
        "payer@example.com\r\n\r\nInjected body",
        "payer@example.com%0d%0aBcc:victim@example.org",
        "payer@example.com, victim@example.org",
        "payer@example.com;victim@example.org",
        "Payer <payer@example.com>",
        "payer@example.com\x00victim@example.org",
    ],
)
def test_an_email_with_line_breaks_or_extra_headers_is_refused_and_nothing_is_sent(
    mail_app, merchant, db, inbox, email
):
    client = mail_app.test_client()
    _response, token = open_payment_page(client, signed_request(merchant.url))
    before = snapshot(db)
    response = client.post(f"/pay/{token}", data=card_form(VISA_APPROVED, email=email))
    assert response.status_code == 422
    assert page(response).field_error("E-mail") == "Адрес e-mail указан неверно."
    assert snapshot(db) == before
    assert_nothing_charged(db)
    assert mail_app.extensions["dispatcher"].run_once() == 0
    assert inbox.count() == 0
    assert merchant.all_hits() == []
