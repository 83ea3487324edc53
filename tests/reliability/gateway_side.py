"""The gateway's side of a payment, for orders the reliability tests wrote into a cabinet database.

The cabinet signs the request with its own function, the gateway reads it, opens an attempt and
charges the approving test card with its own functions: the callback that ends in its outbox is
exactly the one a payer's «Оплатить» would have queued.
"""

import json
import re
from contextlib import closing
from pathlib import Path

import mock_chronopay
from mock_cabinet import chronopay as merchant_protocol
from mock_chronopay import attempts, intake
from mock_chronopay.db import open_database as open_gateway_database
from mockkit.sqlite import connect

from .cabinet_load import PRODUCT_ID, SHARED_SECRET, Order

VISA_APPROVED = "4111111111111111"
CARD_FORM = {
    "email": "payer@example.com",
    "country": "RUS",
    "card_number": "4111 1111 1111 1111",
    "expiry": "12/39",
    "holder": "IVAN PETROV",
    "cvv": "739",
}


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
        "PRODUCT_ID": PRODUCT_ID,
        "MERCHANT_URLS": (cabinet_url,),
        "SMTP": smtp,
        "TLS": False,
        "SECRET_KEY": "reliability",
        "FROZEN_TIME": "",
        "RETRY_BASE_SECONDS": 0.05,
        "RETRY_MAX_SECONDS": 0.5,
        "DELIVERY_TIMEOUT_SECONDS": 10.0,
        **settings,
    }
    return mock_chronopay.create_app(config)


def approve_at_gateway(app, orders: list[Order], cabinet_url: str) -> list[Order]:
    """Each order paid with the approving Visa; the orders with the gateway's transaction ids."""
    settings = app.extensions["chronopay_settings"]
    merchant = app.extensions["chronopay_merchant"]
    card = attempts.CardDetails(email="payer@example.com", country="RUS", holder="IVAN PETROV", digits=VISA_APPROVED)
    now = app.config["CLOCK"]()
    paid = []
    with closing(open_gateway_database(app.config["DATABASE"])) as db:
        for order in orders:
            request = intake.read_request(payment_request(order, cabinet_url), merchant)
            token = attempts.open_attempt(db, request, now)["token"]
            attempt = attempts.submit_card(db, token, card, settings, now)
            assert attempt["status"] == "approved", dict(attempt)
            paid.append(Order(order.id, order.subscriber_id, order.amount, attempt["transaction_id"]))
    return paid


def outbox_rows(database: Path, kind: str = "callback") -> list:
    with closing(connect(database)) as db:
        return db.execute("SELECT * FROM outbox WHERE kind = ? ORDER BY id", (kind,)).fetchall()


def callback_bodies(database: Path) -> list[dict]:
    return [json.loads(row["body"]) for row in outbox_rows(database)]


def all_delivered(database: Path, kind: str = "callback") -> bool:
    rows = outbox_rows(database, kind)
    return bool(rows) and all(row["delivered_at"] for row in rows)


def form_action(html: str) -> str:
    """The card form's address on the payment page: /pay/<token>."""
    return re.search(r'<form[^>]+action="(/pay/[^"]+)"', html).group(1)
