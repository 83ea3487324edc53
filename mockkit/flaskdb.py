"""A migrated SQLite database for a Flask app: one connection per request (Flask tutorial style)."""

import sqlite3
from pathlib import Path

from flask import current_app, g

from . import sqlite
from .writer import Writer


class FlaskDatabase:
    """The database at app.config["DATABASE"], migrated from the numbered scripts in `migrations`."""

    def __init__(self, migrations: Path):
        self.migrations = Path(migrations)

    def open(self, path: str | Path) -> sqlite3.Connection:
        """A migrated connection outside any request (CLI commands, workers, the test harness)."""
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite.connect(path)
        sqlite.migrate(db, self.migrations)
        return db

    def get(self) -> sqlite3.Connection:
        if "db" not in g:
            g.db = sqlite.connect(current_app.config["DATABASE"])
        return g.db

    @staticmethod
    def close(_error=None) -> None:
        db = g.pop("db", None)
        if db is not None:
            db.close()

    @staticmethod
    def writer() -> Writer:
        """The app's one writer (mockkit.writer), for the writes that must not wait in SQLite's busy handler."""
        return current_app.extensions["db_writer"]

    def init_app(self, app) -> None:
        self.open(app.config["DATABASE"]).close()
        app.extensions["db_writer"] = Writer(app.config["DATABASE"])
        app.teardown_appcontext(self.close)
