"""Money as kopecks: what a subscriber may type, the protocol's `1000.00`, the page's `1 000,00`."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chronopay_protocol import money

LIMITS = money.AmountLimits(minimum=10_00, maximum=15_000_00)
NNBSP = "\u202f"  # the narrow no-break space of Russian digit grouping


@pytest.mark.parametrize(
    ("typed", "kopecks"),
    [
        ("1000", 1000_00),
        ("1000,5", 1000_50),
        ("1000.5", 1000_50),
        ("1000.50", 1000_50),
        ("1000,05", 1000_05),
        ("1 000", 1000_00),
        ("1\u00a0000", 1000_00),
        (f"1{NNBSP}000,50", 1000_50),
        ("  1000  ", 1000_00),
        ("\t1000\n", 1000_00),
        ("10", 10_00),  # the minimum itself
        ("10,00", 10_00),
        ("0010", 10_00),
        ("15000", 15_000_00),  # the maximum itself
        ("15 000,00", 15_000_00),
        ("14999,99", 14_999_99),
    ],
)
def test_parse_amount_reads_what_people_type(typed, kopecks):
    assert money.parse_amount(typed, LIMITS) == kopecks


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        (None, "empty"),
        ("", "empty"),
        ("   ", "empty"),
        ("\u3000", "empty"),
        ("0", "not_positive"),
        ("0,00", "not_positive"),
        ("0.0", "not_positive"),
        ("-100", "not_positive"),
        ("-0", "not_positive"),
        ("-1000,50", "not_positive"),
        ("abc", "not_a_number"),
        ("сто", "not_a_number"),
        ("100р", "not_a_number"),
        ("1e3", "not_a_number"),
        ("1E3", "not_a_number"),
        ("NaN", "not_a_number"),
        ("nan", "not_a_number"),
        ("inf", "not_a_number"),
        ("Infinity", "not_a_number"),
        ("+1000", "not_a_number"),
        ("0x3e8", "not_a_number"),
        ("1_000", "not_a_number"),
        ("1,000.00", "not_a_number"),
        ("1.000,00", "not_a_number"),
        ("1000.", "not_a_number"),
        (".50", "not_a_number"),
        ("1000,,5", "not_a_number"),
        ("½", "not_a_number"),
        ("<script>alert(1)</script>", "not_a_number"),
        ("1000; DROP TABLE orders", "not_a_number"),
        ("1000.001", "too_precise"),
        ("1000,999", "too_precise"),
        ("10.12345", "too_precise"),
        ("9,99", "below_minimum"),
        ("1", "below_minimum"),
        ("0,01", "below_minimum"),
        ("15000,01", "above_maximum"),
        ("100000", "above_maximum"),
        ("999999999999", "above_maximum"),
        ("99999999999999999999", "above_maximum"),
        ("9" * 33, "too_long"),
        ("1" + " " * 40 + "0", "too_long"),
        ("١٠٠٠", "non_ascii_digits"),  # Arabic-Indic digits
        ("１０００", "non_ascii_digits"),  # fullwidth digits
        ("१०००", "non_ascii_digits"),  # Devanagari digits
        ("1000²", "non_ascii_digits"),
        ("10٠0", "non_ascii_digits"),
    ],
    ids=repr,
)
def test_parse_amount_refuses_with_a_reason(typed, code):
    with pytest.raises(money.AmountError) as refusal:
        money.parse_amount(typed, LIMITS)
    assert refusal.value.code == code
    assert refusal.value.message  # a sentence for the subscriber
    assert not refusal.value.message.isascii()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Введите сумму платежа."),
        ("0", "Сумма должна быть больше нуля."),
        ("abc", "Введите сумму числом, например 1000 или 1000,50."),
        ("1000.001", "Укажите не более двух знаков после запятой (копейки)."),
        ("١٠٠٠", "Используйте только цифры 0–9."),
        ("5", "Минимальная сумма платежа — 10,00 руб."),
        ("20000", f"Максимальная сумма платежа — 15{NNBSP}000,00 руб."),
    ],
)
def test_parse_amount_messages_say_what_to_do(typed, message):
    with pytest.raises(money.AmountError) as refusal:
        money.parse_amount(typed, LIMITS)
    assert refusal.value.message == message


@pytest.mark.parametrize(
    ("kopecks", "text"),
    [
        (0, "0.00"),
        (5, "0.05"),
        (50, "0.50"),
        (1000_00, "1000.00"),
        (1000_50, "1000.50"),
        (123456789_01, "123456789.01"),
    ],
)
def test_to_protocol_writes_two_decimals_with_a_dot(kopecks, text):
    assert money.to_protocol(kopecks) == text


def test_to_protocol_refuses_negative_prices():
    with pytest.raises(ValueError, match="negative"):
        money.to_protocol(-1)


@pytest.mark.parametrize(("text", "kopecks"), [("1000.00", 1000_00), ("0.01", 1), ("0.00", 0), ("5.00", 5_00)])
def test_from_protocol_reads_exact_prices(text, kopecks):
    assert money.from_protocol(text) == kopecks


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "1000",
        "1000.0",
        "1000.000",
        "1000.001",
        "01000.00",
        "00.50",
        "-1.00",
        "+1.00",
        "1000,00",
        "1 000.00",
        " 1000.00",
        "1000.00 ",
        "1000.00\n",
        ".50",
        "1e3.00",
        "NaN",
        "１０００.００",
        "١٠٠٠.٠٠",
        "1000000000000.00",  # 13 digits of rubles: far beyond any payment
    ],
    ids=repr,
)
def test_from_protocol_refuses_malformed_prices(text):
    with pytest.raises(ValueError):
        money.from_protocol(text)


@pytest.mark.parametrize(
    ("kopecks", "text"),
    [
        (0, "0,00"),
        (5, "0,05"),
        (1000_00, f"1{NNBSP}000,00"),
        (1000_50, f"1{NNBSP}000,50"),
        (999_99, "999,99"),
        (1234567_89, f"1{NNBSP}234{NNBSP}567,89"),
        (-1000_00, f"-1{NNBSP}000,00"),
        (-5, "-0,05"),
    ],
)
def test_to_display_groups_digits_and_writes_a_decimal_comma(kopecks, text):
    assert money.to_display(kopecks) == text


@pytest.mark.parametrize(
    ("kopecks", "text"), [(1000_00, "1000"), (1000_50, "1000,50"), (1000_05, "1000,05"), (10_00, "10")]
)
def test_to_short_is_the_confirmation_tables_amount(kopecks, text):
    assert money.to_short(kopecks) == text


@given(st.integers(min_value=0, max_value=10**14 - 1))
def test_protocol_prices_round_trip(kopecks):
    assert money.from_protocol(money.to_protocol(kopecks)) == kopecks


@given(st.integers(min_value=LIMITS.minimum, max_value=LIMITS.maximum))
def test_what_the_page_shows_can_be_typed_back(kopecks):
    assert money.parse_amount(money.to_display(kopecks), LIMITS) == kopecks
    assert money.parse_amount(money.to_short(kopecks), LIMITS) == kopecks
    assert money.parse_amount(money.to_protocol(kopecks), LIMITS) == kopecks


@given(st.text())
def test_parse_amount_raises_nothing_but_amount_error_on_any_text(text):
    try:
        kopecks = money.parse_amount(text, LIMITS)
    except money.AmountError:
        return
    assert LIMITS.minimum <= kopecks <= LIMITS.maximum


@given(st.from_regex(r"[0-9 .,\-١１e]{0,20}", fullmatch=True))
def test_parse_amount_raises_nothing_but_amount_error_on_number_like_text(text):
    try:
        kopecks = money.parse_amount(text, LIMITS)
    except money.AmountError:
        return
    assert LIMITS.minimum <= kopecks <= LIMITS.maximum


@pytest.mark.parametrize(
    ("text", "kopecks", "form"),
    [
        ("1000", 1000_00, "integer"),
        ("1000.5", 1000_50, "1 decimal"),
        ("1000.05", 1000_05, "2 decimals"),
        ("1000.00", 1000_00, "2 decimals"),
        ("0.1", 10, "1 decimal"),
        ("0", 0, "integer"),
    ],
)
def test_a_request_price_has_0_1_or_2_decimals(text, kopecks, form):
    assert money.from_request(text) == kopecks
    assert money.price_form(text) == form


@pytest.mark.parametrize(
    "text",
    ["", "1000.", ".5", "01000", "1000.000", "1e3", "-1", "+1", "1 000", "1000,5", "１０００", "NaN", "0x10", " 1000"],
)
def test_a_request_price_of_any_other_spelling_is_refused(text):
    with pytest.raises(ValueError):
        money.from_request(text)
    with pytest.raises(ValueError):
        money.price_form(text)


@pytest.mark.parametrize(
    ("kopecks", "text"), [(1000_00, "1000"), (1000_50, "1000.5"), (1000_05, "1000.05"), (1, "0.01"), (10, "0.1")]
)
def test_the_shortest_price_is_how_php_prints_the_float(kopecks, text):
    assert money.to_shortest(kopecks) == text
    assert money.from_request(text) == kopecks
