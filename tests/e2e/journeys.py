"""Paths through the pages that many scenarios share, each user action a named step.

    journey = Journey(page, steps, stack, subscriber_id)
    gateway = journey.to_gateway("1000")            # «ChronoPay» → «Сумма» → «Новый платеж» → «Заплатить»
    gateway = journey.straight_to_gateway("1000")   # the same page by the cabinet's redirect, made server-side
    journey.pay(gateway, "payer@example.com", VISA)  # the card form and «Оплатить»

The flow of the instruction itself, step by step, is flow.py's; these are the shortcuts the
regression scenarios take to reach the screen they are about.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from playwright.sync_api import Page, expect

from chronopay_protocol import money
from mock_cabinet import accounts, chronopay, payments
from mock_cabinet.db import get_db
from mockkit.sqlite import transaction
from portal.pages import (
    ChronopayTab,
    ConfirmationPage,
    GatewayPage,
    GeneralPage,
    MailboxPage,
    PaymentResultPage,
    ReportsPage,
)
from portal.steps import Steps
from tests.support import cards

T = TypeVar("T")


@dataclass(frozen=True)
class Card:
    """A test card as the payer types it on the card page."""

    number: str
    expiry: str = cards.EXPIRY
    holder: str = cards.HOLDER
    cvv: str = "123"

    @property
    def digits(self) -> str:
        return cards.digits(self.number)

    @property
    def masked(self) -> str:
        """As the gateway shows and mails it: the first 6 and the last 4 digits only."""
        return f"{self.digits[:6]}{'*' * (len(self.digits) - 10)}{self.digits[-4:]}"

    @property
    def last4(self) -> str:
        return self.digits[-4:]


# The test-card table of PROTOCOL.md section 4 (tests/support/cards).
VISA = Card(cards.VISA_APPROVED)
MASTERCARD = Card(cards.MC_APPROVED)
BANK_DECLINES = Card(cards.BANK_DECLINED)
NO_FUNDS = Card(cards.NO_FUNDS)
EXPIRED_AT_BANK = Card(cards.EXPIRED_AT_BANK)
PROCESSING_ERROR = Card(cards.PROCESSING_ERROR)
THREE_D_SECURE = Card(cards.THREE_DS)
SLOW_BANK = Card(cards.SLOW_BANK)
NOT_A_TEST_CARD = Card(cards.OTHER_VISA)  # Luhn-valid Visa outside the table
AMEX = Card(cards.AMEX)
MIR = Card(cards.MIR)
LUHN_FAILS = Card(cards.LUHN_FAILURE)


def with_query(url: str, **changes: str) -> str:
    """`url` with some query fields replaced, the others kept in their order."""
    parts = urlsplit(url)
    fields = [(name, changes.pop(name) if name in changes else value) for name, value in parse_qsl(parts.query)]
    fields += list(changes.items())
    return urlunsplit(parts._replace(query=urlencode(fields)))


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


class Journey:
    """The subscriber's way from the cabinet to the gateway and back, for one browser page."""

    def __init__(self, page: Page, steps: Steps, stack, subscriber_id: int):
        self.page = page
        self.steps = steps
        self.stack = stack
        self.subscriber_id = subscriber_id  # the subscriber logged in on `page`

    # The cabinet ---------------------------------------------------------------------------

    def new_payment(self, amount: str) -> ConfirmationPage:
        """«ChronoPay», «Сумма», «Новый платеж»: the confirmation of step 5."""
        with self.steps(f"Абонент открывает «Платежи» → «ChronoPay», вводит сумму {amount} и нажимает «Новый платеж»"):
            return self._new_payment(amount)

    def _new_payment(self, amount: str) -> ConfirmationPage:
        tab = ChronopayTab(self.page, self.stack.cabinet_url).open()
        tab.enter_amount(amount)
        tab.start_new_payment()
        return ConfirmationPage(self.page).expect_loaded()

    def to_gateway(self, amount: str = "1000") -> GatewayPage:
        """Steps 4-6 at once, for the scenarios about the gateway's page: the amount, «Новый платеж», «Заплатить»."""
        with self.steps(f"Абонент начинает платеж на {amount} руб.: «Новый платеж», «Заплатить», страница ChronoPay"):
            self._new_payment(amount).pay()
            return GatewayPage(self.page).expect_loaded()

    def straight_to_gateway(self, amount: str = "1000") -> GatewayPage:
        """The gateway's page for a new order, opened at the address «Заплатить» would redirect to.

        For the scenarios about the card form: the cabinet makes the order and its signed redirect
        with the very functions behind «Новый платеж» and «Заплатить», without the two page loads
        (the documented flow, the amount and the abuse tests walk those pages)."""
        with self.steps(f"Кабинет готовит платеж на {amount} руб., абонент попадает на страницу ChronoPay"):
            self.page.goto(self._signed_gateway_address(amount))
            return GatewayPage(self.page).expect_loaded()

    def _signed_gateway_address(self, amount: str) -> str:
        app = self.stack.cabinet_app
        with app.test_request_context():
            kopecks = money.parse_amount(amount, payments.amount_limits())
            db = get_db()
            with transaction(db):
                order_id = payments.create_order(db, self.subscriber_id, kopecks)
                payments.submit_order(db, order_id)
            order = db.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()
            fields = payments.gateway_request(order, accounts.get_subscriber(db, self.subscriber_id))
            return chronopay.gateway_address(payments.merchant_settings(), fields)

    def balance(self) -> int:
        with self.steps("Абонент открывает раздел «Общие» и смотрит баланс"):
            return GeneralPage(self.page, self.stack.cabinet_url).open().balance()

    def reports(self) -> list[dict[str, str]]:
        with self.steps("Абонент открывает раздел «Отчеты»"):
            return ReportsPage(self.page, self.stack.cabinet_url).open().payments()

    # The gateway ---------------------------------------------------------------------------

    def pay(self, gateway: GatewayPage, email: str, card: Card, then: Callable[[], T] | None = None) -> T | None:
        """Fill the form and press «Оплатить»; `then` checks where that led, inside the same step."""
        with self.steps(f"Плательщик вводит e-mail и карту …{card.last4 or '(пусто)'} и нажимает «Оплатить»"):
            gateway.fill_payer(email)
            gateway.fill_card(card.number, card.expiry, card.holder, card.cvv)
            gateway.pay()
            return then() if then else None

    def pay_and_see_paid(self, gateway: GatewayPage, email: str, card: Card) -> PaymentResultPage:
        """«Оплатить» with an approved card: back in the cabinet, «Платеж зачислен»."""
        return self.pay(gateway, email, card, then=PaymentResultPage(self.page).expect_paid)

    # The payer's mailbox -------------------------------------------------------------------

    def read_only_receipt(self, email: str, subject_part: str) -> str:
        """Opens the mailbox for `email`, checks there is exactly one letter, returns its text."""
        with self.steps(f"Плательщик открывает почтовый ящик {email}"):
            mailbox = MailboxPage(self.page, self.stack.mailbox_url).open(to=email)
            expect(mailbox.message_links()).to_have_count(1)
        with self.steps("Плательщик читает письмо с результатом платежа"):
            return mailbox.open_message(subject_part)
