"""Steps 4 to 6: «Сумма» → «Новый платеж» → the confirmation → «Заплатить» → the gateway with a signed request."""

from urllib.parse import parse_qs, urlsplit

import pytest
from cabinet_helpers import (
    CALLBACK_URL,
    CHRONOPAY_URL,
    DEMO,
    GATEWAY_URL,
    log_in,
    new_order,
    order_row,
    order_url,
    page,
    press_pay,
    submit,
)

from chronopay_protocol import signing
from tests.support.callbacks import callback
from tests.support.known import PRODUCT_ID, SHARED_SECRET

DEM001 = DEMO["dem001"]
NNBSP = "\u202f"
EMPTY = "Введите сумму платежа."
NOT_POSITIVE = "Сумма должна быть больше нуля."
NOT_A_NUMBER = "Введите сумму числом, например 1000 или 1000,50."
TOO_PRECISE = "Укажите не более двух знаков после запятой (копейки)."
ASCII_ONLY = "Используйте только цифры 0–9."
TOO_LONG = "Сумма слишком длинная: введите число рублей, например 1000."
BELOW_MINIMUM = "Минимальная сумма платежа — 10,00 руб."
ABOVE_MAXIMUM = f"Максимальная сумма платежа — 15{NNBSP}000,00 руб."

BAD_AMOUNTS = [
    ("", EMPTY),
    ("   ", EMPTY),
    ("0", NOT_POSITIVE),
    ("0,00", NOT_POSITIVE),
    ("-100", NOT_POSITIVE),
    ("-1000,50", NOT_POSITIVE),
    ("abc", NOT_A_NUMBER),
    ("тысяча", NOT_A_NUMBER),
    ("1e3", NOT_A_NUMBER),
    ("NaN", NOT_A_NUMBER),
    ("inf", NOT_A_NUMBER),
    ("Infinity", NOT_A_NUMBER),
    ("1,000.00", NOT_A_NUMBER),
    ("1000 руб.", NOT_A_NUMBER),
    ("<script>alert(1)</script>", NOT_A_NUMBER),
    ("1000.001", TOO_PRECISE),
    ("1000,999", TOO_PRECISE),
    ("9,99", BELOW_MINIMUM),
    ("1", BELOW_MINIMUM),
    ("15000,01", ABOVE_MAXIMUM),
    ("1000000", ABOVE_MAXIMUM),
    ("99999999999999999999", ABOVE_MAXIMUM),
    ("١٠٠٠", ASCII_ONLY),
    ("１０００", ASCII_ONLY),
    ("9" * 40, TOO_LONG),
]
GOOD_AMOUNTS = [
    ("1000", 1000_00, "1000"),
    ("1000,5", 1000_50, "1000,50"),
    ("1000.50", 1000_50, "1000,50"),
    ("1 000", 1000_00, "1000"),
    (" 500 ", 500_00, "500"),
    ("10", 10_00, "10"),
    ("15000", 15_000_00, "15000"),
]


def _account(db, login="dem001") -> int:
    return db.execute("SELECT account_id FROM subscribers WHERE login = ?", (login,)).fetchone()[0]


def _gateway_request(response) -> dict[str, str]:
    """The request the browser is sent to the gateway with, as {field: value}."""
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith(GATEWAY_URL + "?")
    query = parse_qs(urlsplit(location).query, keep_blank_values=True, strict_parsing=True)
    assert all(len(values) == 1 for values in query.values())
    return {name: values[0] for name, values in query.items()}


@pytest.mark.parametrize(("typed", "message"), BAD_AMOUNTS, ids=[repr(typed) for typed, _ in BAD_AMOUNTS])
def test_bad_amount_is_explained_next_to_the_field_and_creates_no_order(logged_in, snapshot, typed, message):
    before = snapshot()
    response = submit(logged_in, CHRONOPAY_URL, {"amount": typed})
    assert response.status_code == 400
    shown = page(response)
    assert shown.field_error("amount") == message
    assert shown.input_value("amount") == typed  # what was typed stays, to be corrected
    assert snapshot() == before


def test_typed_script_in_the_amount_is_shown_as_text(logged_in):
    response = submit(logged_in, CHRONOPAY_URL, {"amount": '"><script>alert(1)</script>'})
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    assert page(response).input_value("amount") == '"><script>alert(1)</script>'


def test_missing_amount_field_is_refused_like_an_empty_one(logged_in, snapshot):
    before = snapshot()
    response = submit(logged_in, CHRONOPAY_URL, {})
    assert response.status_code == 400
    assert page(response).field_error("amount") == EMPTY
    assert snapshot() == before


@pytest.mark.parametrize(("typed", "kopecks", "shown"), GOOD_AMOUNTS)
def test_good_amount_creates_one_draft_order_and_opens_its_confirmation(logged_in, db, typed, kopecks, shown):
    response = submit(logged_in, CHRONOPAY_URL, {"amount": typed})
    assert response.status_code == 303
    orders = db.execute("SELECT * FROM orders").fetchall()
    assert len(orders) == 1
    assert (orders[0]["amount"], orders[0]["status"], orders[0]["currency"]) == (kopecks, "draft", "RUB")
    assert response.headers["Location"] == order_url(orders[0]["id"])


@pytest.mark.parametrize(("typed", "kopecks", "shown"), GOOD_AMOUNTS)
def test_confirmation_shows_the_account_and_the_amount(logged_in, db, typed, kopecks, shown):
    confirmation = page(logged_in.get(order_url(new_order(logged_in, typed))))
    assert confirmation.heading("h2") == "Платеж в системе ChronoPay"
    assert confirmation.rows("confirm") == [
        ["Параметр", "Значение"],
        ["Лицевой счет", str(_account(db))],
        ["Сумма", shown],
    ]
    assert "Заплатить" in confirmation.buttons()


def test_amount_limits_come_from_the_configuration(make_app, snapshot):
    app = make_app(AMOUNT_MIN_KOPECKS=100_00, AMOUNT_MAX_KOPECKS=500_00)
    browser = app.test_client()
    log_in(browser, "dem001", DEM001.password)
    assert "От 100,00 до 500,00 руб." in page(browser.get(CHRONOPAY_URL)).text
    before = snapshot()
    too_small = submit(browser, CHRONOPAY_URL, {"amount": "99,99"})
    assert page(too_small).field_error("amount") == "Минимальная сумма платежа — 100,00 руб."
    too_big = submit(browser, CHRONOPAY_URL, {"amount": "500,01"})
    assert page(too_big).field_error("amount") == "Максимальная сумма платежа — 500,00 руб."
    assert snapshot() == before
    assert submit(browser, CHRONOPAY_URL, {"amount": "500"}).status_code == 303


def test_new_payment_twice_makes_two_separate_confirmations(logged_in, db):
    first, second = new_order(logged_in), new_order(logged_in)
    assert first != second
    assert [row["status"] for row in db.execute("SELECT status FROM orders")] == ["draft", "draft"]


def test_pay_sends_the_browser_to_the_gateway_with_every_request_field(logged_in, db):
    order_id = new_order(logged_in, "1000")
    request = _gateway_request(press_pay(logged_in, order_id))
    assert request == {
        "product_id": PRODUCT_ID,
        "product_price": "1000.00",
        "product_price_currency": "RUB",
        "product_name": "www.deminternet.ru",
        "order_id": str(order_id),
        "cb_url": "http://localhost/chronopay/callback",
        "cb_type": "P",
        "success_url": f"http://localhost{order_url(order_id, 'success')}",
        "decline_url": f"http://localhost{order_url(order_id, 'decline')}",
        "language": "ru",
        "cs1": str(_account(db)),
        "cs2": "dem001",
        "cs3": "",
        "email": DEM001.email,
        "country": "RUS",
        "sign": signing.request_sign(PRODUCT_ID, "1000.00", str(order_id), SHARED_SECRET),
    }
    assert set(signing.REQUEST_REQUIRED) <= set(request) <= set(signing.REQUEST_FIELDS)


@pytest.mark.parametrize(("typed", "price"), [("1000,5", "1000.50"), ("10", "10.00"), ("14999.99", "14999.99")])
def test_pay_signs_the_exact_price_string_it_sends(logged_in, typed, price):
    order_id = new_order(logged_in, typed)
    request = _gateway_request(press_pay(logged_in, order_id))
    assert request["product_price"] == price
    assert request["sign"] == signing.request_sign(request["product_id"], price, request["order_id"], SHARED_SECRET)


def test_pay_makes_the_order_payable(logged_in, db):
    order_id = new_order(logged_in)
    press_pay(logged_in, order_id)
    order = order_row(db, order_id)
    assert order["status"] == "pending"
    assert order["submitted_at"] is not None


def test_pay_uses_the_configured_product_secret_and_public_address(make_app):
    app = make_app(
        CHRONOPAY_PRODUCT_ID="000001-0002-0003",
        CHRONOPAY_SHARED_SECRET="another-secret",
        CHRONOPAY_PRODUCT_NAME="stat.example.test",
        PUBLIC_URL="https://stat.example.test/",
    )
    browser = app.test_client()
    log_in(browser, "dem001", DEM001.password)
    order_id = new_order(browser)
    request = _gateway_request(press_pay(browser, order_id))
    assert request["product_id"] == "000001-0002-0003"
    assert request["product_name"] == "stat.example.test"
    assert request["cb_url"] == "https://stat.example.test/chronopay/callback"
    assert request["success_url"] == f"https://stat.example.test{order_url(order_id, 'success')}"
    assert request["sign"] == signing.request_sign("000001-0002-0003", "1000.00", str(order_id), "another-secret")


def test_pay_keeps_a_query_the_gateway_address_already_has(make_app):
    app = make_app(CHRONOPAY_URL="https://gateway.test/pay?merchant=7")
    browser = app.test_client()
    log_in(browser, "dem001", DEM001.password)
    location = press_pay(browser, new_order(browser)).headers["Location"]
    assert location.startswith("https://gateway.test/pay?merchant=7&product_id=")


def test_pressing_pay_twice_sends_the_same_order_and_makes_no_second(logged_in, db):
    order_id = new_order(logged_in)
    first = _gateway_request(press_pay(logged_in, order_id))
    second = _gateway_request(press_pay(logged_in, order_id))
    assert first == second
    assert [tuple(row) for row in db.execute("SELECT id, status FROM orders")] == [(order_id, "pending")]


def test_going_back_and_pressing_pay_again_sends_the_same_order(logged_in, db):
    order_id = new_order(logged_in)
    first = _gateway_request(press_pay(logged_in, order_id))
    back = logged_in.get(order_url(order_id))  # the browser's back button
    assert back.status_code == 200
    token = page(back).csrf_token()
    again = _gateway_request(logged_in.post(order_url(order_id, "pay"), data={"csrf_token": token}))
    assert again["order_id"] == first["order_id"] == str(order_id)
    assert again["sign"] == first["sign"]
    assert db.execute("SELECT COUNT(*) FROM orders WHERE status = 'pending'").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM orders").fetchone()[0] == 1


def test_a_paid_order_is_never_sent_to_the_gateway_again(logged_in, client, db):
    order_id = new_order(logged_in)
    press_pay(logged_in, order_id)
    assert client.post(CALLBACK_URL, data=callback(order_id, 1000_00)).status_code == 200
    token = page(logged_in.get(CHRONOPAY_URL)).csrf_token()
    again = logged_in.post(order_url(order_id, "pay"), data={"csrf_token": token})  # a stale tab's button
    assert again.status_code == 303
    assert again.headers["Location"] == order_url(order_id, "success")
    confirmation = logged_in.get(order_url(order_id))
    assert confirmation.headers["Location"] == order_url(order_id, "success")
    assert order_row(db, order_id)["status"] == "paid"


def test_the_pay_button_is_a_post_form(logged_in):
    order_id = new_order(logged_in)
    confirmation = page(logged_in.get(order_url(order_id)))
    form = next(node for node in confirmation.root.one("button", cls="button").ancestors() if node.tag == "form")
    assert form.attrs["method"] == "post"
    assert logged_in.get(order_url(order_id, "pay")).status_code == 405


@pytest.mark.parametrize("order_id", ["0", "999999", "9223372036854775807", "9223372036854775808", "9" * 30])
def test_an_order_that_does_not_exist_is_not_found(logged_in, snapshot, order_id):
    before = snapshot()
    for action in ("", "success", "decline", "status"):
        assert logged_in.get(order_url(order_id, action)).status_code == 404
    assert submit(logged_in, CHRONOPAY_URL, {}, action_url=order_url(order_id, "pay")).status_code == 404
    assert snapshot() == before


def test_order_status_answers_the_orders_state(logged_in):
    order_id = new_order(logged_in)
    assert logged_in.get(order_url(order_id, "status")).get_json() == {"status": "draft"}
    press_pay(logged_in, order_id)
    assert logged_in.get(order_url(order_id, "status")).get_json() == {"status": "pending"}
