"""The operator's page: Basic authentication, CSRF, and refunds with their own Refund callback."""

import pytest
from chronopay_helpers import (
    attempt,
    expected_callback_sign,
    open_admin,
    operator,
    page,
    pay,
    snapshot,
    transactions,
)

from tests.support.cards import BANK_DECLINED, VISA_APPROVED
from tests.support.outbox import queued_callbacks
from tests.support.payment_request import signed_request
from tests.support.waits import wait_until

REFUSED_REFUND = "Этот платеж нельзя вернуть: он не был одобрен или уже возвращен."


def refund(client, app, token: str, csrf_token: str | None = None):
    """Press «Вернуть» on the operator's page (for `token`, with the page's CSRF token unless given)."""
    shown = open_admin(client, app)
    data = {"csrf_token": shown.hidden("csrf_token") if csrf_token is None else csrf_token}
    return client.post(f"/admin/refund/{token}", data=data, auth=operator(app))


@pytest.mark.parametrize(
    "auth",
    [None, ("operator", "wrong"), ("admin", None), ("operator", ""), ("Operator", None)],
    ids=["none", "wrong-password", "wrong-user", "empty-password", "user-case"],
)
def test_the_operator_page_needs_the_operator_credentials(app, auth):
    client = app.test_client()
    if auth is not None and auth[1] is None:
        auth = (auth[0], app.config["OPERATOR_PASSWORD"])
    response = client.get("/admin/", auth=auth)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic")
    assert "Платежи" not in response.get_data(as_text=True)


def test_a_refund_without_credentials_is_refused_and_changes_nothing(app, client, db):
    token, _response = pay(client, VISA_APPROVED)
    before = snapshot(db)
    assert client.post(f"/admin/refund/{token}").status_code == 401
    assert snapshot(db) == before


def test_the_operator_password_is_generated_and_kept_beside_the_database(app, database_path):
    password = app.config["OPERATOR_PASSWORD"]
    assert len(password) >= 32
    assert (database_path.parent / "operator-password").read_text().strip() == password


def test_the_operator_sees_the_payments(app, client):
    pay(client, VISA_APPROVED)
    shown = open_admin(client, app)
    [row] = [row for row in shown.root.find_all("tr") if "411111******1111" in row.text]
    assert "1000.00 RUB" in row.text
    assert "approved" in row.text
    assert "Вернуть" in row.text


def test_a_refund_sends_a_refund_callback_with_its_own_transaction_and_sign(
    merchant_app, merchant, db, start_dispatcher
):
    client = merchant_app.test_client()
    request = signed_request(merchant.url)
    token, _response = pay(client, VISA_APPROVED, request=request)
    purchase_id = attempt(db, token)["transaction_id"]

    response = refund(client, merchant_app, token)
    assert response.status_code == 303
    assert f"Платеж по заказу {request['order_id']} возвращен" in open_admin(client, merchant_app).text
    assert attempt(db, token)["status"] == "refunded"

    start_dispatcher(merchant_app)
    hits = wait_until(lambda: len(merchant.delivered()) == 2 and merchant.delivered(), what="both callbacks")
    purchase, refunded = (hit.form for hit in hits)
    assert purchase["transaction_type"] == "Purchase"
    assert purchase["transaction_id"] == purchase_id
    assert refunded["transaction_type"] == "Refund"
    assert refunded["transaction_id"] != purchase_id
    assert refunded["order_id"] == request["order_id"]
    assert refunded["total"] == "1000.00"
    assert refunded["customer_id"] == purchase["customer_id"]
    assert refunded["creditcardnumber"] == "411111******1111"
    assert refunded["sign"] == expected_callback_sign(
        refunded["customer_id"], refunded["transaction_id"], "Refund", "1000.00"
    )
    assert refunded["sign"] != purchase["sign"]
    assert [(t["kind"], str(t["id"])) for t in transactions(db, token)] == [
        ("Purchase", purchase_id),
        ("Refund", refunded["transaction_id"]),
    ]


def test_a_refund_of_a_declined_payment_is_refused(app, client, db):
    pay(client, VISA_APPROVED)  # another order, so that the page has a refund form and its token
    token, _response = pay(client, BANK_DECLINED)
    before = snapshot(db)
    response = refund(client, app, token)
    assert response.status_code == 303
    assert REFUSED_REFUND in open_admin(client, app).text
    assert snapshot(db) == before
    assert queued_callbacks(db, token) == []


def test_a_second_refund_is_refused(app, client, db):
    pay(client, VISA_APPROVED)
    token, _response = pay(client, VISA_APPROVED)
    refund(client, app, token)
    before = snapshot(db)
    refund(client, app, token)
    assert REFUSED_REFUND in open_admin(client, app).text
    assert snapshot(db) == before
    assert [c["transaction_type"] for c in queued_callbacks(db, token)] == ["Purchase", "Refund"]


def test_a_refund_of_an_unknown_payment_is_refused(app, client, db):
    pay(client, VISA_APPROVED)
    before = snapshot(db)
    refund(client, app, "no-such-token")
    assert REFUSED_REFUND in open_admin(client, app).text
    assert snapshot(db) == before


@pytest.mark.parametrize("csrf_token", ["", "forged"])
def test_a_refund_without_the_pages_csrf_token_is_refused(app, client, db, csrf_token):
    token, _response = pay(client, VISA_APPROVED)
    before = snapshot(db)
    response = refund(client, app, token, csrf_token=csrf_token)
    assert response.status_code == 400
    assert snapshot(db) == before
    assert attempt(db, token)["status"] == "approved"


def test_after_a_refund_the_payer_sees_it_refunded(app, client, db):
    token, _response = pay(client, VISA_APPROVED)
    refund(client, app, token)
    shown = page(client.get(f"/pay/{token}"))
    assert "Платеж возвращен на карту" in shown.headings("h2")


def test_a_browser_refunds_over_https_following_the_pages_referrer_policy(app, db):
    """Over HTTPS the CSRF check also wants a same-origin Referer; the page's own policy decides if one is sent."""
    browser = app.test_client()
    https = {"base_url": "https://localhost", "auth": operator(app)}
    token, _response = pay(browser, VISA_APPROVED)
    shown = page(browser.get("/admin/", **https))
    policies = [node.attrs.get("content") for node in shown.root.find_all("meta", name="referrer")]
    headers = {} if "no-referrer" in policies else {"Referer": "https://localhost/admin/"}
    response = browser.post(
        f"/admin/refund/{token}", data={"csrf_token": shown.hidden("csrf_token")}, headers=headers, **https
    )
    assert response.status_code == 303
    assert attempt(db, token)["status"] == "refunded"


def test_the_payers_pages_send_no_referrer(client):
    """The payment page's address carries the attempt's token: it must not leak to other sites."""
    from chronopay_helpers import open_payment_page

    response, _token = open_payment_page(client)
    policies = [node.attrs.get("content") for node in page(response).root.find_all("meta", name="referrer")]
    assert policies == ["no-referrer"]
