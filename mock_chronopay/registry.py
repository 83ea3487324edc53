"""The merchant cabinet: every product_id the gateway takes payments for, and what it falls back to.

A product is registered with its name (what «Назначение платежа» and the receipt show), its
currency, default cb_url / success_url / decline_url (for requests that leave them out), the
address prefixes its URLs must start with, and whether "order uniqueness" is on (then a request
must carry order_id and an order is paid at most once). The product of the start settings
(PRODUCT_*, MERCHANT_URLS, ORDER_UNIQUE) is registered again at every start; the operator's page
registers and edits the others (and that one until the next start).
"""

import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from mockkit.clock import stamp
from mockkit.sqlite import transaction

CURRENCIES = ("RUB", "USD", "EUR")
URL_FIELDS = ("cb_url", "success_url", "decline_url")
_PRODUCT_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z_.\-]{0,63}", re.ASCII)
MAX_NAME = 100
MAX_PREFIXES = 10


@dataclass(frozen=True)
class Product:
    product_id: str
    name: str
    currency: str = "RUB"
    url_prefixes: tuple[str, ...] = ()
    defaults: dict[str, str] = field(default_factory=dict)  # cb_url, success_url, decline_url; "" when none
    order_unique: bool = True

    def default(self, name: str) -> str:
        return self.defaults.get(name, "")


def origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) address; None for anything else or anything malformed."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname or "\\" in parts.netloc:
        return None
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80)


def url_registered(url: str, prefixes: tuple[str, ...]) -> bool:
    """The address starts with a registered prefix AND goes to that prefix's own site.

    The prefix alone is not enough when it lacks its trailing slash: `http://stat.isp.ru` is a
    prefix of `http://stat.isp.ru.evil.example/` and of `http://stat.isp.ru@evil.example/`.
    """
    found = origin(url)
    return found is not None and any(url.startswith(prefix) and found == origin(prefix) for prefix in prefixes)


def problems(product: Product) -> dict[str, str]:
    """What is wrong with a registration, by field, in Russian; empty when it can be registered."""
    found = {}
    if not _PRODUCT_ID.fullmatch(product.product_id):
        found["product_id"] = "Код продукта: латинские буквы, цифры, «-», «_» и «.», не длиннее 64 знаков."
    name = product.name.strip()
    if not name or len(name) > MAX_NAME or any(unicodedata.category(char).startswith("C") for char in name):
        found["name"] = f"Название: от 1 до {MAX_NAME} знаков, без управляющих символов."
    if product.currency not in CURRENCIES:
        found["currency"] = "Валюта: одна из " + ", ".join(CURRENCIES) + "."
    if not product.url_prefixes or len(product.url_prefixes) > MAX_PREFIXES:
        found["url_prefixes"] = f"Укажите от 1 до {MAX_PREFIXES} адресов сайта магазина."
    elif any(origin(prefix) is None for prefix in product.url_prefixes):
        found["url_prefixes"] = "Адрес сайта магазина должен начинаться с http:// или https:// и имени сайта."
    for url_field in URL_FIELDS:
        url = product.default(url_field)
        if url and not url_registered(url, product.url_prefixes):
            found[url_field] = f"Адрес {url_field} должен начинаться с одного из адресов сайта магазина."
    return found


def register(db: sqlite3.Connection, product: Product, now) -> None:
    """Register or replace the product; ValueError naming the problems if it cannot be registered."""
    wrong = problems(product)
    if wrong:
        raise ValueError(f"product {product.product_id!r}: " + " ".join(wrong.values()))
    with transaction(db):
        db.execute(
            "INSERT OR REPLACE INTO products (product_id, name, currency, cb_url, success_url, decline_url,"
            " url_prefixes, order_unique, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                product.product_id,
                product.name.strip(),
                product.currency,
                *(product.default(name) for name in URL_FIELDS),
                "\n".join(product.url_prefixes),
                int(product.order_unique),
                stamp(now),
            ),
        )


def _product(row: sqlite3.Row) -> Product:
    return Product(
        product_id=row["product_id"],
        name=row["name"],
        currency=row["currency"],
        url_prefixes=tuple(row["url_prefixes"].split("\n")),
        defaults={name: row[name] for name in URL_FIELDS},
        order_unique=bool(row["order_unique"]),
    )


def get(db: sqlite3.Connection, product_id: str) -> Product | None:
    row = db.execute("SELECT * FROM products WHERE product_id = ?", (product_id,)).fetchone()
    return _product(row) if row else None


def every(db: sqlite3.Connection) -> list[Product]:
    return [_product(row) for row in db.execute("SELECT * FROM products ORDER BY product_id")]


def from_settings(config) -> Product:
    """The product the gateway's start settings describe (PRODUCT_*, MERCHANT_URLS, ORDER_UNIQUE)."""
    return Product(
        product_id=config["PRODUCT_ID"],
        name=config["PRODUCT_NAME"],
        currency=config["PRODUCT_CURRENCY"],
        url_prefixes=tuple(config["MERCHANT_URLS"]),
        defaults={name: config[f"PRODUCT_{name.upper()}"] for name in URL_FIELDS},
        order_unique=bool(config["ORDER_UNIQUE"]),
    )
