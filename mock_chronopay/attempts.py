"""Payment attempts: one per shown page, each charged at most once.

Every change of an attempt's state happens inside one IMMEDIATE transaction that first re-reads
the state: a double click, a refresh or a replayed form finds the attempt already past 'new' and
charges nothing more. The callback and the receipt of an outcome are written to the outbox in
that same transaction, so an outcome is never without its messages, even if the process dies
right after.
"""

import json
import secrets
import sqlite3
import time
from dataclasses import dataclass

from chronopay_protocol import money, signing
from mockkit.clock import stamp
from mockkit.sqlite import transaction

from . import cards, outbox, receipts
from .intake import CALLBACK_PAYER, PaymentRequest

OPEN_STATES = ("new", "processing", "3ds")
CHARGED_STATES = ("approved", "refunded")


@dataclass(frozen=True)
class Settings:
    """What the state changes need from the app's configuration."""

    shared_secret: str
    merchant_name: str
    mail_from: str
    slow_bank_seconds: float


@dataclass(frozen=True)
class CardDetails:
    """A card form that passed the page's checks. `digits` lives only as long as the request."""

    email: str
    country: str
    holder: str
    digits: str

    @property
    def brand(self) -> str:
        return cards.brand(self.digits)

    @property
    def mask(self) -> str:
        return cards.mask(self.digits)


def get(db: sqlite3.Connection, token: str) -> sqlite3.Row | None:
    return db.execute("SELECT * FROM attempts WHERE token = ?", (token,)).fetchone()


def open_attempt(db: sqlite3.Connection, request: PaymentRequest, now) -> sqlite3.Row:
    """The attempt to show for this request: its order's charged one (order uniqueness on), the
    order's open one (a refresh), or a new one. A request without order_id is always a new one."""
    with transaction(db):
        if request.order_id and request.order_unique:
            charged = db.execute(
                "SELECT * FROM attempts WHERE product_id = ? AND order_id = ? AND order_unique = 1"
                " AND status IN ('approved', 'refunded')",
                (request.product_id, request.order_id),
            ).fetchone()
            if charged is not None:
                return charged
        if request.order_id:
            latest = db.execute(
                "SELECT * FROM attempts WHERE product_id = ? AND order_id = ?"
                " AND status IN ('new', 'processing', '3ds') AND (expires_at IS NULL OR expires_at > ?)"
                " ORDER BY rowid DESC LIMIT 1",
                (request.product_id, request.order_id, stamp(now)),
            ).fetchone()
            if latest is not None and _same_request(latest, request):
                return latest  # a refresh or a second «Заплатить»: the same page, not a second attempt
        token = secrets.token_urlsafe(18)
        payer = json.dumps(request.payer, ensure_ascii=False)
        expires_at = stamp(request.expires_at) if request.expires_at else None
        kept = tuple(getattr(request, name) for name in _REQUEST_COLUMNS)
        db.execute(_INSERT_ATTEMPT, (token, *kept, payer, expires_at, "new", stamp(now)))
        return get(db, token)


# What an attempt keeps of its request as it is (the payer's fields and the expiry need converting).
_REQUEST_COLUMNS = (
    "product_id", "order_id", "order_unique", "amount", "price_text", "currency", "product_name", "description",
    "cb_url", "success_url", "decline_url", "language", "cs1", "cs2", "cs3", "email", "country",
    "payment_type_group_id",
)  # fmt: skip
_ATTEMPT_COLUMNS = ("token", *_REQUEST_COLUMNS, "payer", "expires_at", "status", "created_at")
_INSERT_ATTEMPT = "INSERT INTO attempts ({}) VALUES ({})".format(  # noqa: S608 - our own column names  # nosec B608
    ", ".join(_ATTEMPT_COLUMNS), ", ".join("?" * len(_ATTEMPT_COLUMNS))
)


def _same_request(attempt: sqlite3.Row, request: PaymentRequest) -> bool:
    return (
        attempt["amount"] == request.amount
        and attempt["currency"] == request.currency
        and attempt["cb_url"] == request.cb_url
        and attempt["success_url"] == request.success_url
        and attempt["decline_url"] == request.decline_url
    )


def expire_if_due(db: sqlite3.Connection, token: str, now) -> bool:
    """Decline a page nobody paid before its orderTimelimit / orderExpiretime; True if it expired now."""
    with transaction(db):
        return _expire_if_due(db, token, now)


def _expire_if_due(db, token: str, now) -> bool:
    return bool(
        db.execute(
            "UPDATE attempts SET status = 'declined', reason = 'expired', finished_at = ?"
            " WHERE token = ? AND status = 'new' AND expires_at IS NOT NULL AND expires_at <= ?",
            (stamp(now), token, stamp(now)),
        ).rowcount
    )


def submit_card(db: sqlite3.Connection, token: str, card: CardDetails, settings: Settings, now) -> sqlite3.Row:
    """The bank's answer to a checked card form; a replay of a processed attempt changes nothing."""
    outcome = cards.outcome(card.digits)
    with transaction(db):
        if _expire_if_due(db, token, now):
            return get(db, token)  # too late: the page no longer takes the payment
        attempt = get(db, token)
        if attempt is None or attempt["status"] != "new":
            return attempt
        db.execute(
            "UPDATE attempts SET email = ?, country = ?, holder = ?, card_mask = ?, card_brand = ?, customer_id = ?"
            " WHERE token = ?",
            (card.email, card.country, card.holder, card.mask, card.brand, _customer_id(db, card.email), token),
        )
        if outcome.kind in (cards.APPROVED,):
            _approve(db, token, settings, now)
        elif outcome.kind in (cards.DECLINED, cards.FAILED):
            _finish_unpaid(db, token, outcome.kind, outcome.reason, settings, now)
        elif outcome.kind == cards.THREE_DS:
            db.execute("UPDATE attempts SET status = '3ds' WHERE token = ?", (token,))
        elif outcome.kind == cards.SLOW:
            db.execute(
                "UPDATE attempts SET status = 'processing', bank_ready_at = ? WHERE token = ?",
                (time.time() + settings.slow_bank_seconds, token),
            )
        return get(db, token)


def confirm_3ds(db: sqlite3.Connection, token: str, code: str, settings: Settings, now) -> sqlite3.Row:
    with transaction(db):
        attempt = get(db, token)
        if attempt is None or attempt["status"] != "3ds":
            return attempt
        if secrets.compare_digest(code.encode("utf-8"), cards.THREE_DS_APPROVING_CODE.encode("ascii")):
            _approve(db, token, settings, now)
        else:
            _finish_unpaid(db, token, "declined", "threeds_failed", settings, now)
        return get(db, token)


def settle_slow_bank(db: sqlite3.Connection, settings: Settings, now, token: str | None = None) -> int:
    """Approve the slow bank's attempts whose pause is over (all, or just `token`); returns how many."""
    with transaction(db):
        query = "SELECT token FROM attempts WHERE status = 'processing' AND bank_ready_at <= ?"
        params: tuple = (time.time(),)
        if token is not None:
            query += " AND token = ?"
            params += (token,)
        due = [row["token"] for row in db.execute(query, params).fetchall()]
        for due_token in due:
            _approve(db, due_token, settings, now)
        return len(due)


def next_bank_answer_at(db: sqlite3.Connection) -> float | None:
    """Epoch seconds when the slow bank answers next, None when it is not thinking."""
    return db.execute("SELECT MIN(bank_ready_at) FROM attempts WHERE status = 'processing'").fetchone()[0]


def refund(db: sqlite3.Connection, token: str, settings: Settings, now) -> sqlite3.Row | None:
    """Refund an approved payment: a Refund callback and a receipt; None if it is not refundable."""
    with transaction(db):
        attempt = get(db, token)
        if attempt is None or attempt["status"] != "approved":
            return None
        refund_id = _new_transaction(db, token, "Refund", now)
        db.execute("UPDATE attempts SET status = 'refunded' WHERE token = ?", (token,))
        attempt = get(db, token)
        _enqueue_callback(db, attempt, "Refund", refund_id, now, settings)
        _enqueue_receipt(db, attempt, "refunded", refund_id, now, settings)
        return attempt


def _approve(db, token: str, settings: Settings, now) -> None:
    attempt = get(db, token)
    already = (
        attempt["order_unique"]
        and db.execute(
            "SELECT 1 FROM attempts WHERE product_id = ? AND order_id = ? AND order_unique = 1"
            " AND status IN ('approved', 'refunded')",
            (attempt["product_id"], attempt["order_id"]),
        ).fetchone()
    )
    if already:
        # Another attempt of this order was charged meanwhile: this one must not charge again.
        _finish_unpaid(db, token, "declined", "already_paid", settings, now, send_receipt=False)
        return
    transaction_id = _new_transaction(db, token, "Purchase", now)
    db.execute(
        "UPDATE attempts SET status = 'approved', transaction_id = ?, finished_at = ? WHERE token = ?",
        (transaction_id, stamp(now), token),
    )
    attempt = get(db, token)
    _enqueue_callback(db, attempt, "Purchase", transaction_id, now, settings)
    _enqueue_receipt(db, attempt, "approved", transaction_id, now, settings)


def _finish_unpaid(db, token: str, status: str, reason: str, settings: Settings, now, send_receipt=True) -> None:
    db.execute(
        "UPDATE attempts SET status = ?, reason = ?, finished_at = ? WHERE token = ?",
        (status, reason, stamp(now), token),
    )
    if send_receipt:
        _enqueue_receipt(db, get(db, token), status, None, now, settings)


def _customer_id(db, email: str) -> str:
    db.execute("INSERT OR IGNORE INTO customers (email) VALUES (?)", (email.lower(),))
    row = db.execute("SELECT id FROM customers WHERE email = ?", (email.lower(),)).fetchone()
    return str(100000 + row["id"])


def _new_transaction(db, token: str, kind: str, now) -> str:
    cursor = db.execute(
        "INSERT INTO transactions (attempt_token, kind, created_at) VALUES (?,?,?)", (token, kind, stamp(now))
    )
    return str(cursor.lastrowid)


def callback_fields(attempt, transaction_type: str, transaction_id: str, now, shared_secret: str) -> dict[str, str]:
    """The callback of PROTOCOL.md section 3, in its field order, signed: the payer's fields only
    as far as the request carried them."""
    total = money.to_protocol(attempt["amount"])
    carried = json.loads(attempt["payer"] or "{}")
    fields = {
        "transaction_type": transaction_type,
        "customer_id": attempt["customer_id"],
        "transaction_id": transaction_id,
        "total": total,
        "currency": attempt["currency"],
        "order_id": attempt["order_id"],
        "product_id": attempt["product_id"],
        "cs1": attempt["cs1"],
        "cs2": attempt["cs2"],
        "cs3": attempt["cs3"],
        "email": attempt["email"],
        "name": attempt["holder"],
        "creditcardnumber": attempt["card_mask"],
        "date": now.strftime("%Y-%m-%d %H:%M:%S"),
        **{name: (attempt[name] if name == "country" else carried[name]) for name in CALLBACK_PAYER if name in carried},
        "payment_type": attempt["card_brand"],
    }
    fields["sign"] = signing.callback_sign(
        shared_secret, fields["customer_id"], transaction_id, transaction_type, total
    )
    return fields


def _enqueue_callback(db, attempt, transaction_type: str, transaction_id: str, now, settings: Settings) -> None:
    fields = callback_fields(attempt, transaction_type, transaction_id, now, settings.shared_secret)
    outbox.enqueue(db, "callback", attempt["cb_url"], json.dumps(fields, ensure_ascii=False), attempt["token"], now)


def _enqueue_receipt(db, attempt, result: str, transaction_id: str | None, now, settings: Settings) -> None:
    message = receipts.receipt(
        attempt,
        result=result,
        merchant_name=settings.merchant_name,
        mail_from=settings.mail_from,
        transaction_id=transaction_id,
        now=now,
    )
    outbox.enqueue(db, "mail", attempt["email"], message.as_string(), attempt["token"], now)
