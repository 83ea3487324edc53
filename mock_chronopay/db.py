"""The gateway's SQLite database: its migrations folder, a connection per request."""

from pathlib import Path

from mockkit.flaskdb import FlaskDatabase

database = FlaskDatabase(Path(__file__).parent / "migrations")
open_database = database.open
get_db = database.get
init_app = database.init_app
