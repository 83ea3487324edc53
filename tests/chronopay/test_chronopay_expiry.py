"""orderTimelimit / orderExpiretime (PROTOCOL.md 3a): signed after order_id, and the page really expires."""

from datetime import timedelta

import pytest
from chronopay_helpers import assert_nothing_charged, attempt, page, snapshot, submit_card

from tests.support.known import NOW
from tests.support.outbox import outbox
from tests.support.payment_request import open_payment_page, signed_request

EXPIRED = "Время на оплату заказа истекло."


def later(app, minutes: float) -> None:
    """The gateway's clock, `minutes` after the frozen test time."""
    moment = NOW + timedelta(minutes=minutes)
    app.config["CLOCK"] = lambda: moment


def test_a_time_limit_is_shown_as_a_deadline_in_moscow_time(client):
    response, _token = open_payment_page(client, signed_request(orderTimelimit="30"))
    assert "Оплатите до 25.11.2026 18:05 (московское время)." in page(response).text  # 17:35 + 30 min


def test_an_expire_time_is_shown_as_the_deadline(client):
    response, _token = open_payment_page(client, signed_request(orderExpiretime="2026-11-25T18:30:00+0300"))
    assert "Оплатите до 25.11.2026 18:30 (московское время)." in page(response).text


def test_within_the_time_limit_the_page_takes_the_payment(app, client, db):
    _response, token = open_payment_page(client, signed_request(orderTimelimit="30"))
    later(app, 29)
    assert submit_card(client, token).status_code == 303
    assert attempt(db, token)["status"] == "approved"


def test_after_the_time_limit_the_page_says_so_and_charges_nothing(app, client, db):
    _response, token = open_payment_page(client, signed_request(orderTimelimit="30"))
    later(app, 31)
    shown = page(client.get(f"/pay/{token}"))
    assert "Платеж отклонен" in shown.headings("h2")
    assert EXPIRED in shown.alerts()
    assert "Оплатить" not in shown.buttons()
    assert_nothing_charged(db)


def test_a_card_sent_after_the_time_limit_is_not_charged(app, client, db):
    """The form was open when the time ran out: «Оплатить» afterwards charges nothing, mails nothing."""
    _response, token = open_payment_page(client, signed_request(orderTimelimit="30"))
    later(app, 30)
    response = submit_card(client, token)
    assert response.status_code == 303
    assert (attempt(db, token)["status"], attempt(db, token)["reason"]) == ("declined", "expired")
    assert EXPIRED in page(client.get(response.headers["Location"])).alerts()
    assert_nothing_charged(db)
    assert outbox(db) == []


def test_the_same_request_after_its_page_expired_opens_a_new_page(app, client, db):
    request = signed_request(orderTimelimit="30")
    _response, first = open_payment_page(client, request)
    later(app, 45)
    _response, second = open_payment_page(client, request)
    assert first != second
    assert attempt(db, second)["expires_at"] == "2026-11-25T15:50:00Z", "30 minutes from this request"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"orderExpiretime": "2026-11-25T17:30:00+0300"}, EXPIRED),  # 5 minutes before the frozen 17:35
        ({"orderTimelimit": "0"}, "Неверный срок оплаты orderTimelimit: 0 (нужно число минут, например 30)."),
        ({"orderTimelimit": "-5"}, "Неверный срок оплаты orderTimelimit: -5 (нужно число минут, например 30)."),
        ({"orderTimelimit": "1.5"}, "Неверный срок оплаты orderTimelimit: 1.5 (нужно число минут, например 30)."),
        ({"orderTimelimit": "９"}, "Неверный срок оплаты orderTimelimit: ９ (нужно число минут, например 30)."),
        ({"orderTimelimit": "43201"}, "Неверный срок оплаты orderTimelimit: 43201 (нужно число минут, например 30)."),
        (
            {"orderExpiretime": "2026-11-25 18:30"},
            "Неверный срок оплаты orderExpiretime: 2026-11-25 18:30 (нужно, например, 2026-11-25T12:30:00+0300).",
        ),
        (
            {"orderTimelimit": "30", "orderExpiretime": "2026-11-25T18:30:00+0300"},
            "Укажите срок оплаты одним полем: orderTimelimit или orderExpiretime.",
        ),
    ],
    ids=["past", "zero", "negative", "fraction", "fullwidth", "over-30-days", "no-zone", "both"],
)
def test_a_deadline_that_is_past_or_malformed_is_refused_and_changes_nothing(client, db, fields, message):
    before = snapshot(db)
    response = client.get("/", query_string=signed_request(**fields))
    assert response.status_code == 400
    assert page(response).alerts() == [message]
    assert snapshot(db) == before


@pytest.mark.parametrize(
    ("signed", "change"),
    [
        ({"orderTimelimit": "30"}, {"orderTimelimit": "300"}),  # extended after signing
        ({"orderTimelimit": "30"}, {"orderTimelimit": None}),  # left out: the 4-part sign does not fit
        ({}, {"orderExpiretime": "2026-11-25T18:30:00+0300"}),  # added to a request signed without it
    ],
    ids=["changed", "dropped", "added"],
)
def test_the_sign_covers_the_deadline(client, db, signed, change):
    request = {**signed_request(**signed), **change}
    request = {name: value for name, value in request.items() if value is not None}
    before = snapshot(db)
    response = client.get("/", query_string=request)
    assert response.status_code == 400
    assert page(response).alerts() == ["Неверная подпись запроса (sign)."]
    assert snapshot(db) == before
