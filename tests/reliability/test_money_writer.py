"""The one writer of a database (mockkit.writer): queued jobs committed together, each kept or undone alone.

The cabinet books every callback through it; these tests drive it directly on a database of their
own: a burst that queues up behind a slow job is committed in one transaction, a job that raises
leaves nothing and harms none of its batch, a commit that fails confirms nothing, and an idle
writer lets its thread and connection go and starts again for the next job.
"""

import sqlite3
import threading
from contextlib import closing

import pytest

from mockkit import sqlite, writer
from mockkit.writer import Writer
from tests.support.waits import wait_until

pytestmark = pytest.mark.timeout(60)
THREADS = 16


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "money.sqlite3"
    with closing(sqlite.connect(path)) as db:
        db.execute("CREATE TABLE bookings (external_id TEXT PRIMARY KEY, amount INTEGER NOT NULL)")
    return path


def booked(path) -> dict[str, int]:
    with closing(sqlite.connect(path)) as db:
        return {row["external_id"]: row["amount"] for row in db.execute("SELECT * FROM bookings")}


def book(external_id: str, amount: int):
    def job(db: sqlite3.Connection) -> int:
        db.execute("INSERT INTO bookings VALUES (?, ?)", (external_id, amount))
        return amount

    return job


def run_together(money: Writer, jobs) -> list:
    """Each job from a thread of its own, all at once; their answers (or exceptions) in job order."""
    answers = [None] * len(jobs)

    def send(index):
        try:
            answers[index] = money.run(jobs[index])
        except Exception as problem:  # the job's own exception comes back to its thread
            answers[index] = problem

    threads = [threading.Thread(target=send, args=(index,)) for index in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return answers


def test_jobs_that_queue_behind_a_slow_one_are_committed_together(database):
    money = Writer(database)
    release, started = threading.Event(), threading.Event()

    def slow(db):
        started.set()
        release.wait(10)
        return book("slow", 1)(db)

    first = threading.Thread(target=money.run, args=(slow,))
    first.start()
    started.wait(10)
    waiting = [book(f"tx-{n}", 100 + n) for n in range(THREADS)]
    answers: list = []
    sender = threading.Thread(target=lambda: answers.extend(run_together(money, waiting)))
    sender.start()
    wait_until(lambda: money._jobs.qsize() == THREADS, timeout=10, what="every job queued behind the slow one")
    release.set()
    first.join(10)
    sender.join(30)

    assert answers == [100 + n for n in range(THREADS)]
    assert booked(database) == {"slow": 1, **{f"tx-{n}": 100 + n for n in range(THREADS)}}
    assert (money.commits, money.jobs_done) == (2, THREADS + 1), "the queued jobs shared one commit"


def test_a_job_that_raises_leaves_nothing_and_its_batch_is_kept(database):
    money = Writer(database)

    def half_then_fail(db):
        db.execute("INSERT INTO bookings VALUES ('half', 5)")
        raise ValueError("order already paid by another transaction")

    answers = run_together(money, [book("a", 1), half_then_fail, book("a", 2), book("b", 3)])

    assert answers[0] == 1 and answers[3] == 3
    assert isinstance(answers[1], ValueError) and "already paid" in str(answers[1])
    assert isinstance(answers[2], sqlite3.IntegrityError), "the same id twice: the second is refused"
    assert booked(database) == {"a": 1, "b": 3}


class FailingCommit:
    """A connection whose COMMIT fails, as on a full disk."""

    def __init__(self, db):
        self._db = db

    def execute(self, statement, *args):
        if statement == "COMMIT":
            raise sqlite3.OperationalError("database or disk is full")
        return self._db.execute(statement, *args)

    def __getattr__(self, name):
        return getattr(self._db, name)


def test_a_failed_commit_confirms_nothing(database):
    money = Writer(database, connect=lambda path: FailingCommit(sqlite.connect(path)))

    answers = run_together(money, [book("a", 1), book("b", 2)])

    assert all(isinstance(answer, sqlite3.OperationalError) for answer in answers), answers
    assert booked(database) == {}


def test_an_idle_writer_lets_its_thread_go_and_the_next_job_starts_another(database, monkeypatch):
    monkeypatch.setattr(writer, "IDLE_SECONDS", 0.05)
    money = Writer(database)
    assert money.run(book("a", 1)) == 1
    thread = money._thread
    thread.join(5)
    assert not thread.is_alive() and money._thread is None

    assert money.run(book("b", 2)) == 2
    assert booked(database) == {"a": 1, "b": 2}
