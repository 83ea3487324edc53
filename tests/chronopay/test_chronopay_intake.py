"""The merchant's request to the hosted page: what the payer sees for a valid one, and the refusals."""

import pytest
from chronopay_helpers import (
    assert_nothing_charged,
    page,
    snapshot,
)

from chronopay_protocol import signing
from tests.support.known import PRODUCT_ID, REGISTERED_NAME
from tests.support.payment_request import MERCHANT_URL, PRODUCT_NAME, open_payment_page, signed_request

# The page of step 7 (PROTOCOL.md section 1), in order of appearance.
RU_TITLE = "CHRONOPAY СТРАНИЦА ОПЛАТЫ"
RU_PROVIDER = "сервис обеспечивает компания CHRONOPAY провайдер онлайн платежей"
RU_SECTIONS = ["ВВЕДИТЕ ИНФОРМАЦИЮ О СЕБЕ", "ВВЕДИТЕ ДАННЫЕ КАРТЫ"]
RU_WARNING = (
    "Пожалуйста, не закрывайте и не обновляйте это окно до завершения полного процесса "
    "(обычно это занимает не более трех минут)."
)
RU_REFUSED = "Запрос на оплату не принят"
EN_REFUSED = "Payment request refused"


def refused(client, db, request: dict, method: str = "GET"):
    """Send the request; it must be refused with a 400 error page and leave no trace. Returns that page."""
    response = client.get("/", query_string=request) if method == "GET" else client.post("/", data=request)
    assert response.status_code == 400
    shown = page(response)
    assert "Оплатить" not in shown.buttons() and "Pay" not in shown.buttons()
    assert snapshot(db).attempts == ()  # no attempt, so nothing to pay
    assert_nothing_charged(db)
    return shown


# A valid request -------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_signed_request_by_get_or_post_shows_the_payment_page(client, method):
    response, _token = open_payment_page(client, signed_request(), method=method)
    shown = page(response)
    assert shown.headings("h1") == [RU_TITLE]
    assert shown.title == RU_TITLE


def test_the_worked_example_of_the_protocol_is_accepted(client):
    request = signed_request(order_id="ORD-42", sign="2c2d57b9c06555c97ea3bbc0ae06ab3b")
    response, _token = open_payment_page(client, request)
    assert "Сумма: 1000.00 РУБ" in page(response).text


def test_the_page_shows_everything_step_7_describes(client):
    response, _token = open_payment_page(client)
    shown = page(response)
    text = shown.text
    assert shown.language == "ru"
    for expected in (RU_TITLE, RU_PROVIDER, "Назначение платежа " + REGISTERED_NAME, "Сумма: 1000.00 РУБ", RU_WARNING):
        assert expected in text
    assert shown.headings("h2") == RU_SECTIONS
    assert "Ваша карта" in text
    assert "К оплате принимаются карты:" in text
    assert shown.images()[:2] == ["VISA", "MasterCard"]
    assert shown.buttons() == ["Оплатить"]
    # Steps' order on the page: title, provider, purpose, amount, about you, card data, warning, button.
    positions = [
        text.index(part)
        for part in (RU_TITLE, RU_PROVIDER, "Назначение платежа", "Сумма:", *RU_SECTIONS, RU_WARNING, "Оплатить")
    ]
    assert positions == sorted(positions)


def test_every_field_carries_the_required_mark(client):
    response, _token = open_payment_page(client)
    assert page(response).required_marks() == {
        "E-mail": "*",
        "Страна": "*",
        "Номер банковской карты": "*",
        "Срок действия": "*",
        "Имя": "*",
        "CVV2/CVC2": "*",
    }


def test_the_required_mark_is_red(client):
    css = client.get("/static/chronopay.css").get_data(as_text=True)
    assert ".req { color: var(--error)" in css
    assert "--error: #c62828;" in css  # a red


@pytest.mark.parametrize("price", ["1000.00", "1234.56", "0.01", "10.50", "999999.99"])
def test_the_amount_is_the_requested_one_to_the_kopeck(client, price):
    response, _token = open_payment_page(client, signed_request(product_price=price))
    assert f"Сумма: {price} РУБ" in page(response).text


def test_the_purpose_is_the_registered_name_and_product_name_only_a_secondary_description(client):
    """product_name is not signed: anybody can change it in the address. It never becomes the purpose."""
    response, _token = open_payment_page(client, signed_request(product_name="Оплата штрафа ГИБДД"))
    shown = page(response)
    [purpose] = shown.root.find_all("p", cls="purpose")
    assert purpose.text.split() == ["Назначение", "платежа", REGISTERED_NAME]
    [description] = shown.root.find_all("p", cls="description")
    assert description.text.strip() == "Описание заказа: Оплата штрафа ГИБДД"
    assert "muted" in description.classes
    assert shown.text.index(REGISTERED_NAME) < shown.text.index("Описание заказа") < shown.text.index("Сумма:")


def test_a_product_name_equal_to_the_registered_name_is_not_repeated(client):
    response, _token = open_payment_page(client, signed_request(product_name=REGISTERED_NAME))
    shown = page(response)
    assert shown.root.find_all("p", cls="description") == []
    assert shown.text.count(REGISTERED_NAME) == 1


def test_without_product_name_the_page_names_the_registered_product(client):
    response, _token = open_payment_page(client, signed_request(drop=("product_name",)))
    shown = page(response)
    assert "Назначение платежа " + REGISTERED_NAME in shown.text
    assert "Описание заказа" not in shown.text


def test_a_long_description_is_cut_on_the_page(client):
    response, _token = open_payment_page(client, signed_request(product_name="Заказ " + "x" * 1000))
    [description] = page(response).root.find_all("p", cls="description")
    assert len(description.text.strip()) <= len("Описание заказа: ") + 120
    assert description.text.strip().endswith("…")


def test_the_product_name_is_shown_as_text_never_as_markup(client):
    name = '<script>alert("x")</script> & <b>bold</b>'
    response, _token = open_payment_page(client, signed_request(product_name=name))
    shown = page(response)
    assert f"Описание заказа: {name}" in shown.text
    assert "<script>alert" not in shown.html
    assert not [node for node in shown.root.find_all("b") if node.text == "bold"]


def test_payer_prefill_fills_email_and_country(client):
    response, _token = open_payment_page(client, signed_request(email="payer@example.com", country="KAZ"))
    shown = page(response)
    assert shown.value("E-mail") == "payer@example.com"
    assert shown.value("Страна") == "KAZ"


def test_without_prefill_the_fields_are_empty_and_russia_is_chosen(client):
    response, _token = open_payment_page(client)
    shown = page(response)
    assert shown.value("E-mail") == ""
    assert shown.value("Страна") == "RUS"


def test_the_country_list_starts_with_russia_then_is_sorted(client):
    response, _token = open_payment_page(client)
    options = page(response).options("Страна")
    assert options[0] == ("RUS", "Россия")
    assert len(options) > 200
    names = [name for _code, name in options[1:]]
    assert names == sorted(names, key=str.casefold)
    assert ("KAZ", "Казахстан") in options
    assert len({code for code, _name in options}) == len(options)


def test_language_en_shows_the_same_page_in_english(client):
    response, _token = open_payment_page(client, signed_request(language="en", product_price="1234.56"))
    shown = page(response)
    assert shown.language == "en"
    assert shown.headings("h1") == ["CHRONOPAY PAYMENT PAGE"]
    assert shown.headings("h2") == ["ENTER YOUR INFORMATION", "ENTER YOUR CARD DETAILS"]
    assert "Amount: 1234.56 RUB" in shown.text
    assert "Payment purpose " + REGISTERED_NAME in shown.text
    assert "Order description: " + PRODUCT_NAME in shown.text
    assert shown.buttons() == ["Pay"]
    assert shown.options("Country")[0] == ("RUS", "Russia")
    assert "Please do not close or refresh this window" in shown.text
    assert "СТРАНИЦА" not in shown.text


@pytest.mark.parametrize("language", ["de", "", "RU", "ru-RU"])
def test_an_unknown_language_shows_the_russian_page(client, language):
    response, _token = open_payment_page(client, signed_request(language=language))
    assert page(response).language == "ru"


# Refusals ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", signing.REQUEST_REQUIRED)
def test_each_missing_required_field_is_refused_by_name(client, db, missing):
    shown = refused(client, db, signed_request(drop=(missing,)))
    assert RU_REFUSED in shown.headings()
    assert f"В запросе нет обязательного поля: {missing}." in shown.alerts()


@pytest.mark.parametrize("missing", ["product_id", "product_price", "sign"])
def test_a_blank_required_field_is_refused_as_missing(client, db, missing):
    shown = refused(client, db, signed_request(**{missing: "   "}))
    assert f"В запросе нет обязательного поля: {missing}." in shown.alerts()


@pytest.mark.parametrize("order_id", [None, "", "   "])
def test_with_order_uniqueness_on_a_request_without_order_id_is_refused(client, db, order_id):
    """The product registered at start has order uniqueness on (as the ISP's cabinet always sends one)."""
    shown = refused(client, db, signed_request(order_id=order_id))
    assert shown.alerts() == ["Для этого продукта включена уникальность заказа: в запросе нет order_id."]


def test_an_unknown_product_is_refused(client, db):
    shown = refused(client, db, signed_request(product_id="004704-0001-0002"))
    assert "Неизвестный продукт: 004704-0001-0002." in shown.alerts()


@pytest.mark.parametrize(
    "request_fields",
    [
        pytest.param({"sign": "0" * 32}, id="zeros"),
        pytest.param({"sign": "not-a-sign"}, id="garbage"),
        pytest.param({"sign": signing.request_sign(PRODUCT_ID, "1000.00", "ORD-1", "wrong")}, id="wrong-secret"),
        pytest.param({"sign": "Ы" * 32}, id="non-ascii"),
    ],
)
def test_a_bad_sign_is_refused(client, db, request_fields):
    shown = refused(client, db, signed_request(order_id="ORD-1", **request_fields))
    assert "Неверная подпись запроса (sign)." in shown.alerts()


@pytest.mark.parametrize(
    ("field", "value"),
    [("product_price", "1.00"), ("product_price", "10000.00"), ("order_id", "ORD-2"), ("order_id", "ORD-1 ")],
)
def test_a_request_changed_after_signing_is_refused(client, db, field, value):
    """The sign covers product_id, product_price and order_id byte for byte."""
    request = signed_request(order_id="ORD-1")
    request[field] = value
    shown = refused(client, db, request)
    assert shown.alerts() == ["Неверная подпись запроса (sign)."]


@pytest.mark.parametrize(
    "price",
    ["1000.000", "1000.", "1e3", "-1.00", "+1000.00", "１０００.００", "١٠٠٠.٠٠", "1,000.00", "1000,00",
     " 1000.00", "1000.00 ", "01000.00", "NaN", "Infinity", "0x10.00", "1000.00.00", ".50"],
)  # fmt: skip
def test_a_malformed_price_is_refused_even_when_signed(client, db, price):
    shown = refused(client, db, signed_request(product_price=price))
    assert len(shown.alerts()) == 1
    assert shown.alerts()[0].startswith(f"Неверная сумма: {price.strip()}")
    assert "1000, 1000.5 или 1000.00" in shown.alerts()[0]  # the message shows the forms it takes


@pytest.mark.parametrize(("price", "shown"), [("1000", "1000.00"), ("1000.5", "1000.50"), ("0.1", "0.10")])
def test_a_price_with_no_or_one_decimal_is_the_same_amount(client, price, shown):
    """As PHP prints a float (the WooCommerce, Magento and WebAsyst plugins): signed as sent, shown as money."""
    response, _token = open_payment_page(client, signed_request(product_price=price))
    assert f"Сумма: {shown} РУБ" in page(response).text


def test_a_zero_price_is_refused(client, db):
    shown = refused(client, db, signed_request(product_price="0.00"))
    assert shown.alerts() == ["Сумма платежа должна быть больше нуля."]


@pytest.mark.parametrize("currency", ["USD", "EUR", "rub", "RUR", "643", "RUB "])
def test_another_currency_is_refused(client, db, currency):
    shown = refused(client, db, signed_request(product_price_currency=currency))
    assert shown.alerts() == [f"Неподдерживаемая валюта: {currency}."]


CONTROL_CASES = [("product_name", char) for char in ("\n", "\r", "\r\n", "\x00", "\t", "\x1b", "\x7f", "\x85")] + [
    (field, "\r\n") for field in ("order_id", "email", "cs1", "cs3", "cb_url", "success_url", "language")
]


CONTROL_IDS = [f"{field}-{char.encode('unicode_escape').decode()}" for field, char in CONTROL_CASES]


@pytest.mark.parametrize(("field", "char"), CONTROL_CASES, ids=CONTROL_IDS)
def test_control_characters_in_a_field_are_refused(client, db, field, char):
    value = {"email": "payer@example.com", "cb_url": MERCHANT_URL + "cb", "success_url": MERCHANT_URL + "ok"}
    value = value.get(field, "ab")
    request = signed_request(**{field: value[:2] + char + value[2:]})
    shown = refused(client, db, request)
    assert shown.alerts() == [f"Поле {field} содержит недопустимые управляющие символы."]


def test_a_header_injection_in_the_email_prefill_is_refused(client, db):
    shown = refused(client, db, signed_request(email="payer@example.com\r\nBcc: victim@example.org"))
    assert shown.alerts() == ["Поле email содержит недопустимые управляющие символы."]


def test_an_overlong_field_is_refused(client, db):
    shown = refused(client, db, signed_request(product_name="x" * 5000))
    assert shown.alerts() == ["Поле product_name слишком длинное."]


FOREIGN_URLS = [
    "https://evil.test/",
    "https://merchant.test.evil.test/payments/success",
    "https://merchant.test@evil.test/",
    "http://merchant.test/payments/success",  # the registered address is https
    "//evil.test/payments/success",
    "/payments/success",
    "javascript:alert(1)//https://merchant.test/",
    "data:text/html,<script>alert(1)</script>",
    "https://evil.test/?https://merchant.test/",
]
URL_CASES = [("success_url", url) for url in FOREIGN_URLS] + [
    (field, url) for field in ("decline_url", "cb_url") for url in FOREIGN_URLS[:3]
]


@pytest.mark.parametrize(("field", "url"), URL_CASES)
def test_an_address_outside_the_registered_merchant_urls_is_refused(client, db, field, url):
    """No open redirect: the browser is only ever sent to, and callbacks posted to, the merchant's site."""
    shown = refused(client, db, signed_request(**{field: url}))
    assert shown.alerts() == [f"Адрес {field} не зарегистрирован для этого магазина."]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"drop": ("product_price",)}, "The request lacks a required field: product_price."),
        ({"product_id": "004704-0001-0002"}, "Unknown product: 004704-0001-0002."),
        ({"sign": "0" * 32}, "Invalid request signature (sign)."),
        (
            {"product_price": "1e3"},
            "Invalid amount: 1e3 (a number with up to two decimals is expected: 1000, 1000.5 or 1000.00).",
        ),
        ({"product_price": "0.00"}, "The payment amount must be greater than zero."),
        ({"product_price_currency": "USD"}, "Unsupported currency: USD."),
        ({"cs1": "a\nb"}, "The field cs1 contains control characters."),
        ({"product_name": "x" * 5000}, "The field product_name is too long."),
        ({"success_url": "https://evil.test/"}, "The address success_url is not registered for this merchant."),
    ],
    ids=["missing", "product", "sign", "price", "zero", "currency", "control", "long", "url"],
)
def test_each_refusal_is_in_english_with_language_en(client, db, fields, message):
    shown = refused(client, db, signed_request(language="en", **fields))
    assert shown.language == "en"
    assert shown.headings("h2") == [EN_REFUSED]
    assert shown.alerts() == [message]
    assert "Запрос" not in shown.text


def test_a_refused_post_request_is_refused_the_same_way(client, db):
    shown = refused(client, db, signed_request(product_price="1000.000"), method="POST")
    assert shown.alerts()[0].startswith("Неверная сумма: 1000.000 ")
