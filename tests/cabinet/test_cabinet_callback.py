"""cb_url: the gateway's callback credits a paid order exactly once and nothing forged or mismatched."""

import pytest
from cabinet_helpers import (
    CALLBACK_URL,
    DEMO,
    REPORTS_URL,
    balance_of,
    log_in,
    new_order,
    order_row,
    page,
    payments_of,
    pending_order,
)

from chronopay_protocol.money import to_display
from tests.support.callbacks import callback

DEM001 = DEMO["dem001"]


@pytest.fixture
def order_id(logged_in):
    """dem001's order of 1000 rubles, sent to the gateway (pending)."""
    return pending_order(logged_in, "1000")


@pytest.fixture
def gateway(app):
    """The gateway's server: no cookie, no CSRF token, only the signed form."""
    return app.test_client()


def _reason(response) -> str:
    assert response.headers["Content-Type"].startswith("text/plain")
    return response.get_data(as_text=True).strip()


def test_valid_purchase_is_answered_ok(gateway, order_id):
    response = gateway.post(CALLBACK_URL, data=callback(order_id, 1000_00))
    assert response.status_code == 200
    assert _reason(response) == "OK"


def test_valid_purchase_credits_the_balance_by_the_orders_amount(gateway, order_id, db):
    before = balance_of(db, "dem001")
    gateway.post(CALLBACK_URL, data=callback(order_id, 1000_00))
    assert balance_of(db, "dem001") == before + 1000_00
    assert balance_of(db, "dem002") == DEMO["dem002"].balance


def test_valid_purchase_books_a_payment_under_the_transaction_id(gateway, order_id, db):
    gateway.post(CALLBACK_URL, data=callback(order_id, 1000_00, transaction_id="7890001"))
    [payment] = payments_of(db, "dem001")
    assert (payment["kind"], payment["amount"], payment["external_id"], payment["order_id"]) == (
        "chronopay",
        1000_00,
        "7890001",
        order_id,
    )
    assert payment["balance_after"] == balance_of(db, "dem001")


def test_valid_purchase_marks_the_order_paid(gateway, order_id, db):
    gateway.post(CALLBACK_URL, data=callback(order_id, 1000_00, transaction_id="7890001"))
    order = order_row(db, order_id)
    assert (order["status"], order["transaction_id"]) == ("paid", "7890001")
    assert order["paid_at"] is not None


def test_reports_list_the_payment_with_its_transaction_id(gateway, order_id, logged_in):
    gateway.post(CALLBACK_URL, data=callback(order_id, 1000_00, transaction_id="7890001"))
    rows = page(logged_in.get(REPORTS_URL)).rows("payments")
    assert rows == [
        ["Дата", "Сумма, руб.", "Способ оплаты", "Номер транзакции", "Баланс после, руб."],
        ["25.11.2026 17:35", to_display(1000_00), "ChronoPay", "7890001", to_display(DEM001.balance + 1000_00)],
    ]


def test_general_shows_the_credited_balance(gateway, order_id, logged_in):
    gateway.post(CALLBACK_URL, data=callback(order_id, 1000_00))
    values = page(logged_in.get("/cabinet/")).row_values("general")
    assert values["Баланс"] == f"{to_display(DEM001.balance + 1000_00)} руб."


def test_a_duplicate_callback_is_answered_ok_and_credits_nothing_more(gateway, order_id, snapshot):
    gateway.post(CALLBACK_URL, data=callback(order_id, 1000_00))
    after_first = snapshot()
    for _ in range(3):
        response = gateway.post(CALLBACK_URL, data=callback(order_id, 1000_00))
        assert response.status_code == 200
        assert _reason(response) == "OK (already booked)"
    assert snapshot() == after_first


def test_a_duplicate_with_the_sign_in_upper_case_is_the_same_duplicate(gateway, order_id, snapshot):
    gateway.post(CALLBACK_URL, data=callback(order_id, 1000_00))
    after_first = snapshot()
    fields = callback(order_id, 1000_00)
    fields["sign"] = fields["sign"].upper()
    assert gateway.post(CALLBACK_URL, data=fields).status_code == 200
    assert snapshot() == after_first


def _signed(order, **fields):
    """A callback for the order's 1000.00 signed by someone holding the shared secret, with these values."""
    return callback(order, 1000_00, **fields)


def _tampered(order, **changes):
    """A genuine callback whose fields were changed on the way (the sign no longer fits them)."""
    return {**callback(order, 1000_00), **changes}


def _without(name):
    def build(order_id):
        fields = callback(order_id, 1000_00)
        del fields[name]
        return fields

    return build


def _sign_of_another_order(order_id):
    fields = callback(order_id, 1000_00)
    fields["sign"] = callback(order_id + 1, 500_00, transaction_id="7890002")["sign"]
    return fields


FORGED_OR_MISMATCHED = {
    "forged sign": (lambda o: _tampered(o, sign="0" * 32), 403, "bad sign"),
    "signed with another secret": (lambda o: _signed(o, secret="not-the-secret"), 403, "bad sign"),
    "empty sign": (lambda o: _tampered(o, sign=""), 400, "missing fields: sign"),
    "non-ASCII sign": (lambda o: _tampered(o, sign="подпись-подпись-подпись-подпись!"), 403, "bad sign"),
    "sign of another order": (_sign_of_another_order, 403, "bad sign"),
    "total changed after signing": (lambda o: _tampered(o, total="10.00"), 403, "bad sign"),
    "transaction changed after signing": (lambda o: _tampered(o, transaction_id="7890003"), 403, "bad sign"),
    "customer changed after signing": (lambda o: _tampered(o, customer_id="654321"), 403, "bad sign"),
    "type changed after signing": (lambda o: _tampered(o, transaction_type="Refund"), 403, "bad sign"),
    "signed total not the orders": (
        lambda o: _signed(o, signed_total="10.00"),
        409,
        "total 10.00 does not match the order",
    ),
    "signed total a kopeck more": (lambda o: _signed(o, signed_total="1000.01"), 409, "does not match the order"),
    "currency changed": (lambda o: _signed(o, currency="USD"), 409, "currency 'USD' does not match the order"),
    "currency in lower case": (lambda o: _signed(o, currency="rub"), 409, "does not match the order"),
    "unknown order": (lambda o: _tampered(o, order_id="999999"), 404, "unknown order"),
    "order id not a number": (lambda o: _tampered(o, order_id="ORD-42"), 404, "unknown order"),
    "order id in unicode digits": (lambda o: _tampered(o, order_id="١"), 404, "unknown order"),
    "order id beyond any integer": (lambda o: _tampered(o, order_id="9" * 40), 404, "unknown order"),
    "another merchants product": (lambda o: _signed(o, product_id="000000-0000-0000"), 409, "product_id"),
    "unknown transaction type": (lambda o: _signed(o, transaction_type="Chargeback"), 400, "transaction_type"),
    "total without decimals": (lambda o: _signed(o, signed_total="1000"), 400, "total is not a price"),
    "total with one decimal": (lambda o: _signed(o, signed_total="1000.0"), 400, "total is not a price"),
    "total with a leading zero": (lambda o: _signed(o, signed_total="01000.00"), 400, "total is not a price"),
    "total negative": (lambda o: _signed(o, signed_total="-1000.00"), 400, "total is not a price"),
    "total with a comma": (lambda o: _signed(o, signed_total="1000,00"), 400, "total is not a price"),
    "total in fullwidth digits": (lambda o: _signed(o, signed_total="１０００.００"), 400, "total is not a price"),
    "total NaN": (lambda o: _signed(o, signed_total="NaN"), 400, "total is not a price"),
    "an overlong field": (lambda o: _signed(o, name="X" * 513), 400, "field name is malformed"),
    **{
        f"missing {name}": (_without(name), 400, f"missing fields: {name}")
        for name in ("transaction_type", "customer_id", "transaction_id", "total", "currency", "sign")
    },
    # The cabinet sends the 4-part sign over order_id (its default): the callback must bring it back.
    "missing order_id": (_without("order_id"), 400, "no order: the callback carries no order_id"),
    "the order in cs3 instead": (lambda o: _tampered(o, order_id="", cs3=str(o)), 400, "carries no order_id"),
    "empty body": (lambda o: {}, 400, "missing fields"),
}


@pytest.mark.parametrize("case", FORGED_OR_MISMATCHED)
def test_forged_or_mismatched_callback_is_refused_with_a_reason_and_credits_nothing(
    gateway, order_id, snapshot, db, case
):
    build, status, reason = FORGED_OR_MISMATCHED[case]
    before = snapshot()
    response = gateway.post(CALLBACK_URL, data=build(order_id))
    assert response.status_code == status
    assert reason in _reason(response)
    assert snapshot() == before
    assert order_row(db, order_id)["status"] == "pending"


def test_a_json_callback_is_refused_and_credits_nothing(gateway, order_id, snapshot):
    before = snapshot()
    response = gateway.post(CALLBACK_URL, json=callback(order_id, 1000_00))
    assert response.status_code == 400
    assert snapshot() == before


def test_a_callback_for_an_order_never_sent_to_the_gateway_is_refused(gateway, logged_in, snapshot, db):
    draft = new_order(logged_in)
    before = snapshot()
    response = gateway.post(CALLBACK_URL, data=callback(draft, 1000_00))
    assert response.status_code == 409
    assert _reason(response) == "order was never sent to the gateway"
    assert snapshot() == before
    assert order_row(db, draft)["status"] == "draft"


def test_a_transaction_id_already_booked_for_another_order_is_refused(gateway, logged_in, order_id, snapshot, db):
    gateway.post(CALLBACK_URL, data=callback(order_id, 1000_00, transaction_id="7890001"))
    other = pending_order(logged_in, "1000")
    before = snapshot()
    response = gateway.post(CALLBACK_URL, data=callback(other, 1000_00, transaction_id="7890001"))
    assert response.status_code == 409
    assert _reason(response) == "transaction_id already booked for another order"
    assert snapshot() == before
    assert order_row(db, other)["status"] == "pending"


def test_a_second_transaction_for_a_paid_order_is_refused(gateway, order_id, snapshot):
    gateway.post(CALLBACK_URL, data=callback(order_id, 1000_00, transaction_id="7890001"))
    before = snapshot()
    response = gateway.post(CALLBACK_URL, data=callback(order_id, 1000_00, transaction_id="7890002"))
    assert response.status_code == 409
    assert _reason(response) == "order already paid by another transaction"
    assert snapshot() == before


def test_a_callback_credits_the_orders_owner_whoever_is_logged_in(gateway, logged_in_as, db):
    foreign = pending_order(logged_in_as("dem002"), "500")
    gateway.post(CALLBACK_URL, data=callback(foreign, 500_00))
    assert balance_of(db, "dem002") == DEMO["dem002"].balance + 500_00
    assert balance_of(db, "dem001") == DEM001.balance


def _refund(order_id, transaction_id="7890100", amount=1000_00):
    return callback(order_id, amount, transaction_id=transaction_id, transaction_type="Refund")


def test_refund_books_a_negative_payment_and_restores_the_balance(gateway, order_id, db):
    gateway.post(CALLBACK_URL, data=callback(order_id, 1000_00))
    response = gateway.post(CALLBACK_URL, data=_refund(order_id))
    assert response.status_code == 200
    assert balance_of(db, "dem001") == DEM001.balance
    refund = payments_of(db, "dem001")[-1]
    assert (refund["kind"], refund["amount"], refund["external_id"]) == ("chronopay_refund", -1000_00, "7890100")
    assert order_row(db, order_id)["status"] == "refunded"


def test_refund_is_listed_in_reports(gateway, order_id, logged_in):
    gateway.post(CALLBACK_URL, data=callback(order_id, 1000_00))
    gateway.post(CALLBACK_URL, data=_refund(order_id))
    newest = page(logged_in.get(REPORTS_URL)).rows("payments")[1]
    assert newest[1:] == [to_display(-1000_00), "ChronoPay, возврат", "7890100", to_display(DEM001.balance)]


def test_a_duplicate_refund_is_answered_ok_and_books_nothing_more(gateway, order_id, snapshot):
    gateway.post(CALLBACK_URL, data=callback(order_id, 1000_00))
    gateway.post(CALLBACK_URL, data=_refund(order_id))
    after_first = snapshot()
    response = gateway.post(CALLBACK_URL, data=_refund(order_id))
    assert response.status_code == 200
    assert _reason(response) == "OK (already booked)"
    assert snapshot() == after_first


def test_a_second_refund_of_the_same_order_is_refused(gateway, order_id, snapshot):
    gateway.post(CALLBACK_URL, data=callback(order_id, 1000_00))
    gateway.post(CALLBACK_URL, data=_refund(order_id))
    before = snapshot()
    response = gateway.post(CALLBACK_URL, data=_refund(order_id, transaction_id="7890101"))
    assert response.status_code == 409
    assert snapshot() == before


def test_a_refund_of_an_unpaid_order_is_refused(gateway, order_id, snapshot):
    before = snapshot()
    response = gateway.post(CALLBACK_URL, data=_refund(order_id))
    assert response.status_code == 409
    assert _reason(response) == "order is not paid, nothing to refund"
    assert snapshot() == before


@pytest.mark.parametrize(
    ("refund", "status"),
    [
        (lambda o: _refund(o, amount=500_00), 409),
        (lambda o: _refund(o) | {"currency": "USD"}, 409),
        (lambda o: _refund(o) | {"sign": "0" * 32}, 403),
        (lambda o: _refund(o) | {"total": "1.00"}, 403),
    ],
    ids=["partial amount", "another currency", "forged sign", "total changed after signing"],
)
def test_a_refund_that_does_not_fit_the_paid_order_is_refused(gateway, order_id, snapshot, refund, status):
    gateway.post(CALLBACK_URL, data=callback(order_id, 1000_00))
    before = snapshot()
    response = gateway.post(CALLBACK_URL, data=refund(order_id))
    assert response.status_code == status
    assert snapshot() == before


def test_a_purchase_callback_after_a_refund_credits_nothing(gateway, order_id, snapshot):
    gateway.post(CALLBACK_URL, data=callback(order_id, 1000_00, transaction_id="7890001"))
    gateway.post(CALLBACK_URL, data=_refund(order_id))
    before = snapshot()
    response = gateway.post(CALLBACK_URL, data=callback(order_id, 1000_00, transaction_id="7890001"))
    assert response.status_code == 200  # the gateway repeating the old purchase: already booked
    assert gateway.post(CALLBACK_URL, data=callback(order_id, 1000_00, transaction_id="7890005")).status_code == 409
    assert snapshot() == before


def _app_with_pending_order(make_app, allowed):
    app = make_app(CALLBACK_ALLOWED_IPS=allowed)
    browser = app.test_client()
    log_in(browser, "dem001", DEM001.password)
    return app, pending_order(browser)


@pytest.mark.parametrize("sender", ["127.0.0.1", "192.0.2.11", "10.0.0.1", "::1"])
def test_callback_from_a_sender_not_allowed_is_refused(make_app, snapshot, sender):
    app, order = _app_with_pending_order(make_app, ("192.0.2.10", "198.51.100.0/24"))
    before = snapshot()
    response = app.test_client().post(CALLBACK_URL, data=callback(order, 1000_00), environ_base={"REMOTE_ADDR": sender})
    assert response.status_code == 403
    assert _reason(response) == "sender address not allowed"
    assert snapshot() == before


@pytest.mark.parametrize("sender", ["192.0.2.10", "198.51.100.77"])
def test_callback_from_an_allowed_sender_is_booked(make_app, db, sender):
    app, order = _app_with_pending_order(make_app, ("192.0.2.10", "198.51.100.0/24"))
    response = app.test_client().post(CALLBACK_URL, data=callback(order, 1000_00), environ_base={"REMOTE_ADDR": sender})
    assert response.status_code == 200
    assert order_row(db, order)["status"] == "paid"


def test_callback_answers_only_post(gateway):
    response = gateway.get(CALLBACK_URL)
    assert response.status_code == 405
    assert page(response).alerts() == ["Так обратиться к этой странице нельзя."]
