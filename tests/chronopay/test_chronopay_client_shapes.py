"""Every request shape of PROTOCOL.md 3a (tests/support/client_shapes.py), one row each: its sign
is the one its formula gives, the gateway shows it a payable page and pays it to the callback, and
its forged twin is refused, changing nothing."""

import pytest
from chronopay_helpers import assert_nothing_charged, page, snapshot, submit_card

import mock_cabinet.chronopay as merchant_side
from chronopay_protocol import signing
from mock_chronopay import registry
from tests.support.client_shapes import SHAPES, WORKED_CALLBACK
from tests.support.known import NOW, PRODUCT_ID, SHARED_SECRET
from tests.support.outbox import outbox, queued_callbacks
from tests.support.waits import wait_until

ROWS = [pytest.param(shape, id=shape.id) for shape in SHAPES]


@pytest.fixture
def shop(make_app, merchant, db):
    """make(shape) -> a gateway whose merchant cabinet registers the shape's product at the loopback merchant."""

    def make(shape):
        app = make_app(MERCHANT_URLS=(merchant.url,))
        registry.register(db, shape.product(merchant.url), NOW)
        return app

    return make


def send(client, shape, request):
    return client.get("/", query_string=request) if shape.method == "GET" else client.post("/", data=request)


@pytest.mark.parametrize("shape", ROWS)
def test_the_sign_of_each_shape_is_the_one_its_formula_gives(shape):
    request = shape.request("https://shop.test/")
    assert signing.request_sign_of(request, SHARED_SECRET) == shape.sign
    assert signing.formula(request).count("-") + 1 == 3 + ("order_id" in request) + any(
        name in request for name in signing.REQUEST_EXPIRY
    )


@pytest.mark.parametrize("shape", ROWS)
def test_each_shape_reaches_a_payable_page_and_is_paid_to_its_callback(shape, shop, merchant, db, start_dispatcher):
    app = shop(shape)
    client = app.test_client()
    request = shape.request(merchant.url)
    response = send(client, shape, request)
    shown = page(response)
    assert response.status_code == 200, shown.alerts()
    assert shown.buttons() == ["Оплатить"]
    assert f"Назначение платежа shop {shape.id}" in shown.text, "the registered name, whatever product_name says"
    assert f"Сумма: {shape.paid_total} РУБ" in shown.text
    token = shown.form_action("Оплатить").removeprefix("/pay/")
    paid = submit_card(client, token)
    assert client.get(paid.headers["Location"]).headers["Location"] == merchant.url + shape.success_path
    [callback] = queued_callbacks(db, token)
    paid_as = (callback["transaction_type"], callback["total"], callback["currency"])
    assert paid_as == ("Purchase", shape.paid_total, "RUB")
    assert callback["order_id"] == request.get("order_id", "")
    assert (callback["product_id"], callback["cs1"]) == (shape.product_id, request.get("cs1", ""))
    for name in ("f_name", "s_name", "street", "city", "state", "zip", "phone"):
        assert callback.get(name) == request.get(name), f"{name}: echoed exactly when the request carried it"
    start_dispatcher(app)
    [hit] = wait_until(merchant.delivered, what="the callback's delivery")
    assert hit.path == "/shop/callback"
    assert hit.form["sign"] == signing.callback_sign(
        SHARED_SECRET, callback["customer_id"], callback["transaction_id"], "Purchase", shape.paid_total
    )


@pytest.mark.parametrize("shape", ROWS)
def test_the_forged_twin_of_each_shape_is_refused_and_changes_nothing(shape, shop, merchant, db):
    app = shop(shape)
    before = snapshot(db)
    response = send(app.test_client(), shape, shape.forged(merchant.url))
    assert response.status_code == 400
    shown = page(response)
    assert shown.alerts() == ["Неверная подпись запроса (sign)."]
    assert "Оплатить" not in shown.buttons()
    assert snapshot(db) == before
    assert_nothing_charged(db)
    assert outbox(db) == []


def test_a_payer_named_in_latin_letters_finds_the_card_holder_filled_in(shop, merchant):
    [bitrix] = [shape for shape in SHAPES if shape.id == "bitrix-4-part"]
    app = shop(bitrix)
    shown = page(send(app.test_client(), bitrix, bitrix.request(merchant.url)))
    assert shown.value("Имя") == "Ivan Petrov"


def test_the_worked_callback_example_is_what_a_merchant_verifies():
    """PROTOCOL.md's fourth worked example, as every public client checks it (the cabinet's own code)."""
    fields = {"transaction_type": "Purchase", "customer_id": "123456", "transaction_id": "7890001", "total": "1000.00",
              "currency": "RUB", "order_id": "42", "product_id": PRODUCT_ID, "sign": WORKED_CALLBACK}  # fmt: skip
    settings = merchant_side.MerchantSettings(PRODUCT_ID, "www.deminternet.ru", SHARED_SECRET, "https://gw.test/")
    assert merchant_side.verify_callback(fields, settings).order_id == 42
    with pytest.raises(merchant_side.CallbackRejected):
        merchant_side.verify_callback({**fields, "total": "1000.01"}, settings)
