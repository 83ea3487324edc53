"""What the test session itself needs: the embedded mocks on free ports, and the portal they make.

The browser, `--target live` and its options, the `target` fixture and the conformance report
come from the portal plugin (portal/plugin, entry point `portal`): here the embedded stack (mail
capture, gateway, cabinet) starts once per test session, or once per xdist worker, on free ports
with fresh databases in a temporary folder, and becomes the plugin's `mock_target`.
"""

import os
import secrets
from contextlib import closing
from urllib.parse import urlsplit

import pytest

from demstack.stack import Stack, StackOptions
from mockkit.sqlite import connect
from portal.credentials import Secret
from portal.plugin import is_live
from portal.target import Target
from tests.support.subscribers import create_subscriber

DEFAULT_SEED = 2026
# The test card a mock run pays with (PROTOCOL.md section 4: approved).
MOCK_TEST_CARD = "4111 1111 1111 1111"


def pytest_addoption(parser):
    group = parser.getgroup("dem", "DEM payment flow: the embedded mocks")
    group.addoption(
        "--seed",
        type=int,
        default=int(os.environ.get("E2E_SEED", DEFAULT_SEED)),
        help="seed of the generated test data (Faker); printed at the start so a run can be replayed",
    )
    group.addoption(
        "--step-screenshots",
        choices=("on", "off"),
        default=os.environ.get("E2E_STEP_SCREENSHOTS", "on"),
        help="a screenshot after every named step of a browser test, shown in the HTML report",
    )
    group.addoption(
        "--mock-host",
        default=os.environ.get("E2E_MOCK_HOST", "127.0.0.1"),
        help="address the mocks bind to (0.0.0.0 lets a remote browser reach them)",
    )
    group.addoption(
        "--mock-public-host",
        default=os.environ.get("E2E_MOCK_PUBLIC_HOST"),
        help="host name the browser uses to reach the mocks (default: the bind address)",
    )


def pytest_report_header(config):
    return [f"test data seed: {config.getoption('--seed')} (replay with --seed {config.getoption('--seed')})"]


@pytest.fixture(scope="session")
def stack(tmp_path_factory, pytestconfig):
    """Mail capture, gateway and cabinet, wired, on free ports with fresh databases."""
    if is_live(pytestconfig):
        pytest.fail("live mode starts no embedded mocks: this test needs them and is not live_safe", pytrace=False)
    options = StackOptions(
        data_dir=tmp_path_factory.mktemp("stack"),
        bind_host=pytestconfig.getoption("--mock-host"),
        public_host=pytestconfig.getoption("--mock-public-host"),
        retry_base_seconds=0.2,
        slow_bank_seconds=1.5,
        demo_count=3,
    )
    with Stack(options) as running:
        yield running


@pytest.fixture(scope="session")
def mock_certificate_pins(stack) -> list[str]:
    """The browser trusts exactly the gateway mock's certificate (the portal plugin asks for it)."""
    return [stack.certificate.spki_sha256] if stack.certificate else []


@pytest.fixture(scope="session")
def mock_password() -> str:
    """The password of every subscriber a conformance run makes: random for this session."""
    return "Pw-" + secrets.token_urlsafe(12)


@pytest.fixture
def mock_target(pytestconfig, stack, mock_password) -> Target:
    """The embedded mocks as the portal plugin's `target`, with a fresh subscriber of this test's own."""
    subscriber = create_subscriber(
        stack.cabinet_db_path,
        password=mock_password,
        full_name="Проверка Соответствия",
        now=stack.cabinet_app.config["CLOCK"](),
    )

    def count_orders() -> int:
        with closing(connect(stack.cabinet_db_path)) as db:
            query = "SELECT COUNT(*) FROM orders WHERE subscriber_id = ?"
            return db.execute(query, (subscriber.id,)).fetchone()[0]

    return Target(
        mode="mock",
        cabinet_url=stack.cabinet_url,
        login=subscriber.login,
        password=Secret(subscriber.password),
        gateway_host=urlsplit(stack.gateway_url).netloc,
        amount=pytestconfig.getoption("--amount"),
        allow_payment=True,  # the mock's gateway is a test gateway
        test_card=Secret(MOCK_TEST_CARD),
        payer_email=f"conformance.{subscriber.login}@example.com",
        shared_secret=Secret(stack.shared_secret),
        count_orders=count_orders,
    )
