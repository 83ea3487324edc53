"""Every form that changes something refuses a post without this session's CSRF token, changing nothing."""

import pytest
from cabinet_helpers import (
    CARD_URL,
    CHRONOPAY_URL,
    DEMO,
    DEMO_CARDS,
    GENERAL_URL,
    LOGIN_URL,
    csrf_token,
    log_in,
    new_order,
    order_url,
    page,
    submit,
)

DEM001 = DEMO["dem001"]
CSRF_MESSAGE = "Форма устарела или отправлена не с этой страницы. Обновите страницу и повторите."


def _anonymous(app):
    return app.test_client()


def _logged_in(app):
    browser = app.test_client()
    log_in(browser, "dem001", DEM001.password)
    return browser


def _login(app):
    return _anonymous(app), LOGIN_URL, LOGIN_URL, {"login": "dem001", "password": DEM001.password}


def _logout(app):
    return _logged_in(app), GENERAL_URL, "/logout", {}


def _new_payment(app):
    return _logged_in(app), CHRONOPAY_URL, CHRONOPAY_URL, {"amount": "1000"}


def _pay(app):
    browser = _logged_in(app)
    order_id = new_order(browser, "1000")
    return browser, order_url(order_id), order_url(order_id, "pay"), {}


def _card_activation(app):
    card = DEMO_CARDS[0]
    return _logged_in(app), CARD_URL, CARD_URL, {"number": card.number, "pin": card.pin}


def _registration(app):
    form = {
        "full_name": "Иванов Иван Иванович",
        "address": "г. Москва, ул. Ленина, д. 1",
        "phone": "+7 495 123-45-67",
        "email": "ivanov@example.com",
        "tariff_id": "1",
    }
    return _anonymous(app), "/register", "/register", form


def _hotspot(app):
    return _anonymous(app), "/hotspot", "/hotspot", {"login": "dem001", "password": DEM001.password}


def _hotspot_logout(app):
    browser = _anonymous(app)
    assert submit(browser, "/hotspot", {"login": "dem001", "password": DEM001.password}).status_code == 303
    return browser, "/hotspot", "/hotspot/logout", {}


FORMS = {
    "login": _login,
    "logout": _logout,
    "new payment": _new_payment,
    "pay": _pay,
    "card activation": _card_activation,
    "registration": _registration,
    "hotspot": _hotspot,
    "hotspot logout": _hotspot_logout,
}


def _foreign_token(app, page_url):
    """A genuine token, taken from the same page in another browser's session."""
    stranger = _logged_in(app) if page_url.startswith("/cabinet") else _anonymous(app)
    return csrf_token(stranger.get(page_url))


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("token", ["missing", "empty", "garbage", "another session's"])
def test_form_without_its_csrf_token_is_refused_and_changes_nothing(app, snapshot, form, token):
    browser, page_url, action_url, data = FORMS[form](app)
    opened = browser.get(page_url)
    assert opened.status_code == 200
    if token == "empty":
        data["csrf_token"] = ""
    elif token == "garbage":
        data["csrf_token"] = "IjZmNTQ2ZGQ5ZjM0YTkxNmIi.aGVsbG8.d29ybGQ"
    elif token == "another session's":
        data["csrf_token"] = _foreign_token(app, page_url)
    pages_before = {address: browser.get(address).status_code for address in (GENERAL_URL, "/hotspot")}
    before = snapshot()
    response = browser.post(action_url, data=data)
    assert response.status_code == 400
    assert page(response).alerts() == [CSRF_MESSAGE]
    assert snapshot() == before
    assert {address: browser.get(address).status_code for address in pages_before} == pages_before


@pytest.mark.parametrize("form", FORMS)
def test_form_with_its_csrf_token_is_accepted(app, form):
    browser, page_url, action_url, data = FORMS[form](app)
    response = submit(browser, page_url, data, action_url=action_url)
    assert response.status_code in {200, 303}, page(response).alerts()
