"""Another subscriber's order, result page, status JSON or payment document, reached by changing an id
in an address: refused as not found (404), nothing of theirs shown, nothing changed.
"""

import re

import pytest

from mock_cabinet import accounts
from tests.support.callbacks import callback
from tests.support.cards import card_form
from tests.support.html import Page

from .attack import (
    ALICE,
    BOB,
    CALLBACK_URL,
    add_order,
    cabinet_state,
    logged_in,
    open_attempt,
    signed_request,
    subscriber_id,
)

BOBS_AMOUNT = 4321_09  # shown as «4 321,09» or 4321,09: neither may appear on Alice's pages
BOBS_TRACES = ("4321", BOB.login, BOB.full_name)


def _bobs_order(cabinet, cabinet_db, state: str) -> int:
    if state in ("draft", "pending"):
        return add_order(cabinet_db, BOB, BOBS_AMOUNT, state)
    order = add_order(cabinet_db, BOB, BOBS_AMOUNT)
    gateway = cabinet.test_client()
    assert gateway.post(CALLBACK_URL, data=callback(order, BOBS_AMOUNT, transaction_id="7890101")).status_code == 200
    if state == "refunded":
        refund = callback(order, BOBS_AMOUNT, transaction_id="7890102", transaction_type="Refund")
        assert gateway.post(CALLBACK_URL, data=refund).status_code == 200
    return order


def _not_found(response) -> None:
    """404 with the cabinet's own message, nothing of Bob's on the page, and no redirect anywhere."""
    assert response.status_code == 404, response.status_code
    assert Page.of(response).alerts() == ["Страница не найдена."]
    page = response.get_data(as_text=True)
    for trace in BOBS_TRACES:
        assert trace not in page
    assert response.headers.get("Location") is None


@pytest.mark.parametrize("state", ["draft", "pending", "paid", "refunded"])
@pytest.mark.parametrize("action", ["", "/success", "/decline", "/status"])
def test_another_subscribers_order_in_any_state_is_not_found(cabinet, cabinet_db, state, action):
    order = _bobs_order(cabinet, cabinet_db, state)
    alice = logged_in(cabinet, ALICE)
    add_order(cabinet_db, ALICE, 100_00)  # Alice has orders of her own next to Bob's
    before = cabinet_state(cabinet_db)
    _not_found(alice.get(f"/cabinet/payments/chronopay/orders/{order}{action}"))
    assert cabinet_state(cabinet_db) == before


@pytest.mark.parametrize("state", ["draft", "pending", "paid"])
def test_paying_another_subscribers_order_is_not_found_and_sends_nobody_to_the_gateway(cabinet, cabinet_db, state):
    order = _bobs_order(cabinet, cabinet_db, state)
    alice = logged_in(cabinet, ALICE)
    token = Page.of(alice.get("/cabinet/payments/chronopay")).csrf_token()
    before = cabinet_state(cabinet_db)
    response = alice.post(f"/cabinet/payments/chronopay/orders/{order}/pay", data={"csrf_token": token})
    _not_found(response)
    assert cabinet_state(cabinet_db) == before


@pytest.mark.parametrize(
    "address",
    [
        "/cabinet/?id={bob}",
        "/cabinet/?subscriber_id={bob}&login=bob002",
        "/cabinet/reports?id={bob}",
        "/cabinet/reports?subscriber_id={bob}",
        "/cabinet/messages?subscriber_id={bob}",
        "/cabinet/tariffs?subscriber_id={bob}",
        "/cabinet/payments/document?amount=1000&account={account}",
        "/cabinet/payments/document?amount=1000&account_id={account}&subscriber_id={bob}",
    ],
)
def test_an_id_added_to_a_section_address_shows_only_the_subscribers_own_data(cabinet, cabinet_db, address):
    bob = subscriber_id(cabinet_db, BOB)
    bobs_account = accounts.get_subscriber(cabinet_db, bob)["account_id"]
    alices_account = accounts.get_subscriber(cabinet_db, subscriber_id(cabinet_db, ALICE))["account_id"]
    _bobs_order(cabinet, cabinet_db, "paid")  # a payment in Bob's reports
    alice = logged_in(cabinet, ALICE)
    before = cabinet_state(cabinet_db)
    response = alice.get(address.format(bob=bob, account=bobs_account))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for trace in (*BOBS_TRACES, "7890101"):
        assert trace not in page
    if "document" in address:
        assert str(alices_account) in page and not re.search(rf"\b{bobs_account}\b", page)
    assert cabinet_state(cabinet_db) == before


def test_order_ids_next_to_ones_own_are_not_found_unless_ones_own(cabinet, cabinet_db):
    """Walking the ids around one's own order finds only one's own."""
    mine = add_order(cabinet_db, ALICE, 100_00)
    bobs = [_bobs_order(cabinet, cabinet_db, "pending") for _ in range(3)]
    alice = logged_in(cabinet, ALICE)
    found = [
        order
        for order in range(max(1, mine - 5), max(bobs) + 5)
        if alice.get(f"/cabinet/payments/chronopay/orders/{order}/status").status_code == 200
    ]
    assert found == [mine]


def test_a_payment_page_of_the_gateway_is_reached_only_by_its_unguessable_token(gateway, gateway_db):
    client = gateway.test_client()
    token = open_attempt(client, signed_request(order_id="900"))
    client.post(f"/pay/{token}", data=card_form())
    assert len(token) >= 24 and re.fullmatch(r"[A-Za-z0-9_\-]+", token)  # 18 random bytes, URL-safe
    other = open_attempt(client, signed_request(order_id="901"))
    assert other[:8] != token[:8]  # not a counter
    for guess in (token[:-1], token[:-1] + ("A" if token[-1] != "A" else "B"), token.upper(), "1", "..", token * 3):
        assert client.get(f"/pay/{guess}").status_code == 404
        assert client.get(f"/pay/{guess}/status").status_code == 404
        assert client.post(f"/pay/{guess}", data=card_form()).status_code == 404
