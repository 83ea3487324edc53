"""The happy path in its variants: both approved cards, the minimum and the maximum, kopecks
typed with a comma or a dot. Each proves what the instruction promises at the end: the gateway
asked exactly the confirmed amount over HTTPS, the balance grew by exactly that, «Отчеты» lists
the gateway's transaction, and exactly one receipt came to the address typed on the card page,
with the right amount and the card masked.
"""

import dataclasses
import re
from datetime import datetime
from urllib.parse import urlsplit

import pytest

from chronopay_protocol import money
from mockkit.clock import LOCAL_ZONE
from portal.contract import Confirmation
from portal.pages import ConfirmationPage, GatewayPage
from portal.reading import kopecks_in

from .journeys import MASTERCARD, VISA, query_of

# A card is valid through the last day of its expiry month (the gateway's day is Moscow's).
THIS_MONTH = datetime.now(LOCAL_ZONE).strftime("%m/%y")

VARIANTS = [
    pytest.param("1000", 1000_00, VISA, id="visa-1000", marks=pytest.mark.smoke),
    pytest.param("1000", 1000_00, MASTERCARD, id="mastercard-1000"),
    pytest.param("10", 10_00, dataclasses.replace(VISA, expiry=THIS_MONTH), id="minimum-10-card-expiring-this-month"),
    pytest.param(
        "15000",
        15_000_00,
        dataclasses.replace(MASTERCARD, holder="ANNA-MARIA O'NEIL"),
        id="maximum-15000-holder-with-hyphen-and-apostrophe",
    ),
    pytest.param("1234,56", 1234_56, VISA, id="kopecks-with-comma"),
    pytest.param("1234.56", 1234_56, MASTERCARD, id="kopecks-with-dot"),
]


@pytest.mark.parametrize(("typed", "kopecks", "card"), VARIANTS)
def test_a_payment_credits_exactly_the_confirmed_amount_once(
    journey, steps, stack, records, worker_subscriber, payer_email, typed, kopecks, card
):
    balance_before = journey.balance()
    before = records.snapshot(worker_subscriber.login, payer_email)

    confirmation = journey.new_payment(typed)
    assert confirmation.value("Лицевой счет") == str(worker_subscriber.account_id)
    confirmed = kopecks_in(confirmation.value(Confirmation.AMOUNT))
    assert confirmed == kopecks

    page = journey.page
    with steps("Абонент нажимает «Заплатить» и попадает на страницу ChronoPay по https"):
        with page.expect_request(lambda request: request.url.startswith(stack.gateway_url)) as sent:
            ConfirmationPage(page).pay()
        gateway = GatewayPage(page).expect_loaded()
    assert urlsplit(page.url).scheme == "https"
    assert query_of(sent.value.url)["product_price"] == money.to_protocol(confirmed)
    assert gateway.amount_text() == f"Сумма: {money.to_protocol(confirmed)} РУБ"
    assert gateway.amount() == confirmed, "the gateway must ask exactly the confirmed amount"

    result = journey.pay_and_see_paid(gateway, payer_email, card)
    transaction_id = result.transaction_id()
    assert transaction_id

    # The balance, in «Общие», grew by exactly the amount; behind it, one payment, one charge.
    assert journey.balance() - balance_before == confirmed
    after = records.snapshot(worker_subscriber.login, payer_email)
    assert after.balance - before.balance == confirmed
    assert (after.payments, after.charges, after.callbacks) == (
        before.payments + 1,
        before.charges + 1,
        before.callbacks + 1,
    )

    # «Отчеты» lists it under the gateway's transaction id, once.
    rows = [row for row in journey.reports() if row["Номер транзакции"] == transaction_id]
    assert len(rows) == 1, rows
    assert rows[0]["Способ оплаты"] == "ChronoPay"
    assert kopecks_in(rows[0]["Сумма, руб."]) == confirmed

    # Exactly one receipt, at the address typed on the card page: the amount, the masked card.
    records.wait_for_mails(payer_email)
    assert records.undelivered(worker_subscriber.login) == 0  # nothing more is on its way
    receipt = journey.read_only_receipt(payer_email, "Платеж успешно выполнен")
    assert f"Сумма: {money.to_protocol(confirmed)} RUB" in receipt
    assert f"Номер транзакции: {transaction_id}" in receipt
    assert f"Карта: {card.masked}" in receipt
    assert card.digits not in receipt
    assert not re.search(r"\d{7,}", receipt.replace(transaction_id, "")), "no long digit run (card) in the mail"
