"""The cabinet's SQLite database: one connection per request, migrations on start."""

import sqlite3
from pathlib import Path

from flask import current_app, g

from mockkit import sqlite

MIGRATIONS = Path(__file__).parent / "migrations"


def open_database(path: str | Path) -> sqlite3.Connection:
    """A migrated connection outside any request (CLI commands, the test harness)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite.connect(path)
    sqlite.migrate(db, MIGRATIONS)
    return db


def get_db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = sqlite.connect(current_app.config["DATABASE"])
    return g.db


def close_db(_error=None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app) -> None:
    open_database(app.config["DATABASE"]).close()
    app.teardown_appcontext(close_db)
