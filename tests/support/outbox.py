"""What the gateway queued for delivery (its outbox: callbacks and receipts), and whether it went."""

import json
from contextlib import closing, contextmanager
from pathlib import Path

from mockkit.sqlite import connect


@contextmanager
def _reading(db_or_path):
    if isinstance(db_or_path, str | Path):
        with closing(connect(db_or_path)) as db:
            yield db
    else:
        yield db_or_path


def outbox(db_or_path, kind: str | None = None, token: str | None = None) -> list:
    """The outbox's rows in the order queued: of one kind (callback, mail), of one attempt."""
    query, params = "SELECT * FROM outbox WHERE 1 = 1", []
    if kind:
        query += " AND kind = ?"
        params.append(kind)
    if token:
        query += " AND attempt_token = ?"
        params.append(token)
    with _reading(db_or_path) as db:
        return db.execute(query + " ORDER BY id", params).fetchall()


def queued_callbacks(db_or_path, token: str | None = None) -> list[dict]:
    """The callbacks' fields as the gateway will post them."""
    return [json.loads(row["body"]) for row in outbox(db_or_path, "callback", token)]


def all_delivered(db_or_path, kind: str = "callback") -> bool:
    """Something of that kind was queued, and all of it was delivered."""
    rows = outbox(db_or_path, kind)
    return bool(rows) and all(row["delivered_at"] for row in rows)
