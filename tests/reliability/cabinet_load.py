"""Load on the cabinet's callback: subscribers and payable orders written with the cabinet's own
functions, the gateway's signed callbacks for them, and threads that send them all at once.

Shared by the reliability tests and `benchmarks/callbacks.py`.
"""

import random
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import requests
from werkzeug.security import generate_password_hash

from chronopay_protocol import money, signing
from mock_cabinet import accounts, demo
from mock_cabinet.db import open_database
from mockkit.clock import make_clock, stamp
from mockkit.sqlite import connect, integrity_ok, transaction

from .mockproc import http_session

SHARED_SECRET = "reliability-shared-secret"
PRODUCT_ID = "004704-0001-0001"
CALLBACK_PATH = "/chronopay/callback"
PASSWORD = "Load-test-pass1"
# One cheap hash for every subscriber made here: the product's scrypt would cost 0.1 s each.
_PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1")
NOW = make_clock("")()


@dataclass(frozen=True)
class Order:
    id: int
    subscriber_id: int
    amount: int  # kopecks
    transaction_id: str  # the gateway's transaction number for its approved payment


def prepare_orders(
    database: Path, *, subscribers: int, orders: int, seed: int = 7, first_transaction: int = 7_890_001
) -> list[Order]:
    """`subscribers` new subscribers and `orders` pending orders spread over them, with random amounts.

    Written with the cabinet's own functions, as «Новый платеж» and «Заплатить» would leave them.
    """
    chooser = random.Random(seed)
    made = []
    with closing(open_database(database)) as db, transaction(db):
        demo.ensure_catalogue(db)
        tariff = demo.tariff_id(db, 0)
        start = db.execute("SELECT COUNT(*) FROM subscribers").fetchone()[0]
        owners = [
            accounts.create_subscriber(
                db,
                now=NOW,
                login=f"lt{start + number:04d}",
                password_hash=_PASSWORD_HASH,
                full_name="Нагрузочный Абонент",
                address="г. Москва, ул. Тестовая, д. 1",
                tariff_id=tariff,
                balance=chooser.randrange(0, 5000_00),
            )["id"]
            for number in range(subscribers)
        ]
        for number in range(orders):
            owner = owners[number % subscribers]
            amount = chooser.randrange(10_00, 15_000_00)
            order_id = db.execute(
                "INSERT INTO orders (subscriber_id, amount, status, created_at, submitted_at)"
                " VALUES (?, ?, 'pending', ?, ?)",
                (owner, amount, stamp(NOW), stamp(NOW)),
            ).lastrowid
            made.append(Order(order_id, owner, amount, str(first_transaction + number)))
    return made


def purchase_callback(order: Order, secret: str = SHARED_SECRET, customer_id: str = "100001") -> dict[str, str]:
    """The gateway's callback for the order's approved payment, every field of PROTOCOL.md section 3."""
    total = money.to_protocol(order.amount)
    fields = {
        "transaction_type": "Purchase",
        "customer_id": customer_id,
        "transaction_id": order.transaction_id,
        "total": total,
        "currency": "RUB",
        "order_id": str(order.id),
        "product_id": PRODUCT_ID,
        "cs1": "",
        "cs2": "",
        "cs3": "",
        "email": "payer@example.com",
        "name": "IVAN PETROV",
        "creditcardnumber": "411111XXXXXX1111",
        "date": NOW.strftime("%Y-%m-%d %H:%M:%S"),
    }
    fields["sign"] = signing.callback_sign(secret, customer_id, order.transaction_id, "Purchase", total)
    return fields


@dataclass(frozen=True)
class Money:
    """What the callbacks may change in a cabinet database."""

    balances: dict[int, int]
    payments: list[tuple]  # (kind, external_id, order_id, amount)
    paid_orders: set[int]
    integrity: bool


def money_state(database: Path) -> Money:
    with closing(connect(database)) as db:
        return Money(
            balances={row["id"]: row["balance"] for row in db.execute("SELECT id, balance FROM subscribers")},
            payments=[
                tuple(row) for row in db.execute("SELECT kind, external_id, order_id, amount FROM payments ORDER BY id")
            ],
            paid_orders={row["id"] for row in db.execute("SELECT id FROM orders WHERE status = 'paid'")},
            integrity=integrity_ok(db),
        )


def payment_count(database: Path) -> int:
    with closing(connect(database)) as db:
        return db.execute("SELECT COUNT(*) FROM payments").fetchone()[0]


def assert_credited_exactly_once(before: Money, after: Money, orders: list[Order]) -> None:
    """Every order credited once under its transaction id, each owner's balance grown by their orders."""
    booked = Counter((kind, external_id) for kind, external_id, _order, _amount in after.payments)
    assert max(booked.values(), default=0) == 1, [key for key, count in booked.items() if count > 1]
    new_payments = after.payments[len(before.payments) :]
    assert sorted(new_payments) == sorted(("chronopay", o.transaction_id, o.id, o.amount) for o in orders)
    assert after.paid_orders - before.paid_orders == {order.id for order in orders}
    grown = Counter()
    for order in orders:
        grown[order.subscriber_id] += order.amount
    for subscriber, balance in after.balances.items():
        assert balance == before.balances.get(subscriber, 0) + grown[subscriber], subscriber
    assert sum(after.balances.values()) - sum(before.balances.values()) == sum(order.amount for order in orders)
    assert after.integrity


@dataclass
class Sent:
    status: int | None  # None: no HTTP answer (connection refused or reset)
    seconds: float
    answer: str


def fire(url: str, bodies: list[dict], threads: int, start_together: bool = True) -> list[Sent]:
    """POST every body once, from `threads` threads each keeping its connection; results in body order."""
    results: list[Sent | None] = [None] * len(bodies)
    chunks = [list(range(index, len(bodies), threads)) for index in range(threads)]
    barrier = threading.Barrier(threads) if start_together else None

    def work(indexes):
        with http_session() as http:
            if barrier is not None:
                barrier.wait(timeout=30)
            for index in indexes:
                began = time.perf_counter()
                try:
                    response = http.post(url, data=bodies[index], timeout=30)
                    results[index] = Sent(response.status_code, time.perf_counter() - began, response.text.strip())
                except requests.RequestException as problem:
                    results[index] = Sent(None, time.perf_counter() - began, type(problem).__name__)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(work, chunks))
    return results


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]
