"""Demo data: tariffs, services, subscribers dem001…, prepaid cards; the same for the same seed.

`demo_subscribers(seed, count)` is a pure function, so `make serve` and the README can list the
demo logins and passwords without reading the database.
"""

import random
import sqlite3
from dataclasses import dataclass
from datetime import timedelta

from faker import Faker

from mockkit.clock import stamp
from mockkit.sqlite import transaction

from . import accounts

DEFAULT_SEED = 2026
DEFAULT_COUNT = 10
TARIFFS = (
    ("Домашний 100", 450_00, 100),
    ("Домашний 300", 650_00, 300),
    ("Домашний 500", 850_00, 500),
    ("Бизнес 1000", 2500_00, 1000),
)
SERVICES = (
    ("Статический IP-адрес", 150_00),
    ("Антивирус Dr.Web", 99_00),
    ("Интерактивное ТВ (120 каналов)", 199_00),
)
MESSAGES = (
    (
        "Добро пожаловать!",
        "Здравствуйте, {name}! Ваш лицевой счет {account}. Спасибо, что выбрали «ДЭМ Интернет».",
    ),
    (
        "Плановые работы",
        "В ночь на субботу с 02:00 до 04:00 возможны кратковременные перерывы связи. Приносим извинения.",
    ),
    (
        "Оплата картой",
        "Пополнить счет банковской картой VISA или MasterCard можно в разделе «Платежи», вкладка «ChronoPay».",
    ),
)


@dataclass(frozen=True)
class DemoSubscriber:
    login: str
    password: str
    full_name: str
    address: str
    phone: str
    email: str
    balance: int
    credit: int
    tariff: int  # index into TARIFFS
    services: tuple[int, ...]


@dataclass(frozen=True)
class DemoPrepaidCard:
    number: str
    pin: str
    value: int


def demo_password(seed: int, login: str) -> str:
    """Derived from the seed and the login only, so it stays the same whatever Faker's version."""
    chooser = random.Random(f"{seed}:{login}")  # noqa: S311 - demo credentials, not a secret  # nosec B311
    return "".join(chooser.choice(accounts.PASSWORD_ALPHABET) for _ in range(10))


def _faker(seed: int) -> Faker:
    fake = Faker("ru_RU")
    fake.seed_instance(seed)
    return fake


def demo_subscribers(seed: int = DEFAULT_SEED, count: int = DEFAULT_COUNT) -> list[DemoSubscriber]:
    fake = _faker(seed)
    people = []
    for number in range(1, count + 1):
        login = f"{accounts.LOGIN_PREFIX}{number:03d}"
        people.append(
            DemoSubscriber(
                login=login,
                password=demo_password(seed, login),
                full_name=fake.name(),
                address=fake.address().replace("\n", ", "),
                phone=fake.phone_number(),
                email=f"{fake.user_name()}@example.com",  # reserved domain: receipts never leave
                balance=fake.random_int(0, 1500) * 100,
                credit=fake.random_element((0, 0, 300_00)),
                tariff=fake.random_int(0, len(TARIFFS) - 1),
                services=tuple(sorted(set(fake.random_elements(range(len(SERVICES)), length=2)))),
            )
        )
    return people


def demo_prepaid_cards(seed: int = DEFAULT_SEED, count: int = 6) -> list[DemoPrepaidCard]:
    chooser = random.Random(f"{seed}:prepaid")  # noqa: S311 - demo cards, not a secret  # nosec B311
    return [
        DemoPrepaidCard(
            number=f"7700{index:06d}",
            pin=f"{chooser.randrange(10_000):04d}",
            value=(300_00, 500_00, 1000_00)[index % 3],
        )
        for index in range(1, count + 1)
    ]


def ensure_catalogue(db: sqlite3.Connection) -> None:
    """Tariffs and services, inserted once (the caller holds the transaction)."""
    for name, fee, speed in TARIFFS:
        db.execute("INSERT OR IGNORE INTO tariffs (name, monthly_fee, speed_mbps) VALUES (?,?,?)", (name, fee, speed))
    for name, fee in SERVICES:
        db.execute("INSERT OR IGNORE INTO services (name, monthly_fee) VALUES (?,?)", (name, fee))


def tariff_id(db: sqlite3.Connection, index: int) -> int:
    return db.execute("SELECT id FROM tariffs WHERE name = ?", (TARIFFS[index][0],)).fetchone()["id"]


def seed_demo(db: sqlite3.Connection, now, seed: int = DEFAULT_SEED, count: int = DEFAULT_COUNT) -> list[str]:
    """Insert the demo data that is missing; returns the logins created (existing ones are left alone)."""
    created = []
    with transaction(db):
        ensure_catalogue(db)
        for person in demo_subscribers(seed, count):
            if db.execute("SELECT 1 FROM subscribers WHERE login = ?", (person.login,)).fetchone():
                continue
            subscriber = accounts.create_subscriber(
                db,
                now=now,
                login=person.login,
                password_hash=accounts.hash_password(person.password),
                full_name=person.full_name,
                address=person.address,
                phone=person.phone,
                email=person.email,
                balance=person.balance,
                credit=person.credit,
                tariff_id=tariff_id(db, person.tariff),
            )
            for service in person.services:
                db.execute(
                    "INSERT INTO subscriber_services (subscriber_id, service_id)"
                    " SELECT ?, id FROM services WHERE name = ?",
                    (subscriber["id"], SERVICES[service][0]),
                )
            add_welcome_messages(db, subscriber, now)
            created.append(person.login)
        for card in demo_prepaid_cards(seed):
            db.execute(
                "INSERT OR IGNORE INTO prepaid_cards (number, pin_hash, value) VALUES (?,?,?)",
                (card.number, accounts.hash_pin(card.pin), card.value),
            )
    return created


def add_welcome_messages(db: sqlite3.Connection, subscriber, now) -> None:
    for age_days, (subject, body) in zip((30, 7, 1), MESSAGES, strict=True):
        db.execute(
            "INSERT INTO messages (subscriber_id, sent_at, subject, body) VALUES (?,?,?,?)",
            (
                subscriber["id"],
                stamp(now - timedelta(days=age_days)),
                subject,
                body.format(name=subscriber["full_name"], account=subscriber["account_id"]),
            ),
        )
