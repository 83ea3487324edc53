"""The merchant's request to the hosted page: every field checked before a page is shown."""

import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from chronopay_protocol import money, signing

_MAX_FIELD = 2048


class RequestRefused(Exception):
    """The request cannot be paid; `code` is a key of i18n.REQUEST_ERRORS, `field` names the problem."""

    def __init__(self, code: str, field: str = ""):
        super().__init__(f"{code}: {field}")
        self.code = code
        self.field = field


@dataclass(frozen=True)
class PaymentRequest:
    product_id: str
    order_id: str
    amount: int  # kopecks
    price_text: str
    currency: str
    product_name: str
    cb_url: str
    success_url: str
    decline_url: str
    language: str
    cs1: str
    cs2: str
    cs3: str
    email: str
    country: str


@dataclass(frozen=True)
class Merchant:
    product_id: str
    shared_secret: str
    url_prefixes: tuple[str, ...]


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) address; None for anything else or anything malformed."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname or "\\" in parts.netloc:
        return None
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80)


def _url_registered(url: str, prefixes: tuple[str, ...]) -> bool:
    """The address starts with a registered prefix AND goes to that prefix's own site.

    The prefix alone is not enough when it lacks its trailing slash: `http://stat.isp.ru` is a
    prefix of `http://stat.isp.ru.evil.example/` and of `http://stat.isp.ru@evil.example/`.
    """
    origin = _origin(url)
    return origin is not None and any(url.startswith(prefix) and origin == _origin(prefix) for prefix in prefixes)


def read_request(fields, merchant: Merchant) -> PaymentRequest:
    """A checked PaymentRequest from the GET query or POST form, or RequestRefused naming the problem."""
    values = {}
    for name in signing.REQUEST_REQUIRED + signing.REQUEST_OPTIONAL:
        value = fields.get(name, "")
        if len(value) > _MAX_FIELD:
            raise RequestRefused("too_long", name)
        if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in value):
            # Line breaks in a field could end up in a mail header or a log line: refuse them outright.
            raise RequestRefused("bad_chars", name)
        values[name] = value
    for name in signing.REQUEST_REQUIRED:
        if not values[name].strip():
            raise RequestRefused("missing", name)
    if values["product_id"] != merchant.product_id:
        raise RequestRefused("unknown_product", values["product_id"])
    try:
        amount = money.from_protocol(values["product_price"])
    except ValueError:
        raise RequestRefused("bad_price", values["product_price"]) from None
    if amount == 0:
        raise RequestRefused("zero_price")
    if values["product_price_currency"] != "RUB":
        raise RequestRefused("bad_currency", values["product_price_currency"])
    expected = signing.request_sign(
        values["product_id"], values["product_price"], values["order_id"], merchant.shared_secret
    )
    if not signing.signs_match(expected, values["sign"]):
        raise RequestRefused("bad_sign")
    for name in ("cb_url", "success_url", "decline_url"):
        if not _url_registered(values[name], merchant.url_prefixes):
            raise RequestRefused("bad_url", name)
    return PaymentRequest(
        product_id=values["product_id"],
        order_id=values["order_id"],
        amount=amount,
        price_text=values["product_price"],
        currency=values["product_price_currency"],
        product_name=values["product_name"],
        cb_url=values["cb_url"],
        success_url=values["success_url"],
        decline_url=values["decline_url"],
        language=values["language"] if values["language"] in ("ru", "en") else "ru",
        cs1=values["cs1"],
        cs2=values["cs2"],
        cs3=values["cs3"],
        email=values["email"],
        country=values["country"],
    )
