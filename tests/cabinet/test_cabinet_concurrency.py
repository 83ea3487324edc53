"""Identical callbacks (and card activations) arriving at the same moment at a really served cabinet."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from cabinet_helpers import CALLBACK_URL, DEMO, DEMO_CARDS, balance_of, order_row, payments_of
from cabinet_helpers import pending_order as make_pending_order

from tests.support.apps import serving
from tests.support.callbacks import callback
from tests.support.html import CabinetPage
from tests.support.waits import http_session

THREADS = 20


@pytest.fixture
def served(app):
    """The cabinet on a real socket (a threaded server), as the gateway's server reaches it."""
    with serving("cabinet-test") as serve:
        yield serve(app, threads=THREADS).url.rstrip("/")


@pytest.fixture
def pending_order(logged_in):
    return make_pending_order(logged_in, "1000")


def _all_at_once(count: int, send) -> list:
    """Run send(index) in `count` threads released together; their results in index order."""
    start = threading.Barrier(count)

    def run(index):
        start.wait(timeout=10)
        return send(index)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def _post(url: str, data: dict) -> tuple[int, str]:
    with http_session() as http:
        response = http.post(url, data=data, timeout=30)
        return response.status_code, response.text.strip()


def test_twenty_identical_callbacks_at_once_credit_exactly_once(served, pending_order, db):
    before = balance_of(db, "dem001")
    fields = callback(pending_order, 1000_00, transaction_id="7890001")
    answers = _all_at_once(THREADS, lambda _: _post(served + CALLBACK_URL, fields))
    assert sorted(answers) == [(200, "OK")] + [(200, "OK (already booked)")] * (THREADS - 1)
    assert balance_of(db, "dem001") == before + 1000_00
    assert [payment["external_id"] for payment in payments_of(db, "dem001")] == ["7890001"]
    assert order_row(db, pending_order)["status"] == "paid"


def test_twenty_different_transactions_for_one_order_at_once_credit_it_once(served, pending_order, db):
    before = balance_of(db, "dem001")
    answers = _all_at_once(
        THREADS,
        lambda index: _post(
            served + CALLBACK_URL, callback(pending_order, 1000_00, transaction_id=f"78900{index:02d}")
        ),
    )
    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] + [409] * (THREADS - 1)
    assert balance_of(db, "dem001") == before + 1000_00
    assert len(payments_of(db, "dem001")) == 1


def test_one_prepaid_card_activated_from_many_browsers_at_once_credits_once(served, db):
    card = DEMO_CARDS[2]
    browsers = 8

    def activate(_index):
        with http_session() as http:
            login_page = http.get(served + "/login", timeout=30).text
            http.post(
                served + "/login",
                data={"login": "dem001", "password": DEMO["dem001"].password, "csrf_token": _token(login_page)},
                timeout=30,
            )
            card_page = http.get(served + "/cabinet/payments/", timeout=30).text
            response = http.post(
                served + "/cabinet/payments/",
                data={"number": card.number, "pin": card.pin, "csrf_token": _token(card_page)},
                timeout=30,
                allow_redirects=False,
            )
            return response.status_code

    before = balance_of(db, "dem001")
    statuses = sorted(_all_at_once(browsers, activate))
    assert statuses == [303] + [400] * (browsers - 1)
    assert balance_of(db, "dem001") == before + card.value
    assert len(payments_of(db, "dem001")) == 1


def test_sixteen_simultaneous_logins_with_the_right_password_all_get_in(served):
    """Only failures count toward the login limit: a subscriber's own tabs are never "too many failed attempts"."""

    def log_in(_index):
        with http_session() as http:
            login_page = http.get(served + "/login", timeout=30).text
            answer = http.post(
                served + "/login",
                data={"login": "dem001", "password": DEMO["dem001"].password, "csrf_token": _token(login_page)},
                timeout=30,
                allow_redirects=False,
            )
            return answer.status_code, answer.headers.get("Location", "")

    answers = _all_at_once(16, log_in)
    assert answers == [(303, "/cabinet/")] * 16


def _token(html: str) -> str:
    return CabinetPage(html).csrf_token()
