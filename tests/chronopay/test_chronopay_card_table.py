"""PROTOCOL.md section 4, row by row, through the real card form: what the payer sees and what is charged."""

import pytest
from chronopay_helpers import (
    RU_BRAND_ONLY,
    RU_DECLINED,
    RU_FAILED,
    RU_NOT_CHARGED,
    RU_NUMBER_INVALID,
    assert_not_charged,
    assert_nothing_charged,
    attempt,
    mail_text,
    mails,
    page,
    pay,
    snapshot,
    status_of,
    submit_card,
    transactions,
)

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
    OTHER_MC_2_SERIES,
    OTHER_VISA,
    PROCESSING_ERROR,
    SLOW_BANK,
    THREE_DS,
    VISA_APPROVED,
    digits,
)
from tests.support.outbox import queued_callbacks
from tests.support.payment_request import open_payment_page, signed_request
from tests.support.waits import wait_until

SUCCESS_URL = "https://merchant.test/payments/success"
DECLINE_URL = "https://merchant.test/payments/decline"


def assert_charged_once(db, token: str, card: str) -> dict:
    """One approval: the attempt approved with a transaction, one Purchase callback, one receipt."""
    row = attempt(db, token)
    assert row["status"] == "approved"
    assert [t["id"] for t in transactions(db, token)] == [int(row["transaction_id"])]
    [callback] = queued_callbacks(db, token)
    assert callback["transaction_type"] == "Purchase"
    assert callback["transaction_id"] == row["transaction_id"]
    assert callback["creditcardnumber"] == digits(card)[:6] + "******" + digits(card)[-4:]
    assert len(mails(db, token)) == 1
    return callback


# PROTOCOL.md section 4 as the payer meets it right after «Оплатить»: the attempt's state and the
# heading of the page the browser lands on (None: it leaves for the merchant's success_url).
TABLE = [
    pytest.param(VISA_APPROVED, "approved", None, id="4111-approved"),
    pytest.param(MC_APPROVED, "approved", None, id="5555-approved"),
    pytest.param(BANK_DECLINED, "declined", RU_DECLINED, id="0002-declined-bank"),
    pytest.param(NO_FUNDS, "declined", RU_DECLINED, id="9995-declined-funds"),
    pytest.param(EXPIRED_AT_BANK, "declined", RU_DECLINED, id="0069-declined-expired"),
    pytest.param(PROCESSING_ERROR, "failed", RU_FAILED, id="0119-processing-error"),
    pytest.param(THREE_DS, "3ds", "Подтверждение платежа (3-D Secure)", id="3220-3ds"),
    pytest.param(SLOW_BANK, "processing", "Платеж обрабатывается", id="5105-slow-bank"),
    pytest.param(OTHER_VISA, "declined", RU_DECLINED, id="other-visa-not-a-test-card"),
    pytest.param(OTHER_MC, "declined", RU_DECLINED, id="other-mastercard-not-a-test-card"),
    pytest.param(AMEX, "new", "ВВЕДИТЕ ДАННЫЕ КАРТЫ", id="amex-refused-on-the-page"),
    pytest.param(MIR, "new", "ВВЕДИТЕ ДАННЫЕ КАРТЫ", id="mir-refused-on-the-page"),
    pytest.param(LUHN_FAILURE, "new", "ВВЕДИТЕ ДАННЫЕ КАРТЫ", id="luhn-failure-refused-on-the-page"),
]


@pytest.mark.parametrize(("card", "status", "heading"), TABLE)
def test_the_protocol_table_row_by_row(client, db, card, status, heading):
    token, response = pay(client, card)
    assert status_of(db, token) == status
    if status == "new":  # refused on the page: the form again, nothing sent to the bank
        assert response.status_code == 422
        landing = response
    else:
        assert response.status_code == 303
        landing = client.get(response.headers["Location"])
    if heading is None:
        assert landing.status_code == 303
        assert landing.headers["Location"] == SUCCESS_URL
    else:
        assert heading in page(landing).headings("h2")
    charged = [row["attempt_token"] for row in transactions(db)]
    assert charged == ([token] if status == "approved" else [])
    assert len(queued_callbacks(db)) == (1 if status == "approved" else 0)


@pytest.mark.parametrize("card", [VISA_APPROVED, MC_APPROVED], ids=["visa-4111", "mastercard-5555"])
def test_an_approving_card_charges_once_and_returns_the_browser_to_success_url(client, db, card):
    token, response = pay(client, card)
    assert response.status_code == 303
    landing = client.get(response.headers["Location"])
    assert landing.status_code == 303
    assert landing.headers["Location"] == SUCCESS_URL
    callback = assert_charged_once(db, token, card)
    assert callback["total"] == "1000.00"


@pytest.mark.parametrize(
    ("card", "reason"),
    [
        pytest.param(BANK_DECLINED, "Банк-эмитент отклонил платеж.", id="0002-bank"),
        pytest.param(NO_FUNDS, "Недостаточно средств на карте.", id="9995-funds"),
        pytest.param(EXPIRED_AT_BANK, "Банк сообщил, что срок действия карты истек.", id="0069-expired"),
        pytest.param(OTHER_VISA, "Карта отклонена: это не тестовая карта.", id="other-visa"),
        pytest.param(OTHER_MC, "Карта отклонена: это не тестовая карта.", id="other-mastercard"),
        pytest.param(OTHER_MC_2_SERIES, "Карта отклонена: это не тестовая карта.", id="other-mastercard-2221"),
    ],
)
def test_a_declining_card_shows_the_reason_and_charges_nothing(client, db, card, reason):
    token, response = pay(client, card)
    result = client.get(response.headers["Location"])
    assert result.status_code == 200
    shown = page(result)
    assert RU_DECLINED in shown.headings("h2")
    assert reason in shown.alerts()
    assert RU_NOT_CHARGED in shown.text
    assert shown.links()["Вернуться на сайт магазина"] == DECLINE_URL
    assert_not_charged(db, token)
    assert status_of(db, token) == "declined"
    [receipt] = mails(db, token)
    assert "Платеж отклонен" in mail_text(receipt)


def test_a_processing_error_charges_nothing_and_the_page_says_so(client, db):
    token, response = pay(client, PROCESSING_ERROR)
    shown = page(client.get(response.headers["Location"]))
    assert RU_FAILED in shown.headings("h2")
    assert "Ошибка обработки платежа. Деньги не списаны, попробуйте позже." in shown.alerts()
    assert RU_NOT_CHARGED in shown.text
    assert shown.links()["Вернуться на сайт магазина"] == DECLINE_URL
    assert_not_charged(db, token)
    assert status_of(db, token) == "failed"


def test_a_decline_is_shown_in_english_with_language_en(client, db):
    _response, token = open_payment_page(client, signed_request(language="en"))
    response = submit_card(client, token, NO_FUNDS)
    shown = page(client.get(response.headers["Location"]))
    assert "Payment declined" in shown.headings("h2")
    assert "Insufficient funds on the card." in shown.alerts()
    assert "Your card has not been charged." in shown.text
    assert shown.links()["Return to the merchant's site"] == DECLINE_URL


# 3-D Secure ---------------------------------------------------------------------------------------


def open_threeds(client, db):
    token, response = pay(client, THREE_DS)
    shown = page(client.get(response.headers["Location"]))
    assert "Подтверждение платежа (3-D Secure)" in shown.headings("h2")
    assert "Карта: 400000******3220" in shown.text
    assert shown.buttons() == ["Подтвердить"]
    assert status_of(db, token) == "3ds"
    assert transactions(db) == [] and queued_callbacks(db) == []
    return token


def test_3ds_code_1234_approves(client, db):
    token = open_threeds(client, db)
    response = client.post(f"/pay/{token}/3ds", data={"code": "1234"})
    landing = client.get(response.headers["Location"])
    assert landing.headers["Location"] == SUCCESS_URL
    assert_charged_once(db, token, THREE_DS)


@pytest.mark.parametrize("code", ["0000", "4321", "12345", "123", "１２３４", "1234; DROP"])
def test_3ds_any_other_code_declines(client, db, code):
    token = open_threeds(client, db)
    response = client.post(f"/pay/{token}/3ds", data={"code": code})
    shown = page(client.get(response.headers["Location"]))
    assert RU_DECLINED in shown.headings("h2")
    assert "Платеж не подтвержден: неверный код 3-D Secure." in shown.alerts()
    assert_not_charged(db, token)


def test_3ds_without_a_code_asks_again_and_decides_nothing(client, db):
    token = open_threeds(client, db)
    before = snapshot(db)
    response = client.post(f"/pay/{token}/3ds", data={"code": "  "})
    assert response.status_code == 422
    shown = page(response)
    assert shown.field_error("Код подтверждения") == "Введите код из сообщения банка."
    assert snapshot(db) == before
    assert status_of(db, token) == "3ds"


def test_3ds_code_after_a_wrong_one_changes_nothing(client, db):
    token = open_threeds(client, db)
    client.post(f"/pay/{token}/3ds", data={"code": "0000"})
    before = snapshot(db)
    response = client.post(f"/pay/{token}/3ds", data={"code": "1234"})
    assert response.status_code == 303
    assert snapshot(db) == before
    assert_not_charged(db, token)


# The slow bank ------------------------------------------------------------------------------------


def test_slow_bank_shows_the_processing_page_then_approves(client, db):
    token, response = pay(client, SLOW_BANK)
    waiting = client.get(response.headers["Location"])
    assert waiting.status_code == 200
    shown = page(waiting)
    assert "Платеж обрабатывается" in shown.headings("h2")
    assert "Пожалуйста, не закрывайте и не обновляйте это окно" in shown.text
    assert not shown.has_meta_refresh()  # no full-page refresh loop that could resubmit
    assert "Refresh" not in waiting.headers
    assert transactions(db) == [] and queued_callbacks(db) == []  # only the status check or the dispatcher settles

    def settled():
        state = client.get(f"/pay/{token}/status").get_json()
        assert state["next"] == f"/pay/{token}"
        return state if state["status"] != "processing" else None

    assert wait_until(settled, timeout=10, what="the slow bank's answer")["status"] == "approved"
    assert client.get(f"/pay/{token}").headers["Location"] == SUCCESS_URL
    assert_charged_once(db, token, SLOW_BANK)


def test_slow_bank_completes_without_the_browser(app, client, db):
    """The payer closed the window: the dispatcher settles the payment when the bank has answered."""
    token, _response = pay(client, SLOW_BANK)
    dispatcher = app.extensions["dispatcher"]

    def settled():
        dispatcher.run_once()
        return status_of(db, token) != "processing"

    wait_until(settled, timeout=10, what="the slow bank's answer")
    assert_charged_once(db, token, SLOW_BANK)


# Refused on the page --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("card", "message"),
    [
        pytest.param(AMEX, RU_BRAND_ONLY, id="amex"),
        pytest.param(MIR, RU_BRAND_ONLY, id="mir"),
        pytest.param(DISCOVER, RU_BRAND_ONLY, id="discover"),
        pytest.param(LUHN_FAILURE, RU_NUMBER_INVALID, id="luhn-failure"),
        pytest.param("4111 1111 1111 111", RU_NUMBER_INVALID, id="luhn-15-digits"),
        pytest.param("4111 1111 1111 111O", RU_NUMBER_INVALID, id="letter-o"),
    ],
)
def test_a_card_the_page_refuses_is_never_sent_to_the_bank(client, db, card, message):
    _response, token = open_payment_page(client)
    before = snapshot(db)
    response = submit_card(client, token, card)
    assert response.status_code == 422
    shown = page(response)
    assert shown.field_error("Номер банковской карты") == message
    assert shown.buttons() == ["Оплатить"]
    assert snapshot(db) == before
    assert status_of(db, token) == "new"
    assert_nothing_charged(db)


def test_after_a_refused_card_the_payer_can_pay_with_a_good_one(client, db):
    _response, token = open_payment_page(client)
    assert submit_card(client, token, AMEX).status_code == 422
    response = submit_card(client, token, VISA_APPROVED)
    assert client.get(response.headers["Location"]).headers["Location"] == SUCCESS_URL
    assert_charged_once(db, token, VISA_APPROVED)


def test_after_a_decline_the_same_order_can_be_paid_again(client, db):
    request = signed_request()
    declined_token, _response = pay(client, BANK_DECLINED, request=request)
    paid_token, response = pay(client, VISA_APPROVED, request=request)
    assert paid_token != declined_token
    assert client.get(response.headers["Location"]).headers["Location"] == SUCCESS_URL
    assert status_of(db, declined_token) == "declined"
    assert_charged_once(db, paid_token, VISA_APPROVED)
