"""Does the portal match the documented instruction? Every page of the flow, as named checks.

The same tests judge the embedded mocks (the default; they must pass every check) and a live
portal (`--target live --cabinet-url …`, README "Checking a real portal"). Each check is a row of
reports/conformance.html and .json; any FAIL fails its test and the run. A live run never presses
«Оплатить» unless --allow-payment and --test-card say so.

The login always happens in a browser context made outside pytest-playwright (never traced or
filmed); the rest of each walk runs in pytest-playwright's contexts, so --tracing and --video
keep working for it.
"""

from contextlib import contextmanager

import pytest

from .conformance import (
    CATALOGUE,
    LOGIN_PAGE_CHECKS,
    LOGOUT_CHECKS,
    PAYMENT_CHECKS,
    WALK_CHECKS,
    Traffic,
    Walk,
    WalkStopped,
    check_logout,
    log_in_untraced,
    pay_with_test_card,
)
from .conformance_report import Checks, Redactor

pytestmark = [pytest.mark.live_safe, pytest.mark.xdist_group("conformance")]

# What an untraced login context must not inherit from pytest-playwright's context arguments.
RECORDING_ARGS = ("record_video_dir", "record_video_size", "record_har_path")


@pytest.fixture
def redactor(target) -> Redactor:
    redact = Redactor()
    redact.add(target.password, "the password", shortest=1)  # however short
    redact.add(target.login, "the login", may_travel=True)  # cs2 of the protocol carries it
    redact.add(target.test_card, "a card number")
    redact.add(target.shared_secret, "the merchant's secret")
    return redact


@pytest.fixture
def checks(request, redactor, pytestconfig):
    """This test's checks; at its end the unreached ones fail and all of them go to the report."""
    recorder = Checks(test=request.node.nodeid, redact=redactor, catalogue=CATALOGUE)
    yield recorder
    recorder.finish()
    pytestconfig.pluginmanager.get_plugin("conformance-report").add(recorder)


@pytest.fixture
def traffic() -> Traffic:
    return Traffic()


@pytest.fixture
def login_context_args(browser_context_args) -> dict:
    return {key: value for key, value in browser_context_args.items() if key not in RECORDING_ARGS}


@contextmanager
def walking(checks: Checks):
    """Runs a walk; where the portal stops it, the reason goes to the checks it did not reach."""
    try:
        yield
    except WalkStopped as stop:
        checks.stopped = str(stop)


def verdict(checks: Checks) -> None:
    checks.finish()
    if checks.failures():
        pytest.fail(checks.summary_of_failures(), pytrace=False)


def test_the_login_page_matches_the_instruction(new_context, target, checks, traffic):
    checks.owns(LOGIN_PAGE_CHECKS)
    context = new_context()
    traffic.watch(context)
    page = context.new_page()
    walk = Walk(target, checks, traffic)
    with walking(checks):
        walk.open_login_page(page)
        walk.check_login_page(page)
    verdict(checks)


def test_the_way_from_the_cabinet_to_the_gateway_matches_the_instruction(
    browser, login_context_args, new_context, target, checks, traffic
):
    """Steps 3 to 7: log in, «Платежи», «ChronoPay», «Сумма», «Новый платеж», «Заплатить», the
    gateway's page; there the walk stops (no card form is filled in)."""
    checks.owns(WALK_CHECKS)
    walk = Walk(target, checks, traffic)
    with walking(checks):
        session, landing = log_in_untraced(browser, login_context_args, walk)
        context = new_context(storage_state=session)
        traffic.watch(context)
        page = context.new_page()
        page.goto(landing)
        walk.to_gateway(page, context)
        walk.check_gateway_page(page)
    walk.check_no_secrets()
    verdict(checks)


def test_logging_out_ends_the_session(browser, login_context_args, new_context, target, checks, traffic):
    checks.owns(LOGOUT_CHECKS)
    walk = Walk(target, Checks(test="login", redact=checks.redact, screenshots=False), traffic)
    with walking(checks):
        try:
            session, landing = log_in_untraced(browser, login_context_args, walk)
        except WalkStopped as stop:
            raise WalkStopped(f"could not log in: {stop}") from None
        context = new_context(storage_state=session)
        page = context.new_page()
        page.goto(landing)
        walk.checks = checks
        check_logout(walk, page, new_context)
    verdict(checks)


def test_a_test_card_payment_is_credited(browser, login_context_args, new_context, target, checks, traffic):
    """Step 8, only where paying is allowed: always against the mocks (a test gateway), live only
    with --allow-payment and --test-card."""
    if not target.allow_payment:
        pytest.skip("a live run presses «Оплатить» only with --allow-payment and --test-card")
    checks.owns(PAYMENT_CHECKS)
    # The way to the gateway is judged by the test above; here it is only walked.
    walk = Walk(target, Checks(test="walk", redact=checks.redact, screenshots=False), traffic)
    with walking(checks):
        try:
            session, landing = log_in_untraced(browser, login_context_args, walk)
            context = new_context(storage_state=session)
            traffic.watch(context)
            page = context.new_page()
            page.goto(landing)
            walk.check_cabinet(page, context)
            before = walk.balance(page)
            walk.open_payments(page)
            amount = walk.open_chronopay_tab(page)
            walk.start_payment(page, amount)
            walk.go_to_gateway(page, walk.check_confirmation(page))
        except WalkStopped as stop:
            raise WalkStopped(f"the way to the gateway failed ({stop}): see the other tests' checks") from None
        walk.checks = checks
        pay_with_test_card(walk, page, landing, before)
    walk.checks = checks
    walk.check_no_secrets("payment.no-card-data")
    verdict(checks)
