"""One writer for a database: the writes of many request threads, in order, several per commit.

SQLite lets one writer in at a time. When sixteen request threads each BEGIN IMMEDIATE, fifteen of
them wait in SQLite's busy handler, which sleeps in growing steps: the tail latency comes from
those sleeps, not from the disk. Here one thread takes the jobs from a queue in the order they
came, runs every job waiting at that moment inside one transaction (each under a savepoint of its
own, so a job that raises leaves nothing behind and harms no other), commits once, and only then
answers each job's thread: nothing is confirmed before it is on disk.

    writer = Writer("var/cabinet.sqlite3")
    booking = writer.run(lambda db: ledger.book_callback(db, callback, now))

Exactly-once stays the database's job (UNIQUE constraints, the checks inside each job); the writer
only removes the waiting. The thread ends after a moment without work (and with it its
connection), and the next job starts a new one.
"""

import queue
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar

from . import sqlite

T = TypeVar("T")

# Jobs committed together at most: a burst of bookings shares its fsyncs, a queue cannot starve.
BATCH_LIMIT = 64
# How long the thread waits for work before it ends.
IDLE_SECONDS = 2.0
# How long a request thread waits for its job's answer (the database's own busy timeout is 30 s).
ANSWER_SECONDS = 30.0


class Writer:
    def __init__(self, path: str | Path, connect: Callable[[str | Path], sqlite3.Connection] = sqlite.connect):
        self.path = path
        self._connect = connect
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.commits = 0  # transactions committed, for the benchmark's figures
        self.jobs_done = 0

    def run(self, job: Callable[[sqlite3.Connection], T], timeout: float = ANSWER_SECONDS) -> T:
        """`job(db)` inside the writer's transaction, once it is committed; the job's own exception
        if it raised (nothing it wrote is kept), TimeoutError if the writer did not answer in time."""
        answer: Future = Future()
        with self._lock:
            self._jobs.put((job, answer))
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, name=f"writer-{Path(self.path).name}", daemon=True)
                self._thread.start()
        return answer.result(timeout=timeout)

    def _serve(self) -> None:
        db = self._connect(self.path)
        try:
            while True:
                batch = self._next_batch()
                if batch is None:
                    return
                self._commit(db, batch)
        finally:
            db.close()

    def _next_batch(self) -> list | None:
        """The jobs waiting now (the first one waited for), or None when there was no work for a while."""
        try:
            batch = [self._jobs.get(timeout=IDLE_SECONDS)]
        except queue.Empty:
            with self._lock:  # a job put while we decide is seen here, under the same lock
                if self._jobs.empty():
                    self._thread = None
                    return None
            batch = [self._jobs.get()]
        while len(batch) < BATCH_LIMIT:
            try:
                batch.append(self._jobs.get_nowait())
            except queue.Empty:
                break
        return batch

    def _commit(self, db: sqlite3.Connection, batch: list) -> None:
        outcomes = []
        try:
            with sqlite.transaction(db):
                for job, answer in batch:
                    try:
                        with sqlite.transaction(db):  # a savepoint: a job that raises leaves nothing
                            outcomes.append((answer, job(db), None))
                    except Exception as problem:  # the job's own refusal, answered to its thread alone
                        outcomes.append((answer, None, problem))
        except Exception as problem:  # the commit itself failed: nothing of the batch is kept
            for _job, answer in batch:
                answer.set_exception(problem)
            return
        self.commits += 1
        self.jobs_done += len(batch)
        for answer, result, problem in outcomes:
            if problem is None:
                answer.set_result(result)
            else:
                answer.set_exception(problem)
