"""Step 7, the ChronoPay page: its labels, every row of the test-card table, each field's check,
3-D Secure and the slow bank.

Each test pays from this worker's shared session into a fresh order, with a payer address of its
own. All but the labels test (which comes through the cabinet's pages) open the gateway at the
cabinet's own signed redirect, made server-side (journey.straight_to_gateway). Balances are
compared before and after, mails are counted per address: a refused or declined payment must
leave the balance, the payments, the charges and the callbacks exactly as they were.
"""

import dataclasses
import re
from datetime import date, datetime
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from mockkit.clock import LOCAL_ZONE
from portal.colours import is_red
from portal.contract import Gateway
from portal.pages import (
    ChronopayTab,
    ConfirmationPage,
    GatewayPage,
    GatewayResultPage,
    PaymentResultPage,
    ProcessingPage,
    ThreeDSecurePage,
)

from .journeys import (
    AMEX,
    BANK_DECLINES,
    EXPIRED_AT_BANK,
    LUHN_FAILS,
    MIR,
    NO_FUNDS,
    NOT_A_TEST_CARD,
    PROCESSING_ERROR,
    SLOW_BANK,
    THREE_D_SECURE,
    VISA,
    Card,
)


def month_before(today: date) -> str:
    """«MM/YY» of the month before `today`'s: a card that expired at that month's end."""
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{month:02d}/{year % 100:02d}"


# The gateway's day is Moscow's; a few hours either side of a month's end may disagree with this
# machine's, so the month before is computed from Moscow's date too.
LAST_MONTH = month_before(datetime.now(LOCAL_ZONE).date())


def same_except(before, **changes):
    return dataclasses.replace(before, **changes)


@pytest.mark.smoke
@pytest.mark.live_safe
def test_the_gateway_page_shows_the_instructions_labels_over_https(journey, stack):
    # Stops at the gateway's page, as a live run may: nothing is typed into it, nothing is paid.
    gateway = journey.to_gateway("1000")
    page = gateway.page
    assert urlsplit(page.url).scheme == "https"
    assert page.url.startswith(stack.gateway_url)
    expect(page.get_by_text(Gateway.PROVIDER_LINE)).to_be_visible()
    assert gateway.amount_text() == "Сумма: 1000.00 РУБ"
    assert "www.deminternet.ru" in gateway.purpose()
    for heading in Gateway.HEADINGS:
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    for label in Gateway.FIELDS:  # each required field's label carries its asterisk, in red
        expect(page.get_by_text(f"{label}*", exact=True)).to_be_visible()
    expect(gateway.required_marks()).to_have_count(len(Gateway.FIELDS))
    colours = gateway.required_mark_colours()
    assert all(is_red(colour) for colour in colours.values()), colours
    for text in Gateway.CARD_TEXTS:
        expect(page.get_by_text(text)).to_be_visible()
    for brand in Gateway.BRANDS:
        expect(page.get_by_role("img", name=brand)).to_be_visible()
    expect(page.get_by_text(Gateway.WARNING)).to_be_visible()
    expect(gateway.country.locator("option:checked")).to_have_text("Россия")
    expect(gateway.pay_button).to_be_enabled()


# The bank's answers -------------------------------------------------------------------------

DECLINED_ROWS = [
    pytest.param(BANK_DECLINES, GatewayResultPage.DECLINED, "Банк-эмитент отклонил платеж.", id="bank-declines"),
    pytest.param(NO_FUNDS, GatewayResultPage.DECLINED, "Недостаточно средств на карте.", id="insufficient-funds"),
    pytest.param(
        EXPIRED_AT_BANK,
        GatewayResultPage.DECLINED,
        "Банк сообщил, что срок действия карты истек.",
        id="expired-at-the-bank",
    ),
    pytest.param(
        PROCESSING_ERROR,
        GatewayResultPage.FAILED,
        "Ошибка обработки платежа. Деньги не списаны, попробуйте позже.",
        id="processing-error",
    ),
    pytest.param(
        NOT_A_TEST_CARD, GatewayResultPage.DECLINED, "Карта отклонена: это не тестовая карта.", id="not-a-test-card"
    ),
]


@pytest.mark.parametrize(("card", "title", "reason"), DECLINED_ROWS)
def test_a_declined_card_charges_nothing_and_mails_no_success(
    journey, steps, records, worker_subscriber, payer_email, card, title, reason
):
    gateway = journey.straight_to_gateway("700")
    before = records.snapshot(worker_subscriber.login, payer_email)
    result = journey.pay(
        gateway, payer_email, card, then=lambda: GatewayResultPage(gateway.page).expect_outcome(title, reason)
    )
    expect(gateway.page.get_by_text(f"Карта: {card.masked}")).to_be_visible()
    # The outcome is final once shown; its only message is the receipt saying so.
    receipt = records.wait_for_mails(payer_email)[0]
    assert title in receipt.subject, receipt.subject
    assert "успешно" not in receipt.text
    assert records.snapshot(worker_subscriber.login, payer_email) == same_except(before, mails=1)
    assert records.undelivered(worker_subscriber.login) == 0
    with steps("Плательщик нажимает «Вернуться на сайт магазина»: кабинет пишет, что платеж не выполнен"):
        result.back_to_merchant()
        PaymentResultPage(gateway.page).expect_failed()


# The page's own checks: nothing reaches the bank ---------------------------------------------

REFUSED_NUMBERS = [
    pytest.param(AMEX, "К оплате принимаются только карты VISA и MasterCard.", id="amex"),
    pytest.param(MIR, "К оплате принимаются только карты VISA и MasterCard.", id="mir"),
    pytest.param(LUHN_FAILS, "Номер карты введен с ошибкой: проверьте цифры.", id="luhn-fails"),
    pytest.param(Card(""), "Введите номер банковской карты.", id="empty"),
    pytest.param(Card("4111 1111"), "Номер карты введен с ошибкой: проверьте цифры.", id="too-short"),
]


@pytest.mark.parametrize(("card", "message"), REFUSED_NUMBERS)
def test_a_card_number_the_page_refuses_never_reaches_the_bank(
    journey, steps, records, worker_subscriber, payer_email, card, message
):
    gateway = journey.straight_to_gateway("700")
    before = records.snapshot(worker_subscriber.login, payer_email)
    journey.pay(gateway, payer_email, card, then=lambda: gateway.expect_only_refused(gateway.card_number, message))
    assert records.snapshot(worker_subscriber.login, payer_email) == before
    assert [attempt["status"] for attempt in records.attempts(worker_subscriber.login)][-1] == "new"


HOLDER_MESSAGE = "Укажите имя владельца латинскими буквами, как на карте."
CVV_MESSAGE = "Введите три цифры кода CVV2/CVC2 с оборота карты."
FIELD_CHECKS = [
    pytest.param("E-mail", {"email": ""}, "Укажите адрес e-mail: на него придет письмо", id="email-empty"),
    pytest.param("E-mail", {"email": "payer@@example"}, "Адрес e-mail указан неверно.", id="email-malformed"),
    pytest.param("Срок действия", {"expiry": LAST_MONTH}, "Срок действия карты истек.", id="expiry-past-last-month"),
    pytest.param("Срок действия", {"expiry": "13/30"}, "Укажите срок действия карты в виде ММ/ГГ.", id="expiry-month"),
    pytest.param("Срок действия", {"expiry": ""}, "Укажите срок действия карты в виде ММ/ГГ.", id="expiry-empty"),
    pytest.param("Имя", {"holder": "ИВАН ПЕТРОВ"}, HOLDER_MESSAGE, id="holder-cyrillic"),
    pytest.param("Имя", {"holder": ""}, HOLDER_MESSAGE, id="holder-empty"),
    pytest.param("CVV2/CVC2", {"cvv": "12"}, CVV_MESSAGE, id="cvv-two-digits"),
    pytest.param("CVV2/CVC2", {"cvv": "1a3"}, CVV_MESSAGE, id="cvv-letters"),
]


@pytest.mark.parametrize(("label", "typed", "message"), FIELD_CHECKS)
def test_each_field_is_checked_and_the_typed_values_except_number_and_cvv_are_kept(
    journey, steps, records, worker_subscriber, payer_email, label, typed, message
):
    email = typed.get("email", payer_email)
    card = dataclasses.replace(VISA, **{name: value for name, value in typed.items() if name != "email"})
    gateway = journey.straight_to_gateway("700")
    before = records.snapshot(worker_subscriber.login, payer_email)
    fields = gateway.fields()
    journey.pay(gateway, email, card, then=lambda: gateway.expect_only_refused(fields[label], message))
    # What the payer typed comes back, except the card number and the CVV, which are never kept.
    expect(gateway.email).to_have_value(email)
    expect(gateway.country).to_have_value("RUS")
    expect(gateway.expiry).to_have_value(card.expiry)
    expect(gateway.holder).to_have_value(card.holder)
    expect(gateway.card_number).to_have_value("")
    expect(gateway.cvv).to_have_value("")
    assert records.snapshot(worker_subscriber.login, payer_email) == before


# 3-D Secure and the slow bank ----------------------------------------------------------------


def test_three_d_secure_approves_with_the_right_code(journey, steps, records, worker_subscriber, payer_email):
    gateway = journey.straight_to_gateway("300")
    before = records.snapshot(worker_subscriber.login, payer_email)
    threeds = journey.pay(gateway, payer_email, THREE_D_SECURE, then=ThreeDSecurePage(gateway.page).expect_loaded)
    expect(threeds.card_line()).to_have_text(f"Карта: {THREE_D_SECURE.masked}")
    assert records.snapshot(worker_subscriber.login, payer_email) == before
    with steps("Плательщик вводит код 1234 и нажимает «Подтвердить»: кабинет показывает «Платеж зачислен»"):
        threeds.confirm("1234")
        PaymentResultPage(gateway.page).expect_paid()
    after = records.snapshot(worker_subscriber.login, payer_email)
    assert after.balance - before.balance == 300_00
    assert (after.charges, after.callbacks, after.payments) == (
        before.charges + 1,
        before.callbacks + 1,
        before.payments + 1,
    )
    assert "Платеж успешно выполнен" in records.wait_for_mails(payer_email)[0].subject


def test_three_d_secure_declines_a_wrong_code(journey, steps, records, worker_subscriber, payer_email):
    gateway = journey.straight_to_gateway("300")
    before = records.snapshot(worker_subscriber.login, payer_email)
    threeds = journey.pay(gateway, payer_email, THREE_D_SECURE, then=ThreeDSecurePage(gateway.page).expect_loaded)
    with steps("Плательщик нажимает «Подтвердить», не введя код: банк просит его ввести"):
        threeds.confirm("")
        expect(threeds.code).to_have_accessible_description("Введите код из сообщения банка.")
    assert records.snapshot(worker_subscriber.login, payer_email) == before
    with steps("Плательщик вводит неверный код 0000 и нажимает «Подтвердить»: платеж отклонен"):
        threeds.confirm("0000")
        GatewayResultPage(gateway.page).expect_outcome(
            GatewayResultPage.DECLINED, "Платеж не подтвержден: неверный код 3-D Secure."
        )
    receipt = records.wait_for_mails(payer_email)[0]
    assert "Платеж отклонен" in receipt.subject
    assert records.snapshot(worker_subscriber.login, payer_email) == same_except(before, mails=1)


@pytest.mark.slow
def test_the_slow_bank_shows_the_processing_page_then_the_success(
    journey, steps, records, worker_subscriber, payer_email
):
    gateway = journey.straight_to_gateway("450")
    before = records.snapshot(worker_subscriber.login, payer_email)
    journey.pay(gateway, payer_email, SLOW_BANK, then=ProcessingPage(gateway.page).expect_loaded)
    with steps("Банк ответил: кабинет показывает «Платеж зачислен»"):
        PaymentResultPage(gateway.page).expect_paid()
    after = records.snapshot(worker_subscriber.login, payer_email)
    assert after.balance - before.balance == 450_00
    assert after.charges == before.charges + 1
    receipt = records.wait_for_mails(payer_email)[0]
    assert re.search(r"Сумма: 450\.00 RUB", receipt.text)
    assert SLOW_BANK.masked in receipt.text


def test_after_a_decline_a_second_try_with_a_good_card_pays_once(
    journey, steps, records, worker_subscriber, payer_email
):
    gateway = journey.straight_to_gateway("250")
    before = records.snapshot(worker_subscriber.login, payer_email)
    result = journey.pay(
        gateway,
        payer_email,
        NO_FUNDS,
        then=lambda: GatewayResultPage(gateway.page).expect_outcome(
            GatewayResultPage.DECLINED, "Недостаточно средств на карте."
        ),
    )
    page = gateway.page
    with steps("Плательщик возвращается в кабинет («Платеж не выполнен») и нажимает «Попробовать снова»"):
        result.back_to_merchant()
        PaymentResultPage(page).expect_failed()
        page.get_by_role("link", name="Попробовать снова").click()
        tab = ChronopayTab(page).expect_loaded()
    with steps("Плательщик снова вводит 250, нажимает «Новый платеж» и «Заплатить»"):
        tab.enter_amount("250")
        tab.start_new_payment()
        ConfirmationPage(page).expect_loaded().pay()
        retry = GatewayPage(page).expect_loaded()
    journey.pay_and_see_paid(retry, payer_email, VISA)
    after = records.snapshot(worker_subscriber.login, payer_email)
    assert after.balance - before.balance == 250_00
    assert after.charges == before.charges + 1
    assert after.payments == before.payments + 1
