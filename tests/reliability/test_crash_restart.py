"""Processes killed with SIGKILL and started again: no payment lost, none booked twice, nothing half-written.

- The cabinet dies in the middle of a burst of callbacks (the gateway's dispatcher delivering its
  outbox while repeaters re-send the same callbacks); the gateway's retries finish the job.
- The gateway dies with callbacks still queued because the merchant was down; the restarted
  gateway delivers every one of them once the merchant is up.
"""

import random
import threading
import time
from contextlib import closing

import pytest

import mock_cabinet
import mock_chronopay
from benchmarks.callback_load import CALLBACK_PATH, money_state, payment_count, prepare_orders
from demstack.processes import cabinet_process, gateway_process
from mock_mailbox.smtp import start_smtp
from mock_mailbox.store import Inbox
from mockkit.serving import BackgroundServer
from mockkit.sqlite import connect, integrity_ok
from tests.support.cards import card_form
from tests.support.html import GatewayPage
from tests.support.known import SHARED_SECRET
from tests.support.outbox import all_delivered, outbox, queued_callbacks
from tests.support.waits import free_port, http_session, wait_until

from .credited import assert_credited_exactly_once
from .gateway_side import approve_at_gateway, gateway_app, payment_request

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]


class Repeaters:
    """Threads re-sending every callback until the cabinet answers 200, as a gateway repeats them."""

    def __init__(self, url: str, bodies: list[dict], threads: int, deadline_seconds: float = 60.0):
        self.url, self.bodies = url, bodies
        self.deadline = time.monotonic() + deadline_seconds
        self.failures = 0  # sends that got no answer or not 200
        self.answers: list[int] = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, args=(seed,), daemon=True) for seed in range(threads)]

    def start(self) -> "Repeaters":
        for thread in self.threads:
            thread.start()
        return self

    def join(self) -> None:
        for thread in self.threads:
            thread.join(timeout=max(0.0, self.deadline - time.monotonic()) + 5)

    def _run(self, seed: int) -> None:
        bodies = list(self.bodies)
        random.Random(seed).shuffle(bodies)
        http = http_session()
        for body in bodies:
            while time.monotonic() < self.deadline:
                try:
                    status = http.post(self.url, data=body, timeout=10).status_code
                except OSError:  # requests' ConnectionError is one: refused, reset, or cut off mid-answer
                    status = None
                with self.lock:
                    self.answers.append(status)
                    if status != 200:
                        self.failures += 1
                if status == 200:
                    break
                http.close()
                http = http_session()
                time.sleep(0.02)  # a gateway's retry delay, not a wait for the test's sake
        http.close()


def test_the_cabinet_killed_in_a_burst_of_callbacks_credits_each_payment_once_after_restart(tmp_path, cabinet_dir):
    cabinet_dir.mkdir(parents=True)
    database = cabinet_dir / "cabinet.sqlite3"
    orders = prepare_orders(database, subscribers=12, orders=120)
    before = money_state(database)
    # A fixed port, as an operator gives it: the server then binds it with SO_REUSEADDR, so the
    # restarted process can take it back while the killed one's connections sit in TIME_WAIT.
    cabinet = cabinet_process(cabinet_dir, port=free_port(), shared_secret=SHARED_SECRET)
    cabinet.start()
    restarted = None
    gateway = gateway_app(tmp_path / "gateway" / "chronopay.sqlite3", cabinet.url, smtp=f"127.0.0.1:{free_port()}")
    try:
        paid = approve_at_gateway(gateway, orders, cabinet.url)
        gateway_db = gateway.config["DATABASE"]
        dispatcher = mock_chronopay.start_dispatcher(gateway)
        repeaters = Repeaters(cabinet.url.rstrip("/") + CALLBACK_PATH, queued_callbacks(gateway_db), threads=6).start()

        a_third_booked = lambda: payment_count(database) >= len(orders) // 3  # noqa: E731
        wait_until(a_third_booked, timeout=60, interval=0.002, what="a third of the payments booked")
        cabinet.kill()
        booked_at_the_kill = payment_count(database)
        assert 0 < booked_at_the_kill < len(orders), "the kill must land in the middle of the burst"

        restarted = cabinet_process(cabinet_dir, port=cabinet.port, shared_secret=SHARED_SECRET)
        restarted.start()
        wait_until(lambda: all_delivered(gateway_db), timeout=90, interval=0.05, what="every callback delivered")
        repeaters.join()
        dispatcher.stop()
    finally:
        gateway.extensions["dispatcher"].stop()
        cabinet.kill()
        if restarted is not None:
            restarted.stop()

    assert all(status == 200 for status in repeaters.answers[-len(orders) :])
    # The crash was felt: some sends got no answer, and the dispatcher had to try again.
    assert repeaters.failures > 0
    assert any(row["tries"] > 1 for row in outbox(gateway_db, "callback")), "no callback needed a retry"
    assert_credited_exactly_once(before, money_state(database), paid)
    assert "Traceback" not in restarted.log_text(since_start=True)


def test_the_gateway_killed_with_callbacks_queued_delivers_them_all_after_restart(tmp_path, cabinet_dir):
    """The merchant is down while payers pay; the gateway dies; both come back: every callback arrives once."""
    cabinet_dir.mkdir(parents=True)
    database = cabinet_dir / "cabinet.sqlite3"
    orders = prepare_orders(database, subscribers=4, orders=12)
    before = money_state(database)
    merchant_port = free_port()  # the cabinet will serve here; for now nobody answers
    merchant_url = f"http://127.0.0.1:{merchant_port}/"
    gateway_dir = tmp_path / "gateway"
    smtp = start_smtp(tmp_path / "mail")
    fast_retries = {"CHRONOPAY_RETRY_BASE_SECONDS": "0.05", "CHRONOPAY_RETRY_MAX_SECONDS": "0.3"}

    def gateway():
        return gateway_process(
            gateway_dir, merchant_url=merchant_url, smtp=smtp.address, shared_secret=SHARED_SECRET, env=fast_retries
        )

    first, second, served = gateway(), gateway(), None
    gateway_db = gateway_dir / "chronopay.sqlite3"
    try:
        first.start()
        with http_session() as payer:
            for order in orders:
                page = payer.get(first.url, params=payment_request(order, merchant_url), timeout=10)
                assert page.status_code == 200, page.text[:500]
                attempt_url = first.url.rstrip("/") + GatewayPage.of(page).form_action("Оплатить")
                paid = payer.post(attempt_url, data=card_form(), timeout=10, allow_redirects=False)
                assert paid.status_code == 303
                # The browser would now go back to the merchant's success_url (down at this moment).
                result = payer.get(attempt_url, timeout=10, allow_redirects=False)
                assert result.headers["Location"].endswith(f"/chronopay/orders/{order.id}/success")

        def refused_and_receipts_sent():
            callbacks = outbox(gateway_db, "callback")
            return (
                len(callbacks) == len(orders)
                and all(row["tries"] >= 1 and not row["delivered_at"] for row in callbacks)
                and all_delivered(gateway_db, "mail")
            )

        wait_until(refused_and_receipts_sent, timeout=30, what="every callback refused at least once")
        first.kill()
        assert not any(row["delivered_at"] for row in outbox(gateway_db, "callback"))

        cabinet_app = mock_cabinet.create_app({"DATABASE": str(database), "CHRONOPAY_SHARED_SECRET": SHARED_SECRET})
        served = BackgroundServer(cabinet_app, "127.0.0.1", merchant_port, name="cabinet").start()
        second.start()
        wait_until(lambda: all_delivered(gateway_db), timeout=60, interval=0.05, what="every queued callback delivered")
    finally:
        first.kill()
        second.stop()
        if served is not None:
            served.stop()
        smtp.stop()

    with closing(connect(gateway_db)) as db:
        assert integrity_ok(db)
        approved = db.execute(
            "SELECT CAST(order_id AS INTEGER) AS order_id, transaction_id FROM attempts WHERE status = 'approved'"
        ).fetchall()
    by_order = {row["order_id"]: row["transaction_id"] for row in approved}
    expected = [type(order)(order.id, order.subscriber_id, order.amount, by_order[order.id]) for order in orders]
    assert_credited_exactly_once(before, money_state(database), expected)
    # One receipt per payment, none sent again by the restarted gateway.
    assert len(Inbox(tmp_path / "mail").messages(to="payer@example.com")) == len(orders)
