"""Card checks and the test-card table of PROTOCOL.md section 4 (pure functions, table-driven).

Nothing here keeps a card number: callers get the brand, the mask and the bank's outcome.
"""

import re
from dataclasses import dataclass
from datetime import date

from stdnum import luhn

VISA = "VISA"
MASTERCARD = "MasterCard"
ACCEPTED_BRANDS = (VISA, MASTERCARD)

# Outcome kinds: what the bank does with a card that passed the page's own checks.
APPROVED = "approved"
DECLINED = "declined"
FAILED = "failed"  # a processing error: nothing charged
THREE_DS = "3ds"  # the 3-D Secure page first
SLOW = "slow"  # approved after the slow bank's pause


@dataclass(frozen=True)
class Outcome:
    kind: str
    reason: str = ""  # a key of i18n.REASONS, for declines and failures


TEST_CARDS = {
    "4111111111111111": Outcome(APPROVED),
    "5555555555554444": Outcome(APPROVED),
    "4000000000000002": Outcome(DECLINED, "bank_declined"),
    "4000000000009995": Outcome(DECLINED, "insufficient_funds"),
    "4000000000000069": Outcome(DECLINED, "expired_card"),
    "4000000000000119": Outcome(FAILED, "processing_error"),
    "4000000000003220": Outcome(THREE_DS),
    "5105105105105100": Outcome(SLOW),
}
NOT_A_TEST_CARD = Outcome(DECLINED, "not_test_card")
THREE_DS_APPROVING_CODE = "1234"

_DIGITS_WITH_SEPARATORS = re.compile(r"[0-9][0-9 \-]{10,30}[0-9]", re.ASCII)
_EXPIRY = re.compile(r"(0[1-9]|1[0-2])\s*/\s*([0-9]{2})", re.ASCII)
_CVV = re.compile(r"[0-9]{3}", re.ASCII)
# As embossed on the card: Latin letters, spaces, and the dots, hyphens, apostrophes of names.
_HOLDER = re.compile(r"[A-Za-z][A-Za-z .'\-]{0,48}[A-Za-z.]", re.ASCII)


def normalize_number(text: str) -> str | None:
    """The card number's digits, or None when the text is not a card number's shape."""
    text = (text or "").strip()
    if not _DIGITS_WITH_SEPARATORS.fullmatch(text):
        return None
    digits = re.sub(r"[ \-]", "", text)
    return digits if 12 <= len(digits) <= 19 else None


def luhn_valid(digits: str) -> bool:
    return luhn.is_valid(digits)


def brand(digits: str) -> str | None:
    """VISA, MasterCard (51-55 and 2221-2720), or the name of another scheme, or None."""
    if digits.startswith("4"):
        return VISA
    if 51 <= int(digits[:2]) <= 55 or 2221 <= int(digits[:4]) <= 2720:
        return MASTERCARD
    if digits[:2] in ("34", "37"):
        return "American Express"
    if 2200 <= int(digits[:4]) <= 2204:
        return "Мир"
    return None


def mask(digits: str) -> str:
    """First 6 and last 4 digits only: all the gateway ever keeps, logs or mails."""
    return f"{digits[:6]}{'*' * (len(digits) - 10)}{digits[-4:]}"


def parse_expiry(text: str) -> tuple[int, int] | None:
    """(year, month) from «MM/YY», or None."""
    match = _EXPIRY.fullmatch((text or "").strip())
    if not match:
        return None
    return 2000 + int(match.group(2)), int(match.group(1))


def expired(year: int, month: int, today: date) -> bool:
    """A card is valid through the last day of its expiry month."""
    return (year, month) < (today.year, today.month)


def cvv_valid(text: str) -> bool:
    return bool(_CVV.fullmatch(text or ""))


def holder_valid(text: str) -> bool:
    return bool(_HOLDER.fullmatch((text or "").strip()))


def outcome(digits: str) -> Outcome:
    """What the test bank answers for a number that passed the page's checks."""
    return TEST_CARDS.get(digits, NOT_A_TEST_CARD)
