"""The plugin's fixtures: the browser to drive, the portal to check, the conformance recorders.

pytest-playwright's fixtures are extended by merging into its dictionaries, never by replacing
them, so --headed, --slowmo, --browser-channel, --tracing and the rest keep working. This module
is registered after every other plugin (see the plugin's pytest_configure), so its versions of
`browser_type_launch_args`, `connect_options`, `browser` and `browser_context_args` are the ones
used, each built on pytest-playwright's own.
"""

import inspect
import os

import pytest
from playwright.sync_api import BrowserType

from demstack.browser import find_chromium, trust_args

from .. import options, tls
from ..conformance.checks import Checks
from ..conformance.parts import Browsing, login_context_args
from ..conformance.traffic import Traffic
from ..credentials import Redactor
from ..remote import RemoteBrowser, for_this_worker, pool
from ..target import Target
from . import CA_TRUST, is_live

# The benchmark's naive baseline (benchmarks/suite.py): a fresh browser and a UI login per test.
NAIVE_BASELINE_ENV = "E2E_NAIVE_BASELINE"


def naive_baseline() -> bool:
    return os.environ.get(NAIVE_BASELINE_ENV) == "1"


# The browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_choice(playwright, pytestconfig):
    headless = not pytestconfig.getoption("--headed")
    choice = find_chromium(playwright.chromium.executable_path, headless=headless)
    if choice is None:
        pytest.fail("No Chromium found: run `make setup` (or python -m demstack.browser --ensure)")
    return choice


@pytest.fixture(scope="session")
def remote_browser(pytestconfig) -> RemoteBrowser | None:
    """The remote browser of this worker (portal.remote), or None: a local one is launched."""
    return for_this_worker(pool(pytestconfig.getoption("--cdp-endpoint"), pytestconfig.getoption("--ws-endpoint")))


@pytest.fixture(scope="session")
def uses_remote_browser(remote_browser) -> bool:
    return remote_browser is not None


@pytest.fixture(scope="session")
def trusted_certificate_pins(pytestconfig, request) -> list[str]:
    """The certificates Chromium accepts by their key, and no other: in live mode those that
    --ca-file verified; against the mocks, their gateway's (the project's `mock_certificate_pins`)."""
    if is_live(pytestconfig):
        return tls.pins_of(pytestconfig.stash.get(CA_TRUST, {}))
    try:
        return list(request.getfixturevalue("mock_certificate_pins"))
    except pytest.FixtureLookupError:
        return []


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, pytestconfig, chromium_choice, trusted_certificate_pins):
    """pytest-playwright's launch arguments plus ours: the discovered binary and its flags."""
    merged = dict(browser_type_launch_args)
    if chromium_choice.executable_path and not pytestconfig.getoption("--browser-channel"):
        merged.setdefault("executable_path", chromium_choice.executable_path)
    merged["args"] = [*merged.get("args", []), *chromium_choice.args, *trust_args(trusted_certificate_pins)]
    return merged


@pytest.fixture(scope="session")
def connect_options(remote_browser):
    """This worker's Playwright browser server, if it has one (pytest-playwright connects to it)."""
    if not remote_browser or remote_browser.kind != "ws":
        return None
    return {_connect_argument(): remote_browser.endpoint}


def _connect_argument() -> str:
    """The name of BrowserType.connect's address argument: Playwright renamed it (ws_endpoint, then endpoint)."""
    return list(inspect.signature(BrowserType.connect).parameters)[1]


def _browser_scope(fixture_name, config) -> str:
    return "function" if naive_baseline() else "session"


@pytest.fixture(scope=_browser_scope)
def browser(launch_browser, browser_type, remote_browser):
    """A local Chromium, a Playwright server's, or one already running (CDP); one per session
    (per test only for the naive baseline that benchmarks/suite.py measures the suite against)."""
    if remote_browser and remote_browser.kind == "cdp":
        browser = browser_type.connect_over_cdp(remote_browser.endpoint)
    else:
        browser = launch_browser()
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, uses_remote_browser, pytestconfig):
    # A browser we did not start was not told to trust the mock's certificate by its key. The
    # mocks are ours, so their certificate (and only theirs: mock runs never leave them) is
    # accepted for that browser's contexts. A live portal's certificate errors are findings.
    if uses_remote_browser and not is_live(pytestconfig):
        return {**browser_context_args, "ignore_https_errors": True}
    return browser_context_args


# The portal -------------------------------------------------------------------------------------


@pytest.fixture
def target(pytestconfig, request) -> Target:
    """The portal a test checks: the live one of --cabinet-url with E2E_LOGIN / E2E_PASSWORD, or
    the project's embedded mocks (its `mock_target` fixture)."""
    if is_live(pytestconfig):
        values = {option.dest: pytestconfig.getoption(option.flag) for option in options.LIVE}
        return options.live_target(values)
    try:
        return request.getfixturevalue("mock_target")
    except pytest.FixtureLookupError:
        pytest.fail("--target mock needs the project's embedded mocks (a `mock_target` fixture): use --target live")


# The conformance checks -------------------------------------------------------------------------


@pytest.fixture
def redactor(target) -> Redactor:
    return target.redactor()


@pytest.fixture
def checks(request, redactor, pytestconfig) -> Checks:
    """This test's checks; at its end the unreached ones fail and all of them go to the report."""
    recorder = Checks(test=request.node.nodeid, redact=redactor)
    yield recorder
    recorder.finish()
    pytestconfig.pluginmanager.get_plugin("conformance-report").add(recorder)


@pytest.fixture
def traffic() -> Traffic:
    return Traffic()


@pytest.fixture
def browsing(browser, browser_context_args, new_context) -> Browsing:
    """The browser for a conformance part: pytest-playwright's contexts (traced, filmed if asked)
    and the arguments of the untraced context the login happens in."""
    return Browsing(browser, new_context, login_context_args(browser_context_args))
