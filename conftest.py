"""Shared fixtures of the whole suite: options, the Chromium to drive, the embedded stack.

- The browser is discovered (Playwright's own Chromium, else the system's) and its flags are
  merged into pytest-playwright's launch arguments, never replacing them, so --headed, --slowmo,
  --browser-channel and the rest keep working.
- The stack (mail capture, gateway, cabinet) starts once per test session, or once per xdist
  worker, on free ports with fresh databases in a temporary folder.
- A remote browser can be used instead of a local one: --cdp-endpoint (a Chromium started with
  --remote-debugging-port) or --ws-endpoint (a Playwright browser server).
"""

import os

import pytest

from demstack.browser import find_chromium
from demstack.stack import Stack, StackOptions

DEFAULT_SEED = 2026


def pytest_addoption(parser):
    group = parser.getgroup("dem", "DEM payment flow")
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
        "--cdp-endpoint",
        default=os.environ.get("E2E_CDP_ENDPOINT"),
        help="connect to a Chromium already running with --remote-debugging-port (http://host:port)",
    )
    group.addoption(
        "--ws-endpoint",
        default=os.environ.get("E2E_WS_ENDPOINT"),
        help="connect to a Playwright browser server (ws://host:port/...)",
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
    return f"test data seed: {config.getoption('--seed')} (replay with --seed {config.getoption('--seed')})"


# The browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_choice():
    choice = find_chromium()
    if choice is None:
        pytest.fail("No Chromium found: run `make setup` (or python -m demstack.browser --ensure)")
    return choice


@pytest.fixture(scope="session")
def uses_remote_browser(pytestconfig) -> bool:
    return bool(pytestconfig.getoption("--cdp-endpoint") or pytestconfig.getoption("--ws-endpoint"))


@pytest.fixture(scope="session")
def trusted_certificate_args(stack) -> list[str]:
    """Chromium flags that trust exactly the gateway mock's certificate, and nothing else."""
    if stack.certificate is None:
        return []
    return [f"--ignore-certificate-errors-spki-list={stack.certificate.spki_sha256}"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, pytestconfig, chromium_choice, trusted_certificate_args):
    """pytest-playwright's launch arguments plus ours: the discovered binary and its flags."""
    merged = dict(browser_type_launch_args)
    if chromium_choice.executable_path and not pytestconfig.getoption("--browser-channel"):
        merged.setdefault("executable_path", chromium_choice.executable_path)
    merged["args"] = [*merged.get("args", []), *chromium_choice.args, *trusted_certificate_args]
    return merged


@pytest.fixture(scope="session")
def connect_options(pytestconfig):
    """A Playwright browser server, when --ws-endpoint names one (pytest-playwright connects to it)."""
    endpoint = pytestconfig.getoption("--ws-endpoint")
    return {"ws_endpoint": endpoint} if endpoint else None


@pytest.fixture(scope="session")
def browser(launch_browser, browser_type, pytestconfig):
    """A local Chromium, a Playwright server's, or one already running (CDP)."""
    endpoint = pytestconfig.getoption("--cdp-endpoint")
    browser = browser_type.connect_over_cdp(endpoint) if endpoint else launch_browser()
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, uses_remote_browser):
    # A browser we did not start was not told to trust the mock's certificate by its key.
    # The mocks are ours, so their certificate (and only theirs: mock runs never leave them)
    # is accepted for that browser's contexts.
    if uses_remote_browser:
        return {**browser_context_args, "ignore_https_errors": True}
    return browser_context_args


# The embedded stack ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def stack(tmp_path_factory, pytestconfig):
    """Mail capture, gateway and cabinet, wired, on free ports with fresh databases."""
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
