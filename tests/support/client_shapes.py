"""Every request shape of PROTOCOL.md 3a, as the public merchant integrations build it, with its sign
written out by hand (the formula's parts) or taken from PROTOCOL.md's worked examples, and a forged
twin of each: the same request changed after signing, as an attacker in the payer's browser would.

    for shape in SHAPES:
        request = shape.request(merchant_url)   # the fields as that client sends them, signed
        forged = shape.forged(merchant_url)     # its twin: the gateway must refuse it

Each shape names how its product is registered at the gateway (`product()`): the URLs it leaves
out come from there, and "order uniqueness" is on exactly when the client sends order_id.
"""

import hashlib
from dataclasses import dataclass, field

from mock_chronopay.registry import Product

from .known import PRODUCT_ID, SHARED_SECRET

# PROTOCOL.md 3a's worked examples (secret s3cr3t-shared, product 004704-0001-0001).
WORKED_4_PART = "2c2d57b9c06555c97ea3bbc0ae06ab3b"  # 1000.00, ORD-42
WORKED_3_PART = "6f2586629c58bdbfcc84621529cb67c6"  # 1000, no order_id
WORKED_5_PART = "8ae45fd4c5ae99eeca12b66f5d42f3ca"  # 1000.5, ORD-42, orderTimelimit=30
WORKED_CALLBACK = "98d2a7766fc816d5fbbc165327b62c12"  # 123456, 7890001, Purchase, 1000.00
# A deadline after the tests' frozen time (17:35 in Moscow).
LATER_TODAY = "2026-11-25T18:30:00+0300"
PAYER = {"f_name": "Ivan", "s_name": "Petrov", "street": "ул. Ленина, 1", "city": "Москва", "zip": "101000",
         "phone": "+74950000000", "state": "Москва"}  # fmt: skip


def md5_of(*parts: str) -> str:
    """The sign written out from its formula: md5 of the parts and the secret, joined by "-"."""
    return hashlib.md5("-".join((*parts, SHARED_SECRET)).encode(), usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class ClientShape:
    id: str
    client: str  # the integration of PROTOCOL.md 3a that sends it
    method: str  # GET or POST
    fields: dict  # the request without its sign; "{merchant}" in a value is the merchant's address
    sign: str  # the sign it must carry: a worked example, or md5_of(the formula's parts)
    forgery: dict  # what the twin changes after signing (None: leaves the field out)
    product_id: str = "004704-0002-0001"
    order_unique: bool = True
    registered_urls: dict = field(default_factory=dict)  # defaults the product is registered with
    paid_total: str = "1000.00"  # the callback's total for it
    success_path: str = "shop/success"  # where the payer ends up after paying

    def _filled(self, values: dict, merchant_url: str) -> dict:
        return {name: value.replace("{merchant}", merchant_url) for name, value in values.items()}

    def request(self, merchant_url: str) -> dict[str, str]:
        return {**self._filled(self.fields, merchant_url), "sign": self.sign}

    def forged(self, merchant_url: str) -> dict[str, str]:
        twin = {**self.request(merchant_url), **self.forgery}
        return {name: value for name, value in twin.items() if value is not None}

    def product(self, merchant_url: str) -> Product:
        return Product(
            self.product_id,
            f"shop {self.id}",
            url_prefixes=(merchant_url,),
            defaults=self._filled(self.registered_urls, merchant_url),
            order_unique=self.order_unique,
        )


SHOP = "004704-0002-0001"
URLS = {"success_url": "{merchant}shop/success", "decline_url": "{merchant}shop/decline"}
CB = {"cb_url": "{merchant}shop/callback"}
REGISTERED = {**CB, **URLS}

SHAPES = (
    ClientShape(
        "isp-cabinet",
        "our cabinet, the ISP's module (PROTOCOL.md 3, its worked example)",
        "GET",
        {
            "product_id": PRODUCT_ID,
            "product_price": "1000.00",
            "product_price_currency": "RUB",
            "product_name": "www.deminternet.ru",
            "order_id": "ORD-42",
            **CB,
            "cb_type": "P",
            **URLS,
            "language": "ru",
            "cs1": "1001",
            "cs2": "dem001",
            "cs3": "",
            "country": "RUS",
        },
        WORKED_4_PART,
        {"order_id": "ORD-43"},
        product_id=PRODUCT_ID,
    ),
    ClientShape(
        "woocommerce",
        "the DarkProtocol WooCommerce plugin: a float as PHP prints it, no currency, no product_name",
        "GET",
        {"product_id": SHOP, "product_price": "1000", "order_id": "WC-1001", "success_url": URLS["success_url"], **CB},
        md5_of(SHOP, "1000", "WC-1001"),
        {"product_price": "10"},
        registered_urls=URLS,
    ),
    ClientShape(
        "magento2",
        "the DarkProtocol Magento 2 plugin: one decimal; decline_url, cb_type and language configured",
        "GET",
        {
            "product_id": SHOP,
            "product_price": "1000.5",
            "order_id": "100000042",
            **CB,
            **URLS,
            "cb_type": "P",
            "language": "ru",
        },
        md5_of(SHOP, "1000.5", "100000042"),
        {"product_price": "1000.05"},
        paid_total="1000.50",
    ),
    ClientShape(
        "webasyst-timelimit",
        "the DarkProtocol WebAsyst plugin with orderTimelimit (PROTOCOL.md 3a's worked 5-part example)",
        "GET",
        {
            "product_id": PRODUCT_ID,
            "product_price": "1000.5",
            "order_id": "ORD-42",
            "orderTimelimit": "30",
            "success_url": URLS["success_url"],
            **CB,
        },
        WORKED_5_PART,
        {"orderTimelimit": "3000"},
        product_id=PRODUCT_ID,
        registered_urls=URLS,
        paid_total="1000.50",
    ),
    ClientShape(
        "woocommerce-expiretime",
        "the DarkProtocol WooCommerce plugin with orderExpiretime",
        "GET",
        {
            "product_id": SHOP,
            "product_price": "1000",
            "order_id": "WC-1002",
            "orderExpiretime": LATER_TODAY,
            "success_url": URLS["success_url"],
            **CB,
        },
        md5_of(SHOP, "1000", "WC-1002", LATER_TODAY),
        {"orderExpiretime": "2026-11-26T18:30:00+0300"},
        registered_urls=URLS,
    ),
    ClientShape(
        "nopcommerce",
        "the nopCommerce plugin: POST, the store currency, product_name, cb_url only, the order in cs1",
        "POST",
        {
            "product_id": SHOP,
            "product_price": "1000.00",
            "product_price_currency": "RUB",
            "product_name": "Order #5",
            "cs1": "5",
            **CB,
        },
        md5_of(SHOP, "1000.00"),
        {"order_id": "6"},  # an order_id slipped in: the 3-part sign never covered it
        order_unique=False,
        registered_urls=URLS,
    ),
    ClientShape(
        "bitrix-3-part",
        "1C-Bitrix without order uniqueness: POST, no currency, product_name, all three URLs, the payer",
        "POST",
        {
            "product_id": SHOP,
            "product_price": "1000.00",
            "product_name": "Заказ 77",
            **CB,
            **URLS,
            "email": "payer@example.com",
            **PAYER,
        },
        md5_of(SHOP, "1000.00"),
        {"product_price": "1.00"},
        order_unique=False,
    ),
    ClientShape(
        "bitrix-4-part",
        "1C-Bitrix with order uniqueness: order_id sent and signed",
        "POST",
        {
            "product_id": SHOP,
            "product_price": "1000.00",
            "product_name": "Заказ 78",
            "order_id": "78",
            **CB,
            **URLS,
            **PAYER,
        },
        md5_of(SHOP, "1000.00", "78"),
        {"order_id": "79"},
    ),
    ClientShape(
        "leyka-3-part",
        "Leyka without uniqueness control: POST, the currency, no product_name, all three URLs",
        "POST",
        {
            "product_id": SHOP,
            "product_price": "1000.00",
            "product_price_currency": "RUB",
            **CB,
            **URLS,
            "email": "donor@example.com",
        },
        md5_of(SHOP, "1000.00"),
        {"sign": md5_of(SHOP, "1000.00", "1")},  # a 4-part sign for a request without the order
        order_unique=False,
    ),
    ClientShape(
        "leyka-4-part",
        "Leyka with uniqueness control: order_id sent and signed",
        "POST",
        {
            "product_id": SHOP,
            "product_price": "1000.00",
            "product_price_currency": "RUB",
            "order_id": "L-9",
            **CB,
            **URLS,
        },
        md5_of(SHOP, "1000.00", "L-9"),
        {"product_id": PRODUCT_ID},  # the same sign presented for another product
    ),
    ClientShape(
        "3-part-worked-example",
        "ChronoPay's default 3-part sign (PROTOCOL.md 3a's worked example)",
        "GET",
        {"product_id": PRODUCT_ID, "product_price": "1000", **CB, **URLS},
        WORKED_3_PART,
        {"product_price": "1000.00"},  # the same amount spelled otherwise: the sign is over the string
        product_id=PRODUCT_ID,
        order_unique=False,
    ),
)
