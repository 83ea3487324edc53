"""The cabinet's SQLite database: its migrations folder, a connection per request, one money writer."""

from pathlib import Path

from mockkit.flaskdb import FlaskDatabase

database = FlaskDatabase(Path(__file__).parent / "migrations")
open_database = database.open
get_db = database.get
init_app = database.init_app
# Callbacks book through it: one thread, in order, several bookings per commit.
money_writer = database.writer
