"""Durable callbacks over real loopback sockets: retries with growing delays, a merchant down, a restart."""

import itertools
import time

import pytest
from chronopay_helpers import (
    expected_callback_sign,
    pay,
)

from tests.support.cards import BANK_DECLINED, NO_FUNDS, PROCESSING_ERROR, THREE_DS, VISA_APPROVED
from tests.support.merchant import Merchant
from tests.support.outbox import outbox
from tests.support.payment_request import signed_request
from tests.support.waits import free_port, wait_until

pytestmark = pytest.mark.timeout(60)


def test_a_callback_answered_500_is_retried_until_200_and_delivered_once(make_app, merchant, db, start_dispatcher):
    app = make_app(MERCHANT_URLS=(merchant.url,), RETRY_BASE_SECONDS=0.1, RETRY_MAX_SECONDS=5.0)
    merchant.answers = [500, 500, 500]
    pay(app.test_client(), VISA_APPROVED, request=signed_request(merchant.url))
    dispatcher = start_dispatcher(app)
    wait_until(merchant.delivered, what="the callback's delivery")
    dispatcher.stop()
    assert dispatcher.run_once() == 0

    hits = merchant.all_hits()
    assert [hit.answered for hit in hits] == [500, 500, 500, 200]
    assert len({hit.body for hit in hits}) == 1  # the same callback, sign included, each time
    gaps = [later.at - earlier.at for earlier, later in itertools.pairwise(hits)]
    for gap, delay in zip(gaps, (0.1, 0.2, 0.4), strict=True):
        assert gap >= delay - 0.01, gaps  # never sooner than the doubling delay
    [row] = outbox(db, "callback")
    assert row["tries"] == 4
    assert row["delivered_at"] is not None
    assert row["last_error"].startswith("HTTP 500")


def test_each_retry_waits_twice_as_long_up_to_the_maximum(make_app, merchant, db):
    """Round by round: the n-th retry is scheduled RETRY_BASE * 2**(n-1) after the failed try, capped."""
    app = make_app(MERCHANT_URLS=(merchant.url,), RETRY_BASE_SECONDS=0.1, RETRY_MAX_SECONDS=0.5)
    dispatcher = app.extensions["dispatcher"]
    merchant.answers = [500] * 5
    pay(app.test_client(), VISA_APPROVED, request=signed_request(merchant.url))
    for tries, expected in enumerate((0.1, 0.2, 0.4, 0.5, 0.5), start=1):
        [row] = outbox(db, "callback")
        wait_until(lambda row=row: time.time() >= row["next_try_at"], what="the retry's time")
        dispatcher.run_once()
        finished = time.time()
        [row] = outbox(db, "callback")
        assert row["tries"] == tries
        failed_at = merchant.all_hits()[-1].wall  # the try was answered at this instant, recorded just after
        # Scheduled from the moment the failure was recorded: between the answer and the round's end.
        assert row["next_try_at"] - finished <= expected <= row["next_try_at"] - failed_at + 0.001
    assert [hit.answered for hit in merchant.all_hits()] == [500] * 5
    assert merchant.delivered() == []


def test_a_delivered_callback_is_never_sent_again(merchant_app, merchant, db, start_dispatcher):
    pay(merchant_app.test_client(), VISA_APPROVED, request=signed_request(merchant.url))
    dispatcher = start_dispatcher(merchant_app)
    wait_until(merchant.delivered, what="the callback's delivery")
    dispatcher.stop()
    assert dispatcher.run_once() == 0  # a last round by hand: nothing is due
    assert len(merchant.all_hits()) == 1
    assert outbox(db, "callback")[0]["tries"] == 1


def test_a_merchant_that_was_down_gets_every_callback_once_it_is_up(make_app, db, start_dispatcher):
    port = free_port()
    merchant = Merchant()
    app = make_app(MERCHANT_URLS=(f"http://127.0.0.1:{port}/",))
    client = app.test_client()
    orders = []
    for card in (VISA_APPROVED, "5555 5555 5555 4444", VISA_APPROVED):
        request = signed_request(f"http://127.0.0.1:{port}/")
        pay(client, card, request=request)
        orders.append(request["order_id"])
    dispatcher = start_dispatcher(app)

    def refused_twice():
        rows = outbox(db, "callback")
        return len(rows) == 3 and all(row["tries"] >= 2 and "Connection" in row["last_error"] for row in rows)

    wait_until(refused_twice, what="two refused tries of every callback")
    merchant.start(port)
    try:
        wait_until(lambda: len(merchant.delivered()) == 3, what="every callback's delivery")
        dispatcher.stop()
        assert dispatcher.run_once() == 0
        assert sorted(hit.form["order_id"] for hit in merchant.all_hits()) == sorted(orders)
        assert all(row["delivered_at"] for row in outbox(db, "callback"))
    finally:
        merchant.stop()


def test_queued_callbacks_are_delivered_after_a_restart(make_app, merchant, start_dispatcher):
    """Approved while no dispatcher ran: a new gateway process on the same database delivers."""
    settings = {"MERCHANT_URLS": (merchant.url,)}
    before_restart = make_app(**settings)
    request = signed_request(merchant.url)
    pay(before_restart.test_client(), VISA_APPROVED, request=request)
    assert merchant.all_hits() == []

    after_restart = make_app(**settings)
    start_dispatcher(after_restart)
    [hit] = wait_until(merchant.delivered, what="the callback's delivery after the restart")
    assert hit.form["order_id"] == request["order_id"]
    assert hit.form["transaction_type"] == "Purchase"


def test_a_callback_failing_before_a_restart_is_delivered_after_it(make_app, merchant, db, start_dispatcher):
    settings = {"MERCHANT_URLS": (merchant.url,), "RETRY_BASE_SECONDS": 0.05}
    before_restart = make_app(**settings)
    merchant.answers = [503]
    pay(before_restart.test_client(), VISA_APPROVED, request=signed_request(merchant.url))
    first = before_restart.extensions["dispatcher"]
    assert first.run_once() == 0  # one try, answered 503; then the process dies
    assert outbox(db, "callback")[0]["tries"] == 1

    start_dispatcher(make_app(**settings))
    wait_until(merchant.delivered, what="the callback's delivery after the restart")
    assert [hit.answered for hit in merchant.all_hits()] == [503, 200]


def test_an_unpaid_attempt_sends_no_purchase_callback(merchant_app, merchant, db, start_dispatcher):
    client = merchant_app.test_client()
    for card in (BANK_DECLINED, NO_FUNDS, PROCESSING_ERROR):
        pay(client, card, request=signed_request(merchant.url))
    token, _response = pay(client, THREE_DS, request=signed_request(merchant.url))
    client.post(f"/pay/{token}/3ds", data={"code": "0000"})
    assert outbox(db, "callback") == []
    # A paid order afterwards shows the dispatcher at work: only its callback reaches the merchant.
    paid = signed_request(merchant.url)
    pay(client, VISA_APPROVED, request=paid)
    start_dispatcher(merchant_app)
    [hit] = wait_until(merchant.delivered, what="the paid order's callback")
    assert hit.form["order_id"] == paid["order_id"]
    merchant_app.extensions["dispatcher"].stop()
    assert len(merchant.all_hits()) == 1


def test_the_callback_is_posted_with_its_sign_to_the_registered_cb_url(merchant_app, merchant, start_dispatcher):
    request = signed_request(merchant.url, cb_url=merchant.url + "hooks/chronopay?shop=1")
    pay(merchant_app.test_client(), VISA_APPROVED, request=request)
    start_dispatcher(merchant_app)
    [hit] = wait_until(merchant.delivered, what="the callback")
    assert hit.path == "/hooks/chronopay"
    form = hit.form
    assert form["sign"] == expected_callback_sign(form["customer_id"], form["transaction_id"], "Purchase", "1000.00")


@pytest.mark.parametrize("answer", [200, 201, 204, 301, 302, 303, 307])
def test_a_2xx_or_3xx_answer_is_one_delivery_and_the_redirect_is_not_followed(
    make_app, merchant, db, start_dispatcher, answer
):
    """Magento 2 and nopCommerce answer 302 after booking: that is a delivery, sent once, never followed."""
    app = make_app(MERCHANT_URLS=(merchant.url,))
    merchant.answers = [answer]
    pay(app.test_client(), VISA_APPROVED, request=signed_request(merchant.url))
    dispatcher = start_dispatcher(app)
    wait_until(lambda: outbox(db, "callback")[0]["delivered_at"], what="the callback's delivery")
    dispatcher.stop()
    assert dispatcher.run_once() == 0
    hits = [(hit.method, hit.path, hit.answered) for hit in merchant.all_hits()]
    assert hits == [("POST", "/chronopay/callback", answer)], "one POST, and no GET of the redirect's target"
    [row] = outbox(db, "callback")
    assert row["tries"] == 1
    assert row["failed_at"] is None


def test_a_callback_failing_for_days_waits_the_maximum_delay_and_blocks_no_other(make_app, merchant, db):
    """After a thousand failed tries the doubling delay is still capped, and the next callback still goes out."""
    app = make_app(MERCHANT_URLS=(merchant.url,), RETRY_BASE_SECONDS=2.0, RETRY_MAX_SECONDS=300.0)
    client = app.test_client()
    for _ in range(2):
        pay(client, VISA_APPROVED, request=signed_request(merchant.url))
    stuck, waiting = outbox(db, "callback")
    db.execute("UPDATE outbox SET tries = 1100 WHERE id = ?", (stuck["id"],))
    merchant.answers = [500]
    before = time.time()
    app.extensions["dispatcher"].run_once()
    stuck, waiting = outbox(db, "callback")
    assert stuck["tries"] == 1101
    assert stuck["delivered_at"] is None
    assert before + 300 <= stuck["next_try_at"] <= time.time() + 300
    assert waiting["delivered_at"] is not None
    assert [hit.answered for hit in merchant.all_hits()] == [500, 200]
