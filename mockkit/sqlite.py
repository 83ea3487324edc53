"""SQLite the way money wants it: WAL, synchronous=FULL, foreign keys, schema versioned.

Migrations are the numbered `NNN_*.sql` files of a folder, applied in order inside one
transaction each; `PRAGMA user_version` remembers the last one applied.
"""

import itertools
import re
import sqlite3
from contextlib import contextmanager
from pathlib import Path

_MIGRATION_NAME = re.compile(r"(\d{3})_[a-z0-9_]+\.sql")
_SAVEPOINTS = itertools.count()  # unique savepoint names (they nest)


def connect(path: str | Path) -> sqlite3.Connection:
    """A connection in autocommit mode: transactions are explicit (`transaction`)."""
    db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=30000")
    return db


@contextmanager
def transaction(db: sqlite3.Connection, immediate: bool = True):
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception.

    IMMEDIATE takes the write lock at the start, so two concurrent money operations are serialised
    instead of both reading the old balance. Inside a transaction already (mockkit.writer runs
    several jobs in one), it is a savepoint: what the block wrote is undone if it raises, the rest
    of the outer transaction is kept.
    """
    if db.in_transaction:
        name = f"nested_{next(_SAVEPOINTS)}"
        db.execute(f"SAVEPOINT {name}")
        try:
            yield db
        except BaseException:
            db.execute(f"ROLLBACK TO {name}")
            db.execute(f"RELEASE {name}")
            raise
        db.execute(f"RELEASE {name}")
        return
    db.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
    try:
        yield db
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:  # also when COMMIT itself failed (a full disk): nothing stays half-done
            db.execute("ROLLBACK")
        raise


def migrations_in(folder: Path) -> list[tuple[int, Path]]:
    found = []
    for path in sorted(Path(folder).glob("*.sql")):
        match = _MIGRATION_NAME.fullmatch(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return found


def migrate(db: sqlite3.Connection, folder: Path) -> int:
    """Apply the migrations newer than the database's version; returns the version reached."""
    current = db.execute("PRAGMA user_version").fetchone()[0]
    for version, path in migrations_in(folder):
        if version <= current:
            continue
        script = path.read_text(encoding="utf-8")
        # executescript commits first; wrap the script so a failing migration leaves nothing behind.
        db.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;")
        current = version
    return current


def integrity_ok(db: sqlite3.Connection) -> bool:
    return db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
