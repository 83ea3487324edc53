"""Load on the cabinet's callback: subscribers and payable orders written with the cabinet's own
functions, the gateway's signed callbacks for them (built by the gateway's own code), and threads
that send them all at once, each on its own keep-alive connection to loopback.

Used by `benchmarks/callbacks.py` and the reliability tests (tests/reliability).
"""

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import requests

from demstack.processes import http_session
from mock_cabinet import accounts, demo
from mock_cabinet.config import DEFAULTS as CABINET_DEFAULTS
from mock_cabinet.db import open_database
from mock_chronopay.attempts import callback_fields
from mockkit.clock import make_clock, stamp
from mockkit.sqlite import connect, integrity_ok, transaction

CALLBACK_PATH = "/chronopay/callback"
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
    Nobody logs in as these subscribers: they share one password nobody knows, hashed once.
    """
    chooser = random.Random(seed)  # noqa: S311 - amounts of a load, not a secret
    password_hash = accounts.hash_password(accounts.new_password())
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
                password_hash=password_hash,
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


def purchase_callback(order: Order, secret: str, customer_id: str = "100001") -> dict[str, str]:
    """The gateway's callback for the order's approved payment, as its own dispatcher would send it."""
    attempt = {
        "amount": order.amount,
        "customer_id": customer_id,
        "currency": "RUB",
        "order_id": str(order.id),
        "product_id": CABINET_DEFAULTS["CHRONOPAY_PRODUCT_ID"],
        "cs1": "",
        "cs2": "",
        "cs3": "",
        "email": "payer@example.com",
        "holder": "IVAN PETROV",
        "card_mask": "411111******1111",
        "card_brand": "VISA",
        "payer": "{}",  # the request carried none of the payer's fields
    }
    return callback_fields(attempt, "Purchase", order.transaction_id, NOW, secret)


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
