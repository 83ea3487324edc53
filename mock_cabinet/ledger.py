"""Every change of a subscriber's balance goes through here, each inside one transaction.

A balance changes only together with a row of `payments`, whose UNIQUE (kind, external_id) makes
each gateway transaction and each prepaid card count at most once, even when the same callback
arrives twice at the same moment.
"""

import sqlite3
from dataclasses import dataclass

from werkzeug.security import check_password_hash

from mockkit.clock import stamp
from mockkit.sqlite import transaction

from .accounts import DUMMY_HASH
from .chronopay import Callback, CallbackRejected


@dataclass(frozen=True)
class Booking:
    duplicate: bool
    balance_after: int


def _credit(
    db, *, subscriber_id: int, kind: str, amount: int, external_id: str, order_id, now, callback_sign=None
) -> int:
    """Change the balance and record why; the caller holds the transaction."""
    balance = db.execute(
        "UPDATE subscribers SET balance = balance + ? WHERE id = ? RETURNING balance", (amount, subscriber_id)
    ).fetchone()["balance"]
    db.execute(
        "INSERT INTO payments (subscriber_id, kind, amount, balance_after, external_id, order_id, booked_at,"
        " callback_sign) VALUES (?,?,?,?,?,?,?,?)",
        (subscriber_id, kind, amount, balance, external_id, order_id, stamp(now), callback_sign),
    )
    return balance


def book_callback(db: sqlite3.Connection, callback: Callback, now) -> Booking:
    """Book a verified Purchase or Refund against its stored order; CallbackRejected if it does not fit."""
    kind = "chronopay" if callback.transaction_type == "Purchase" else "chronopay_refund"
    try:
        with transaction(db):
            order = db.execute("SELECT * FROM orders WHERE id = ?", (callback.order_id,)).fetchone()
            if order is None:
                raise CallbackRejected(404, "unknown order")
            if callback.currency != order["currency"]:
                raise CallbackRejected(409, f"currency {callback.currency!r} does not match the order")
            if callback.total != order["amount"]:
                raise CallbackRejected(409, f"total {callback.total_text} does not match the order")
            booked = db.execute(
                "SELECT order_id, balance_after FROM payments WHERE kind = ? AND external_id = ?",
                (kind, callback.transaction_id),
            ).fetchone()
            if booked is not None:
                if booked["order_id"] != order["id"]:
                    raise CallbackRejected(409, "transaction_id already booked for another order")
                return Booking(duplicate=True, balance_after=booked["balance_after"])
            if db.execute("SELECT 1 FROM payments WHERE callback_sign = ?", (callback.sign,)).fetchone():
                # The sign of a booked callback over other ids: a replay with shifted digits.
                raise CallbackRejected(409, "sign already used by another transaction")
            if kind == "chronopay":
                return _book_purchase(db, order, callback, now)
            return _book_refund(db, order, callback, now)
    except sqlite3.IntegrityError:
        # A concurrent twin got its row in first: the UNIQUE constraint says it is booked already.
        return Booking(duplicate=True, balance_after=_balance_of_order_owner(db, callback.order_id))


def _book_purchase(db, order, callback: Callback, now) -> Booking:
    if order["status"] == "paid" or order["status"] == "refunded":
        raise CallbackRejected(409, "order already paid by another transaction")
    if order["status"] != "pending":
        raise CallbackRejected(409, "order was never sent to the gateway")
    balance = _credit(
        db,
        subscriber_id=order["subscriber_id"],
        kind="chronopay",
        amount=order["amount"],
        external_id=callback.transaction_id,
        order_id=order["id"],
        now=now,
        callback_sign=callback.sign,
    )
    db.execute(
        "UPDATE orders SET status = 'paid', paid_at = ?, transaction_id = ? WHERE id = ?",
        (stamp(now), callback.transaction_id, order["id"]),
    )
    return Booking(duplicate=False, balance_after=balance)


def _book_refund(db, order, callback: Callback, now) -> Booking:
    if order["status"] != "paid":
        raise CallbackRejected(409, "order is not paid, nothing to refund")
    balance = _credit(
        db,
        subscriber_id=order["subscriber_id"],
        kind="chronopay_refund",
        amount=-order["amount"],
        external_id=callback.transaction_id,
        order_id=order["id"],
        now=now,
        callback_sign=callback.sign,
    )
    db.execute("UPDATE orders SET status = 'refunded' WHERE id = ?", (order["id"],))
    return Booking(duplicate=False, balance_after=balance)


def _balance_of_order_owner(db, order_id: int) -> int:
    row = db.execute(
        "SELECT s.balance FROM subscribers s JOIN orders o ON o.subscriber_id = s.id WHERE o.id = ?",
        (order_id,),
    ).fetchone()
    return row["balance"] if row else 0


class CardRefused(Exception):
    """A prepaid card that cannot be activated; the message is for the subscriber."""


def activate_prepaid_card(db: sqlite3.Connection, subscriber_id: int, number: str, pin: str, now) -> int:
    """Credit a prepaid card's value once; returns the amount credited."""
    with transaction(db):
        card = db.execute("SELECT * FROM prepaid_cards WHERE number = ?", (number,)).fetchone()
        # A missing card costs the same hash check as a wrong PIN: numbers cannot be probed by timing.
        pin_ok = check_password_hash(card["pin_hash"] if card else DUMMY_HASH, pin)
        if card is None or not pin_ok:
            raise CardRefused("Карта с таким номером и PIN-кодом не найдена.")
        if card["used_by"] is not None:
            raise CardRefused("Эта карта уже активирована.")
        db.execute(
            "UPDATE prepaid_cards SET used_by = ?, used_at = ? WHERE number = ?",
            (subscriber_id, stamp(now), number),
        )
        _credit(
            db,
            subscriber_id=subscriber_id,
            kind="prepaid_card",
            amount=card["value"],
            external_id=number,
            order_id=None,
            now=now,
        )
        return card["value"]
