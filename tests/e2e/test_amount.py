"""«Сумма» on the «ChronoPay» tab: every kind of invalid amount is refused next to the field and
creates no order; valid spellings reach the confirmation with the amount to the kopeck."""

import pytest
from playwright.sync_api import expect

from portal.contract import Confirmation
from portal.pages import ChronopayTab, ConfirmationPage
from portal.reading import kopecks_in

REFUSED = [
    pytest.param("", "Введите сумму платежа.", id="empty"),
    pytest.param("0", "Сумма должна быть больше нуля.", id="zero"),
    pytest.param("-100", "Сумма должна быть больше нуля.", id="negative"),
    pytest.param("сто", "Введите сумму числом, например 1000 или 1000,50.", id="letters"),
    pytest.param("100,555", "Укажите не более двух знаков после запятой (копейки).", id="three-decimals"),
    pytest.param("15000,01", "Максимальная сумма платежа — 15\u202f000,00 руб.", id="above-maximum"),
    pytest.param("9,99", "Минимальная сумма платежа — 10,00 руб.", id="below-minimum"),
    pytest.param("١٠٠٠", "Используйте только цифры 0–9.", id="arabic-indic-digits"),
    pytest.param("１０００", "Используйте только цифры 0–9.", id="fullwidth-digits"),
]


@pytest.mark.live_safe
@pytest.mark.parametrize(("typed", "message"), REFUSED)
def test_an_invalid_amount_is_refused_next_to_the_field_and_creates_no_order(
    account_page, steps, stack, records, worker_subscriber, typed, message
):
    before = records.snapshot(worker_subscriber.login)
    with steps(f"На вкладке «ChronoPay» абонент вводит «{typed}» и нажимает «Новый платеж»: {message}"):
        tab = ChronopayTab(account_page, stack.cabinet_url).open()
        tab.enter_amount(typed)
        tab.start_new_payment()
        tab.expect_amount_refused(message)
    expect(ConfirmationPage(account_page).heading).to_have_count(0)
    expect(tab.amount_field).to_have_value(typed)
    assert records.snapshot(worker_subscriber.login) == before


# The minimum, the maximum and kopecks with a comma or a dot are paid in full in
# test_happy_variants; these are the other spellings a person types.
ACCEPTED = [
    pytest.param("10,5", 10_50, "10,50", id="one-decimal-near-minimum"),
    pytest.param(" 14999.99 ", 14_999_99, "14999,99", id="spaces-around-near-maximum"),
    pytest.param("1 000", 1000_00, "1000", id="grouped-thousands"),
]


@pytest.mark.parametrize(("typed", "kopecks", "shown"), ACCEPTED)
def test_a_valid_amount_reaches_the_confirmation_to_the_kopeck(
    account_page, steps, stack, records, worker_subscriber, typed, kopecks, shown
):
    before = records.snapshot(worker_subscriber.login)
    with steps(f"На вкладке «ChronoPay» абонент вводит «{typed}» и нажимает «Новый платеж»: подтверждение"):
        tab = ChronopayTab(account_page, stack.cabinet_url).open()
        tab.enter_amount(typed)
        tab.start_new_payment()
        confirmation = ConfirmationPage(account_page).expect_loaded()
    assert confirmation.value("Лицевой счет") == str(worker_subscriber.account_id)
    assert confirmation.value(Confirmation.AMOUNT) == shown
    assert kopecks_in(confirmation.value(Confirmation.AMOUNT)) == kopecks
    after = records.snapshot(worker_subscriber.login)
    # A draft order only: nothing payable until «Заплатить», no money moved.
    assert after == before.__class__(**{**before.__dict__, "orders": before.orders + 1})
    assert records.orders(worker_subscriber.login)[-1]["amount"] == kopecks
