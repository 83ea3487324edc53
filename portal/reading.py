"""Reading amounts the way pages print them («1 000,00 руб.», «1000», «1000.00 РУБ») as kopecks."""

import re

_AMOUNT = re.compile(r"-?[0-9][0-9 \u00a0\u202f]*(?:[.,][0-9]{1,2})?")


def kopecks_in(text: str) -> int:
    """The first amount in `text`, in kopecks; ValueError if there is none."""
    match = _AMOUNT.search(text)
    if not match:
        raise ValueError(f"no amount in {text!r}")
    number = re.sub(r"[ \u00a0\u202f]", "", match.group(0)).replace(",", ".")
    negative = number.startswith("-")
    rubles, _, kopecks = number.lstrip("-").partition(".")
    value = int(rubles) * 100 + int(kopecks.ljust(2, "0") or 0)
    return -value if negative else value
