"""A payment from a cabinet configured as each kind of merchant of PROTOCOL.md 3a: the request goes
to the gateway by its transport (GET or POST) with its sign form (3-, 4- or 5-part) and price form,
the payer pays on the gateway's page, and the cabinet books the callback and credits the balance.

Each kind is a configuration of the cabinet (CABINET_CHRONOPAY_*), not a switch of the test; the
stack registers the product at the gateway to match (no order uniqueness without order_id).
"""

import hashlib
from contextlib import closing
from urllib.parse import parse_qsl, urlsplit

import pytest

from mock_cabinet.db import open_database
from portal.pages import ConfirmationPage, GatewayPage, LoginPage
from tests.support.subscribers import create_subscriber

from .journeys import VISA, Journey
from .merchant_stacks import stack_beside

# kind: (the cabinet's settings, transport, the signed fields after product_id and price, the price sent)
KINDS = {
    "GET-4-part": ({}, "GET", ("order_id",), "1500.50"),
    "GET-3-part": ({"CHRONOPAY_SIGN": "3-part"}, "GET", (), "1500.50"),
    "POST-4-part": ({"CHRONOPAY_METHOD": "POST"}, "POST", ("order_id",), "1500.50"),
    "POST-3-part-php-float": (
        {"CHRONOPAY_METHOD": "POST", "CHRONOPAY_SIGN": "3-part", "CHRONOPAY_PRICE_FORMAT": "php-float"},
        "POST",
        (),
        "1500.5",
    ),
    "GET-5-part-php-float": (
        {"CHRONOPAY_ORDER_TIMELIMIT": 30, "CHRONOPAY_PRICE_FORMAT": "php-float"},
        "GET",
        ("order_id", "orderTimelimit"),
        "1500.5",
    ),
}


@pytest.fixture(scope="module", params=list(KINDS))
def merchant(request, stack, tmp_path_factory):
    """(kind, a stack whose cabinet is that kind of merchant)."""
    settings = KINDS[request.param][0]
    with stack_beside(stack, tmp_path_factory.mktemp(request.param), cabinet_settings=settings) as running:
        yield request.param, running


def sent_fields(request) -> dict[str, str]:
    fields = dict(parse_qsl(urlsplit(request.url).query, keep_blank_values=True))
    if request.method == "POST":
        fields.update(parse_qsl(request.post_data or "", keep_blank_values=True))
    return fields


def test_a_cabinet_of_each_kind_is_paid_and_credits_the_callback(page, steps, merchant, payer_email):
    kind, stack = merchant
    _settings, method, signed, price = KINDS[kind]
    subscriber = create_subscriber(stack.cabinet_db_path, balance=100_00, now=stack.cabinet_app.config["CLOCK"]())
    journey = Journey(page, steps, stack, subscriber.id)
    with steps(f"Абонент входит в кабинет (магазин {kind})"):
        LoginPage(page, stack.login_url).open().log_in(subscriber.login, subscriber.password)
    balance_before = journey.balance()
    journey.new_payment("1500,50")
    with steps(f"Абонент нажимает «Заплатить»: запрос уходит на ChronoPay методом {method}"):
        with page.expect_request(lambda sent: sent.url.startswith(stack.gateway_url)) as sent:
            ConfirmationPage(page).pay()
        gateway = GatewayPage(page).expect_loaded()
    request = sent.value
    fields = sent_fields(request)
    assert request.method == method
    assert fields["product_price"] == price
    parts = (fields["product_id"], price, *(fields[name] for name in signed), stack.shared_secret)
    assert fields["sign"] == hashlib.md5("-".join(parts).encode(), usedforsecurity=False).hexdigest()
    assert ("order_id" in fields) == ("order_id" in signed)
    assert gateway.amount_text() == "Сумма: 1500.50 РУБ"
    transaction_id = journey.pay_and_see_paid(gateway, payer_email, VISA).transaction_id()
    assert journey.balance() - balance_before == 1500_50
    with closing(open_database(stack.cabinet_db_path)) as db:
        booked = db.execute(
            "SELECT * FROM payments WHERE subscriber_id = ? AND kind = 'chronopay'", (subscriber.id,)
        ).fetchall()
    assert [(row["amount"], row["external_id"]) for row in booked] == [(1500_50, transaction_id)]
