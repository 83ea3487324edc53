"""The payer's side of the payment page: the test cards of PROTOCOL.md section 4 and the card form."""

import re

from stdnum import luhn

PAYER_EMAIL = "payer@example.com"
HOLDER = "IVAN PETROV"
EXPIRY = "12/39"  # far in the future: no test card expires during the life of the suite
CVV = "739"

# PROTOCOL.md section 4, as a payer types them.
VISA_APPROVED = "4111 1111 1111 1111"
MC_APPROVED = "5555 5555 5555 4444"
BANK_DECLINED = "4000 0000 0000 0002"
NO_FUNDS = "4000 0000 0000 9995"
EXPIRED_AT_BANK = "4000 0000 0000 0069"
PROCESSING_ERROR = "4000 0000 0000 0119"
THREE_DS = "4000 0000 0000 3220"
SLOW_BANK = "5105 1051 0510 5100"


def with_check_digit(prefix: str, length: int = 16) -> str:
    """A Luhn-valid number: `prefix` padded with zeros, then its check digit (never a real card)."""
    body = prefix.ljust(length - 1, "0")
    return body + luhn.calc_check_digit(body)


# Luhn-valid numbers outside the table, and numbers the page must refuse.
OTHER_VISA = with_check_digit("4111111111111")
OTHER_MC = with_check_digit("5200000000000")
OTHER_MC_2_SERIES = with_check_digit("2221000000000")
OTHER_MC_2720 = with_check_digit("2720990000000")
AMEX = with_check_digit("37000000000000", 15)
MIR = with_check_digit("2200000000000")
DISCOVER = with_check_digit("6011000000000")
LUHN_FAILURE = "4111 1111 1111 1112"


def digits(card: str) -> str:
    return re.sub(r"\D", "", card)


def card_form(card: str = VISA_APPROVED, **overrides) -> dict[str, str]:
    """The card form as a payer fills it in; keyword arguments change fields."""
    return {
        "email": PAYER_EMAIL,
        "country": "RUS",
        "card_number": card,
        "expiry": EXPIRY,
        "holder": HOLDER,
        "cvv": CVV,
        **overrides,
    }
