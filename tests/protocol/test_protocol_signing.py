"""The two signatures of PROTOCOL.md section 3 and their constant-time check."""

import pytest

from chronopay_protocol import signing

SECRET = "s3cr3t-shared"
REQUEST_VECTOR = "2c2d57b9c06555c97ea3bbc0ae06ab3b"
CALLBACK_VECTOR = "98d2a7766fc816d5fbbc165327b62c12"


def test_request_sign_matches_the_documented_example():
    assert signing.request_sign("004704-0001-0001", "1000.00", "ORD-42", SECRET) == REQUEST_VECTOR


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
    assert set(signing.REQUEST_REQUIRED) | set(signing.REQUEST_OPTIONAL) == {
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
        "sign",
    }
    assert set(signing.CALLBACK_REQUIRED) <= set(signing.CALLBACK_FIELDS)
    assert signing.TRANSACTION_TYPES == ("Purchase", "Refund")
