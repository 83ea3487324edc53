"""The merchant cabinet: products registered at start and on the operator's page, and what a request
falls back to: the registered name, currency and URLs, and order uniqueness on or off."""

import pytest
from chronopay_helpers import open_admin, operator, page, pay, snapshot, transactions

from mock_chronopay import registry
from tests.support.cards import VISA_APPROVED
from tests.support.known import NOW, PRODUCT_ID, REGISTERED_NAME
from tests.support.outbox import queued_callbacks
from tests.support.payment_request import MERCHANT_URL, open_payment_page, signed_request

SHOP_URL = "https://shop.test/"
SHOP = registry.Product(
    "000777-0001-0001",
    "shop.test",
    url_prefixes=(SHOP_URL,),
    defaults={
        "cb_url": SHOP_URL + "chronopay/notify",
        "success_url": SHOP_URL + "checkout/done",
        "decline_url": SHOP_URL + "checkout/failed",
    },
    order_unique=False,
)


def shop_request(**fields) -> dict:
    """A request of the shop's product that leaves its URLs to the registration (as nopCommerce does)."""
    return signed_request(
        SHOP_URL, **{"product_id": SHOP.product_id, "cb_url": None, "success_url": None, "decline_url": None, **fields}
    )


@pytest.fixture
def shop_app(app, db):
    registry.register(db, SHOP, NOW)
    return app


def product_form(client, app, path: str, **fields):
    """Fill in and save a product's page on the operator's pages."""
    shown = page(client.get(path, auth=operator(app)))
    data = {"csrf_token": shown.hidden("csrf_token"), **fields}
    return client.post(path, data=data, auth=operator(app))


# Registered at start ---------------------------------------------------------------------------


def test_the_start_settings_register_the_isps_product(app, db):
    product = registry.get(db, PRODUCT_ID)
    assert (product.name, product.currency, product.order_unique) == (REGISTERED_NAME, "RUB", True)
    assert product.url_prefixes == (MERCHANT_URL,)


def test_a_restart_registers_the_product_of_its_settings_again(make_app, db):
    make_app()
    make_app(PRODUCT_NAME="stat.deminternet.ru", ORDER_UNIQUE=False, PRODUCT_CB_URL=MERCHANT_URL + "cb")
    product = registry.get(db, PRODUCT_ID)
    assert (product.name, product.order_unique, product.default("cb_url")) == (
        "stat.deminternet.ru",
        False,
        MERCHANT_URL + "cb",
    )


@pytest.mark.parametrize(
    ("setting", "value", "problem"),
    [
        ("PRODUCT_CURRENCY", "GBP", "Валюта"),
        ("PRODUCT_NAME", " ", "Название"),
        ("PRODUCT_ID", "004704 0001", "Код продукта"),
        ("MERCHANT_URLS", ("ftp://merchant.test/",), "Адрес сайта магазина"),
        ("PRODUCT_SUCCESS_URL", "https://evil.test/ok", "success_url"),
    ],
)
def test_a_start_product_that_cannot_be_registered_stops_the_start(make_app, setting, value, problem):
    with pytest.raises(ValueError, match=problem):
        make_app(**{setting: value})


# The operator's pages --------------------------------------------------------------------------


def test_the_operator_sees_every_product(shop_app):
    client = shop_app.test_client()
    rows = [row for row in open_admin(client, shop_app).rows("admin", index=3)[1:]]
    assert [row[:5] for row in rows] == [
        [SHOP.product_id, "shop.test", "RUB", SHOP_URL, "нет"],
        [PRODUCT_ID, REGISTERED_NAME, "RUB", MERCHANT_URL, "да"],
    ]


def test_a_renamed_product_is_the_purpose_of_its_next_page(app, db):
    client = app.test_client()
    response = product_form(
        client,
        app,
        f"/admin/products/{PRODUCT_ID}",
        name="ДЭМ Интернет, www.deminternet.ru",
        currency="RUB",
        url_prefixes=MERCHANT_URL,
        order_unique="on",
    )
    assert response.status_code == 303
    assert f"Продукт {PRODUCT_ID} сохранен." in open_admin(client, app).text
    shown = page(open_payment_page(client)[0])
    assert "Назначение платежа ДЭМ Интернет, www.deminternet.ru" in shown.text


def test_the_operator_registers_a_new_product_that_then_takes_payments(app, db):
    client = app.test_client()
    response = product_form(
        client,
        app,
        "/admin/products/new",
        product_id=SHOP.product_id,
        name="shop.test",
        currency="RUB",
        url_prefixes=SHOP_URL + "\r\n",
        **SHOP.defaults,
    )
    assert response.status_code == 303
    assert registry.get(db, SHOP.product_id) == SHOP
    token, _response = pay(client, VISA_APPROVED, request=shop_request(order_id=None))
    [callback] = queued_callbacks(db, token)
    assert callback["product_id"] == SHOP.product_id


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "Название (Назначение платежа)", "Название: от 1 до 100 знаков"),
        ({"currency": "XXX"}, "Валюта", "Валюта: одна из RUB, USD, EUR."),
        ({"url_prefixes": ""}, "Адреса сайта магазина (по одному в строке)", "Укажите от 1 до 10 адресов"),
        ({"cb_url": "https://evil.test/cb"}, "cb_url по умолчанию", "Адрес cb_url должен начинаться"),
    ],
)
def test_a_wrong_registration_is_refused_by_field_and_changes_nothing(app, db, fields, field, message):
    client = app.test_client()
    before = registry.get(db, PRODUCT_ID)
    form = {"name": "x", "currency": "RUB", "url_prefixes": MERCHANT_URL, **fields}
    response = product_form(client, app, f"/admin/products/{PRODUCT_ID}", **form)
    assert response.status_code == 422
    assert page(response).field_error(field).startswith(message)
    assert registry.get(db, PRODUCT_ID) == before


def test_a_product_id_already_registered_cannot_be_registered_again(app, db):
    client = app.test_client()
    before = registry.get(db, PRODUCT_ID)
    response = product_form(
        client, app, "/admin/products/new", product_id=PRODUCT_ID, name="x", currency="RUB", url_prefixes=MERCHANT_URL
    )
    assert response.status_code == 422
    assert page(response).field_error("Код продукта (product_id)").startswith("Такой продукт уже зарегистрирован")
    assert registry.get(db, PRODUCT_ID) == before


def test_the_product_pages_need_the_operator_and_the_pages_csrf_token(app, db):
    client = app.test_client()
    before = registry.get(db, PRODUCT_ID)
    form = {"name": "forged", "currency": "RUB", "url_prefixes": "https://evil.test/"}
    assert client.get(f"/admin/products/{PRODUCT_ID}").status_code == 401
    assert client.post(f"/admin/products/{PRODUCT_ID}", data=form).status_code == 401
    forged = client.post(f"/admin/products/{PRODUCT_ID}", data={**form, "csrf_token": "x"}, auth=operator(app))
    assert forged.status_code == 400
    assert client.get("/admin/products/no-such-product", auth=operator(app)).status_code == 404
    assert registry.get(db, PRODUCT_ID) == before


# What a request falls back to ------------------------------------------------------------------


def test_a_request_without_urls_or_currency_uses_the_registration(shop_app, db):
    client = shop_app.test_client()
    token, response = pay(client, VISA_APPROVED, request=shop_request(product_price_currency=None))
    assert response.status_code == 303
    stored = db.execute("SELECT * FROM attempts WHERE token = ?", (token,)).fetchone()
    assert (stored["cb_url"], stored["success_url"], stored["decline_url"], stored["currency"]) == (
        *SHOP.defaults.values(),
        "RUB",
    )
    assert client.get(f"/pay/{token}").headers["Location"] == SHOP_URL + "checkout/done"


def test_a_url_sent_overrides_the_registered_one(shop_app, db):
    request = shop_request(success_url=SHOP_URL + "thanks?order=7")
    token, _response = pay(shop_app.test_client(), VISA_APPROVED, request=request)
    assert shop_app.test_client().get(f"/pay/{token}").headers["Location"] == SHOP_URL + "thanks?order=7"


@pytest.mark.parametrize("url_field", ["cb_url", "success_url", "decline_url"])
def test_a_url_neither_sent_nor_registered_is_refused_by_name(shop_app, db, url_field):
    registry.register(db, registry.Product(SHOP.product_id, "shop.test", url_prefixes=(SHOP_URL,)), NOW)
    request = signed_request(SHOP_URL, product_id=SHOP.product_id, **{url_field: None})
    before = snapshot(db)
    response = shop_app.test_client().get("/", query_string=request)
    assert response.status_code == 400
    assert page(response).alerts() == [f"В запросе нет адреса {url_field}, и для продукта он не зарегистрирован."]
    assert snapshot(db) == before


def test_a_currency_other_than_the_registered_one_is_refused(shop_app, db):
    before = snapshot(db)
    response = shop_app.test_client().get("/", query_string=shop_request(product_price_currency="USD"))
    assert response.status_code == 400
    assert page(response).alerts() == ["Неподдерживаемая валюта: USD."]
    assert snapshot(db) == before


def test_a_product_in_another_currency_asks_in_it(app, db):
    registry.register(db, registry.Product("000777-0002-0001", "eu.shop.test", "EUR", (SHOP_URL,)), NOW)
    request = signed_request(SHOP_URL, product_id="000777-0002-0001", product_price="25.5", product_price_currency=None)
    response, _token = open_payment_page(app.test_client(), request)
    assert "Сумма: 25.50 EUR" in page(response).text


# Order uniqueness ------------------------------------------------------------------------------


def test_without_order_uniqueness_an_order_may_be_paid_twice(shop_app, db):
    client = shop_app.test_client()
    request = shop_request(order_id="SHOP-1")
    first, _response = pay(client, VISA_APPROVED, request=request)
    reopened = client.get("/", query_string=request)
    assert reopened.status_code == 200, "a new page for the same order, not the paid one"
    second, _response = pay(client, VISA_APPROVED, request=request)
    assert first != second
    assert [t["kind"] for t in transactions(db)] == ["Purchase", "Purchase"]
    assert [c["order_id"] for c in queued_callbacks(db)] == ["SHOP-1", "SHOP-1"]


def test_without_order_id_every_request_is_a_payment_of_its_own(shop_app, db):
    client = shop_app.test_client()
    request = shop_request(order_id=None, cs1="nop-order-5")
    _first_page, first = open_payment_page(client, request)
    _second_page, second = open_payment_page(client, request)
    assert first != second
    pay(client, VISA_APPROVED, request=request)
    [callback] = queued_callbacks(db)
    assert (callback["order_id"], callback["cs1"]) == ("", "nop-order-5"), "the merchant finds its order by cs1"


def test_with_order_uniqueness_a_paid_order_is_not_paid_again(app, db):
    client = app.test_client()
    request = signed_request(order_id="ISP-1")
    token, _response = pay(client, VISA_APPROVED, request=request)
    before = snapshot(db)
    reopened = client.get("/", query_string=request)
    assert reopened.headers["Location"] == f"/pay/{token}"
    assert snapshot(db) == before
    assert len(transactions(db)) == 1
