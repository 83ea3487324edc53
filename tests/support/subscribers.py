"""Subscribers and prepaid cards for tests, made with the cabinet's own functions.

Every subscriber made here has its password hashed with FAST_HASH_METHOD, a light scrypt: the
cabinet reads the cost from each stored hash, so a test's login is checked in milliseconds, not
the tenth of a second the product's own cost takes. A test about what that cost protects (the
login throttle against guessing) asks for it: `create_subscriber(..., product_hash=True)`.
"""

from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from werkzeug.security import generate_password_hash

from mock_cabinet import accounts, demo
from mock_cabinet.db import open_database
from mockkit.sqlite import transaction

FAST_HASH_METHOD = "scrypt:2048:8:1"
PASSWORD = "Test-Pa55word"  # of every subscriber a test makes without naming one


@cache
def fast_hash(password: str) -> str:
    """The light hash of `password` (the same for the same password within a session)."""
    return generate_password_hash(password, method=FAST_HASH_METHOD)


@dataclass(frozen=True)
class Subscriber:
    id: int
    login: str
    password: str
    account_id: int
    full_name: str
    balance: int  # kopecks, when it was made
    email: str


@dataclass(frozen=True)
class PrepaidCard:
    number: str
    pin: str
    value: int  # kopecks


@contextmanager
def _writing(db_or_path):
    """A connection inside a transaction: a path is opened and closed; a connection's open transaction is joined."""
    if isinstance(db_or_path, str | Path):
        with closing(open_database(db_or_path)) as db, transaction(db):
            yield db
    elif db_or_path.in_transaction:
        yield db_or_path
    else:
        with transaction(db_or_path):
            yield db_or_path


def create_subscriber(
    db_or_path,
    *,
    login: str | None = None,
    password: str = PASSWORD,
    balance: int = 500_00,
    full_name: str = "Проверочный Абонент Тестович",
    address: str = "г. Москва, ул. Тестовая, д. 1",
    email: str = "",
    phone: str = "",
    credit: int = 0,
    internet_on: bool = True,
    tariff: int = 0,
    now: datetime | None = None,
    product_hash: bool = False,
) -> Subscriber:
    """A new subscriber in the cabinet's database (a path or a connection); a login is generated if not given.

    `tariff` is an index into mock_cabinet.demo.TARIFFS; `now` defaults to the real clock.
    """
    password_hash = accounts.hash_password(password) if product_hash else fast_hash(password)
    with _writing(db_or_path) as db:
        demo.ensure_catalogue(db)
        row = accounts.create_subscriber(
            db,
            now=now or datetime.now(UTC),
            login=login,
            password_hash=password_hash,
            full_name=full_name,
            address=address,
            phone=phone,
            email=email,
            balance=balance,
            credit=credit,
            internet_on=internet_on,
            tariff_id=demo.tariff_id(db, tariff),
        )
    return Subscriber(
        id=row["id"],
        login=row["login"],
        password=password,
        account_id=row["account_id"],
        full_name=row["full_name"],
        balance=row["balance"],
        email=row["email"],
    )


def issue_prepaid_card(db_or_path, number: str, pin: str, value: int = 500_00) -> PrepaidCard:
    """An unused prepaid card, its PIN hashed as the cabinet hashes the ones it issues."""
    with _writing(db_or_path) as db:
        pin_hash = accounts.hash_pin(pin)
        db.execute("INSERT INTO prepaid_cards (number, pin_hash, value) VALUES (?,?,?)", (number, pin_hash, value))
    return PrepaidCard(number=number, pin=pin, value=value)
