"""Forged and replayed callbacks: refused with a reason, and not a kopeck moves.

The sign covers customer_id, transaction_id, transaction_type and total only, concatenated without
separators (PROTOCOL.md section 3): order_id, currency and the rest travel unsigned. So besides the
plain forgeries, a captured genuine callback is replayed for another subscriber's order, with and
without its digits shifted between customer_id and transaction_id (the sign stays valid).
"""

import shutil
from contextlib import closing

import pytest

from chronopay_protocol import signing
from mock_cabinet.db import open_database
from tests.support.callbacks import callback
from tests.support.known import SHARED_SECRET

from .attack import (
    ALICE,
    BOB,
    CALLBACK_URL,
    add_order,
    cabinet_state,
    served_cabinet_process,
)

AMOUNT = 1000_00


@pytest.fixture
def orders(cabinet_db):
    """Alice's and Bob's payable orders of the same amount."""
    return add_order(cabinet_db, ALICE, AMOUNT), add_order(cabinet_db, BOB, AMOUNT)


@pytest.fixture
def gateway_server(cabinet):
    """The gateway's server posting to cb_url: no session, no CSRF token."""
    return cabinet.test_client()


def _refused(response, status: int) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.headers["Content-Type"].startswith("text/plain")
    return response.get_data(as_text=True).strip()


FORGERIES = {
    "no sign": lambda order: callback(order, AMOUNT, sign=""),
    "a sign made with another secret": lambda order: callback(order, AMOUNT, secret="guessed-secret"),
    "random hex": lambda order: callback(order, AMOUNT, sign="0123456789abcdef0123456789abcdef"),
    "the sign cut short": lambda order: callback(order, AMOUNT, sign=callback(order, AMOUNT)["sign"][:31]),
    "the sign with a space": lambda order: callback(order, AMOUNT, sign=callback(order, AMOUNT)["sign"] + " "),
    "the sign of another transaction": lambda order: callback(
        order, AMOUNT, sign=callback(order, AMOUNT, transaction_id="7890002")["sign"]
    ),
    "the total raised after signing": lambda order: callback(order, AMOUNT, total="10000.00"),
    "the total lowered after signing": lambda order: callback(order, AMOUNT, total="1.00"),
    "a Refund turned into a Purchase": lambda order: callback(
        order, AMOUNT, transaction_type="Purchase", sign=callback(order, AMOUNT, transaction_type="Refund")["sign"]
    ),
    "the customer changed after signing": lambda order: {**callback(order, AMOUNT), "customer_id": "100002"},
    "the transaction changed after signing": lambda order: {**callback(order, AMOUNT), "transaction_id": "7890009"},
}


@pytest.mark.parametrize("forge", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_callback_with_a_sign_that_does_not_fit_is_refused(gateway_server, orders, cabinet_db, forge):
    before = cabinet_state(cabinet_db)
    response = gateway_server.post(CALLBACK_URL, data=forge(orders[0]))
    assert _refused(response, response.status_code) in ("bad sign", "missing fields: sign")
    assert response.status_code in (400, 403)
    assert cabinet_state(cabinet_db) == before


def test_the_sign_of_bobs_order_does_not_pay_alices(gateway_server, orders, cabinet_db):
    alice, bob = orders
    bobs = callback(bob, AMOUNT, transaction_id="7890002", customer_id="100002")
    before = cabinet_state(cabinet_db)
    forged = callback(alice, AMOUNT, transaction_id="7890001", sign=bobs["sign"])
    assert _refused(gateway_server.post(CALLBACK_URL, data=forged), 403) == "bad sign"
    assert cabinet_state(cabinet_db) == before


@pytest.mark.parametrize(
    ("changes", "status", "reason"),
    [
        ({"currency": "USD"}, 409, "currency 'USD' does not match the order"),
        ({"currency": "rub"}, 409, "currency 'rub' does not match the order"),
        ({"currency": ""}, 400, "missing fields: currency"),
        ({"order_id": "999999"}, 404, "unknown order"),
        ({"order_id": "-1"}, 404, "unknown order"),
        ({"order_id": "1 OR 1=1"}, 404, "unknown order"),
        ({"product_id": "004704-0001-0002"}, 409, "product_id does not match this merchant's product"),
    ],
    ids=repr,
)
def test_an_unsigned_field_changed_to_fit_nothing_is_refused(
    gateway_server, orders, cabinet_db, changes, status, reason
):
    before = cabinet_state(cabinet_db)
    forged = {**callback(orders[0], AMOUNT), **changes}
    assert _refused(gateway_server.post(CALLBACK_URL, data=forged), status) == reason
    assert cabinet_state(cabinet_db) == before


def test_a_signed_total_that_is_not_the_orders_amount_is_refused(gateway_server, orders, cabinet_db):
    """Even signed with the secret: the stored order decides the amount, never the callback."""
    before = cabinet_state(cabinet_db)
    cheaper = callback(orders[0], AMOUNT - 1)
    assert _refused(gateway_server.post(CALLBACK_URL, data=cheaper), 409) == "total 999.99 does not match the order"
    assert cabinet_state(cabinet_db) == before


def _shifted(fields: dict) -> dict:
    """The same sign over other ids: the last digit of customer_id moved to the front of transaction_id."""
    customer, transaction = fields["customer_id"], fields["transaction_id"]
    shifted = {**fields, "customer_id": customer[:-1], "transaction_id": customer[-1] + transaction}
    assert (
        signing.callback_sign(
            SHARED_SECRET, shifted["customer_id"], shifted["transaction_id"], "Purchase", shifted["total"]
        )
        == fields["sign"]
    )
    return shifted


@pytest.mark.parametrize("shift", [False, True], ids=["as captured", "ids shifted under the same sign"])
def test_a_genuine_callback_replayed_for_another_subscribers_order_is_refused(
    gateway_server, orders, cabinet_db, shift
):
    alice, bob = orders
    genuine = callback(alice, AMOUNT)
    assert gateway_server.post(CALLBACK_URL, data=genuine).status_code == 200
    before = cabinet_state(cabinet_db)
    replay = {**genuine, "order_id": str(bob), "cs1": "1002", "cs2": BOB.login}
    replay = _shifted(replay) if shift else replay
    response = gateway_server.post(CALLBACK_URL, data=replay)
    assert response.status_code == 409, response.get_data(as_text=True)
    assert cabinet_state(cabinet_db) == before


def test_a_genuine_callback_replayed_with_shifted_ids_for_its_own_order_books_nothing_more(
    gateway_server, orders, cabinet_db
):
    genuine = callback(orders[0], AMOUNT)
    assert gateway_server.post(CALLBACK_URL, data=genuine).status_code == 200
    before = cabinet_state(cabinet_db)
    assert gateway_server.post(CALLBACK_URL, data=_shifted(genuine)).status_code == 409
    assert cabinet_state(cabinet_db) == before


def test_a_genuine_refund_replayed_as_another_orders_refund_is_refused(gateway_server, orders, cabinet_db):
    alice, bob = orders
    assert gateway_server.post(CALLBACK_URL, data=callback(alice, AMOUNT)).status_code == 200
    assert gateway_server.post(CALLBACK_URL, data=callback(bob, AMOUNT, transaction_id="7890002")).status_code == 200
    refund = callback(alice, AMOUNT, transaction_id="7890003", transaction_type="Refund")
    assert gateway_server.post(CALLBACK_URL, data=refund).status_code == 200
    before = cabinet_state(cabinet_db)
    assert gateway_server.post(CALLBACK_URL, data={**refund, "order_id": str(bob)}).status_code == 409
    assert cabinet_state(cabinet_db) == before


@pytest.mark.slow
def test_a_sender_outside_the_allow_list_is_refused_by_the_served_cabinet(tmp_path, cabinet_template):
    """`python -m mock_cabinet` with CABINET_CALLBACK_ALLOWED_IPS set: only the socket's address counts."""
    data_dir = tmp_path / "served"
    data_dir.mkdir()
    shutil.copyfile(cabinet_template, data_dir / "cabinet.sqlite3")
    with closing(open_database(data_dir / "cabinet.sqlite3")) as db:
        order = add_order(db, ALICE, AMOUNT)
    spoofed = [{}, {"X-Forwarded-For": "10.20.30.5"}, {"X-Real-IP": "10.20.30.5", "Forwarded": "for=10.20.30.5"}]
    with served_cabinet_process(data_dir, {"CABINET_CALLBACK_ALLOWED_IPS": "10.20.30.0/24"}) as (url, http, state):
        before = state()
        for headers in spoofed:
            answer = http.post(url + "chronopay/callback", data=callback(order, AMOUNT), headers=headers, timeout=30)
            assert (answer.status_code, answer.text.strip()) == (403, "sender address not allowed")
        assert state() == before
    allowed = {"CABINET_CALLBACK_ALLOWED_IPS": "10.20.30.0/24,127.0.0.1"}
    with served_cabinet_process(data_dir, allowed) as (url, http, _state):
        answer = http.post(url + "chronopay/callback", data=callback(order, AMOUNT), timeout=30)
        assert (answer.status_code, answer.text.strip()) == (200, "OK")
