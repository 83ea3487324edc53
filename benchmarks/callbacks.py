"""Callbacks per second against the served cabinet, and how long each mock takes to start.

    python -m benchmarks.callbacks [--orders 500] [--copies 4] [--threads 16] [--starts 3]

- The cabinet runs as `python -m mock_cabinet` (cheroot, 16 threads) on a fresh database of its
  own; the gateway's signed callbacks are posted from `--threads` threads, each on its own
  keep-alive connection. Three rounds: every order once (each callback books a payment), every
  order `--copies` times in random order (one booking and duplicates, as a repeating gateway sends
  them), and only duplicates (every callback already booked).
- Start to ready: each mock as its own process, polled over HTTP until it answers; the first
  start of the gateway also makes its TLS certificate, so it is shown apart.

Figures only, never a verdict: these machines are shared and noisy.
"""

import argparse
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

from demstack.processes import cabinet_process, free_port, gateway_process, mailbox_process
from mockkit.sqlite import connect, transaction

from .callback_load import CALLBACK_PATH, fire, money_state, percentile, prepare_orders, purchase_callback
from .machine import describe_machine

# The merchant's secret of the benchmark's own mocks, for this run only.
SHARED_SECRET = secrets.token_hex(24)


def _round(name: str, url: str, bodies: list[dict], threads: int) -> dict:
    began = time.perf_counter()
    sent = fire(url, bodies, threads)
    seconds = time.perf_counter() - began
    latencies = [result.seconds for result in sent]
    statuses = Counter(result.status for result in sent)
    return {
        "round": name,
        "callbacks": len(bodies),
        "seconds": seconds,
        "per_second": len(bodies) / seconds,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "errors": sum(count for status, count in statuses.items() if status != 200),
    }


def callbacks(orders: int, copies: int, threads: int, folder: Path) -> list[dict]:
    rounds = []
    for name, repeat in (("unique", 1), (f"each x{copies}, shuffled", copies)):
        data = folder / f"cabinet-{repeat}"
        data.mkdir()
        booked = prepare_orders(data / "cabinet.sqlite3", subscribers=max(1, orders // 10), orders=orders)
        before = money_state(data / "cabinet.sqlite3")
        cabinet = cabinet_process(data, shared_secret=SHARED_SECRET)
        cabinet.start()
        try:
            url = cabinet.url.rstrip("/") + CALLBACK_PATH
            bodies = [purchase_callback(order, SHARED_SECRET) for order in booked for _copy in range(repeat)]
            random.Random(repeat).shuffle(bodies)  # noqa: S311 - an order of arrival
            rounds.append(_round(name, url, bodies, threads))
            if repeat == 1:  # the same callbacks again: every one is now a duplicate
                rounds.append(_round("duplicates only", url, bodies, threads))
        finally:
            cabinet.stop()
        after = money_state(data / "cabinet.sqlite3")
        credited = sum(after.balances.values()) - sum(before.balances.values())
        assert credited == sum(order.amount for order in booked) and after.integrity, "a callback was lost or doubled"
    return rounds


def commit_floor(folder: Path, seconds: float = 2.0) -> float:
    """Transactions a second one thread commits on this disk with the cabinet's settings (WAL,
    synchronous=FULL), each one small write: what the bookings cannot beat one commit at a time."""
    with closing(connect(folder / "floor.sqlite3")) as db:
        db.execute("CREATE TABLE IF NOT EXISTS t (n INTEGER)")
        count, began = 0, time.perf_counter()
        while time.perf_counter() - began < seconds:
            with transaction(db):
                db.execute("INSERT INTO t VALUES (?)", (count,))
            count += 1
        return count / (time.perf_counter() - began)


def start_times(starts: int, folder: Path) -> list[tuple[str, list[float]]]:
    """Seconds from the process's start to its first HTTP answer, `starts` times per mock."""
    figures = []
    cabinet_dir, gateway_dir, mailbox_dir = folder / "start-cabinet", folder / "start-gateway", folder / "start-mail"
    kinds = [
        ("python -m mock_cabinet", lambda: cabinet_process(cabinet_dir, shared_secret=SHARED_SECRET)),
        (
            "python -m mock_chronopay (HTTPS)",
            lambda: gateway_process(
                gateway_dir,
                merchant_url="http://127.0.0.1:8001/",
                smtp=f"127.0.0.1:{free_port()}",
                shared_secret=SHARED_SECRET,
                tls=True,
            ),
        ),
        ("python -m mock_mailbox", lambda: mailbox_process(mailbox_dir)),
    ]
    for name, make in kinds:
        seconds = []
        for _ in range(starts + (1 if "HTTPS" in name else 0)):
            process = make()
            try:
                seconds.append(process.start())
            finally:
                process.stop()
        if "HTTPS" in name:  # the first start also generated the certificate
            figures.append((name + ", first start: makes its certificate", seconds[:1]))
            seconds = seconds[1:]
        figures.append((name, seconds))
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.callbacks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=500)
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--starts", type=int, default=3, help="starts per mock for the start-up time")
    args = parser.parse_args(argv)
    print(describe_machine(), flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-callbacks-") as tmp:
        folder = Path(tmp)
        print(
            f"\nCallbacks against `python -m mock_cabinet` (cheroot, 16 threads), {args.threads} client threads:",
            flush=True,
        )
        floor = commit_floor(folder)
        print(f"  commit floor of this disk: {floor:.0f} transactions/s, one thread, WAL, synchronous=FULL")
        print(
            f"  {'round':<22} {'callbacks':>9} {'seconds':>8} {'per second':>11} {'/ floor':>8}"
            f" {'p50 ms':>8} {'p99 ms':>8} errors"
        )
        for row in callbacks(args.orders, args.copies, args.threads, folder):
            print(
                f"  {row['round']:<22} {row['callbacks']:>9} {row['seconds']:>8.2f} {row['per_second']:>11.0f}"
                f" {row['per_second'] / floor:>8.2f} {row['p50_ms']:>8.1f} {row['p99_ms']:>8.1f} {row['errors']:>6}",
                flush=True,
            )
        print(f"\nStart to ready (process start until the first HTTP answer), {args.starts} starts each:", flush=True)
        for name, seconds in start_times(args.starts, folder):
            middle = statistics.median(seconds)
            print(f"  {name:<56} median {middle:5.2f} s  (min {min(seconds):.2f}, max {max(seconds):.2f})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
