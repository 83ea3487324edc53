"""A model of one subscriber's money in the cabinet, checked step by step (hypothesis state machine).

Orders are made payable, the gateway's callbacks arrive (purchases, refunds, duplicates, callbacks
out of order, a transaction number reused for another order, an amount that does not fit) and
prepaid cards are activated on the «Активация карты» tab. After every step:

- the balance is the start balance plus the sum of the subscriber's booked payments, and what the
  model predicts;
- every external transaction number is booked at most once.

Every answer is predicted by the model before it is checked.
"""

import itertools
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, precondition, rule

from mock_cabinet import create_app
from mock_cabinet.db import open_database
from mockkit.clock import stamp
from mockkit.sqlite import transaction
from tests.support.callbacks import callback
from tests.support.html import Page
from tests.support.known import FROZEN_TIME, SHARED_SECRET
from tests.support.subscribers import create_subscriber, issue_prepaid_card

PIN = "4321"
CALLBACK_URL = "/chronopay/callback"
CARD_URL = "/cabinet/payments/"

# Unique across examples: the examples share one database, and a transaction number is global.
_numbers = itertools.count(1)


@dataclass
class Sent:
    fields: dict
    kind: str  # chronopay or chronopay_refund
    order_id: int


class SubscriberMoney(RuleBasedStateMachine):
    app = None  # set by the test: one cabinet app and database for every example

    orders = Bundle("orders")

    def __init__(self):
        super().__init__()
        self.gateway = self.app.test_client()  # the gateway's server: no session, no CSRF token
        self.browser = self.app.test_client()  # the subscriber on «Активация карты»
        self.db = open_database(self.app.config["DATABASE"])
        self.sent: list[Sent] = []
        self.status: dict[int, str] = {}
        self.amount: dict[int, int] = {}
        self.booked: dict[tuple[str, str], int] = {}  # (kind, transaction id) -> order id
        self.cards: dict[str, int] = {}  # number -> value
        self.used_cards: set[str] = set()

    def teardown(self):
        self.db.close()

    # The subscriber ---------------------------------------------------------------------------

    @initialize(start=st.integers(min_value=-1000_00, max_value=20_000_00), cards=st.integers(1, 3))
    def new_subscriber(self, start, cards):
        number = next(_numbers)
        with transaction(self.db):
            subscriber = create_subscriber(
                self.db,
                login=f"mm{number:04d}",
                full_name="Модельный Абонент",
                balance=start,
                now=self.app.config["CLOCK"](),
            )
            for index in range(cards):
                value = (300_00, 500_00, 1000_00)[index % 3]
                card = issue_prepaid_card(self.db, f"55{number:06d}{index:02d}", PIN, value)
                self.cards[card.number] = card.value
        self.subscriber_id, self.start, self.expected = subscriber.id, start, start
        token = Page.of(self.browser.get("/login")).csrf_token()
        answer = self.browser.post(
            "/login", data={"login": subscriber.login, "password": subscriber.password, "csrf_token": token}
        )
        assert answer.status_code == 303

    # Orders and the gateway's callbacks -------------------------------------------------------

    @rule(target=orders, amount=st.integers(min_value=10_00, max_value=15_000_00))
    def payable_order(self, amount):
        """«Новый платеж» and «Заплатить»: an order the gateway may now call back about."""
        now = stamp(self.app.config["CLOCK"]())
        with transaction(self.db):
            order_id = self.db.execute(
                "INSERT INTO orders (subscriber_id, amount, status, created_at, submitted_at)"
                " VALUES (?, ?, 'pending', ?, ?)",
                (self.subscriber_id, amount, now, now),
            ).lastrowid
        self.status[order_id], self.amount[order_id] = "pending", amount
        return order_id

    @rule(order=orders)
    def purchase(self, order):
        self._send(self._callback(order, "Purchase", f"77{next(_numbers):07d}"))

    @rule(order=orders)
    def refund(self, order):
        """The operator refunds; the Refund may arrive before the order's Purchase was booked."""
        self._send(self._callback(order, "Refund", f"77{next(_numbers):07d}"))

    @precondition(lambda self: self.sent)
    @rule(data=st.data())
    def repeat(self, data):
        """The gateway repeats a callback it sent before (it never got the 200, or a 4xx)."""
        self._send(data.draw(st.sampled_from(self.sent), label="repeated"), record=False)

    @precondition(lambda self: self.booked)
    @rule(order=orders, data=st.data())
    def transaction_of_another_order(self, order, data):
        """A signed callback for this order under a transaction number booked for another one."""
        kind, transaction_id = data.draw(st.sampled_from(sorted(self.booked)), label="taken")
        transaction_type = "Purchase" if kind == "chronopay" else "Refund"
        self._send(self._callback(order, transaction_type, transaction_id))

    @rule(order=orders, delta=st.sampled_from([-100, -1, 1, 100_00]))
    def total_that_does_not_fit(self, order, delta):
        """Signed with the secret, but not the order's amount: refused, whatever the order's state."""
        fields = self._callback(order, "Purchase", f"77{next(_numbers):07d}", total=self.amount[order] + delta)
        before = self._balance()
        response = self.gateway.post(CALLBACK_URL, data=fields.fields)
        assert response.status_code == 409, response.get_data(as_text=True)
        assert self._balance() == before

    def _callback(self, order: int, transaction_type: str, transaction_id: str, total: int | None = None) -> Sent:
        amount = self.amount[order] if total is None else total
        fields = callback(order, amount, transaction_id=transaction_id, transaction_type=transaction_type)
        return Sent(fields, "chronopay" if transaction_type == "Purchase" else "chronopay_refund", order)

    def _predict(self, sent: Sent) -> tuple[int, str]:
        """The cabinet's answer to `sent` now, and the change it makes to the model."""
        key = (sent.kind, sent.fields["transaction_id"])
        if key in self.booked:
            return (200, "OK (already booked)") if self.booked[key] == sent.order_id else (409, "")
        status = self.status[sent.order_id]
        if sent.kind == "chronopay" and status == "pending":
            return 200, "OK"
        if sent.kind == "chronopay_refund" and status == "paid":
            return 200, "OK"
        return 409, ""

    def _send(self, sent: Sent, record: bool = True) -> None:
        expected_status, expected_text = self._predict(sent)
        response = self.gateway.post(CALLBACK_URL, data=sent.fields)
        assert response.status_code == expected_status, response.get_data(as_text=True)
        if expected_text:
            assert response.get_data(as_text=True).strip() == expected_text
        if record:
            self.sent.append(sent)
        if expected_text == "OK":
            key = (sent.kind, sent.fields["transaction_id"])
            self.booked[key] = sent.order_id
            amount = self.amount[sent.order_id]
            if sent.kind == "chronopay":
                self.status[sent.order_id], self.expected = "paid", self.expected + amount
            else:
                self.status[sent.order_id], self.expected = "refunded", self.expected - amount

    # Prepaid cards ---------------------------------------------------------------------------

    @rule(data=st.data(), right_pin=st.booleans())
    def activate_card(self, data, right_pin):
        number = data.draw(st.sampled_from(sorted(self.cards)), label="card")
        token = Page.of(self.browser.get(CARD_URL)).csrf_token()
        form = {"number": number, "pin": PIN if right_pin else "0000", "csrf_token": token}
        response = self.browser.post(CARD_URL, data=form)
        if right_pin and number not in self.used_cards:
            assert response.status_code == 303
            self.used_cards.add(number)
            self.expected += self.cards[number]
        else:
            assert response.status_code == 400

    # What must always hold --------------------------------------------------------------------

    def _balance(self) -> int:
        return self.db.execute("SELECT balance FROM subscribers WHERE id = ?", (self.subscriber_id,)).fetchone()[0]

    @invariant()
    def balance_is_start_plus_booked_payments(self):
        booked = self.db.execute(
            "SELECT COALESCE(SUM(amount), 0) FROM payments WHERE subscriber_id = ?", (self.subscriber_id,)
        ).fetchone()[0]
        assert self._balance() == self.start + booked == self.expected

    @invariant()
    def each_transaction_booked_at_most_once(self):
        twice = self.db.execute(
            "SELECT external_id FROM payments WHERE kind IN ('chronopay', 'chronopay_refund')"
            " GROUP BY kind, external_id HAVING COUNT(*) > 1"
        ).fetchall()
        assert twice == []
        paid_twice = self.db.execute(
            "SELECT order_id FROM payments WHERE kind = 'chronopay' GROUP BY order_id HAVING COUNT(*) > 1"
        ).fetchall()
        assert paid_twice == []


@pytest.fixture(scope="module")
def model_app(tmp_path_factory):
    return create_app(
        {
            "DATABASE": str(tmp_path_factory.mktemp("money-model") / "cabinet.sqlite3"),
            "CHRONOPAY_SHARED_SECRET": SHARED_SECRET,
            "FROZEN_TIME": FROZEN_TIME,
            "LOGIN_THROTTLE": "100000 per minute",  # the model activates cards with wrong PINs on purpose
            "TESTING": True,
        }
    )


@pytest.mark.slow
def test_a_subscribers_money_follows_the_model(model_app):
    SubscriberMoney.app = model_app
    runner = SubscriberMoney.TestCase
    runner.settings = settings(
        max_examples=20,
        stateful_step_count=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    runner("runTest").runTest()
