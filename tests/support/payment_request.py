"""The merchant's request to the hosted payment page (PROTOCOL.md section 3), signed."""

import itertools

from chronopay_protocol import signing
from mock_chronopay.intake import PaymentRequest, read_request
from mock_chronopay.registry import Product

from .html import GatewayPage
from .known import NOW, PRODUCT_ID, REGISTERED_NAME, SHARED_SECRET

MERCHANT_URL = "https://merchant.test/"
# The request's product_name: the merchant's own order description, never the page's purpose.
PRODUCT_NAME = "Интернет ДЭМ, лицевой счет 1001"

_orders = itertools.count(1)


def new_order_id() -> str:
    return f"ORD-{next(_orders)}"


def signed_request(
    merchant_url: str = MERCHANT_URL,
    *,
    drop: tuple[str, ...] = (),
    sign: str | None = None,
    secret: str = SHARED_SECRET,
    **fields,
) -> dict[str, str]:
    """Every field a cabinet sends for a 1000.00 order of `merchant_url`, signed over the fields as sent.

    Keyword arguments override or add fields (a fresh order_id unless given; None: not sent) before
    signing; `drop` leaves fields out after signing; `sign` replaces the computed signature.
    """
    request = {
        "product_id": PRODUCT_ID,
        "product_price": "1000.00",
        "product_price_currency": "RUB",
        "product_name": PRODUCT_NAME,
        "order_id": new_order_id(),
        "cb_url": merchant_url + "chronopay/callback",
        "cb_type": "P",
        "success_url": merchant_url + "payments/success",
        "decline_url": merchant_url + "payments/decline",
        "language": "ru",
        "cs1": "1001",
        "cs2": "dem001",
        "cs3": "",
        **fields,
    }
    request = {name: value for name, value in request.items() if value is not None}
    if sign is None:
        sign = signing.request_sign_of(request, secret)  # 3-, 4- or 5-part, as the fields call for
    request["sign"] = sign
    for name in drop:
        request.pop(name, None)
    return request


def open_payment_page(client, request: dict | None = None, method: str = "GET"):
    """The merchant sends the browser to the page (a Flask test client); returns (response, attempt token)."""
    request = request if request is not None else signed_request()
    response = client.get("/", query_string=request) if method == "GET" else client.post("/", data=request)
    shown = GatewayPage.of(response)
    assert response.status_code == 200, shown.alerts()
    action = shown.form_action("Pay" if request.get("language") == "en" else "Оплатить")
    return response, action.removeprefix("/pay/")


def read_at_gateway(request: dict, *url_prefixes: str, now=NOW, **registration) -> PaymentRequest:
    """The gateway's reading of `request` (intake.read_request) for a registry holding PRODUCT_ID alone,
    its addresses under `url_prefixes` (MERCHANT_URL by default), other Product fields as given."""
    product = Product(PRODUCT_ID, REGISTERED_NAME, url_prefixes=url_prefixes or (MERCHANT_URL,), **registration)
    return read_request(request, SHARED_SECRET, {PRODUCT_ID: product}.get, now)
