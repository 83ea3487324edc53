"""The outbox: callbacks and receipts waiting for delivery, their retry schedule, the operator's re-send.

A message is written in the same transaction as the outcome it reports (attempts.py) and tried by
the dispatcher (notify.py) until it is delivered. Each failed try waits twice as long as the one
before (Schedule); a message that has kept failing for `Schedule.retry_for` seconds is marked
failed: it is tried no more, the operator's page lists it with its last answer, and the operator
can send it again by hand, which starts its schedule afresh.
"""

import sqlite3
import time
from dataclasses import dataclass

from mockkit.clock import stamp
from mockkit.sqlite import transaction

KINDS = ("callback", "mail")


@dataclass(frozen=True)
class Schedule:
    """The n-th retry waits base * 2**(n-1), at most `maximum`; none is scheduled past `retry_for`."""

    base: float  # seconds
    maximum: float
    retry_for: float  # seconds from the first failed try to giving up

    def delay(self, tries: int) -> float:
        # The exponent is capped: 2.0 * 2**1024 no longer fits a float (a merchant down for days).
        return min(self.maximum, self.base * 2 ** min(max(tries - 1, 0), 64))


@dataclass(frozen=True)
class Failure:
    """What one failed try led to: the next try after `retry_in` seconds, or none (`gave_up`)."""

    tries: int
    retry_in: float | None

    @property
    def gave_up(self) -> bool:
        return self.retry_in is None


def enqueue(db: sqlite3.Connection, kind: str, target: str, body: str, token: str, now) -> None:
    """Queue a message, due at once; the caller holds the transaction of the outcome it reports."""
    if kind not in KINDS:
        raise ValueError(kind)
    db.execute(
        "INSERT INTO outbox (kind, target, body, attempt_token, created_at, next_try_at) VALUES (?,?,?,?,?,?)",
        (kind, target, body, token, stamp(now), time.time()),
    )


def due(db: sqlite3.Connection) -> list[sqlite3.Row]:
    """The messages whose next try is due, oldest first."""
    return db.execute(
        "SELECT * FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL AND next_try_at <= ? ORDER BY id",
        (time.time(),),
    ).fetchall()


def next_due_at(db: sqlite3.Connection) -> float | None:
    """Epoch seconds of the next scheduled try, None when nothing waits."""
    return db.execute(
        "SELECT MIN(next_try_at) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL"
    ).fetchone()[0]


def record_delivered(db: sqlite3.Connection, message_id: int, now) -> None:
    with transaction(db):
        db.execute(
            "UPDATE outbox SET delivered_at = ?, tries = tries + 1 WHERE id = ? AND delivered_at IS NULL",
            (stamp(now), message_id),
        )


def record_failure(db: sqlite3.Connection, message_id: int, answer: str, schedule: Schedule, now) -> Failure:
    """One more failed try: schedule the next, or give up once the next would fall past the schedule."""
    with transaction(db):
        row = db.execute("SELECT tries, failing_since FROM outbox WHERE id = ?", (message_id,)).fetchone()
        tries = row["tries"] + 1
        at = time.time()
        failing_since = row["failing_since"] if row["failing_since"] is not None else at
        delay = schedule.delay(tries)
        if at + delay - failing_since > schedule.retry_for:
            db.execute(
                "UPDATE outbox SET tries = ?, failing_since = ?, last_error = ?, failed_at = ? WHERE id = ?",
                (tries, failing_since, answer, stamp(now), message_id),
            )
            return Failure(tries=tries, retry_in=None)
        db.execute(
            "UPDATE outbox SET tries = ?, failing_since = ?, last_error = ?, next_try_at = ? WHERE id = ?",
            (tries, failing_since, answer, at + delay, message_id),
        )
        return Failure(tries=tries, retry_in=delay)


def waiting(db: sqlite3.Connection) -> list[sqlite3.Row]:
    """Undelivered messages still being retried (for the operator's page)."""
    return db.execute("SELECT * FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL ORDER BY id").fetchall()


def failed(db: sqlite3.Connection) -> list[sqlite3.Row]:
    """Messages given up on, waiting for the operator (for the operator's page)."""
    return db.execute("SELECT * FROM outbox WHERE failed_at IS NOT NULL ORDER BY id").fetchall()


def resend(db: sqlite3.Connection, message_id: int) -> sqlite3.Row | None:
    """The operator sends a failed message again: due now, its schedule afresh. None if it is not failed."""
    with transaction(db):
        changed = db.execute(
            "UPDATE outbox SET failed_at = NULL, failing_since = NULL, tries = 0, next_try_at = ?"
            " WHERE id = ? AND failed_at IS NOT NULL AND delivered_at IS NULL",
            (time.time(), message_id),
        ).rowcount
        if not changed:
            return None
        return db.execute("SELECT * FROM outbox WHERE id = ?", (message_id,)).fetchone()
