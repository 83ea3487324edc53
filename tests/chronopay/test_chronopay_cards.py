"""cards.py: the page's own card checks, as plain functions (Luhn, brand, mask, expiry, CVV, holder)."""

import re
from datetime import date

import pytest

from mock_chronopay import cards
from tests.support.cards import (
    AMEX,
    DISCOVER,
    MIR,
    OTHER_MC,
    OTHER_MC_2_SERIES,
    OTHER_MC_2720,
    OTHER_VISA,
    digits,
    with_check_digit,
)
from tests.support.known import NOW

TODAY = NOW.date()  # the tests' frozen day


@pytest.mark.parametrize(
    "number",
    ["4111111111111111", "5555555555554444", "5105105105105100", "4000000000000002", "4000000000003220", AMEX, MIR],
)
def test_luhn_accepts_valid_numbers(number):
    assert cards.luhn_valid(number)


@pytest.mark.parametrize(
    "number",
    ["4111111111111112", "5555555555554445", "4000000000000003", "1234567812345678", "4111111111111121"],
)
def test_luhn_refuses_a_wrong_check_digit_or_swapped_digits(number):
    assert not cards.luhn_valid(number)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("4111111111111111", "4111111111111111"),
        ("4111 1111 1111 1111", "4111111111111111"),
        ("4111-1111-1111-1111", "4111111111111111"),
        ("  4111 1111 1111 1111  ", "4111111111111111"),
        ("4111 1111 1111 1", "4111111111111"),  # 13 digits: a short Visa
        ("4111 1111 1111 1111 111", "4111111111111111111"),  # 19 digits
    ],
)
def test_normalize_number_keeps_the_digits_of_a_typed_number(typed, expected):
    assert cards.normalize_number(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "4111 1111 1111 111a",
        "4111_1111_1111_1111",
        "４１１１１１１１１１１１１１１１",  # full-width digits
        "٤١١١١١١١١١١١١١١١",  # Arabic-Indic digits
        "41111111111",  # 11 digits
        "41111111111111111111",  # 20 digits
        "4111\n1111\n1111\n1111",
        "-4111111111111111",
    ],
)
def test_normalize_number_refuses_what_is_not_a_card_number(typed):
    assert cards.normalize_number(typed) is None


@pytest.mark.parametrize(
    ("number", "brand"),
    [
        ("4111111111111111", cards.VISA),
        (OTHER_VISA, cards.VISA),
        (with_check_digit("4", 13), cards.VISA),
        (with_check_digit("51"), cards.MASTERCARD),
        (with_check_digit("53"), cards.MASTERCARD),
        (with_check_digit("55"), cards.MASTERCARD),
        (OTHER_MC, cards.MASTERCARD),
        (OTHER_MC_2_SERIES, cards.MASTERCARD),  # 2221, the first of the 2-series
        (with_check_digit("2500"), cards.MASTERCARD),
        (OTHER_MC_2720, cards.MASTERCARD),  # 2720, the last of the 2-series
        (AMEX, "American Express"),
        (with_check_digit("34", 15), "American Express"),
        (MIR, "Мир"),
        (with_check_digit("2204"), "Мир"),
    ],
)
def test_brand_is_detected_from_the_number(number, brand):
    assert cards.brand(number) == brand


@pytest.mark.parametrize(
    "number",
    [with_check_digit(prefix) for prefix in ("50", "56", "2220", "2721", "2205", "3")] + [DISCOVER, MIR, AMEX],
)
def test_only_visa_and_mastercard_are_accepted_brands(number):
    assert cards.brand(number) not in cards.ACCEPTED_BRANDS


@pytest.mark.parametrize(
    "number", ["4111111111111111", "5105105105105100", with_check_digit("4", 13), with_check_digit("4", 19), AMEX]
)
def test_mask_shows_the_first_six_and_last_four_digits_only(number):
    masked = cards.mask(number)
    assert len(masked) == len(number)
    assert masked[:6] == number[:6]
    assert masked[-4:] == number[-4:]
    assert set(masked[6:-4]) == {"*"}
    assert len(digits(masked)) == 10


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("12/30", (2030, 12)), ("01/27", (2027, 1)), ("11 / 26", (2026, 11)), (" 06/29 ", (2029, 6))],
)
def test_expiry_is_read_as_month_and_two_digit_year(typed, expected):
    assert cards.parse_expiry(typed) == expected


@pytest.mark.parametrize(
    "typed", ["", "13/30", "00/30", "1/30", "12/2030", "1230", "12-30", "12/3", "１２/３０", "12//30", "ab/cd"]
)
def test_expiry_refuses_anything_but_mm_slash_yy(typed):
    assert cards.parse_expiry(typed) is None


@pytest.mark.parametrize(
    ("year", "month", "today", "expired"),
    [
        (2026, 11, TODAY, False),  # valid through the last day of its month
        (2026, 11, date(2026, 11, 30), False),
        (2026, 11, date(2026, 12, 1), True),
        (2026, 10, TODAY, True),
        (2025, 12, TODAY, True),
        (2026, 12, TODAY, False),
        (2027, 1, TODAY, False),
    ],
)
def test_expiry_not_in_the_past_relative_to_the_given_day(year, month, today, expired):
    assert cards.expired(year, month, today) is expired


@pytest.mark.parametrize("cvv", ["123", "000", "999"])
def test_cvv_of_three_ascii_digits_is_accepted(cvv):
    assert cards.cvv_valid(cvv)


@pytest.mark.parametrize("cvv", ["", "12", "1234", "12a", " 123", "123 ", "１２３", "١٢٣", "12\n", "-12"])
def test_cvv_that_is_not_exactly_three_ascii_digits_is_refused(cvv):
    assert not cards.cvv_valid(cvv)


@pytest.mark.parametrize("holder", ["IVAN PETROV", "Ivan Petrov", "ANNE-MARIE O'NEIL", "J. R. SMITH", "LI"])
def test_holder_in_latin_letters_is_accepted(holder):
    assert cards.holder_valid(holder)


@pytest.mark.parametrize(
    "holder", ["", "ИВАН ПЕТРОВ", "IVAN ПЕТРОВ", "Iván Petrov", "IVAN1", "I", "IVAN_PETROV", "<b>IVAN</b>", "A" * 51]
)
def test_holder_not_in_latin_letters_is_refused(holder):
    assert not cards.holder_valid(holder)


@pytest.mark.parametrize(
    ("number", "kind", "reason"),
    [
        ("4111111111111111", cards.APPROVED, ""),
        ("5555555555554444", cards.APPROVED, ""),
        ("4000000000000002", cards.DECLINED, "bank_declined"),
        ("4000000000009995", cards.DECLINED, "insufficient_funds"),
        ("4000000000000069", cards.DECLINED, "expired_card"),
        ("4000000000000119", cards.FAILED, "processing_error"),
        ("4000000000003220", cards.THREE_DS, ""),
        ("5105105105105100", cards.SLOW, ""),
        (OTHER_VISA, cards.DECLINED, "not_test_card"),
        (OTHER_MC, cards.DECLINED, "not_test_card"),
    ],
)
def test_the_test_bank_answers_by_the_protocol_table(number, kind, reason):
    assert cards.outcome(number) == cards.Outcome(kind, reason)


def test_no_number_of_the_table_fails_the_page_checks():
    for number in cards.TEST_CARDS:
        assert re.fullmatch(r"[0-9]{16}", number)
        assert cards.luhn_valid(number), number
        assert cards.brand(number) in cards.ACCEPTED_BRANDS, number
