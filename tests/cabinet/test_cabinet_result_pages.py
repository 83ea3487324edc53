"""success_url and decline_url: they tell what really happened to the order and change nothing."""

import pytest
from cabinet_helpers import CALLBACK_URL, DEMO, new_order, order_url, page, pending_order

from chronopay_protocol.money import to_display
from tests.support.callbacks import callback

DEM001 = DEMO["dem001"]


@pytest.mark.parametrize("action", ["success", "decline"])
def test_visiting_the_result_pages_by_hand_credits_nothing(logged_in, snapshot, db, action):
    order_id = pending_order(logged_in)
    before = snapshot()
    for _ in range(5):
        assert logged_in.get(order_url(order_id, action)).status_code == 200
    assert snapshot() == before
    assert db.execute("SELECT status FROM orders WHERE id = ?", (order_id,)).fetchone()[0] == "pending"


def test_success_page_before_the_callback_says_the_payment_awaits_confirmation(logged_in):
    order_id = pending_order(logged_in)
    shown = page(logged_in.get(order_url(order_id, "success")))
    assert shown.heading("h2") == "Платеж ожидает подтверждения"
    assert f"Платежная система приняла платеж на {to_display(1000_00)} руб." in shown.text
    waiting = shown.root.one(data_awaiting=order_url(order_id, "status"))
    assert waiting.attrs["role"] == "status"


def test_success_page_after_the_callback_says_the_payment_is_credited(logged_in, client, db):
    order_id = pending_order(logged_in)
    client.post(CALLBACK_URL, data=callback(order_id, 1000_00, transaction_id="7890001"))
    account = db.execute("SELECT account_id FROM subscribers WHERE login = 'dem001'").fetchone()[0]
    shown = page(logged_in.get(order_url(order_id, "success")))
    assert shown.heading("h2") == "Платеж зачислен"
    assert f"На лицевой счет {account} зачислено {to_display(1000_00)} руб." in shown.notices()
    assert shown.row_values() == {
        "Номер транзакции": "7890001",
        "Дата": "25.11.2026 17:35",
        "Баланс": f"{to_display(DEM001.balance + 1000_00)} руб.",
    }
    assert shown.root.find(data_awaiting=order_url(order_id, "status")) is None


def test_decline_page_says_nothing_was_charged(logged_in):
    order_id = pending_order(logged_in)
    shown = page(logged_in.get(order_url(order_id, "decline")))
    assert shown.heading("h2") == "Платеж не выполнен"
    amount = to_display(1000_00)
    assert shown.alerts() == [f"Оплата на {amount} руб. не прошла, деньги не списаны. Баланс не изменился."]
    assert shown.links()["Попробовать снова"] == "/cabinet/payments/chronopay"


def test_decline_page_of_an_order_that_was_paid_after_all_says_it_is_credited(logged_in, client):
    order_id = pending_order(logged_in)
    client.post(CALLBACK_URL, data=callback(order_id, 1000_00))
    assert page(logged_in.get(order_url(order_id, "decline"))).heading("h2") == "Платеж зачислен"


def test_result_page_of_a_refunded_order_says_it_was_refunded(logged_in, client):
    order_id = pending_order(logged_in)
    client.post(CALLBACK_URL, data=callback(order_id, 1000_00))
    client.post(CALLBACK_URL, data=callback(order_id, 1000_00, transaction_id="7890100", transaction_type="Refund"))
    assert page(logged_in.get(order_url(order_id, "success"))).heading("h2") == "Платеж возвращен"


def test_success_page_of_an_order_never_sent_does_not_claim_it_was_accepted(logged_in, snapshot):
    order_id = new_order(logged_in)  # a draft: «Заплатить» was never pressed
    before = snapshot()
    shown = page(logged_in.get(order_url(order_id, "success")))
    assert "Платежная система приняла платеж" not in shown.text
    assert shown.heading("h2") == "Платеж не выполнен"
    # The waiting page reloads itself until the order leaves 'pending': a draft never would, it would reload forever.
    assert shown.root.find(data_awaiting=order_url(order_id, "status")) is None
    assert snapshot() == before


def test_result_pages_need_the_orders_owner_logged_in(logged_in, client):
    order_id = pending_order(logged_in)
    response = client.get(order_url(order_id, "success"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
