"""Reading the mocks' own databases and mailbox: the facts a negative test proves unchanged.

The browser shows what a person sees; these read what really happened behind it (a balance, an
order, a charge, a mail), so a test can say "and nothing else changed".
"""

from contextlib import closing
from dataclasses import dataclass

from mockkit.sqlite import connect


@dataclass(frozen=True)
class Snapshot:
    balance: int
    orders: int
    payable_orders: int
    payments: int
    charges: int  # approved attempts at the gateway for this subscriber's orders
    callbacks: int
    mails: int


class Records:
    def __init__(self, stack):
        self.stack = stack

    def _cabinet(self, query: str, params=()):
        with closing(connect(self.stack.cabinet_db_path)) as db:
            return db.execute(query, params).fetchall()

    def _gateway(self, query: str, params=()):
        with closing(connect(self.stack.gateway_db_path)) as db:
            return db.execute(query, params).fetchall()

    def subscriber(self, login: str):
        return self._cabinet("SELECT * FROM subscribers WHERE login = ?", (login,))[0]

    def subscriber_count(self) -> int:
        return self._cabinet("SELECT COUNT(*) AS n FROM subscribers")[0]["n"]

    def prepaid_card(self, number: str):
        return self._cabinet("SELECT * FROM prepaid_cards WHERE number = ?", (number,))[0]

    def balance(self, login: str) -> int:
        return self.subscriber(login)["balance"]

    def orders(self, login: str):
        return self._cabinet(
            "SELECT o.* FROM orders o JOIN subscribers s ON s.id = o.subscriber_id WHERE s.login = ? ORDER BY o.id",
            (login,),
        )

    def payments(self, login: str):
        return self._cabinet(
            "SELECT p.* FROM payments p JOIN subscribers s ON s.id = p.subscriber_id WHERE s.login = ? ORDER BY p.id",
            (login,),
        )

    def attempts(self, login: str):
        order_ids = [str(order["id"]) for order in self.orders(login)]
        if not order_ids:
            return []
        marks = ",".join("?" * len(order_ids))
        return self._gateway(f"SELECT * FROM attempts WHERE order_id IN ({marks}) ORDER BY rowid", order_ids)

    def callbacks(self, login: str):
        tokens = [attempt["token"] for attempt in self.attempts(login)]
        if not tokens:
            return []
        marks = ",".join("?" * len(tokens))
        return self._gateway(
            f"SELECT * FROM outbox WHERE kind = 'callback' AND attempt_token IN ({marks})",
            tokens,
        )

    def mails_to(self, address: str):
        return self.stack.inbox.messages(to=address)

    def wait_for_mails(self, address: str, count: int = 1, timeout: float = 15.0):
        """The mails to `address` once there are `count` of them (the mail capture polls its folder)."""
        return self.stack.inbox.wait_for(to=address, count=count, timeout=timeout)

    def undelivered(self, login: str) -> int:
        """Callbacks and receipts of this subscriber's attempts that the gateway has still to send."""
        tokens = [attempt["token"] for attempt in self.attempts(login)]
        if not tokens:
            return 0
        marks = ",".join("?" * len(tokens))
        return self._gateway(
            f"SELECT COUNT(*) AS n FROM outbox WHERE delivered_at IS NULL AND attempt_token IN ({marks})",
            tokens,
        )[0]["n"]

    def snapshot(self, login: str, email: str | None = None) -> Snapshot:
        orders = self.orders(login)
        attempts = self.attempts(login)
        return Snapshot(
            balance=self.balance(login),
            orders=len(orders),
            payable_orders=sum(order["status"] != "draft" for order in orders),
            payments=len(self.payments(login)),
            charges=sum(attempt["status"] in ("approved", "refunded") for attempt in attempts),
            callbacks=len(self.callbacks(login)),
            mails=len(self.mails_to(email)) if email else 0,
        )
