"""Step 8, judged, where paying is allowed: the test card, «Оплатить», the way back, the credit."""

import re

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from chronopay_protocol import money

from ..contract import Cabinet, Gateway
from ..reading import kopecks_in
from .locate import LOAD_MS, PAYMENT_MS, SHORT_MS, control, labelled, origin, shows
from .login_page import type_secret
from .verdicts import FAIL, PASS, WARN
from .walk import Walk, WalkStopped

# What the walk types besides the test card's number: any future expiry, a Latin name, a CVV.
CARD_EXPIRY = "12/39"
CARD_HOLDER = "TEST CARDHOLDER"
CARD_CVV = "123"
# How long the cabinet may take to show the credit after the browser is back (the callback is server-to-server).
CREDIT_MS = 30_000


def pay_with_test_card(walk: Walk, page: Page, general_address: str, balance_before: int | None) -> None:
    """Fills the gateway's form with the target's test card, presses «Оплатить», follows the result."""
    target, checks = walk.target, walk.checks
    labelled(page, Gateway.EMAIL).first.fill(target.payer_email)
    country = labelled(page, Gateway.COUNTRY).first
    try:
        country.select_option("RUS", timeout=SHORT_MS)
    except PlaywrightError:
        country.select_option(label="Россия", timeout=SHORT_MS)
    type_secret(labelled(page, Gateway.CARD_NUMBER).first, target.test_card, Gateway.CARD_NUMBER)
    labelled(page, Gateway.EXPIRY).first.fill(CARD_EXPIRY)
    labelled(page, Gateway.HOLDER).first.fill(CARD_HOLDER)
    labelled(page, Gateway.CVV).first.fill(CARD_CVV)
    checks.on_page(page, "Страница оплаты: данные введены")
    page.get_by_role("button", name=Gateway.PAY, exact=True).first.click()
    try:
        page.wait_for_url(lambda url: origin(url) == walk.cabinet_origin, timeout=PAYMENT_MS)
    except PlaywrightError:
        checks.on_page(page, f"После «{Gateway.PAY}»")
        checks.record("payment.returned", FAIL, f"still at {page.url} after {PAYMENT_MS // 1000} s")
        raise WalkStopped("the browser did not come back to the cabinet") from None
    shows(page.get_by_text(re.compile("зачислен", re.IGNORECASE)), CREDIT_MS)
    checks.on_page(page, "Результат платежа в кабинете")
    checks.record("payment.returned", PASS, page.url)
    page.goto(general_address, timeout=LOAD_MS)
    shows(control(page, Cabinet.LOG_OUT), LOAD_MS)
    checks.on_page(page, f"{Cabinet.GENERAL} после оплаты")
    after = walk.balance(page)
    if balance_before is None or after is None:
        checks.record(
            "payment.credited",
            FAIL,
            f"«{Cabinet.BALANCE}» could not be read (before {balance_before}, after {after})",
        )
        return
    amount = kopecks_in(target.amount)
    grown = after - balance_before
    checks.judge(
        "payment.credited",
        grown == amount,
        f"«{Cabinet.BALANCE}» grew by {money.to_display(grown)} for a payment of {money.to_display(amount)}",
        otherwise=WARN if target.live else FAIL,  # a live gateway's callback may simply be late
    )
