"""Credentials that never show themselves, and the redaction of every way they may be spelled.

The subscriber's password, a test card's number and the merchant's secret are held as `Secret`s;
every text a report keeps goes through a `Redactor` first.
"""

import re
from urllib.parse import quote, quote_plus

MASK = "***"


class Secret:
    """A credential that shows itself only when asked: never in a repr, a str, a traceback's locals."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return f"Secret({MASK!r})"

    __str__ = __repr__

    def __reduce__(self):
        raise TypeError("a Secret is never pickled or sent to another process")


class Redactor:
    """Replaces every known secret, in each way a URL or a form may spell it, by ***.

    `may_travel` marks what is kept out of reports but may legitimately be sent (the subscriber's
    login, which the protocol echoes in cs2): it is never reported as a leak by `found_in`.
    """

    def __init__(self):
        self._needles: dict[str, str] = {}  # spelling -> what it is ("the password", ...)
        self._travelling: set[str] = set()
        self.visible: list[str] = []  # values a page may show, to be painted over in screenshots

    def add(self, value: str | Secret | None, what: str, shortest: int = 4, *, may_travel: bool = False) -> None:
        """Registers a secret; ones shorter than `shortest` are not (they would redact ordinary text)."""
        if isinstance(value, Secret):
            value = value.reveal()
        if not value or len(value) < shortest:
            return
        if may_travel:
            self._travelling.add(what)
            self.visible.append(value)
        spellings = {value, quote(value, safe=""), quote_plus(value)}
        spellings |= {spelling.lower() for spelling in spellings if "%" in spelling}
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 12 and digits == re.sub(r"[\s-]", "", value):  # a card number
            spellings |= {digits, " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))}
        for spelling in spellings:
            self._needles[spelling] = what

    def found_in(self, text: str) -> list[str]:
        """What secrets `text` holds (their names, never their values)."""
        lowered = text.lower()
        found = {what for needle, what in self._needles.items() if needle.lower() in lowered}
        return sorted(found - self._travelling)

    def __call__(self, text: str) -> str:
        if not text:
            return text
        for needle in sorted(self._needles, key=len, reverse=True):
            text = re.sub(re.escape(needle), MASK, text, flags=re.IGNORECASE)
        return text
