"""The Purchase callback's body and sign (PROTOCOL.md section 3), as built and as the merchant receives it."""

import json
import re

import pytest
from chronopay_helpers import (
    expected_callback_sign,
    md5_hex,
    pay,
)

from chronopay_protocol import signing
from mock_chronopay import attempts
from tests.support.cards import MC_APPROVED, PAYER_EMAIL, VISA_APPROVED
from tests.support.known import FROZEN_TIME, NOW, PRODUCT_ID, SHARED_SECRET
from tests.support.outbox import queued_callbacks
from tests.support.payment_request import signed_request
from tests.support.waits import wait_until

CALLBACK_ORDER = [
    "transaction_type",
    "customer_id",
    "transaction_id",
    "total",
    "currency",
    "order_id",
    "product_id",
    "cs1",
    "cs2",
    "cs3",
    "email",
    "name",
    "creditcardnumber",
    "date",
    "payment_type",
    "sign",
]


def stored_attempt(amount: int = 100000, customer_id: str = "123456") -> dict:
    """An attempt row as the database keeps it after an approval."""
    return {
        "amount": amount,
        "customer_id": customer_id,
        "currency": "RUB",
        "order_id": "ORD-42",
        "product_id": PRODUCT_ID,
        "cs1": "1001",
        "cs2": "dem001",
        "cs3": "",
        "email": PAYER_EMAIL,
        "holder": "IVAN PETROV",
        "card_mask": "411111******1111",
        "card_brand": "VISA",
        "payer": "{}",  # the request carried none of the payer's fields
    }


def test_the_worked_example_of_the_protocol():
    fields = attempts.callback_fields(stored_attempt(), "Purchase", "7890001", NOW, SHARED_SECRET)
    assert fields["sign"] == "98d2a7766fc816d5fbbc165327b62c12"
    assert fields["sign"] == md5_hex("s3cr3t-shared" + "123456" + "7890001" + "Purchase" + "1000.00")


def test_all_fields_are_present_in_the_protocol_order():
    fields = attempts.callback_fields(stored_attempt(), "Purchase", "7890001", NOW, SHARED_SECRET)
    assert list(fields) == CALLBACK_ORDER
    assert list(fields) == [name for name in signing.CALLBACK_FIELDS if name in fields]


def test_the_payer_fields_the_request_carried_are_echoed_in_their_place():
    carried = {"country": "KAZ", "f_name": "Ivan", "city": "Москва", "zip": "101000", "phone": "+7 495 000-00-00"}
    stored = {**stored_attempt(), "country": "RUS", "payer": json.dumps(carried)}  # the payer chose Russia
    fields = attempts.callback_fields(stored, "Purchase", "7890001", NOW, SHARED_SECRET)
    assert list(fields) == [name for name in signing.CALLBACK_FIELDS if name in fields]
    echoed = {name: fields[name] for name in ("country", "f_name", "city", "zip", "phone")}
    assert echoed == {**carried, "country": "RUS"}, "the country as the payer confirmed it on the page"
    assert not {"s_name", "street", "state"} & set(fields), "what the request did not carry is not sent"
    assert fields["sign"] == "98d2a7766fc816d5fbbc165327b62c12", "the payer's fields are not signed"


def test_the_fields_carry_the_stored_payment():
    fields = attempts.callback_fields(stored_attempt(), "Purchase", "7890001", NOW, SHARED_SECRET)
    assert fields == {
        "transaction_type": "Purchase",
        "customer_id": "123456",
        "transaction_id": "7890001",
        "total": "1000.00",
        "currency": "RUB",
        "order_id": "ORD-42",
        "product_id": PRODUCT_ID,
        "cs1": "1001",
        "cs2": "dem001",
        "cs3": "",
        "email": PAYER_EMAIL,
        "name": "IVAN PETROV",
        "creditcardnumber": "411111******1111",
        "date": "2026-11-25 14:35:00",
        "payment_type": "VISA",
        "sign": "98d2a7766fc816d5fbbc165327b62c12",
    }


@pytest.mark.parametrize(
    ("amount", "total"), [(100000, "1000.00"), (123456, "1234.56"), (1, "0.01"), (50, "0.50"), (99999999, "999999.99")]
)
@pytest.mark.parametrize("transaction_type", ["Purchase", "Refund"])
def test_total_has_two_decimals_and_the_sign_covers_it(amount, total, transaction_type):
    fields = attempts.callback_fields(stored_attempt(amount, "100007"), transaction_type, "7890123", NOW, SHARED_SECRET)
    assert fields["total"] == total
    assert fields["transaction_type"] == transaction_type
    assert fields["sign"] == md5_hex(SHARED_SECRET + "100007" + "7890123" + transaction_type + total)


def test_a_different_secret_gives_a_different_sign():
    ours = attempts.callback_fields(stored_attempt(), "Purchase", "7890001", NOW, SHARED_SECRET)
    theirs = attempts.callback_fields(stored_attempt(), "Purchase", "7890001", NOW, "another-secret")
    assert ours["sign"] != theirs["sign"]
    assert re.fullmatch(r"[0-9a-f]{32}", theirs["sign"])


# As the merchant receives it ------------------------------------------------------------------------


def test_the_merchant_receives_the_callback_of_an_approved_payment(merchant_app, merchant, start_dispatcher):
    client = merchant_app.test_client()
    request = signed_request(merchant.url, product_price="1234.56", cs3="promo")
    _token, _response = pay(client, VISA_APPROVED, request=request)
    start_dispatcher(merchant_app)
    [hit] = wait_until(merchant.delivered, what="the callback")
    assert hit.path == "/chronopay/callback"
    assert [name for name, _value in hit.fields] == CALLBACK_ORDER
    form = hit.form
    assert form["transaction_type"] == "Purchase"
    assert form["total"] == "1234.56"
    assert form["currency"] == "RUB"
    assert form["order_id"] == request["order_id"]
    assert form["product_id"] == PRODUCT_ID
    assert (form["cs1"], form["cs2"], form["cs3"]) == ("1001", "dem001", "promo")
    assert form["email"] == PAYER_EMAIL
    assert form["name"] == "IVAN PETROV"
    assert form["creditcardnumber"] == "411111******1111"
    assert re.fullmatch(r"[0-9]+", form["transaction_id"])
    assert re.fullmatch(r"[0-9]+", form["customer_id"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", form["date"])
    assert form["date"].startswith(FROZEN_TIME[:10])
    assert form["sign"] == expected_callback_sign(form["customer_id"], form["transaction_id"], "Purchase", "1234.56")


def test_the_callback_masks_a_mastercard_too(merchant_app, merchant, start_dispatcher):
    client = merchant_app.test_client()
    pay(client, MC_APPROVED, request=signed_request(merchant.url))
    start_dispatcher(merchant_app)
    [hit] = wait_until(merchant.delivered, what="the callback")
    assert hit.form["creditcardnumber"] == "555555******4444"


def test_one_payer_is_one_customer_and_each_payment_its_own_transaction(client, db):
    first, _response = pay(client, VISA_APPROVED, email="payer@example.com")
    second, _response = pay(client, VISA_APPROVED, email="PAYER@example.com")
    other, _response = pay(client, VISA_APPROVED, email="someone@example.com")
    [a], [b], [c] = queued_callbacks(db, first), queued_callbacks(db, second), queued_callbacks(db, other)
    assert a["customer_id"] == b["customer_id"] != c["customer_id"]
    assert len({a["transaction_id"], b["transaction_id"], c["transaction_id"]}) == 3
    for callback in (a, b, c):
        assert callback["sign"] == expected_callback_sign(
            callback["customer_id"], callback["transaction_id"], "Purchase", "1000.00"
        )
