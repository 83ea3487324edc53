"""Guessing passwords and PINs: throttled after five tries per login (or subscriber) within the
window, however the guesses are sent: one by one, through both login forms, or all at once
against the served cabinet; and never telling an existing login from an unknown one.
"""

import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support.html import Page
from tests.support.known import NOW
from tests.support.subscribers import create_subscriber
from tests.support.waits import http_session

from .attack import (
    ALICE,
    PREPAID_CARDS,
    WRONG_CREDENTIALS,
    cabinet_state,
    log_in,
)

pytestmark = pytest.mark.timeout(120)

THROTTLED = "Слишком много неудачных попыток входа. Попробуйте снова через"
GUESSES = 16  # as many as the server has threads


def _all_at_once(count: int, send) -> list:
    barrier = threading.Barrier(count)

    def run(index):
        prepared = send(index, None)  # each thread opens its page first, then all post together
        barrier.wait(timeout=30)
        return send(index, prepared)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def _login_guesses(url: str, login: str, passwords: list[str], path: str = "/login") -> list[tuple[int, str]]:
    def send(index, prepared):
        if prepared is None:
            http = http_session()
            return http, Page.of(http.get(url + path.lstrip("/"), timeout=30)).csrf_token()
        http, token = prepared
        form = {"login": login, "password": passwords[index], "csrf_token": token}
        answer = http.post(url + path.lstrip("/"), data=form, timeout=60, allow_redirects=False)
        http.close()
        return answer.status_code, answer.text

    return _all_at_once(len(passwords), send)


@pytest.fixture
def scrypt_victim(cabinet_db):
    """A subscriber with the product's own password hash (scrypt, ~0.1 s a check: a wide window for
    simultaneous guesses to slip past the throttle, which is what these tests must rule out)."""
    victim = create_subscriber(
        cabinet_db,
        login="vic001",
        password="Victim-pass-9",
        full_name="Виктор Жертвович",
        address="г. Москва, ул. Тестовая, д. 2",
        now=NOW,
        product_hash=True,
    )
    return victim.login, victim.password


@pytest.mark.slow
def test_simultaneous_guesses_get_no_more_tries_than_sequential_ones(cabinet, serve, cabinet_db, scrypt_victim):
    login, password = scrypt_victim
    url = serve(cabinet).url
    answers = _login_guesses(url, login, [f"guess-{index}" for index in range(GUESSES)])
    statuses = Counter(status for status, _ in answers)
    assert statuses == {401: 5, 429: GUESSES - 5}, statuses
    before = cabinet_state(cabinet_db)
    [(status, page)] = _login_guesses(url, login, [password])
    assert status == 429 and THROTTLED in page  # even the right password, for the rest of the window
    assert cabinet_state(cabinet_db) == before


@pytest.mark.slow
def test_simultaneous_guesses_on_an_unknown_login_are_answered_the_same_way(cabinet, serve, scrypt_victim):
    url = serve(cabinet).url
    known = _login_guesses(url, scrypt_victim[0], [f"guess-{index}" for index in range(GUESSES)])
    unknown = _login_guesses(url, "zzz999", [f"guess-{index}" for index in range(GUESSES)])
    assert Counter(status for status, _ in known) == Counter(status for status, _ in unknown)
    by_status = {}
    for (status, page), login in [(answer, scrypt_victim[0]) for answer in known] + [
        (answer, "zzz999") for answer in unknown
    ]:
        by_status.setdefault(status, set()).add(_without_token_and_login(page, login))
    assert all(len(pages) == 1 for pages in by_status.values()), "the pages tell the logins apart"


def _without_token_and_login(page: str, login: str) -> str:
    page = re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", page)
    return page.replace(f'value="{login}"', 'value=""')


def test_the_login_form_and_the_hotspot_form_share_one_count(cabinet, cabinet_db):
    browser = cabinet.test_client()
    for url in ("/login", "/hotspot", "/login", "/hotspot", "/login"):
        response = log_in(browser, ALICE, password="wrong-password", url=url)
        assert response.status_code == 401
        assert WRONG_CREDENTIALS in response.get_data(as_text=True)
    before = cabinet_state(cabinet_db)
    for url in ("/hotspot", "/login"):
        response = log_in(browser, ALICE, url=url)
        assert response.status_code == 429
        assert THROTTLED in response.get_data(as_text=True)
    assert cabinet_state(cabinet_db) == before


@pytest.mark.slow
def test_simultaneous_pin_guesses_get_no_more_tries_than_sequential_ones(cabinet, serve, cabinet_db):
    url = serve(cabinet).url
    number = next(iter(PREPAID_CARDS))
    before = cabinet_state(cabinet_db)

    def send(index, prepared):
        if prepared is None:  # a browser of the subscriber's, logged in, on «Активация карты»
            http = http_session()
            login = {"login": ALICE.login, "password": ALICE.password}
            login["csrf_token"] = Page.of(http.get(url + "login", timeout=30)).csrf_token()
            assert http.post(url + "login", data=login, timeout=30, allow_redirects=False).status_code == 303
            return http, Page.of(http.get(url + "cabinet/payments/", timeout=30)).csrf_token()
        http, token = prepared
        form = {"number": number, "pin": f"{index:04d}", "csrf_token": token}
        answer = http.post(url + "cabinet/payments/", data=form, timeout=60, allow_redirects=False)
        http.close()
        return answer.status_code, answer.text

    answers = _all_at_once(GUESSES, send)
    checked = sum("Карта с таким номером и PIN-кодом не найдена." in page for _, page in answers)
    throttled = sum("Слишком много неудачных попыток. Попробуйте позже." in page for _, page in answers)
    assert (checked, throttled) == (5, GUESSES - 5)
    assert {status for status, _ in answers} == {400}
    after = cabinet_state(cabinet_db)
    assert {**after, "sessions": None} == {**before, "sessions": None}  # only the browsers' logins added


@pytest.mark.slow
def test_simultaneous_registrations_from_one_address_stop_at_the_limit(make_cabinet, serve, cabinet_db):
    url = serve(make_cabinet(REGISTRATION_THROTTLE="3 per hour")).url
    before = cabinet_state(cabinet_db)["balances"]
    form = {"full_name": "Регистр Регистрович", "address": "г. Москва, ул. Новая, д. 5", "phone": "+7 495 123-45-67"}

    def send(index, prepared):
        if prepared is None:
            http = http_session()
            return http, Page.of(http.get(url + "register", timeout=30)).csrf_token()
        http, token = prepared
        data = {**form, "tariff_id": "1", "csrf_token": token}
        answer = http.post(url + "register", data=data, timeout=60, allow_redirects=False)
        http.close()
        return answer.status_code

    statuses = Counter(_all_at_once(10, send))
    assert statuses == {303: 3, 429: 7}, statuses  # three registered (then sent on to their result page)
    assert len(cabinet_state(cabinet_db)["balances"]) == len(before) + 3
