"""The two signatures of PROTOCOL.md section 3 and their constant-time check."""

import hashlib

import pytest

from chronopay_protocol import signing

SECRET = "s3cr3t-shared"
REQUEST_VECTOR = "2c2d57b9c06555c97ea3bbc0ae06ab3b"
CALLBACK_VECTOR = "98d2a7766fc816d5fbbc165327b62c12"


def test_request_sign_matches_the_documented_example():
    assert signing.request_sign("004704-0001-0001", "1000.00", "ORD-42", SECRET) == REQUEST_VECTOR


# PROTOCOL.md 3a's two more request vectors: the 3-part sign, and the 5-part one with orderTimelimit.
THREE_PART_VECTOR = "6f2586629c58bdbfcc84621529cb67c6"
FIVE_PART_VECTOR = "8ae45fd4c5ae99eeca12b66f5d42f3ca"


def test_the_3_part_sign_matches_the_documented_example():
    fields = {"product_id": "004704-0001-0001", "product_price": "1000"}
    assert signing.request_sign_of(fields, SECRET) == THREE_PART_VECTOR
    assert signing.request_sign("004704-0001-0001", "1000", "", SECRET) == THREE_PART_VECTOR
    assert signing.formula(fields) == "md5(product_id-product_price-sharedsec)"
    assert signing.parts(fields) == 3


def test_the_5_part_sign_matches_the_documented_example():
    fields = {"product_id": "004704-0001-0001", "product_price": "1000.5", "order_id": "ORD-42", "orderTimelimit": "30"}
    assert signing.request_sign_of(fields, SECRET) == FIVE_PART_VECTOR
    assert signing.request_sign("004704-0001-0001", "1000.5", "ORD-42", SECRET, expiry="30") == FIVE_PART_VECTOR
    assert signing.formula(fields) == "md5(product_id-product_price-order_id-orderTimelimit-sharedsec)"
    assert signing.parts(fields) == 5


@pytest.mark.parametrize(
    ("fields", "signed"),
    [
        ({"product_id": "P", "product_price": "1"}, "P-1-S"),
        ({"product_id": "P", "product_price": "1", "order_id": "O"}, "P-1-O-S"),
        ({"product_id": "P", "product_price": "1", "order_id": "O", "orderTimelimit": "30"}, "P-1-O-30-S"),
        (
            {"product_id": "P", "product_price": "1", "order_id": "O", "orderExpiretime": "2026-11-25T12:30:00+0300"},
            "P-1-O-2026-11-25T12:30:00+0300-S",
        ),
        ({"product_id": "P", "product_price": "1", "orderTimelimit": "30"}, "P-1-30-S"),  # no order: not covered
        ({"product_id": "P", "product_price": "1", "order_id": "", "cs1": "O"}, "P-1-S"),  # blank is not sent
        ({"product_id": "P", "product_price": "1", "order_id": "O", "product_name": "N", "cs1": "C"}, "P-1-O-S"),
    ],
    ids=["3-part", "4-part", "5-part-timelimit", "5-part-expiretime", "timelimit-only", "blank-order", "unsigned"],
)
def test_the_sign_covers_exactly_the_fields_sent_in_their_order(fields, signed):
    expected = hashlib.md5(signed.encode(), usedforsecurity=False).hexdigest()
    assert signing.request_sign_of(fields, "S") == expected


def test_callback_sign_matches_the_documented_example():
    assert signing.callback_sign(SECRET, "123456", "7890001", "Purchase", "1000.00") == CALLBACK_VECTOR


@pytest.mark.parametrize(
    ("product_id", "price", "order_id", "secret"),
    [
        ("004704-0001-0002", "1000.00", "ORD-42", SECRET),
        ("004704-0001-0001", "1000.0", "ORD-42", SECRET),  # the price string is signed byte for byte
        ("004704-0001-0001", "1000", "ORD-42", SECRET),
        ("004704-0001-0001", "1000.00", "ORD-43", SECRET),
        ("004704-0001-0001", "1000.00", "ORD-42", "another-secret"),
    ],
)
def test_request_sign_changes_with_every_signed_field(product_id, price, order_id, secret):
    assert signing.request_sign(product_id, price, order_id, secret) != REQUEST_VECTOR


@pytest.mark.parametrize(
    ("secret", "customer_id", "transaction_id", "transaction_type", "total"),
    [
        ("another-secret", "123456", "7890001", "Purchase", "1000.00"),
        (SECRET, "123457", "7890001", "Purchase", "1000.00"),
        (SECRET, "123456", "7890002", "Purchase", "1000.00"),
        (SECRET, "123456", "7890001", "Refund", "1000.00"),
        (SECRET, "123456", "7890001", "Purchase", "1000.01"),
    ],
)
def test_callback_sign_changes_with_every_signed_field(secret, customer_id, transaction_id, transaction_type, total):
    assert signing.callback_sign(secret, customer_id, transaction_id, transaction_type, total) != CALLBACK_VECTOR


def test_signs_are_lower_case_hex_of_md5_length():
    for sign in (
        signing.request_sign("p", "1.00", "1", SECRET),
        signing.callback_sign(SECRET, "c", "t", "Purchase", "1.00"),
    ):
        assert len(sign) == 32
        assert set(sign) <= set("0123456789abcdef")


def test_signs_match_accepts_the_right_sign():
    assert signing.signs_match(CALLBACK_VECTOR, CALLBACK_VECTOR)


def test_signs_match_accepts_the_right_sign_in_upper_case():
    assert signing.signs_match(CALLBACK_VECTOR, CALLBACK_VECTOR.upper())


@pytest.mark.parametrize(
    "given",
    [
        None,
        "",
        " ",
        REQUEST_VECTOR,  # a genuine sign, of something else
        CALLBACK_VECTOR[:-1],
        CALLBACK_VECTOR + "0",
        " " + CALLBACK_VECTOR,
        CALLBACK_VECTOR[:-1] + "g",
        "98d2a7766fc816d5fbbc165327b62c1２",  # a fullwidth digit looks the same
        "98d2a7766fc816d5fbbc165327b62cя2",
        "подпись",
        "\x00" * 32,
    ],
    ids=repr,
)
def test_signs_match_refuses_anything_else(given):
    assert signing.signs_match(CALLBACK_VECTOR, given) is False


def test_the_protocol_field_lists_name_every_documented_field():
    assert set(signing.REQUEST_FIELDS) == {
        "product_id",
        "product_price",
        "product_price_currency",
        "product_name",
        "order_id",
        "cb_url",
        "cb_type",
        "success_url",
        "decline_url",
        "language",
        "cs1",
        "cs2",
        "cs3",
        "email",
        "country",
        "f_name",
        "s_name",
        "street",
        "city",
        "state",
        "zip",
        "phone",
        "payment_type_group_id",
        "orderTimelimit",
        "orderExpiretime",
        "sign",
    }
    assert signing.REQUEST_FIELDS == signing.REQUEST_REQUIRED + signing.REQUEST_REGISTERED + signing.REQUEST_OPTIONAL
    assert signing.REQUEST_REQUIRED == ("product_id", "product_price", "sign"), "what ChronoPay itself requires"
    assert set(signing.CALLBACK_REQUIRED) <= set(signing.CALLBACK_FIELDS)
    assert signing.TRANSACTION_TYPES == ("Purchase", "Refund")
