"""The card form checked on the server: each error marks its field, keeps what was typed, charges nothing."""

import re

import pytest
from chronopay_helpers import (
    RU_BRAND_ONLY,
    RU_NUMBER_INVALID,
    assert_nothing_charged,
    page,
    snapshot,
    status_of,
)

from tests.support.cards import AMEX, CVV, LUHN_FAILURE, VISA_APPROVED, card_form, digits
from tests.support.payment_request import open_payment_page, signed_request

LABELS = {
    "email": "E-mail",
    "country": "Страна",
    "card_number": "Номер банковской карты",
    "expiry": "Срок действия",
    "holder": "Имя",
    "cvv": "CVV2/CVC2",
}

CASES = [
    ("email", "", "Укажите адрес e-mail: на него придет письмо с результатом платежа."),
    ("email", "payer.example.com", "Адрес e-mail указан неверно."),
    ("email", "payer@", "Адрес e-mail указан неверно."),
    ("email", "payer@example", "Адрес e-mail указан неверно."),
    ("email", "Payer <payer@example.com>", "Адрес e-mail указан неверно."),
    ("email", "payer@example.com\r\nBcc: victim@example.org", "Адрес e-mail указан неверно."),
    ("email", "payer@example.com\nSubject: free money", "Адрес e-mail указан неверно."),
    ("email", "payer@example.com, victim@example.org", "Адрес e-mail указан неверно."),
    ("country", "", "Выберите страну из списка."),
    ("country", "XXX", "Выберите страну из списка."),
    ("country", "RU", "Выберите страну из списка."),
    ("card_number", "", "Введите номер банковской карты."),
    ("card_number", LUHN_FAILURE, RU_NUMBER_INVALID),
    ("card_number", "4111 1111", RU_NUMBER_INVALID),
    ("card_number", AMEX, RU_BRAND_ONLY),
    ("expiry", "", "Укажите срок действия карты в виде ММ/ГГ."),
    ("expiry", "13/30", "Укажите срок действия карты в виде ММ/ГГ."),
    ("expiry", "12/2030", "Укажите срок действия карты в виде ММ/ГГ."),
    ("expiry", "10/26", "Срок действия карты истек."),  # the frozen clock says 25.11.2026
    ("expiry", "12/25", "Срок действия карты истек."),
    ("holder", "", "Укажите имя владельца латинскими буквами, как на карте."),
    ("holder", "ИВАН ПЕТРОВ", "Укажите имя владельца латинскими буквами, как на карте."),
    ("holder", "IVAN 2", "Укажите имя владельца латинскими буквами, как на карте."),
    ("cvv", "", "Введите три цифры кода CVV2/CVC2 с оборота карты."),
    ("cvv", "12", "Введите три цифры кода CVV2/CVC2 с оборота карты."),
    ("cvv", "1234", "Введите три цифры кода CVV2/CVC2 с оборота карты."),
    ("cvv", "１２３", "Введите три цифры кода CVV2/CVC2 с оборота карты."),
]


def submit_refused(client, db, form: dict):
    """Submit a card form the page must refuse: 422, the form again, nothing stored or charged."""
    _response, token = open_payment_page(client)
    before = snapshot(db)
    response = client.post(f"/pay/{token}", data=form)
    assert response.status_code == 422
    assert snapshot(db) == before
    assert status_of(db, token) == "new"
    assert_nothing_charged(db)
    return page(response)


def assert_no_secret_in(shown, card: str, cvv: str) -> None:
    """Neither the card number nor the CVV typed is anywhere in the re-rendered page."""
    values = [node.attrs.get("value") for node in shown.root.find_all("input")]
    assert shown.value("Номер банковской карты") is None
    assert shown.value("CVV2/CVC2") is None
    if len(digits(card)) >= 12:
        assert digits(card) not in re.sub(r"\D", "", shown.html), "the card number came back in the page"
        assert card not in shown.html
    if cvv:
        assert cvv not in values
    if cvv == CVV:  # distinctive enough to look for anywhere in the page
        assert not re.search(rf"(?<![0-9]){cvv}(?![0-9])", shown.html), "the CVV came back in the page"


@pytest.mark.parametrize(("field", "value", "message"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_a_bad_field_is_marked_with_its_message_and_no_card_data_comes_back(client, db, field, value, message):
    form = card_form(VISA_APPROVED, **{field: value})
    shown = submit_refused(client, db, form)
    assert shown.invalid_fields() == [LABELS[field]]
    assert shown.field_error(LABELS[field]) == message
    assert "Проверьте поля, отмеченные красным." in shown.alerts()
    assert shown.buttons() == ["Оплатить"]
    assert_no_secret_in(shown, form["card_number"], form["cvv"])


def test_every_field_is_marked_when_everything_is_wrong(client, db):
    form = {"email": "x", "country": "ZZZ", "card_number": "1", "expiry": "1", "holder": "1", "cvv": "1"}
    shown = submit_refused(client, db, form)
    assert shown.invalid_fields() == list(LABELS.values())


def test_an_empty_form_marks_every_field(client, db):
    shown = submit_refused(client, db, {})
    assert shown.invalid_fields() == list(LABELS.values())


def test_what_was_typed_stays_except_the_card_number_and_cvv(client, db):
    form = card_form(
        VISA_APPROVED, email="payer@example.com", country="KAZ", expiry="10/26", holder="ANNE-MARIE O'NEIL", cvv=CVV
    )
    shown = submit_refused(client, db, form)
    assert shown.invalid_fields() == ["Срок действия"]
    assert shown.value("E-mail") == "payer@example.com"
    assert shown.value("Страна") == "KAZ"
    assert shown.value("Срок действия") == "10/26"
    assert shown.value("Имя") == "ANNE-MARIE O'NEIL"
    assert_no_secret_in(shown, VISA_APPROVED, CVV)


def test_typed_text_comes_back_as_text_never_as_markup(client, db):
    shown = submit_refused(client, db, card_form(holder='"><script>alert(1)</script>', email='"><b>x</b>@x.test'))
    assert "<script>alert(1)</script>" not in shown.html
    assert "<b>x</b>" not in shown.html
    assert shown.value("Имя") == '"><script>alert(1)</script>'
    assert shown.value("E-mail") == '"><b>x</b>@x.test'


def test_an_expiry_in_the_current_month_is_accepted(client, db):
    _response, token = open_payment_page(client)
    response = client.post(f"/pay/{token}", data=card_form(expiry="11/26"))
    assert response.status_code == 303
    assert status_of(db, token) == "approved"


def test_the_expiry_is_judged_by_the_date_in_moscow(make_app, db):
    """At 22:00 UTC on 30 November it is already 1 December in Moscow: a card ending 11/26 has expired."""
    client = make_app(FROZEN_TIME="2026-11-30T22:00:00Z").test_client()
    shown = submit_refused(client, db, card_form(expiry="11/26"))
    assert shown.field_error("Срок действия") == "Срок действия карты истек."


def test_field_errors_are_in_english_with_language_en(client, db):
    _response, token = open_payment_page(client, signed_request(language="en"))
    response = client.post(f"/pay/{token}", data=card_form(cvv="12", holder="ИВАН"))
    assert response.status_code == 422
    shown = page(response)
    assert shown.invalid_fields() == ["Name", "CVV2/CVC2"]
    assert shown.field_error("Name") == "Enter the cardholder's name in Latin letters, as on the card."
    assert shown.field_error("CVV2/CVC2") == "Enter the three digits of the CVV2/CVC2 code from the back of the card."
    assert "Please check the fields marked in red." in shown.alerts()


def test_an_overlong_email_is_refused_not_cut_into_another_address(client, db):
    """254 characters at most (RFC 5321); cutting a longer one would mail the receipt to someone else."""
    email = "a" * 60 + "@" + "b" * 60 + "." + "c" * 60 + "." + "d" * 60 + ".example.com"
    assert len(email) > 254
    shown = submit_refused(client, db, card_form(email=email))
    assert shown.field_error("E-mail") == "Адрес e-mail указан неверно."
