"""2,000 callbacks for 500 orders, each sent 4 times, from 16 threads at once, against the cabinet
served by cheroot in its own process (`python -m mock_cabinet`), as the gateway's server reaches it.
"""

import random
from collections import Counter

import pytest

from benchmarks.callback_load import CALLBACK_PATH, fire, money_state, prepare_orders, purchase_callback
from tests.support.known import SHARED_SECRET

from .credited import assert_credited_exactly_once

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]

ORDERS = 500
COPIES = 4
THREADS = 16
SUBSCRIBERS = 50  # ten orders each: the same balance row is credited from many threads at once


def test_every_order_is_credited_once_whatever_arrives_four_times_at_once(cabinet_dir, start_cabinet):
    cabinet_dir.mkdir(parents=True)
    database = cabinet_dir / "cabinet.sqlite3"
    orders = prepare_orders(database, subscribers=SUBSCRIBERS, orders=ORDERS)
    before = money_state(database)
    cabinet = start_cabinet()
    bodies = [purchase_callback(order, SHARED_SECRET) for order in orders for _copy in range(COPIES)]
    random.Random(2026).shuffle(bodies)

    sent = fire(cabinet.url.rstrip("/") + CALLBACK_PATH, bodies, THREADS)

    answers = Counter((result.status, result.answer) for result in sent)
    assert answers == {(200, "OK"): ORDERS, (200, "OK (already booked)"): ORDERS * (COPIES - 1)}, answers
    assert_credited_exactly_once(before, money_state(database), orders)
    assert "Traceback" not in cabinet.log_text()
