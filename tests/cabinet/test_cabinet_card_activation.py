"""«Активация карты»: a prepaid card's value is credited once; used, unknown or wrong-PIN cards are refused."""

import pytest
from cabinet_helpers import CARD_URL, DEMO_CARDS, REPORTS_URL, balance_of, page, payments_of, submit

from chronopay_protocol.money import to_display

CARD = DEMO_CARDS[0]
OTHER_CARD = DEMO_CARDS[1]
NOT_FOUND = "Карта с таким номером и PIN-кодом не найдена."
ALREADY_USED = "Эта карта уже активирована."
THROTTLED = "Слишком много неудачных попыток. Попробуйте позже."


def _activate(browser, number, pin):
    return submit(browser, CARD_URL, {"number": number, "pin": pin})


def _wrong_pin(pin: str) -> str:
    return f"{(int(pin) + 1) % 10_000:04d}"


def test_card_tab_has_the_number_and_pin_fields(logged_in):
    shown = page(logged_in.get(CARD_URL))
    assert shown.heading("h2") == "Активация карты оплаты"
    assert shown.label_for("number") == "Номер карты"
    assert shown.label_for("pin") == "PIN-код"
    assert shown.root.one("input", id="pin").attrs["type"] == "password"
    assert shown.form_action("Активировать") == CARD_URL


def test_a_valid_card_credits_its_value(logged_in, db):
    before = balance_of(db, "dem001")
    response = _activate(logged_in, CARD.number, CARD.pin)
    assert response.status_code == 303
    assert balance_of(db, "dem001") == before + CARD.value
    [payment] = payments_of(db, "dem001")
    assert (payment["kind"], payment["amount"], payment["external_id"]) == ("prepaid_card", CARD.value, CARD.number)


def test_a_valid_card_says_how_much_was_credited(logged_in):
    response = _activate(logged_in, CARD.number, CARD.pin)
    shown = page(logged_in.get(response.headers["Location"]))
    assert f"Карта активирована: на счет зачислено {to_display(CARD.value)} руб." in shown.notices()


def test_an_activated_card_is_listed_in_reports(logged_in):
    _activate(logged_in, CARD.number, CARD.pin)
    newest = page(logged_in.get(REPORTS_URL)).rows("payments")[1]
    assert newest[1:4] == [to_display(CARD.value), "Карта оплаты", CARD.number]


def test_card_number_may_be_typed_in_groups(logged_in, db):
    grouped = f"{CARD.number[:4]} {CARD.number[4:7]}-{CARD.number[7:]}"
    assert _activate(logged_in, grouped, CARD.pin).status_code == 303
    assert len(payments_of(db, "dem001")) == 1


def test_a_card_can_be_activated_only_once(logged_in, snapshot):
    _activate(logged_in, CARD.number, CARD.pin)
    before = snapshot()
    response = _activate(logged_in, CARD.number, CARD.pin)
    assert response.status_code == 400
    assert page(response).alerts() == [ALREADY_USED]
    assert snapshot() == before


def test_a_card_used_by_one_subscriber_is_refused_to_another(logged_in, logged_in_as, snapshot):
    _activate(logged_in, CARD.number, CARD.pin)
    other = logged_in_as("dem002")
    before = snapshot()
    response = _activate(other, CARD.number, CARD.pin)
    assert page(response).alerts() == [ALREADY_USED]
    assert snapshot() == before


def test_wrong_pin_and_unknown_number_get_the_same_message(logged_in, snapshot):
    before = snapshot()
    wrong_pin = _activate(logged_in, CARD.number, _wrong_pin(CARD.pin))
    unknown = _activate(logged_in, "7700999999", CARD.pin)
    assert wrong_pin.status_code == unknown.status_code == 400
    assert page(wrong_pin).alerts() == page(unknown).alerts() == [NOT_FOUND]
    assert snapshot() == before


def test_a_used_card_with_a_wrong_pin_does_not_reveal_it_was_used(logged_in, snapshot):
    _activate(logged_in, CARD.number, CARD.pin)
    before = snapshot()
    response = _activate(logged_in, CARD.number, _wrong_pin(CARD.pin))
    assert page(response).alerts() == [NOT_FOUND]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("number", "pin", "field", "message"),
    [
        ("", "1234", "number", "Введите номер карты оплаты цифрами (от 6 до 20 цифр)."),
        ("abcdef", "1234", "number", "Введите номер карты оплаты цифрами (от 6 до 20 цифр)."),
        ("12345", "1234", "number", "Введите номер карты оплаты цифрами (от 6 до 20 цифр)."),
        ("1" * 21, "1234", "number", "Введите номер карты оплаты цифрами (от 6 до 20 цифр)."),
        ("７７０００００００１", "1234", "number", "Введите номер карты оплаты цифрами (от 6 до 20 цифр)."),
        ("7700000001", "", "pin", "Введите PIN-код цифрами (от 4 до 8 цифр)."),
        ("7700000001", "123", "pin", "Введите PIN-код цифрами (от 4 до 8 цифр)."),
        ("7700000001", "12a4", "pin", "Введите PIN-код цифрами (от 4 до 8 цифр)."),
        ("7700000001", "123456789", "pin", "Введите PIN-код цифрами (от 4 до 8 цифр)."),
    ],
    ids=repr,
)
def test_malformed_number_or_pin_is_explained_next_to_the_field(logged_in, snapshot, number, pin, field, message):
    before = snapshot()
    response = _activate(logged_in, number, pin)
    assert response.status_code == 400
    shown = page(response)
    assert shown.field_error(field) == message
    assert shown.input_value("pin") == ""  # a PIN is never sent back
    assert snapshot() == before


def test_a_typed_script_in_the_number_is_shown_as_text(logged_in):
    response = _activate(logged_in, "<script>alert(1)</script>", "1234")
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    assert page(response).input_value("number") == "<script>alert(1)</script>"


def test_five_failed_activations_block_even_a_valid_card(logged_in, snapshot):
    for _ in range(5):
        assert page(_activate(logged_in, CARD.number, _wrong_pin(CARD.pin))).alerts() == [NOT_FOUND]
    before = snapshot()
    response = _activate(logged_in, CARD.number, CARD.pin)
    assert response.status_code == 400
    assert page(response).alerts() == [THROTTLED]
    assert snapshot() == before


def test_one_subscribers_failures_do_not_block_another(logged_in, logged_in_as, db, snapshot):
    before = snapshot()
    for _ in range(6):
        _activate(logged_in, "7700999999", "0000")
    assert snapshot() == before
    other = logged_in_as("dem002")
    assert _activate(other, OTHER_CARD.number, OTHER_CARD.pin).status_code == 303
    assert len(payments_of(db, "dem002")) == 1
