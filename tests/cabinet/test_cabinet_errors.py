"""Error pages: whatever is asked, the answer is a Russian page with a reason, never a 500."""

import pytest
from cabinet_helpers import CALLBACK_URL, CHRONOPAY_URL, GENERAL_URL, LOGIN_URL, order_url, page

ADDRESSES = [
    "/",
    LOGIN_URL,
    "/logout",
    "/hotspot",
    "/hotspot/logout",
    "/register",
    "/isp/",
    GENERAL_URL,
    "/cabinet/messages",
    "/cabinet/reports",
    "/cabinet/tariffs",
    "/cabinet/payments/",
    "/cabinet/payments/document",
    CHRONOPAY_URL,
    order_url(1),
    order_url(1, "pay"),
    order_url(1, "success"),
    order_url("abc"),
    order_url(-1),
    CALLBACK_URL,
    "/static/missing.css",
    "/no/such/page",
    "/cabinet/../etc/passwd",
    "/%00",
    "/cabinet/%D0%BD%D0%B5%D1%82",
]


def _is_russian_error_page(response, code: int) -> bool:
    shown = page(response)
    return (
        shown.root.one("html").attrs["lang"] == "ru"
        and shown.heading() == f"Ошибка {code}"
        and len(shown.alerts()) == 1
        and not shown.alerts()[0].isascii()
    )


def test_unknown_address_gets_a_russian_not_found_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert _is_russian_error_page(response, 404)
    assert page(response).alerts() == ["Страница не найдена."]
    assert page(response).links()["Вернуться в личный кабинет"] == "/"


@pytest.mark.parametrize(
    ("method", "address"),
    [
        ("GET", "/logout"),
        ("GET", "/hotspot/logout"),
        ("PUT", LOGIN_URL),
        ("DELETE", GENERAL_URL),
        ("GET", CALLBACK_URL),
    ],
)
def test_wrong_method_gets_a_russian_page(logged_in, method, address):
    response = logged_in.open(address, method=method)
    assert response.status_code == 405
    assert _is_russian_error_page(response, 405)
    assert page(response).alerts() == ["Так обратиться к этой странице нельзя."]


def test_an_oversized_form_gets_a_russian_page(client, snapshot):
    before = snapshot()
    response = client.post(CALLBACK_URL, data={"name": "x" * 100_000})
    assert response.status_code == 413
    assert _is_russian_error_page(response, 413)
    assert snapshot() == before


@pytest.mark.parametrize("address", ADDRESSES)
def test_no_method_on_any_address_ends_in_a_server_error(logged_in, snapshot, address):
    before = snapshot()
    for method in ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"):
        response = logged_in.open(address, method=method, data=None if method == "GET" else {"amount": "1000"})
        assert response.status_code < 500, (method, response.get_data(as_text=True)[:500])
        machine_answer = address == CALLBACK_URL and method == "POST"  # the gateway reads a plain-text reason
        if response.status_code >= 400 and method != "HEAD" and not machine_answer:
            assert _is_russian_error_page(response, response.status_code), (method, response.status_code)
    assert snapshot() == before  # no form token was sent: nothing may have changed


@pytest.mark.parametrize(
    "query",
    [{"amount": "\x00"}, {"amount": "%FF"}, {"amount": "1" * 10_000}, {"next": "\x00"}],
    ids=repr,
)
def test_odd_query_strings_are_answered_without_a_server_error(logged_in, query):
    for address in ("/cabinet/payments/document", LOGIN_URL):
        assert logged_in.get(address, query_string=query).status_code < 500


def test_undecodable_form_bytes_are_answered_without_a_server_error(client):
    response = client.post(
        LOGIN_URL, data=b"login=%FF%FE&password=%C3%28", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400  # no CSRF token: refused before anything else
    assert _is_russian_error_page(response, 400)
