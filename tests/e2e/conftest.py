"""Fixtures of the browser suite: test data, subscribers, the logged-in browser state, named steps.

- Test data comes from Faker (ru_RU) seeded by --seed and the test's id, so a test gets the same
  data whatever runs before it, and a failure replays with the seed printed in the header.
- Every test that pays gets its own subscriber, created through the cabinet's own functions.
- The UI login happens once per worker; its saved browser state (cookies) is reused by the tests
  that do not test logging in. The session it holds belongs to a subscriber of that worker; a
  test wanting its own subscriber logs in for real (`login_as`).
- Each test's named steps, with a screenshot each, go into the pytest-html report.

Shared state that tests change: the worker's subscriber (`worker_subscriber`, `account_page`,
`journey`) gets orders, payments and a growing balance from the payment scenarios (test_card_page,
test_happy_variants, test_abuse, the prepaid card tests), so every check on it is relative (a
snapshot before, a snapshot after) and each payer address is the test's own (`payer_email`).
Nothing logs that subscriber in or out again: that would end the session the others share.
"""

import dataclasses
import sqlite3
import zlib

import pytest
from faker import Faker

from portal.pages import CabinetPage, GatewayPage, GeneralPage, LoginPage, MailboxPage, PaymentsPage
from portal.plugin.fixtures import naive_baseline
from portal.steps import Steps, as_html
from tests.support.subscribers import PrepaidCard, Subscriber, create_subscriber, issue_prepaid_card

from .journeys import Journey
from .records import Records


@pytest.fixture
def faker(pytestconfig, request) -> Faker:
    fake = Faker("ru_RU")
    fake.seed_instance(pytestconfig.getoption("--seed") ^ zlib.crc32(request.node.nodeid.encode()))
    return fake


@pytest.fixture(scope="session")
def records(stack) -> Records:
    return Records(stack)


@pytest.fixture(scope="session")
def make_subscriber(stack):
    """Creates a subscriber with the cabinet's own functions (tests/support); its `email` is a payer
    address of its own, for the card page."""
    clock = stack.cabinet_app.config["CLOCK"]

    def create(fake: Faker, balance: int = 500_00) -> Subscriber:
        created = create_subscriber(
            stack.cabinet_db_path,
            now=clock(),
            full_name=fake.name(),
            address=fake.address().replace("\n", ", "),
            phone=fake.phone_number(),
            balance=balance,
        )
        return dataclasses.replace(created, email=f"{fake.user_name()}.{created.login}@example.com")

    return create


@pytest.fixture
def subscriber(make_subscriber, faker) -> Subscriber:
    return make_subscriber(faker)


@pytest.fixture
def payer_email(faker, request) -> str:
    """An address of this test alone, for the card page: its receipts are this test's and no other's."""
    tag = f"{zlib.crc32(request.node.nodeid.encode()):08x}"
    return f"{faker.user_name()}.{tag}@example.com"


@pytest.fixture(scope="session")
def make_prepaid_card(stack):
    """Issues an unused prepaid card in the cabinet's database, as the ISP's office would."""

    def issue(fake: Faker, value: int = 500_00) -> PrepaidCard:
        pin = fake.numerify("####")
        while True:  # a number no card has yet (the seed may repeat one of another test's)
            try:
                return issue_prepaid_card(stack.cabinet_db_path, fake.numerify("88##########"), pin, value)
            except sqlite3.IntegrityError:
                continue

    return issue


@pytest.fixture
def prepaid_card(make_prepaid_card, faker) -> PrepaidCard:
    return make_prepaid_card(faker)


@pytest.fixture
def steps(request) -> Steps:
    recorder = Steps(screenshots=request.config.getoption("--step-screenshots") == "on")
    request.node.stash[STEPS_KEY] = recorder
    return recorder


@pytest.fixture
def page(page, steps):
    """pytest-playwright's page, the one the steps photograph."""
    steps.page = page
    return page


@pytest.fixture
def login_as(page, stack):
    """Logs a subscriber in through the login page, as a person would; returns the «Общие» page."""

    def log_in(subscriber: Subscriber) -> GeneralPage:
        LoginPage(page, stack.login_url).open().log_in(subscriber.login, subscriber.password)
        return GeneralPage(page).expect_loaded()

    return log_in


@pytest.fixture(scope="session")
def worker_subscriber(make_subscriber, pytestconfig) -> Subscriber:
    fake = Faker("ru_RU")
    fake.seed_instance(pytestconfig.getoption("--seed"))
    return make_subscriber(fake, balance=1000_00)


@pytest.fixture(scope="session")
def logged_in_state(browser, browser_context_args, stack, worker_subscriber, tmp_path_factory):
    """Log in once per worker through the UI; the saved cookies serve every test that needs a session."""
    context = browser.new_context(**browser_context_args)
    try:
        page = context.new_page()
        LoginPage(page, stack.login_url).open().log_in(worker_subscriber.login, worker_subscriber.password)
        GeneralPage(page).expect_loaded()
        path = tmp_path_factory.mktemp("state") / "logged-in.json"
        context.storage_state(path=path)
    finally:
        context.close()
    return path


@pytest.fixture
def account_page(new_context, request, stack, worker_subscriber, steps):
    """A page already logged in as this worker's subscriber (no login through the UI).

    For the naive baseline (E2E_NAIVE_BASELINE=1) it logs in through the UI instead, every time."""
    if naive_baseline():
        page = new_context().new_page()
        LoginPage(page, stack.login_url).open().log_in(worker_subscriber.login, worker_subscriber.password)
        GeneralPage(page).expect_loaded()
    else:
        page = new_context(storage_state=request.getfixturevalue("logged_in_state")).new_page()
    steps.page = page
    return page


@pytest.fixture
def payments_page(account_page, stack) -> PaymentsPage:
    account_page.goto(stack.cabinet_url + "cabinet/payments/")
    return PaymentsPage(account_page)


@pytest.fixture
def journey(account_page, steps, stack, worker_subscriber) -> Journey:
    """The shared paths (cabinet → gateway → card form) for this worker's logged-in subscriber."""
    return Journey(account_page, steps, stack, worker_subscriber.id)


@pytest.fixture
def cabinet(page) -> CabinetPage:
    return CabinetPage(page)


@pytest.fixture
def gateway(page) -> GatewayPage:
    return GatewayPage(page)


@pytest.fixture
def mailbox(page, stack) -> MailboxPage:
    return MailboxPage(page, stack.mailbox_url)


# The report --------------------------------------------------------------------------------

STEPS_KEY = pytest.StashKey[Steps]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    recorder = item.stash.get(STEPS_KEY, None)
    if report.when != "call" or recorder is None or not recorder.records:
        return
    html_plugin = item.config.pluginmanager.getplugin("html")
    if html_plugin is None:
        return
    extras = getattr(report, "extras", [])
    extras.append(html_plugin.extras.html(as_html(recorder.records)))
    report.extras = extras
