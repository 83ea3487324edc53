"""The cabinet as each kind of ChronoPay merchant of PROTOCOL.md 3a (its configuration, not a test switch):
the request «Заплатить» sends, and the callback it then books."""

import hashlib
from urllib.parse import parse_qsl, urlsplit

import pytest
from cabinet_helpers import (
    CALLBACK_URL,
    DEMO,
    GATEWAY_URL,
    balance_of,
    log_in,
    new_order,
    order_row,
    press_pay,
)

import mock_cabinet
from chronopay_protocol import signing
from tests.support.callbacks import callback
from tests.support.html import Page
from tests.support.known import PRODUCT_ID, SHARED_SECRET

DEM001 = DEMO["dem001"]


def md5_of(*parts: str) -> str:
    """PROTOCOL.md 3a's sign written out again: md5 of the parts joined by "-"."""
    return hashlib.md5("-".join(parts).encode(), usedforsecurity=False).hexdigest()


@pytest.fixture
def merchant(make_app):
    """merchant(**settings) -> a logged-in browser of a cabinet configured as that kind of merchant."""

    def make(**settings):
        browser = make_app(CHRONOPAY_URL=GATEWAY_URL, **settings).test_client()
        log_in(browser, "dem001", DEM001.password)
        return browser

    return make


def redirected_request(response) -> dict[str, str]:
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith(GATEWAY_URL + "?")
    return dict(parse_qsl(urlsplit(location).query, keep_blank_values=True))


def posted_request(response) -> dict[str, str]:
    """The form the page sends to the gateway by itself (CHRONOPAY_METHOD=POST)."""
    assert response.status_code == 200
    shown = Page.of(response)
    [form] = [form for form in shown.root.find_all("form") if form.attrs.get("action") == GATEWAY_URL]
    assert form.attrs["method"] == "post"
    return {field.attrs["name"]: field.attrs.get("value", "") for field in form.find_all("input")}


def test_the_default_merchant_is_the_isp_module_4_part_two_decimals_get(merchant):
    browser = merchant()
    order_id = new_order(browser, "1000")
    request = redirected_request(press_pay(browser, order_id))
    assert (request["product_price"], request["order_id"], request["cs3"]) == ("1000.00", str(order_id), "")
    assert request["sign"] == signing.request_sign(PRODUCT_ID, "1000.00", str(order_id), SHARED_SECRET)
    assert "orderTimelimit" not in request


def test_a_3_part_merchant_sends_no_order_id_and_the_order_in_cs3(merchant):
    browser = merchant(CHRONOPAY_SIGN="3-part")
    order_id = new_order(browser, "1000")
    request = redirected_request(press_pay(browser, order_id))
    assert "order_id" not in request
    assert request["cs3"] == str(order_id)
    assert request["sign"] == md5_of(PRODUCT_ID, "1000.00", SHARED_SECRET)


@pytest.mark.parametrize(("typed", "price"), [("1000", "1000"), ("1000,5", "1000.5"), ("10,05", "10.05")])
def test_a_php_float_merchant_sends_the_price_as_php_prints_it_and_signs_that(merchant, typed, price):
    browser = merchant(CHRONOPAY_PRICE_FORMAT="php-float")
    order_id = new_order(browser, typed)
    request = redirected_request(press_pay(browser, order_id))
    assert request["product_price"] == price
    assert request["sign"] == md5_of(PRODUCT_ID, price, str(order_id), SHARED_SECRET)


def test_a_merchant_with_a_time_limit_sends_it_and_signs_it_after_the_order(merchant):
    browser = merchant(CHRONOPAY_ORDER_TIMELIMIT=30)
    order_id = new_order(browser, "1000")
    request = redirected_request(press_pay(browser, order_id))
    assert request["orderTimelimit"] == "30"
    assert request["sign"] == md5_of(PRODUCT_ID, "1000.00", str(order_id), "30", SHARED_SECRET)


def test_a_post_merchant_sends_the_same_signed_request_as_a_form(merchant, db):
    browser = merchant(CHRONOPAY_METHOD="POST", CHRONOPAY_SIGN="3-part")
    order_id = new_order(browser, "250,50")
    response = press_pay(browser, order_id)
    request = posted_request(response)
    assert request["product_price"] == "250.50"
    assert request["cs3"] == str(order_id)
    assert request["sign"] == md5_of(PRODUCT_ID, "250.50", SHARED_SECRET)
    assert "Перейти к оплате" in Page.of(response).buttons(), "without a script the payer presses it"
    assert order_row(db, order_id)["status"] == "pending"


@pytest.mark.parametrize(
    ("settings", "order_in"),
    [({}, "order_id"), ({"CHRONOPAY_SIGN": "3-part"}, "cs3"), ({"CHRONOPAY_PRICE_FORMAT": "php-float"}, "order_id")],
    ids=["4-part", "3-part", "php-float"],
)
def test_each_kind_of_merchant_books_the_callback_of_its_order_once(merchant, db, settings, order_in):
    browser = merchant(**settings)
    order_id = new_order(browser, "1000")
    press_pay(browser, order_id)
    before = balance_of(db, "dem001")
    fields = callback(order_id, 1000_00) if order_in == "order_id" else callback("", 1000_00, cs3=str(order_id))
    gateway = browser.application.test_client()
    for _ in range(2):
        response = gateway.post(CALLBACK_URL, data=fields)
        assert response.status_code == 200, response.get_data(as_text=True)
    assert balance_of(db, "dem001") == before + 1000_00
    assert order_row(db, order_id)["status"] == "paid"


def test_a_3_part_merchant_refuses_a_callback_without_its_cs3_and_books_nothing(merchant, db):
    browser = merchant(CHRONOPAY_SIGN="3-part")
    order_id = new_order(browser, "1000")
    press_pay(browser, order_id)
    before = balance_of(db, "dem001")
    response = browser.application.test_client().post(CALLBACK_URL, data=callback(order_id, 1000_00))
    assert response.status_code == 400
    assert response.get_data(as_text=True).strip() == "no order: the callback carries no cs3"
    assert balance_of(db, "dem001") == before
    assert order_row(db, order_id)["status"] == "pending"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CHRONOPAY_SIGN", "2-part"),
        ("CHRONOPAY_PRICE_FORMAT", "float"),
        ("CHRONOPAY_METHOD", "PUT"),
        ("CHRONOPAY_ORDER_TIMELIMIT", -1),
    ],
)
def test_a_merchant_kind_the_cabinet_cannot_be_stops_its_start(database_path, name, value):
    with pytest.raises(ValueError, match=str(value)):
        mock_cabinet.create_app({"DATABASE": str(database_path), name: value})
