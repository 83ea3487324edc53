"""The four parts of a conformance run, each judging the checks it owns, reached or not.

    browsing = Browsing(browser, new_context, login_context_args)
    for part in PARTS:
        checks = Checks(test=part.name, redact=redactor)
        part.run(browsing, target, checks, Traffic())

The regression suite runs each part as a test (tests/e2e/test_conformance.py) and `python -m portal
check` runs them one after the other; both write the same report. The login always happens in a
browser context of its own (`login_context_args`, never traced or filmed); the rest of a walk runs
in `new_context`'s contexts, which a test run may trace and film.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from playwright.sync_api import Page

from ..target import Target
from . import cabinet_page, confirmation_page, gateway_page, login_page, logout, payment, payments_page, redirect
from .catalogue import LOGIN_PAGE_CHECKS, LOGOUT_CHECKS, PAYMENT_CHECKS, WALK_CHECKS
from .checks import Checks
from .traffic import Traffic
from .walk import Walk, WalkStopped

# What an untraced login context must not inherit from a recording run's context arguments.
RECORDING_ARGS = ("record_video_dir", "record_video_size", "record_har_path")


@dataclass(frozen=True)
class Browsing:
    browser: object  # a Playwright Browser
    new_context: Callable  # (**context arguments) -> a BrowserContext the run may record
    login_context_args: dict


def login_context_args(context_args: dict) -> dict:
    """`context_args` without what would record the login (a video, a HAR with the POST's body)."""
    return {key: value for key, value in context_args.items() if key not in RECORDING_ARGS}


@contextmanager
def walking(checks: Checks):
    """Runs a walk; where the portal stops it, the reason goes to the checks it did not reach."""
    try:
        yield
    except WalkStopped as stop:
        checks.stopped = str(stop)


def to_gateway(walk: Walk, page: Page, context, *, cabinet: bool = True, csrf: bool = True) -> None:
    """Steps 3 to 6, judged: «Общие» (unless `cabinet` is False: judged already), «Платежи»,
    «ChronoPay», the CSRF check (unless `csrf` is False), «Новый платеж», «Заплатить», the redirect."""
    if cabinet:
        cabinet_page.check(walk, page, context)
    payments_page.open_payments(walk, page)
    amount = payments_page.open_chronopay_tab(walk, page)
    if csrf:
        payments_page.check_csrf(walk, page, amount)
    payments_page.start_payment(walk, page, amount)
    pay = confirmation_page.check(walk, page)
    redirect.go_to_gateway(walk, page, pay)


def judge_login_page(browsing: Browsing, target: Target, checks: Checks, traffic: Traffic) -> None:
    """Step 2: the login page as it is, before anything is typed."""
    checks.owns(LOGIN_PAGE_CHECKS)
    context = browsing.new_context()
    traffic.watch(context)
    page = context.new_page()
    walk = Walk(target, checks, traffic)
    with walking(checks):
        login_page.open_page(walk, page)
        login_page.check(walk, page)
    checks.finish()


def _logged_in_page(browsing: Browsing, walk: Walk, traffic: Traffic | None):
    """Logs in untraced, then opens the cabinet in a context the run may record."""
    session, landing = login_page.log_in_untraced(browsing.browser, browsing.login_context_args, walk)
    context = browsing.new_context(storage_state=session)
    if traffic is not None:
        traffic.watch(context)
    page = context.new_page()
    page.goto(landing)
    return page, context, landing


def judge_way_to_gateway(browsing: Browsing, target: Target, checks: Checks, traffic: Traffic) -> None:
    """Steps 3 to 7: log in, «Платежи», «ChronoPay», «Сумма», «Новый платеж», «Заплатить», the
    gateway's page; there the walk stops (no card form is filled in)."""
    checks.owns(WALK_CHECKS)
    walk = Walk(target, checks, traffic)
    with walking(checks):
        page, context, _ = _logged_in_page(browsing, walk, traffic)
        to_gateway(walk, page, context)
        gateway_page.check(walk, page)
    redirect.check_no_secrets(walk)
    checks.finish()


@contextmanager
def _on_the_way(what: str):
    """Where the way to what a part judges stops, the part says it could not get there."""
    try:
        yield
    except WalkStopped as stop:
        raise WalkStopped(f"{what} ({stop}): see the other parts' checks") from None


def _judged_after_logging_in(browsing, target, checks: Checks, traffic, owned, *, watch: bool, judge) -> Walk:
    """Logs in without judging it (the other parts judge the login and the way), then lets
    `judge(walk, page, context, landing)` judge what this part owns; its checks are `checks` once
    it sets `walk.checks = checks`."""
    checks.owns(owned)
    walk = Walk(target, Checks(test="on the way", redact=checks.redact, screenshots=False), traffic)
    with walking(checks):
        with _on_the_way("could not log in"):
            page, context, landing = _logged_in_page(browsing, walk, traffic if watch else None)
        judge(walk, page, context, landing)
    walk.checks = checks
    return walk


def judge_logout(browsing: Browsing, target: Target, checks: Checks, traffic: Traffic) -> None:
    """«Выйти» ends the session on the server, not only in the browser."""

    def log_out(walk, page, _context, _landing):
        walk.checks = checks
        logout.check(walk, page, browsing.new_context)

    _judged_after_logging_in(browsing, target, checks, traffic, LOGOUT_CHECKS, watch=False, judge=log_out)
    checks.finish()


def judge_payment(browsing: Browsing, target: Target, checks: Checks, traffic: Traffic) -> None:
    """Step 8, only where paying is allowed (the mocks; live only with --allow-payment and a test card)."""

    def pay(walk, page, context, landing):
        with _on_the_way("the way to the gateway failed"):
            cabinet_page.check(walk, page, context)
            before = walk.balance(page)
            to_gateway(walk, page, context, cabinet=False, csrf=False)
        walk.checks = checks
        payment.pay_with_test_card(walk, page, landing, before)

    walk = _judged_after_logging_in(browsing, target, checks, traffic, PAYMENT_CHECKS, watch=True, judge=pay)
    redirect.check_no_secrets(walk, "payment.no-card-data")
    checks.finish()


@dataclass(frozen=True)
class Part:
    name: str
    run: Callable[[Browsing, Target, Checks, Traffic], None]
    needs_payment: bool = False


PARTS = (
    Part("the login page", judge_login_page),
    Part("the way from the cabinet to the gateway", judge_way_to_gateway),
    Part("logging out", judge_logout),
    Part("a test card payment", judge_payment, needs_payment=True),
)
