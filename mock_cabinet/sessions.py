"""Server-side sessions: the signed cookie carries a random token, the database says if it is alive.

Logging out deletes the row, so a copied cookie stops working at once; logging in always starts a
new token (no session fixation).
"""

import hashlib
import secrets
import sqlite3
from datetime import timedelta

from mockkit.clock import stamp


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def start(db: sqlite3.Connection, subscriber_id: int, kind: str, now, lifetime_seconds: int) -> str:
    token = secrets.token_urlsafe(32)
    db.execute(
        "INSERT INTO sessions (token_hash, subscriber_id, kind, created_at, expires_at) VALUES (?,?,?,?,?)",
        (_digest(token), subscriber_id, kind, stamp(now), stamp(now + timedelta(seconds=lifetime_seconds))),
    )
    return token


def subscriber_id_for(db: sqlite3.Connection, token: str | None, kind: str, now) -> int | None:
    if not token or not isinstance(token, str):
        return None
    row = db.execute(
        "SELECT subscriber_id FROM sessions WHERE token_hash = ? AND kind = ? AND expires_at > ?",
        (_digest(token), kind, stamp(now)),
    ).fetchone()
    return row["subscriber_id"] if row else None


def end(db: sqlite3.Connection, token: str | None) -> None:
    if token and isinstance(token, str):
        db.execute("DELETE FROM sessions WHERE token_hash = ?", (_digest(token),))
