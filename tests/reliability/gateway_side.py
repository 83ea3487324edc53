"""The gateway's side of a payment, for orders the reliability tests wrote into a cabinet database.

The cabinet signs the request with its own function, the gateway reads it, opens an attempt and
charges the approving test card with its own functions: the callback that ends in its outbox is
exactly the one a payer's «Оплатить» would have queued.
"""

from contextlib import closing
from pathlib import Path

import mock_chronopay
from benchmarks.callback_load import Order
from mock_cabinet import chronopay as merchant_protocol
from mock_chronopay import attempts, intake, registry
from mock_chronopay.db import open_database as open_gateway_database
from tests.support.cards import HOLDER, PAYER_EMAIL, VISA_APPROVED, digits
from tests.support.known import PRODUCT_ID, SHARED_SECRET


def merchant_settings(gateway_url: str) -> merchant_protocol.MerchantSettings:
    return merchant_protocol.MerchantSettings(
        product_id=PRODUCT_ID, product_name="www.deminternet.ru", shared_secret=SHARED_SECRET, gateway_url=gateway_url
    )


def payment_request(order: Order, cabinet_url: str, gateway_url: str = "http://gateway.invalid/") -> dict[str, str]:
    """The signed request «Заплатить» sends the browser with, for `order` of the cabinet at `cabinet_url`."""
    base = cabinet_url.rstrip("/")
    path = f"/cabinet/payments/chronopay/orders/{order.id}"
    return merchant_protocol.payment_request(
        merchant_settings(gateway_url),
        order_id=order.id,
        amount=order.amount,
        account_id=1000 + order.subscriber_id,
        login=f"lt{order.subscriber_id:04d}",
        email="",
        urls={
            "cb_url": base + "/chronopay/callback",
            "success_url": base + path + "/success",
            "decline_url": base + path + "/decline",
        },
    )


def gateway_app(database: Path, cabinet_url: str, smtp: str, **settings):
    """The gateway app (its dispatcher not started) for the cabinet at `cabinet_url`, retrying fast."""
    config = {
        "DATABASE": str(database),
        "SHARED_SECRET": SHARED_SECRET,
        "MERCHANT_URLS": (cabinet_url,),
        "SMTP": smtp,
        "TLS": False,
        "RETRY_BASE_SECONDS": 0.05,
        "RETRY_MAX_SECONDS": 0.5,
        **settings,
    }
    return mock_chronopay.create_app(config)


def approve_at_gateway(app, orders: list[Order], cabinet_url: str) -> list[Order]:
    """Each order paid with the approving Visa; the orders with the gateway's transaction ids."""
    settings = app.extensions["chronopay_settings"]
    card = attempts.CardDetails(email=PAYER_EMAIL, country="RUS", holder=HOLDER, digits=digits(VISA_APPROVED))
    now = app.config["CLOCK"]()
    paid = []
    with closing(open_gateway_database(app.config["DATABASE"])) as db:
        products = lambda product_id: registry.get(db, product_id)  # noqa: E731
        for order in orders:
            fields = payment_request(order, cabinet_url)
            request = intake.read_request(fields, app.config["SHARED_SECRET"], products, now)
            token = attempts.open_attempt(db, request, now)["token"]
            attempt = attempts.submit_card(db, token, card, settings, now)
            assert attempt["status"] == "approved", dict(attempt)
            paid.append(Order(order.id, order.subscriber_id, order.amount, attempt["transaction_id"]))
    return paid
