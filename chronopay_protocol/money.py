"""Money is an integer number of kopecks inside; text only at the edges.

- `parse_amount` reads what a subscriber types («1000», «1000,5», «1 000.50»).
- `to_protocol` / `from_protocol` are the gateway's exact `1000.00` strings (callbacks, our cabinet).
- `from_request` reads a merchant's `product_price` with 0, 1 or 2 decimals (`1000`, `1000.5`,
  `1000.00`: PROTOCOL.md 3a); `to_shortest` writes one as PHP prints a float; `price_form` names
  which spelling a price uses.
- `to_display` is the text templates show («1 000,00»).
"""

import re
from dataclasses import dataclass

# The protocol's price: ASCII digits, a dot, exactly two decimals; 12 digits is far beyond any payment.
_PROTOCOL_PRICE = re.compile(r"(0|[1-9][0-9]{0,11})\.([0-9]{2})", re.ASCII)
# What merchants send: the same digits with 0, 1 or 2 decimals (never `1000.`, `.5` or `01000`).
_REQUEST_PRICE = re.compile(r"(0|[1-9][0-9]{0,11})(?:\.([0-9]{1,2}))?", re.ASCII)
PRICE_FORMS = {0: "integer", 1: "1 decimal", 2: "2 decimals"}
# What a subscriber may type: digits with an optional comma or dot and up to two decimals.
# Spaces between digit groups are allowed («1 000»), as people write them. Any number of digits
# (the text is at most _MAX_TYPED_LENGTH long): a huge amount is told the maximum, not "not a number".
_TYPED_AMOUNT = re.compile(r"([0-9]+)(?:[.,]([0-9]{1,2}))?", re.ASCII)
_TYPED_TOO_PRECISE = re.compile(r"[0-9]+[.,][0-9]{3,}", re.ASCII)
_MAX_TYPED_LENGTH = 32


class AmountError(ValueError):
    """An amount the subscriber typed that cannot be paid; `message` is shown to them."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class AmountLimits:
    minimum: int  # kopecks
    maximum: int  # kopecks


def parse_amount(text: str | None, limits: AmountLimits) -> int:
    """Kopecks for a typed amount, or AmountError with the Russian message for the subscriber."""
    if text is None or not text.strip():
        raise AmountError("empty", "Введите сумму платежа.")
    raw = text.strip()
    if len(raw) > _MAX_TYPED_LENGTH:
        raise AmountError("too_long", "Сумма слишком длинная: введите число рублей, например 1000.")
    compact = re.sub(r"[ \u00a0\u202f](?=[0-9])", "", raw)
    if any(ch.isdigit() and not ("0" <= ch <= "9") for ch in compact):
        raise AmountError("non_ascii_digits", "Используйте только цифры 0–9.")
    if compact.startswith("-") and _TYPED_AMOUNT.fullmatch(compact[1:]):
        raise AmountError("not_positive", "Сумма должна быть больше нуля.")
    if _TYPED_TOO_PRECISE.fullmatch(compact):
        raise AmountError("too_precise", "Укажите не более двух знаков после запятой (копейки).")
    match = _TYPED_AMOUNT.fullmatch(compact)
    if not match:
        raise AmountError("not_a_number", "Введите сумму числом, например 1000 или 1000,50.")
    rubles, kopecks = match.group(1), (match.group(2) or "").ljust(2, "0")
    amount = int(rubles) * 100 + int(kopecks)
    if amount == 0:
        raise AmountError("not_positive", "Сумма должна быть больше нуля.")
    if amount < limits.minimum:
        raise AmountError("below_minimum", f"Минимальная сумма платежа — {to_display(limits.minimum)} руб.")
    if amount > limits.maximum:
        raise AmountError("above_maximum", f"Максимальная сумма платежа — {to_display(limits.maximum)} руб.")
    return amount


def to_protocol(kopecks: int) -> str:
    """`1000.00`: the exact string our cabinet signs and sends, and every callback's `total`."""
    if kopecks < 0:
        raise ValueError("protocol prices are never negative")
    return f"{kopecks // 100}.{kopecks % 100:02d}"


def from_protocol(text: str) -> int:
    """Kopecks for a protocol price string; ValueError for anything not exactly `digits.dd`."""
    match = _PROTOCOL_PRICE.fullmatch(text or "")
    if not match:
        raise ValueError(f"not a price with two decimals: {text!r}")
    return int(match.group(1)) * 100 + int(match.group(2))


def from_request(text: str) -> int:
    """Kopecks for a merchant's `product_price` (`1000`, `1000.5`, `1000.00`); ValueError otherwise."""
    match = _REQUEST_PRICE.fullmatch(text or "")
    if not match:
        raise ValueError(f"not a price with at most two decimals: {text!r}")
    return int(match.group(1)) * 100 + int((match.group(2) or "").ljust(2, "0"))


def price_form(text: str) -> str:
    """«integer», «1 decimal» or «2 decimals»: how a price `from_request` reads is spelled."""
    from_request(text)
    return PRICE_FORMS[len(text.partition(".")[2])]


def to_shortest(kopecks: int) -> str:
    """`1000`, `1000.5`, `1000.05`: a price as PHP prints a float (the WooCommerce/Magento plugins)."""
    rubles, rest = divmod(kopecks, 100)
    if rest == 0:
        return str(rubles)
    return f"{rubles}.{rest:02d}".rstrip("0")


def to_display(kopecks: int) -> str:
    """`1 000,00`: Russian grouping (narrow no-break space) and a decimal comma."""
    sign = "-" if kopecks < 0 else ""
    rubles, rest = divmod(abs(kopecks), 100)
    grouped = f"{rubles:,}".replace(",", "\u202f")
    return f"{sign}{grouped},{rest:02d}"


def to_short(kopecks: int) -> str:
    """`1000` or `1000,50`: the amount as the confirmation table shows it (UTM5 style)."""
    rubles, rest = divmod(kopecks, 100)
    return f"{rubles}" if rest == 0 else f"{rubles},{rest:02d}"
