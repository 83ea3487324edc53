"""The protocol's two signatures and their constant-time check.

MD5 is ChronoPay's choice, not ours (PROTOCOL.md section 3); we only ever compare in constant time.
"""

import hashlib
import hmac

# Fields of the request from the merchant to the hosted page.
REQUEST_REQUIRED = (
    "product_id",
    "product_price",
    "product_price_currency",
    "product_name",
    "order_id",
    "cb_url",
    "success_url",
    "decline_url",
    "sign",
)
REQUEST_OPTIONAL = ("cb_type", "language", "cs1", "cs2", "cs3", "email", "country")

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
    "sign",
)
# What a callback may leave out (the merchant's fields, the payer's, the card's): the rest is required.
CALLBACK_OPTIONAL = ("product_id", "cs1", "cs2", "cs3", "email", "name", "creditcardnumber", "date")
CALLBACK_REQUIRED = tuple(name for name in CALLBACK_FIELDS if name not in CALLBACK_OPTIONAL)
TRANSACTION_TYPES = ("Purchase", "Refund")


def _md5(text: str) -> str:
    # surrogatepass: a lone surrogate from a fuzzed field still hashes (to a sign nobody sent).
    return hashlib.md5(text.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()


def request_sign(product_id: str, product_price: str, order_id: str, shared_secret: str) -> str:
    """md5(product_id-product_price-order_id-sharedsec); the price string byte-identical to the one sent."""
    return _md5(f"{product_id}-{product_price}-{order_id}-{shared_secret}")


def callback_sign(shared_secret: str, customer_id: str, transaction_id: str, transaction_type: str, total: str) -> str:
    """md5(sharedsec + customer_id + transaction_id + transaction_type + total), no separators."""
    return _md5(f"{shared_secret}{customer_id}{transaction_id}{transaction_type}{total}")


def signs_match(expected: str, given: str | None) -> bool:
    """Constant-time comparison that also survives non-ASCII or missing input."""
    if not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.lower().encode("utf-8", "surrogatepass"))
