"""The merchant's side of the ChronoPay protocol: the signed request, the verified callback.

Pure functions over plain values; the blueprints do the HTTP. The cabinet speaks as one kind of
merchant of PROTOCOL.md 3a, as configured: the 4-part sign over order_id (the ISP's own module)
or the 3-part one without it (the order then travels in cs3 and comes back in the callback's
cs3), a price with two decimals or as PHP prints a float, GET or POST, an orderTimelimit or not.
"""

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from chronopay_protocol import money, signing

SIGN_FORMS = ("4-part", "3-part")
PRICE_FORMATS = {"two-decimals": money.to_protocol, "php-float": money.to_shortest}
METHODS = ("GET", "POST")


@dataclass(frozen=True)
class MerchantSettings:
    product_id: str
    product_name: str
    shared_secret: str
    gateway_url: str
    sign: str = "4-part"
    price_format: str = "two-decimals"
    method: str = "GET"
    order_timelimit: int = 0  # minutes; 0: not sent

    def __post_init__(self):
        for value, allowed in ((self.sign, SIGN_FORMS), (self.price_format, PRICE_FORMATS), (self.method, METHODS)):
            if value not in allowed:
                raise ValueError(f"{value!r}: not one of {', '.join(allowed)}")
        if not 0 <= self.order_timelimit <= 30 * 24 * 60:
            raise ValueError(f"order time limit {self.order_timelimit}: 0 to 43200 minutes")

    @property
    def order_field(self) -> str:
        """Where the request sends the order's number, and the callback brings it back."""
        return "order_id" if self.sign == "4-part" else "cs3"


def payment_request(
    settings: MerchantSettings,
    *,
    order_id: int,
    amount: int,
    account_id: int,
    login: str,
    email: str,
    urls: dict,
    language: str = "ru",
) -> dict[str, str]:
    """The request fields of PROTOCOL.md section 3, signed; `urls` holds cb_url, success_url, decline_url."""
    fields = {
        "product_id": settings.product_id,
        "product_price": PRICE_FORMATS[settings.price_format](amount),
        "product_price_currency": "RUB",
        "product_name": settings.product_name,
        "order_id": str(order_id),
        "cb_url": urls["cb_url"],
        "cb_type": "P",
        "success_url": urls["success_url"],
        "decline_url": urls["decline_url"],
        "language": language,
        "cs1": str(account_id),
        "cs2": login,
        "cs3": "",
        "country": "RUS",
    }
    fields[settings.order_field] = str(order_id)
    if settings.order_field != "order_id":
        del fields["order_id"]  # the 3-part merchant sends none: its sign could not cover it
    if settings.order_timelimit:
        fields["orderTimelimit"] = str(settings.order_timelimit)
    if email:
        fields["email"] = email
    fields["sign"] = signing.request_sign_of(fields, settings.shared_secret)
    return fields


def gateway_address(settings: MerchantSettings, fields: dict[str, str]) -> str:
    """The hosted page's address with the request as its query (the redirect of step 6)."""
    base = settings.gateway_url
    separator = "&" if urlsplit(base).query else ("" if base.endswith("?") else "?")
    return f"{base}{separator}{urlencode(fields)}"


class CallbackRejected(Exception):
    """A callback that must not be booked; `status` and `reason` are the HTTP answer."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Callback:
    transaction_type: str
    customer_id: str
    transaction_id: str
    total: int  # kopecks
    total_text: str
    currency: str
    order_id: int
    product_id: str
    email: str
    sign: str  # lower case: one sign books one payment (see migrations/002_callback_sign.sql)


def verify_callback(form: dict, settings: MerchantSettings) -> Callback:
    """The callback's data when its fields are complete and its sign is right; CallbackRejected otherwise."""
    values = {}
    for name in signing.CALLBACK_FIELDS:
        value = form.get(name, "")
        if not isinstance(value, str) or len(value) > 512:
            raise CallbackRejected(400, f"field {name} is malformed")
        values[name] = value
    missing = [name for name in signing.CALLBACK_REQUIRED if not values[name]]
    if missing:
        raise CallbackRejected(400, "missing fields: " + ", ".join(missing))
    expected = signing.callback_sign(
        settings.shared_secret,
        values["customer_id"],
        values["transaction_id"],
        values["transaction_type"],
        values["total"],
    )
    if not signing.signs_match(expected, values["sign"]):
        raise CallbackRejected(403, "bad sign")
    if values["transaction_type"] not in signing.TRANSACTION_TYPES:
        raise CallbackRejected(400, f"unknown transaction_type {values['transaction_type']!r}")
    if values["product_id"] and values["product_id"] != settings.product_id:
        raise CallbackRejected(409, "product_id does not match this merchant's product")
    try:
        total = money.from_protocol(values["total"])
    except ValueError:
        raise CallbackRejected(400, "total is not a price with two decimals") from None
    order_text = values[settings.order_field]
    if not order_text:
        raise CallbackRejected(400, f"no order: the callback carries no {settings.order_field}")
    if not (order_text.isascii() and order_text.isdigit() and len(order_text) <= 18):
        raise CallbackRejected(404, "unknown order")
    return Callback(
        transaction_type=values["transaction_type"],
        customer_id=values["customer_id"],
        transaction_id=values["transaction_id"],
        total=total,
        total_text=values["total"],
        currency=values["currency"],
        order_id=int(order_text),
        product_id=values["product_id"],
        email=values["email"],
        sign=values["sign"].lower(),
    )
