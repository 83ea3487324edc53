"""Exactly one charge per attempt and per order: replays, races, refreshes and a reopened request."""

import threading

import pytest
import requests
from chronopay_helpers import (
    assert_nothing_charged,
    attempt,
    page,
    pay,
    snapshot,
    status_of,
    transactions,
)

from tests.support.cards import BANK_DECLINED, SLOW_BANK, THREE_DS, VISA_APPROVED, card_form
from tests.support.html import GatewayPage
from tests.support.outbox import outbox, queued_callbacks
from tests.support.payment_request import open_payment_page, signed_request

SUCCESS_URL = "https://merchant.test/payments/success"


def assert_one_charge(db, order_id: str) -> None:
    """One approved attempt of the order, one transaction, one Purchase callback with it, one receipt."""
    approved = db.execute("SELECT * FROM attempts WHERE order_id = ? AND status = 'approved'", (order_id,)).fetchall()
    assert len(approved) == 1
    [charged] = approved
    assert [(t["id"], t["kind"]) for t in transactions(db)] == [(int(charged["transaction_id"]), "Purchase")]
    [callback] = queued_callbacks(db)
    assert callback["transaction_id"] == charged["transaction_id"]
    assert callback["order_id"] == order_id
    assert len(outbox(db, "mail", charged["token"])) == 1  # one receipt


def test_a_replayed_form_submit_charges_nothing_more(client, db):
    request = signed_request()
    token, first = pay(client, VISA_APPROVED, request=request)
    assert first.status_code == 303
    before = snapshot(db)
    for _ in range(3):
        again = client.post(f"/pay/{token}", data=card_form(VISA_APPROVED))
        assert again.status_code == 303
        assert client.get(again.headers["Location"]).headers["Location"] == SUCCESS_URL
    assert snapshot(db) == before
    assert_one_charge(db, request["order_id"])


def test_a_replay_with_another_card_charges_nothing_more(client, db):
    request = signed_request()
    token, _first = pay(client, VISA_APPROVED, request=request)
    before = snapshot(db)
    client.post(f"/pay/{token}", data=card_form("5555 5555 5555 4444"))
    assert snapshot(db) == before
    assert attempt(db, token)["card_mask"] == "411111******1111"
    assert_one_charge(db, request["order_id"])


def test_a_replayed_decline_is_not_turned_into_a_payment(client, db):
    token, _first = pay(client, BANK_DECLINED)
    before = snapshot(db)
    client.post(f"/pay/{token}", data=card_form(VISA_APPROVED))
    assert snapshot(db) == before
    assert status_of(db, token) == "declined"
    assert transactions(db) == [] and queued_callbacks(db) == []


def test_a_card_form_posted_during_3ds_or_the_slow_bank_changes_nothing(client, db):
    for card in (THREE_DS, SLOW_BANK):
        token, _first = pay(client, card)
        before = snapshot(db)
        response = client.post(f"/pay/{token}", data=card_form(VISA_APPROVED))
        assert response.status_code == 303
        assert snapshot(db) == before
    assert transactions(db) == [] and queued_callbacks(db) == []


def test_refreshing_the_attempt_after_approval_charges_nothing_more(client, db):
    request = signed_request()
    token, _first = pay(client, VISA_APPROVED, request=request)
    before = snapshot(db)
    for _ in range(3):
        refreshed = client.get(f"/pay/{token}")
        assert refreshed.status_code == 303
        assert refreshed.headers["Location"] == SUCCESS_URL
        assert client.get(f"/pay/{token}/status").get_json()["status"] == "approved"
    assert snapshot(db) == before
    assert_one_charge(db, request["order_id"])


def test_opening_the_request_again_after_approval_shows_the_result_and_charges_nothing(client, db):
    request = signed_request()
    token, _first = pay(client, VISA_APPROVED, request=request)
    before = snapshot(db)
    for method in ("get", "post"):
        reopened = client.get("/", query_string=request) if method == "get" else client.post("/", data=request)
        assert reopened.status_code == 303
        assert reopened.headers["Location"] == f"/pay/{token}"
        assert client.get(reopened.headers["Location"]).headers["Location"] == SUCCESS_URL
    assert snapshot(db) == before
    assert_one_charge(db, request["order_id"])


def test_opening_the_request_twice_before_paying_shows_the_same_attempt(client, db):
    request = signed_request()
    _first, token = open_payment_page(client, request)
    _second, again = open_payment_page(client, request)
    assert again == token
    assert len(db.execute("SELECT * FROM attempts").fetchall()) == 1


def test_two_pages_of_one_order_are_charged_once(client, db):
    """Two tabs with two attempts of the same order (the merchant changed its return address): one charge."""
    first_request = signed_request()
    second_request = signed_request(
        order_id=first_request["order_id"], success_url="https://merchant.test/payments/success?tab=2"
    )
    _response, first = open_payment_page(client, first_request)
    _response, second = open_payment_page(client, second_request)
    assert first != second
    client.post(f"/pay/{first}", data=card_form(VISA_APPROVED))
    response = client.post(f"/pay/{second}", data=card_form("5555 5555 5555 4444"))
    shown = page(client.get(response.headers["Location"]))
    assert "Этот заказ уже оплачен другим платежом: повторного списания не было." in shown.alerts()
    assert status_of(db, first) == "approved"
    assert status_of(db, second) == "declined"
    assert_one_charge(db, first_request["order_id"])
    assert outbox(db, "mail", second) == []  # no receipt for a payment that did not happen


def test_two_raced_submits_against_a_served_gateway_charge_once(app, db, served):
    server = served(app)
    request = signed_request()
    opened = requests.get(server.url, params=request, timeout=10)
    assert opened.status_code == 200
    action = GatewayPage.of(opened).form_action("Оплатить")
    barrier = threading.Barrier(4)
    answers = []

    def press_pay():
        barrier.wait()
        response = requests.post(server.url.rstrip("/") + action, data=card_form(VISA_APPROVED),
                                 allow_redirects=False, timeout=10)  # fmt: skip
        answers.append(response.status_code)

    threads = [threading.Thread(target=press_pay) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert answers == [303] * 4
    assert status_of(db, action.removeprefix("/pay/")) == "approved"
    assert_one_charge(db, request["order_id"])


@pytest.mark.parametrize("token", ["no-such-attempt", "x" * 65, "..%2F..%2Fadmin"])
def test_a_card_sent_to_an_unknown_attempt_is_refused_and_charges_nothing(client, db, token):
    before = snapshot(db)
    response = client.post(f"/pay/{token}", data=card_form(VISA_APPROVED))
    assert response.status_code == 404
    assert "Страница не найдена." in page(response).alerts()
    assert client.get(f"/pay/{token}").status_code == 404
    assert client.post(f"/pay/{token}/3ds", data={"code": "1234"}).status_code == 404
    assert client.get(f"/pay/{token}/status").status_code == 404
    assert snapshot(db) == before
    assert_nothing_charged(db)
