"""The merchant's request to the hosted page, in every shape of PROTOCOL.md 3a, checked before a page is shown.

ChronoPay itself requires `product_id`, `product_price` and `sign`; what else a request leaves
out comes from the product's registration (registry.py). The sign covers `order_id` exactly when
it is sent, and `orderTimelimit` / `orderExpiretime` after it when sent (signing.py).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from chronopay_protocol import money, signing

from .registry import URL_FIELDS, Product, url_registered

_MAX_FIELD = 2048
MAX_DESCRIPTION = 255  # what an attempt keeps of the request's product_name
MAX_TIMELIMIT_MINUTES = 30 * 24 * 60
_TIMELIMIT = re.compile(r"[1-9][0-9]{0,5}", re.ASCII)
EXPIRETIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"  # 2026-11-25T12:30:00+0300
# The payer's fields a callback echoes when the request carried them (the e-mail it always carries).
CALLBACK_PAYER = tuple(name for name in signing.PAYER_FIELDS if name != "email")


class RequestRefused(Exception):
    """The request cannot be paid; `code` is a key of i18n.REQUEST_ERRORS, `field` names the problem."""

    def __init__(self, code: str, field: str = ""):
        super().__init__(f"{code}: {field}")
        self.code = code
        self.field = field


@dataclass(frozen=True)
class PaymentRequest:
    product_id: str
    product_name: str  # the product's registered name: «Назначение платежа»
    order_id: str  # "" when the request sends none
    order_unique: bool
    amount: int  # kopecks
    price_text: str  # as sent and signed
    currency: str
    cb_url: str
    success_url: str
    decline_url: str
    language: str
    cs1: str = ""
    cs2: str = ""
    cs3: str = ""
    email: str = ""
    country: str = ""
    description: str = ""  # the request's product_name, if any: shown as secondary text only
    payer: dict[str, str] = field(default_factory=dict)  # the CALLBACK_PAYER fields the request carried
    payment_type_group_id: str = ""
    expires_at: datetime | None = None


def _read_fields(fields) -> dict[str, str]:
    """Every field of the protocol, "" when absent; RequestRefused for one too long or with control characters."""
    values = {}
    for name in signing.REQUEST_FIELDS:
        value = fields.get(name, "")
        if len(value) > _MAX_FIELD:
            raise RequestRefused("too_long", name)
        if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in value):
            # Line breaks in a field could end up in a mail header or a log line: refuse them outright.
            raise RequestRefused("bad_chars", name)
        values[name] = value
    return values


def _expiry(values: dict[str, str], now: datetime) -> datetime | None:
    """When the page stops taking the payment, from orderTimelimit or orderExpiretime (one of them)."""
    limit, moment = (signing.sent(values, name) for name in signing.REQUEST_EXPIRY)
    if limit and moment:
        raise RequestRefused("two_expiries")
    if limit:
        if not _TIMELIMIT.fullmatch(limit) or int(limit) > MAX_TIMELIMIT_MINUTES:
            raise RequestRefused("bad_timelimit", limit)
        return now + timedelta(minutes=int(limit))
    if moment:
        try:
            return datetime.strptime(moment, EXPIRETIME_FORMAT)
        except ValueError:
            raise RequestRefused("bad_expiretime", moment) from None
    return None


def _url(values: dict[str, str], name: str, product: Product) -> str:
    url = values[name] or product.default(name)
    if not url:
        raise RequestRefused("missing_url", name)
    if not url_registered(url, product.url_prefixes):
        raise RequestRefused("bad_url", name)
    return url


def read_request(fields, shared_secret: str, products, now: datetime) -> PaymentRequest:
    """A checked PaymentRequest from the GET query or POST form, or RequestRefused naming the problem.

    `products(product_id)` is the product's registration, None for a product not registered.
    """
    values = _read_fields(fields)
    for name in signing.REQUEST_REQUIRED:
        if not values[name].strip():
            raise RequestRefused("missing", name)
    product = products(values["product_id"])
    if product is None:
        raise RequestRefused("unknown_product", values["product_id"])
    try:
        amount = money.from_request(values["product_price"])
    except ValueError:
        raise RequestRefused("bad_price", values["product_price"]) from None
    if amount == 0:
        raise RequestRefused("zero_price")
    currency = values["product_price_currency"] or product.currency
    if currency != product.currency:
        raise RequestRefused("bad_currency", currency)
    expires_at = _expiry(values, now)
    if not signing.signs_match(signing.request_sign_of(values, shared_secret), values["sign"]):
        raise RequestRefused("bad_sign")
    order_id = signing.sent(values, "order_id")
    if product.order_unique and not order_id:
        raise RequestRefused("order_required")
    if expires_at is not None and expires_at <= now:
        raise RequestRefused("expired")
    urls = {name: _url(values, name, product) for name in URL_FIELDS}
    return PaymentRequest(
        product_id=product.product_id,
        product_name=product.name,
        order_id=order_id,
        order_unique=product.order_unique,
        amount=amount,
        price_text=values["product_price"],
        currency=currency,
        **urls,
        language=values["language"] if values["language"] in ("ru", "en") else "ru",
        cs1=values["cs1"],
        cs2=values["cs2"],
        cs3=values["cs3"],
        email=values["email"],
        country=values["country"],
        description=" ".join(values["product_name"].split())[:MAX_DESCRIPTION],
        payer={name: values[name] for name in CALLBACK_PAYER if values[name]},
        payment_type_group_id=values["payment_type_group_id"],
        expires_at=expires_at,
    )
