"""Subscribers: creation, logins of the dem### format, password checks."""

import re
import secrets
import sqlite3

from werkzeug.security import check_password_hash, generate_password_hash

from mockkit.clock import stamp

LOGIN_FORMAT = re.compile(r"[a-z]{3}[0-9]{3}", re.ASCII)
LOGIN_PREFIX = "dem"
FIRST_ACCOUNT_ID = 1001
# Letters a person can read back without confusing them (no 0/O, 1/l/I).
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 - an alphabet  # nosec B105
# Checked when a login does not exist, so a wrong login costs the same time as a wrong password.
DUMMY_HASH = generate_password_hash("no such subscriber")


class RegistrationFull(Exception):
    """All dem001…dem999 logins are taken."""


def new_password(length: int = 10) -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def hash_password(password: str) -> str:
    return generate_password_hash(password)


def hash_pin(pin: str) -> str:
    """A prepaid card's PIN: four digits, so hash cost cannot protect it (10 000 guesses);
    the activation throttle does. A light scrypt keeps seeding the demo cards fast."""
    return generate_password_hash(pin, method="scrypt:2048:8:1")


def next_login(db: sqlite3.Connection) -> str:
    rows = db.execute("SELECT login FROM subscribers WHERE login LIKE ?", (LOGIN_PREFIX + "%",)).fetchall()
    taken = {int(row["login"][3:]) for row in rows if LOGIN_FORMAT.fullmatch(row["login"])}
    # The next number after the highest, or the first gap once dem999 exists.
    candidates = [max(taken, default=0) + 1, *(n for n in range(1, 1000) if n not in taken)]
    number = next((n for n in candidates if 1 <= n <= 999), None)
    if number is None:
        raise RegistrationFull
    return f"{LOGIN_PREFIX}{number:03d}"


def next_account_id(db: sqlite3.Connection) -> int:
    return db.execute("SELECT COALESCE(MAX(account_id) + 1, ?) FROM subscribers", (FIRST_ACCOUNT_ID,)).fetchone()[0]


def create_subscriber(
    db: sqlite3.Connection,
    *,
    now,
    password_hash: str,
    full_name: str,
    address: str,
    tariff_id: int,
    login: str | None = None,
    phone: str = "",
    email: str = "",
    balance: int = 0,
    credit: int = 0,
    internet_on: bool = True,
) -> sqlite3.Row:
    """Insert a subscriber (the caller holds the transaction); a login is generated when not given."""
    login = login or next_login(db)
    cursor = db.execute(
        "INSERT INTO subscribers (login, password_hash, full_name, address, phone, email, account_id,"
        " balance, credit, tariff_id, internet_on, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            login,
            password_hash,
            full_name,
            address,
            phone,
            email,
            next_account_id(db),
            balance,
            credit,
            tariff_id,
            int(internet_on),
            stamp(now),
        ),
    )
    return get_subscriber(db, cursor.lastrowid)


def get_subscriber(db: sqlite3.Connection, subscriber_id: int) -> sqlite3.Row | None:
    return db.execute(
        "SELECT s.*, t.name AS tariff_name, t.monthly_fee AS tariff_fee, t.speed_mbps AS tariff_speed"
        " FROM subscribers s JOIN tariffs t ON t.id = s.tariff_id WHERE s.id = ?",
        (subscriber_id,),
    ).fetchone()


def authenticate(db: sqlite3.Connection, login: str, password: str) -> sqlite3.Row | None:
    """The subscriber whose login and password these are, or None (same cost either way)."""
    row = db.execute("SELECT id, password_hash FROM subscribers WHERE login = ?", (login,)).fetchone()
    if row is None:
        check_password_hash(DUMMY_HASH, password)
        return None
    if not check_password_hash(row["password_hash"], password):
        return None
    return get_subscriber(db, row["id"])
