"""Bounded delivery: a message that never gets through ends as failed, on the operator's page, re-sendable.

The schedule is made fast here (RETRY_BASE_SECONDS 0.1 doubling to 0.4, given up after 1 s of
failing): tries at about 0, 0.1, 0.3 and 0.7 s; the next would fall at 1.1 s, past the schedule.
"""

import logging

import pytest
from chronopay_helpers import open_admin, operator, pay, snapshot

from mock_chronopay.outbox import Schedule
from tests.support.cards import VISA_APPROVED
from tests.support.outbox import outbox
from tests.support.payment_request import signed_request
from tests.support.waits import wait_until

pytestmark = pytest.mark.timeout(60)

FAST = {"RETRY_BASE_SECONDS": 0.1, "RETRY_MAX_SECONDS": 0.4, "RETRY_FOR_SECONDS": 1.0}
TRIES_IN_FAST = 4
NOT_RESENDABLE = "Это уведомление нельзя отправить снова: оно уже доставлено или еще не признано недоставленным."


def failed_row(db):
    rows = [row for row in outbox(db, "callback") if row["failed_at"]]
    return rows[0] if rows else None


def fail_for_good(app, merchant, db, start_dispatcher, answer: int = 500):
    """A paid order whose merchant answers `answer` to every callback, until the gateway gives up."""
    merchant.otherwise = answer
    token, _response = pay(app.test_client(), VISA_APPROVED, request=signed_request(merchant.url))
    dispatcher = start_dispatcher(app)
    row = wait_until(lambda: failed_row(db), timeout=30, what="the callback marked failed")
    dispatcher.stop()
    return token, row


def resend_form(client, app, message_id: int, csrf_token: str | None = None):
    shown = open_admin(client, app)
    data = {"csrf_token": shown.hidden("csrf_token") if csrf_token is None else csrf_token}
    return client.post(f"/admin/outbox/{message_id}/resend", data=data, auth=operator(app))


def failed_table(shown) -> list[list[str]]:
    section = next(node for node in shown.root.find_all("section") if "Недоставленные уведомления" in node.text)
    return [[cell.text.strip() for cell in row.find_all("td")] for row in section.find_all("tr") if row.find("td")]


@pytest.mark.parametrize("answer", [500, 403, 404])
def test_a_merchant_that_never_takes_the_callback_ends_it_failed_after_the_schedule(
    make_app, merchant, db, start_dispatcher, answer, caplog
):
    """500 forever, or 403 forever (a merchant given a wrong secret): a bounded number of tries, then failed."""
    app = make_app(MERCHANT_URLS=(merchant.url,), **FAST)
    with caplog.at_level(logging.WARNING, logger="mock_chronopay.notify"):
        _token, row = fail_for_good(app, merchant, db, start_dispatcher, answer)
    assert row["tries"] == TRIES_IN_FAST
    assert [hit.answered for hit in merchant.all_hits()] == [answer] * TRIES_IN_FAST
    assert row["delivered_at"] is None
    assert row["last_error"] == f"HTTP {answer}: try again", "the merchant's answer, on one line"
    hits = merchant.all_hits()
    assert hits[-1].wall - hits[0].wall <= FAST["RETRY_FOR_SECONDS"] + 0.2, "no try after the schedule's end"
    # A log line per failed try, and one naming the callback given up on.
    failures = [
        record
        for record in caplog.records
        if record.name == "mock_chronopay.notify" and record.getMessage().startswith("callback")
    ]
    assert [record.levelname for record in failures] == ["WARNING"] * (TRIES_IN_FAST - 1) + ["ERROR"]
    given_up = failures[-1].getMessage()
    assert f"callback #{row['id']} to {merchant.url}chronopay/callback FAILED after 4 tries" in given_up
    assert f"HTTP {answer}" in given_up
    # Failed means no more tries, whatever rounds the dispatcher makes.
    assert app.extensions["dispatcher"].run_once() == 0
    assert len(merchant.all_hits()) == TRIES_IN_FAST


def test_a_failed_callback_is_listed_for_the_operator_with_its_last_answer(make_app, merchant, db, start_dispatcher):
    app = make_app(MERCHANT_URLS=(merchant.url,), **FAST)
    _token, row = fail_for_good(app, merchant, db, start_dispatcher)
    shown = open_admin(app.test_client(), app)
    [listed] = failed_table(shown)
    assert listed[:5] == [str(row["id"]), "callback", merchant.url + "chronopay/callback", "4", "HTTP 500: try again"]
    assert "Отправить снова" in shown.buttons()


def test_resending_a_failed_callback_delivers_it_once_with_the_same_fields(make_app, merchant, db, start_dispatcher):
    app = make_app(MERCHANT_URLS=(merchant.url,), **FAST)
    _token, row = fail_for_good(app, merchant, db, start_dispatcher)
    merchant.otherwise = 200  # the merchant fixed its side
    client = app.test_client()
    response = resend_form(client, app, row["id"])
    assert response.status_code == 303
    assert f"Уведомление #{row['id']} отправляется снова." in open_admin(client, app).text
    dispatcher = start_dispatcher(app)
    [hit] = wait_until(merchant.delivered, what="the re-sent callback's delivery")
    dispatcher.stop()
    assert hit.body == merchant.all_hits()[0].body, "the same callback, sign included"
    [after] = outbox(db, "callback")
    assert after["delivered_at"] is not None and after["failed_at"] is None
    assert [row for row in failed_table(open_admin(client, app)) if "callback" in row] == []


def test_a_resent_callback_that_fails_again_gets_a_whole_new_schedule(make_app, merchant, db, start_dispatcher):
    app = make_app(MERCHANT_URLS=(merchant.url,), **FAST)
    _token, row = fail_for_good(app, merchant, db, start_dispatcher)
    resend_form(app.test_client(), app, row["id"])
    dispatcher = start_dispatcher(app)
    wait_until(lambda: failed_row(db), timeout=30, what="the re-sent callback failed again")
    dispatcher.stop()
    assert failed_row(db)["tries"] == TRIES_IN_FAST
    assert len(merchant.all_hits()) == 2 * TRIES_IN_FAST


def test_a_message_not_failed_cannot_be_resent(make_app, merchant, db, start_dispatcher):
    """Delivered, still being retried, or unknown: refused with a message, nothing changes."""
    app = make_app(MERCHANT_URLS=(merchant.url,), RETRY_BASE_SECONDS=60.0)
    client = app.test_client()
    merchant.answers = [500]
    pay(client, VISA_APPROVED, request=signed_request(merchant.url))
    app.extensions["dispatcher"].run_once()  # the callback fails once and waits a minute; the mail fails
    [waiting] = outbox(db, "callback")
    assert waiting["failed_at"] is None and waiting["tries"] == 1
    before = snapshot(db)
    for message_id in (waiting["id"], 999_999, 2**70):
        response = resend_form(client, app, message_id)
        assert response.status_code in (303, 404)
        assert snapshot(db) == before
    assert NOT_RESENDABLE in open_admin(client, app).text
    assert len(merchant.all_hits()) == 1


def test_resending_needs_the_operator_and_the_pages_csrf_token(make_app, merchant, db, start_dispatcher):
    app = make_app(MERCHANT_URLS=(merchant.url,), **FAST)
    _token, row = fail_for_good(app, merchant, db, start_dispatcher)
    client = app.test_client()
    before = snapshot(db)
    assert client.post(f"/admin/outbox/{row['id']}/resend").status_code == 401
    assert resend_form(client, app, row["id"], csrf_token="forged").status_code == 400
    assert snapshot(db) == before


def test_a_receipt_the_smtp_server_never_takes_ends_failed_and_is_resent_once_it_is_up(
    make_app, merchant, db, start_dispatcher, smtp, inbox
):
    smtp.stop()
    app = make_app(MERCHANT_URLS=(merchant.url,), SMTP=f"127.0.0.1:{smtp.port}", **FAST)
    pay(app.test_client(), VISA_APPROVED, request=signed_request(merchant.url))
    dispatcher = start_dispatcher(app)
    [mail] = wait_until(
        lambda: [row for row in outbox(db, "mail") if row["failed_at"]], timeout=30, what="the mail failed"
    )
    dispatcher.stop()
    assert "Connection" in mail["last_error"] or "refused" in mail["last_error"].lower()
    smtp.start()
    resend_form(app.test_client(), app, mail["id"])
    start_dispatcher(app)
    wait_until(lambda: inbox.count() == 1, what="the re-sent receipt")
    assert outbox(db, "mail")[0]["delivered_at"] is not None


def test_a_failed_callback_blocks_no_other_message(make_app, merchant, db, start_dispatcher):
    app = make_app(MERCHANT_URLS=(merchant.url,), **FAST)
    fail_for_good(app, merchant, db, start_dispatcher)
    merchant.reset()
    request = signed_request(merchant.url)
    pay(app.test_client(), VISA_APPROVED, request=request)
    start_dispatcher(app)
    [hit] = wait_until(merchant.delivered, what="the next order's callback")
    assert hit.form["order_id"] == request["order_id"]


@pytest.mark.parametrize(
    ("schedule", "delays"),
    [
        (Schedule(base=2.0, maximum=300.0, retry_for=86400.0), [2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 300.0]),
        (Schedule(base=0.1, maximum=0.4, retry_for=1.0), [0.1, 0.2, 0.4, 0.4]),
    ],
)
def test_the_schedule_doubles_up_to_its_maximum(schedule, delays):
    assert [schedule.delay(tries) for tries in range(1, len(delays) + 1)] == delays
    assert schedule.delay(10_000) == schedule.maximum


def test_the_default_schedule_retries_for_a_day():
    from mock_chronopay.config import DEFAULTS

    assert DEFAULTS["RETRY_FOR_SECONDS"] == 24 * 3600
