"""Property-based fuzzing (hypothesis): the amount parser, both signatures, and every form field of
the cabinet and the gateway. Whatever arrives: never a server error, never a credit, and nothing
accepted that the protocol does not allow.

The apps run with TESTING on, so an exception inside a view fails the example instead of hiding
behind a 500 page.
"""

import itertools
import string
from contextlib import closing
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import mock_cabinet
import mock_chronopay
from chronopay_protocol import money, signing
from mock_cabinet.db import open_database as open_cabinet_database
from mock_chronopay.db import open_database as open_gateway_database
from mock_chronopay.intake import RequestRefused
from tests.support.callbacks import callback
from tests.support.cards import card_form
from tests.support.html import Page
from tests.support.payment_request import read_at_gateway

from .attack import (
    ALICE,
    CALLBACK_URL,
    CARD_PIN,
    PREPAID_CARDS,
    add_order,
    cabinet_config,
    cabinet_state,
    gateway_config,
    gateway_state,
    logged_in,
    open_attempt,
    seed_cabinet,
    signed_request,
)

pytestmark = pytest.mark.timeout(180)

LIMITS = money.AmountLimits(10_00, 15_000_00)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Text a person or a script might type: printable ASCII, Cyrillic, digits of other scripts,
# spaces of every kind, control characters, markup and SQL fragments.
NASTY = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "' OR '1'='1",
        '"; DROP TABLE orders; --',
        "\r\nBcc: victim@example.org",
        "\x00",
        "%00",
        "{{7*7}}",
        "${7*7}",
        "../../etc/passwd",
        "١٢٣",
        "１０００",
        "\u202e",
        "\ufeff",
        "9" * 40,
        "-1",
        "1e9",
        "NaN",
    ]
)
_orders = itertools.count(1)  # a fresh order number for every example of the module-wide gateway
TYPED = st.one_of(st.text(max_size=80), NASTY, st.builds(lambda a, b: a + b, NASTY, st.text(max_size=20)))


# The amount parser -----------------------------------------------------------------------------

_SPACES = " \u00a0\u202f"


def _amount_like():
    digits = st.text(alphabet=string.digits, min_size=1, max_size=8)
    separator = st.sampled_from(["", ".", ",", " ", "\u00a0", "..", ",.", "-", "e"])
    return st.builds(
        lambda sign, a, sep, b, pad: f"{pad}{sign}{a}{sep}{b}{pad}",
        st.sampled_from(["", "-", "+", " "]),
        digits,
        separator,
        st.text(alphabet=string.digits + _SPACES, max_size=4),
        st.sampled_from(["", " ", "\t"]),
    )


@settings(max_examples=600, deadline=None)
@given(st.one_of(_amount_like(), TYPED))
def test_an_accepted_amount_is_exactly_what_was_typed(typed):
    """Oracle: the typed text as a decimal number (spaces between digits dropped, comma for the dot)."""
    try:
        kopecks = money.parse_amount(typed, LIMITS)
    except money.AmountError as refusal:
        assert refusal.message and not refusal.message.isascii()  # a Russian sentence for the subscriber
        return
    normalized = typed.strip()
    for space in _SPACES:
        normalized = normalized.replace(space, "")
    assert all(char in string.digits + ".," for char in normalized), typed
    assert normalized.count(".") + normalized.count(",") <= 1
    whole, _, fraction = normalized.replace(",", ".").partition(".")
    assert len(fraction) <= 2 and whole
    assert Decimal(normalized.replace(",", ".")) * 100 == kopecks
    assert LIMITS.minimum <= kopecks <= LIMITS.maximum


# The request's sign, as the gateway checks it ------------------------------------------------------

MERCHANT_SITE = "http://cabinet.test/"


def _mutated(value: str):
    """Every small way a field changes on its way: a character in or out, case, spaces, anything."""

    # Positions are drawn from a fixed range, so the strategy's shape never depends on the value.
    def at(i: int) -> int:
        return i % (len(value) + 1)

    return st.one_of(
        st.text(max_size=40),
        st.builds(lambda i, c: value[: at(i)] + c + value[at(i) :], st.integers(0, 64), st.characters()),
        st.builds(lambda i: value[: at(i)] + value[at(i) + 1 :], st.integers(0, 64)),
        st.just(value.swapcase()),
        st.just(value + " "),
        st.just(" " + value),
        st.just(value.replace("0", "O").replace("1", "l")),
    )


@settings(max_examples=400, deadline=None)
@given(data=st.data(), field=st.sampled_from(["product_id", "product_price", "order_id", "sign"]))
def test_a_request_changed_in_a_signed_field_never_verifies(data, field):
    genuine = signed_request(order_id="4242", product_price="1234.50")
    changed = data.draw(_mutated(genuine[field]), label=field)
    assume(changed != genuine[field])
    assume(not (field == "sign" and changed.lower() == genuine["sign"]))  # the hex's case is not a change
    with pytest.raises(RequestRefused):
        read_at_gateway({**genuine, field: changed}, MERCHANT_SITE)


@settings(max_examples=300, deadline=None)
@given(
    data=st.data(),
    field=st.sampled_from(["product_name", "language", "cs1", "cs2", "cs3", "email", "country", "cb_type"]),
)
def test_a_request_changed_in_an_unsigned_field_still_pays_the_signed_order_and_amount(data, field):
    genuine = signed_request(order_id="4242", product_price="1234.50")
    changed = data.draw(st.one_of(_mutated(genuine.get(field, "")), TYPED), label=field)
    try:
        request = read_at_gateway({**genuine, field: changed}, MERCHANT_SITE)
    except RequestRefused:
        return
    assert (request.order_id, request.amount, request.price_text) == ("4242", 1234_50, "1234.50")


# The callback's sign, as the cabinet checks it --------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_cabinet(tmp_path_factory):
    """One cabinet for the module's fuzzing; the examples add nothing a later one depends on."""
    path = tmp_path_factory.mktemp("fuzz-cabinet") / "cabinet.sqlite3"
    seed_cabinet(path)
    app = mock_cabinet.create_app(cabinet_config(path, LOGIN_THROTTLE="1000000 per minute"))
    with closing(open_cabinet_database(path)) as db:
        yield app, db


@FUZZ
@given(
    data=st.data(),
    field=st.sampled_from(signing.CALLBACK_FIELDS),
)
def test_a_changed_callback_never_credits_anything_but_its_own_order_once(fuzz_cabinet, data, field):
    app, db = fuzz_cabinet
    order = add_order(db, ALICE, 777_77)
    genuine = callback(order, 777_77, transaction_id=f"55{order:06d}")
    changed = data.draw(st.one_of(_mutated(genuine.get(field, "")), TYPED), label=field)
    assume(changed != genuine.get(field, ""))
    before = cabinet_state(db)
    response = app.test_client().post(CALLBACK_URL, data={**genuine, field: changed})
    assert response.status_code < 500
    after = cabinet_state(db)
    signed_part = field in ("customer_id", "transaction_id", "transaction_type", "total", "sign")
    if response.status_code != 200:
        assert after == before
        return
    # Accepted: only a change the sign does not cover (or the sign's letter case), and then exactly
    # the genuine booking: this order, its amount, once.
    assert not signed_part or (field == "sign" and changed.lower() == genuine["sign"])
    assert after["payments"] == sorted([*before["payments"], ("chronopay", genuine["transaction_id"], 777_77)])
    balances = dict(after["balances"])
    assert balances[ALICE.login] == dict(before["balances"])[ALICE.login] + 777_77


# Every form field of the cabinet ---------------------------------------------------------------

CABINET_FORMS = {
    "login": ("/login", "/login", ("login", "password", "next")),
    "hotspot": ("/hotspot", "/hotspot", ("login", "password")),
    "register": ("/register", "/register", ("full_name", "address", "phone", "email", "tariff_id")),
    "amount": ("/cabinet/payments/chronopay", "/cabinet/payments/chronopay", ("amount",)),
    "card": ("/cabinet/payments/", "/cabinet/payments/", ("number", "pin")),
}


@pytest.mark.slow
@FUZZ
@given(data=st.data(), form=st.sampled_from(sorted(CABINET_FORMS)))
def test_no_cabinet_form_field_causes_a_server_error_or_a_credit(fuzz_cabinet, data, form):
    app, db = fuzz_cabinet
    page_url, action, fields = CABINET_FORMS[form]
    browser = logged_in(app, ALICE) if page_url.startswith("/cabinet") else app.test_client()
    values = {name: data.draw(TYPED, label=name) for name in fields}
    # Sometimes one field typed wrong among good ones, so the checks past the first are reached too.
    if form == "card" and data.draw(st.booleans(), label="good number"):
        values["number"] = next(iter(PREPAID_CARDS))
    assume(values.get("pin") != CARD_PIN)
    before = cabinet_state(db)
    token = Page.of(browser.get(page_url)).csrf_token()
    response = browser.post(action, data={**values, "csrf_token": token})
    assert response.status_code < 500
    after = cabinet_state(db)
    assert after["balances"] == before["balances"] or form == "register"  # a registration adds a subscriber
    assert dict(after["balances"])[ALICE.login] == dict(before["balances"])[ALICE.login]
    assert after["payments"] == before["payments"]
    assert after["cards"] == before["cards"]
    new_orders = [order for order in after["orders"] if order not in before["orders"]]
    if new_orders:  # only an amount the parser accepts makes an order, and of exactly that amount
        [(_id, _subscriber, amount, status)] = new_orders
        assert form == "amount" and status == "draft"
        assert amount == money.parse_amount(values["amount"][:64], LIMITS)


@pytest.mark.slow
@FUZZ
@given(typed=TYPED)
def test_the_payment_document_takes_any_amount_without_a_server_error(fuzz_cabinet, typed):
    app, db = fuzz_cabinet
    before = cabinet_state(db)
    response = logged_in(app, ALICE).get("/cabinet/payments/document", query_string={"amount": typed})
    assert response.status_code in (200, 400)
    assert {**cabinet_state(db), "sessions": 0} == {**before, "sessions": 0}


# Every form field of the gateway ---------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_gateway(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz-gateway") / "chronopay.sqlite3"
    app = mock_chronopay.create_app(gateway_config(path, MERCHANT_URLS=("http://cabinet.test/",)))
    with closing(open_gateway_database(path)) as db:
        yield app, db


_APPROVING = {"4111111111111111", "5555555555554444", "5105105105105100", "4000000000003220"}


@pytest.mark.slow
@FUZZ
@given(data=st.data(), field=st.sampled_from(["email", "country", "card_number", "expiry", "holder", "cvv"]))
def test_no_card_form_field_causes_a_server_error_or_a_charge(fuzz_gateway, data, field):
    app, db = fuzz_gateway
    client = app.test_client()
    token = open_attempt(client, signed_request(order_id=f"F{next(_orders)}"))
    # Card numbers that would approve are left out: here every form must end unpaid.
    form = card_form("4000 0000 0000 0002", **{field: data.draw(TYPED, label=field)})
    assume("".join(char for char in form["card_number"] if char.isdigit()) not in _APPROVING)
    before = gateway_state(db)
    response = client.post(f"/pay/{token}", data=form)
    assert response.status_code in (303, 422)
    after = gateway_state(db)
    status = dict((row[0], row[1]) for row in after["attempts"])[token]
    assert status in ("new", "declined", "failed")
    callbacks = db.execute("SELECT COUNT(*) FROM outbox WHERE kind = 'callback'").fetchone()[0]
    assert callbacks == 0
    if response.status_code == 422:  # refused on the page: nothing stored, nothing sent
        assert after == before


@FUZZ
@given(data=st.data(), field=st.sampled_from(signing.REQUEST_FIELDS))
def test_no_request_field_causes_a_server_error(fuzz_gateway, data, field):
    app, db = fuzz_gateway
    request = signed_request(order_id="R1")
    request[field] = data.draw(TYPED, label=field)
    method = data.draw(st.sampled_from(["get", "post"]), label="method")
    client = app.test_client()
    response = client.get("/", query_string=request) if method == "get" else client.post("/", data=request)
    assert response.status_code in (200, 303, 400)
    assert db.execute("SELECT COUNT(*) FROM transactions").fetchone()[0] == 0


@pytest.mark.slow
@FUZZ
@given(code=TYPED)
def test_any_3ds_code_but_the_right_one_declines_without_a_server_error(fuzz_gateway, code):
    assume(code.strip()[:16] != "1234")
    app, db = fuzz_gateway
    client = app.test_client()
    token = open_attempt(client, signed_request(order_id=f"T{next(_orders)}"))
    assert client.post(f"/pay/{token}", data=card_form("4000 0000 0000 3220")).status_code == 303
    response = client.post(f"/pay/{token}/3ds", data={"code": code})
    assert response.status_code in (303, 422)
    status = db.execute("SELECT status FROM attempts WHERE token = ?", (token,)).fetchone()[0]
    assert status in ("3ds", "declined")
    assert db.execute("SELECT COUNT(*) FROM outbox WHERE kind = 'callback'").fetchone()[0] == 0
