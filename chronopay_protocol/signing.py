"""The protocol's signatures and their constant-time check, for every request shape of PROTOCOL.md 3a.

The request's sign covers `product_id` and `product_price` (the string as sent), then `order_id`
exactly when the request sends one, then `orderTimelimit` or `orderExpiretime` exactly when it
sends one, then the shared secret, joined by "-":

    3-part  md5(product_id-product_price-sharedsec)                  no order_id (ChronoPay's default)
    4-part  md5(product_id-product_price-order_id-sharedsec)         our cabinet, WooCommerce, Bitrix...
    5-part  md5(product_id-product_price-order_id-EXTRA-sharedsec)   with orderTimelimit / orderExpiretime

MD5 is ChronoPay's choice, not ours (PROTOCOL.md section 3); we only ever compare in constant time.
"""

import hashlib
import hmac
from collections.abc import Mapping

# What ChronoPay itself requires of a request; the sign is over the fields below as sent.
REQUEST_REQUIRED = ("product_id", "product_price", "sign")
# What a request may leave to the product's registration at the gateway (its merchant cabinet).
REQUEST_REGISTERED = ("product_price_currency", "cb_url", "success_url", "decline_url")
# The page's expiry: minutes from the request, or a moment (`2026-11-25T12:30:00+0300`); one of them.
REQUEST_EXPIRY = ("orderTimelimit", "orderExpiretime")
# About the payer: prefilled where the page has a field, echoed in the callback.
PAYER_FIELDS = ("email", "country", "f_name", "s_name", "street", "city", "state", "zip", "phone")
REQUEST_OPTIONAL = (
    "product_name",  # the merchant's order description; the page names the registered product
    "order_id",
    "cb_type",
    "language",
    "cs1",
    "cs2",
    "cs3",
    *PAYER_FIELDS,
    "payment_type_group_id",
    *REQUEST_EXPIRY,
)
REQUEST_FIELDS = REQUEST_REQUIRED + REQUEST_REGISTERED + REQUEST_OPTIONAL

# Fields of the server-to-server callback, in the order the gateway sends them.
CALLBACK_FIELDS = (
    "transaction_type",
    "customer_id",
    "transaction_id",
    "total",
    "currency",
    "order_id",
    "product_id",
    "cs1",
    "cs2",
    "cs3",
    "email",
    "name",
    "creditcardnumber",
    "date",
    *(name for name in PAYER_FIELDS if name != "email"),
    "payment_type",
    "sign",
)
# What every callback carries; the rest it may leave out: the order (a request without order_id
# has none), the merchant's fields, the payer's, the card's.
CALLBACK_REQUIRED = ("transaction_type", "customer_id", "transaction_id", "total", "currency", "sign")
CALLBACK_OPTIONAL = tuple(name for name in CALLBACK_FIELDS if name not in CALLBACK_REQUIRED)
TRANSACTION_TYPES = ("Purchase", "Refund")


def _md5(text: str) -> str:
    # surrogatepass: a lone surrogate from a fuzzed field still hashes (to a sign nobody sent).
    return hashlib.md5(text.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()


def sent(fields: Mapping, name: str) -> str:
    """The field's value when the request sends it; "" when it is absent or blank (not sent)."""
    value = fields.get(name) or ""
    return value if value.strip() else ""


def signed_names(fields: Mapping) -> tuple[str, ...]:
    """The request fields its sign covers, in order (the shared secret comes after them)."""
    names = ["product_id", "product_price"]
    if sent(fields, "order_id"):
        names.append("order_id")
    names += [name for name in REQUEST_EXPIRY if sent(fields, name)]
    return tuple(names)


def formula(fields: Mapping) -> str:
    """The sign these fields call for, written out: `md5(product_id-product_price-order_id-sharedsec)`."""
    return "md5(" + "-".join((*signed_names(fields), "sharedsec")) + ")"


def parts(fields: Mapping) -> int:
    """3, 4 or 5: the number of parts of the sign these fields call for, the secret counted."""
    return len(signed_names(fields)) + 1


def request_sign_of(fields: Mapping, shared_secret: str) -> str:
    """The sign of a request with these fields, by the rules of PROTOCOL.md 3a."""
    return _md5("-".join((*(fields.get(name, "") for name in signed_names(fields)), shared_secret)))


def request_sign(product_id: str, product_price: str, order_id: str, shared_secret: str, expiry: str = "") -> str:
    """The sign of one request: 3-part without `order_id`, 4-part with it, 5-part with an `expiry`
    (orderTimelimit or orderExpiretime) too; the price string byte-identical to the one sent."""
    fields = {"product_id": product_id, "product_price": product_price, "order_id": order_id}
    if expiry:
        fields[REQUEST_EXPIRY[0]] = expiry
    return request_sign_of(fields, shared_secret)


def callback_sign(shared_secret: str, customer_id: str, transaction_id: str, transaction_type: str, total: str) -> str:
    """md5(sharedsec + customer_id + transaction_id + transaction_type + total), no separators."""
    return _md5(f"{shared_secret}{customer_id}{transaction_id}{transaction_type}{total}")


def signs_match(expected: str, given: str | None) -> bool:
    """Constant-time comparison that also survives non-ASCII or missing input."""
    if not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.lower().encode("utf-8", "surrogatepass"))
