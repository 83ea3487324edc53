"""Shared fixtures of the whole suite: options, the Chromium to drive, the embedded stack.

- The browser is discovered (Playwright's own Chromium, else the system's) and its flags are
  merged into pytest-playwright's launch arguments, never replacing them, so --headed, --slowmo,
  --browser-channel and the rest keep working.
- The stack (mail capture, gateway, cabinet) starts once per test session, or once per xdist
  worker, on free ports with fresh databases in a temporary folder.
- A remote browser can be used instead of a local one: --cdp-endpoint (a Chromium started with
  --remote-debugging-port) or --ws-endpoint (a Playwright browser server).
- --target live aims the tests marked live_safe at a real portal (README, "Checking a real
  portal"): no stack is started, the other tests are deselected, no certificate error is
  ignored, and the credentials come only from E2E_LOGIN / E2E_PASSWORD. The `target` fixture
  gives the portal's address and a subscriber in both modes.
"""

import base64
import hashlib
import os
import secrets
import socket
import ssl
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from demstack.browser import find_chromium
from demstack.stack import Stack, StackOptions
from tests.e2e.baseline import naive_baseline
from tests.e2e.conformance_report import ConformanceReport, Secret, Target

DEFAULT_SEED = 2026
# The test card a mock run pays with (PROTOCOL.md section 4: approved).
MOCK_TEST_CARD = "4111 1111 1111 1111"
LIVE_ONLY_SAFE = pytest.StashKey[dict]()
# Live mode with --ca-file: address -> the SPKI pin of its certificate, or why it was not verified.
CA_TRUST = pytest.StashKey[dict]()


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
    live = parser.getgroup("live", "checking a real portal (README: Checking a real portal)")
    live.addoption(
        "--target",
        choices=("mock", "live"),
        default=os.environ.get("E2E_TARGET", "mock"),
        help="mock: the embedded mocks (default); live: a real portal, only tests marked live_safe ($E2E_TARGET)",
    )
    live.addoption(
        "--cabinet-url",
        default=os.environ.get("E2E_CABINET_URL"),
        help="the live cabinet's address, e.g. https://stat.example.ru/ ($E2E_CABINET_URL)",
    )
    live.addoption(
        "--gateway-host",
        default=os.environ.get("E2E_GATEWAY_HOST"),
        help="the gateway host «Заплатить» must lead to (host or host:port) ($E2E_GATEWAY_HOST)",
    )
    live.addoption(
        "--ca-file",
        default=os.environ.get("E2E_CA_FILE"),
        help="a CA (PEM) to trust besides the system's, e.g. the mocks' var/gateway-tls/ca.pem ($E2E_CA_FILE)",
    )
    live.addoption(
        "--amount",
        default=os.environ.get("E2E_AMOUNT", "1000"),
        help="the amount typed into «Сумма» (default 1000, as in the instruction) ($E2E_AMOUNT)",
    )
    live.addoption(
        "--allow-payment",
        action="store_true",
        help="live only: press «Оплатить» with --test-card (a gateway in test mode!); never by default",
    )
    live.addoption(
        "--test-card",
        default=os.environ.get("E2E_TEST_CARD"),
        help="the gateway's TEST card number for --allow-payment ($E2E_TEST_CARD)",
    )
    live.addoption(
        "--conformance-report",
        default=os.environ.get("E2E_CONFORMANCE_REPORT", "reports/conformance.html"),
        help="where the conformance report goes (HTML; the JSON beside it) ($E2E_CONFORMANCE_REPORT)",
    )


def is_live(config) -> bool:
    return config.getoption("--target") == "live"


def pytest_configure(config):
    if is_live(config):
        _check_live_options(config)
        ca_file = config.getoption("--ca-file")
        if ca_file:
            config.stash[CA_TRUST] = _verify_with_ca(ca_file, _live_tls_addresses(config))
            # Playwright's own HTTP client (page.request) runs in Node: trust the same CA there.
            os.environ.setdefault("NODE_EXTRA_CA_CERTS", str(Path(ca_file).resolve()))
    report = Path(config.getoption("--conformance-report"))
    if not report.is_absolute():
        report = config.rootpath / report
    config.pluginmanager.register(ConformanceReport(config, report, _report_facts(config)), "conformance-report")


def _check_live_options(config) -> None:
    url = config.getoption("--cabinet-url")
    if not url or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise pytest.UsageError(
            "--target live needs --cabinet-url (or E2E_CABINET_URL) such as https://stat.example.ru/"
        )
    if not (os.environ.get("E2E_LOGIN") and os.environ.get("E2E_PASSWORD")):
        raise pytest.UsageError(
            "--target live needs the subscriber's credentials in E2E_LOGIN and E2E_PASSWORD (never as options)"
        )
    if config.getoption("--allow-payment") and not config.getoption("--test-card"):
        raise pytest.UsageError("--allow-payment needs --test-card: a live run only ever pays with a test card")
    ca_file = config.getoption("--ca-file")
    if ca_file and not Path(ca_file).is_file():
        raise pytest.UsageError(f"--ca-file {ca_file}: no such file")


def _report_facts(config) -> dict:
    from tests.e2e.conformance import ORDER

    facts = {"mode": config.getoption("--target")}
    if is_live(config):
        facts["cabinet"] = config.getoption("--cabinet-url")
        facts["expected gateway host"] = config.getoption("--gateway-host") or "not given"
        facts["payment"] = "submitted with the test card" if config.getoption("--allow-payment") else "never submitted"
        if config.getoption("--ca-file"):
            facts["trusted through --ca-file"] = _describe_ca_trust(config)
    else:
        facts["cabinet"] = "the embedded mocks"
        facts["payment"] = "submitted with the mock's approved Visa test card (PROTOCOL.md section 4)"
    facts["amount"] = config.getoption("--amount")
    facts["order"] = ORDER
    return facts


def pytest_report_header(config):
    lines = [f"test data seed: {config.getoption('--seed')} (replay with --seed {config.getoption('--seed')})"]
    if is_live(config):
        lines.append(
            f"target: LIVE portal {config.getoption('--cabinet-url')} (as E2E_LOGIN): only tests "
            "marked live_safe that do not need the embedded mocks run, the others are deselected; "
            + (
                "a card form IS submitted (--allow-payment)"
                if config.getoption("--allow-payment")
                else "no card form is submitted"
            )
        )
        if config.getoption("--ca-file"):
            lines.append(f"trusted through --ca-file {config.getoption('--ca-file')}: {_describe_ca_trust(config)}")
    return lines


def _describe_ca_trust(config) -> str:
    trust = config.stash.get(CA_TRUST, {})
    if not trust:
        return "nothing (the cabinet is not HTTPS and no --gateway-host names the gateway)"
    return "; ".join(
        f"{host}:{port} {'verified' if verdict.startswith('pin:') else verdict}"
        for (host, port), verdict in trust.items()
    )


def pytest_collection_modifyitems(config, items):
    """Live mode: keep only tests marked live_safe that do not start the embedded mocks."""
    if not is_live(config):
        return
    unsafe = [item for item in items if item.get_closest_marker("live_safe") is None]
    need_mocks = [item for item in items if item not in unsafe and "stack" in getattr(item, "fixturenames", ())]
    if unsafe or need_mocks:
        config.hook.pytest_deselected(items=unsafe + need_mocks)
        dropped = set(unsafe + need_mocks)
        items[:] = [item for item in items if item not in dropped]
    config.stash[LIVE_ONLY_SAFE] = {"unsafe": len(unsafe), "need_mocks": len(need_mocks)}


def pytest_terminal_summary(terminalreporter, config):
    counts = config.stash.get(LIVE_ONLY_SAFE, None)
    if counts and (counts["unsafe"] or counts["need_mocks"]):
        terminalreporter.write_line(
            f"live mode: deselected {counts['unsafe']} test(s) not marked live_safe and "
            f"{counts['need_mocks']} live_safe test(s) that need the embedded mocks (fixture `stack`)"
        )


# The browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_choice(playwright, pytestconfig):
    headless = not pytestconfig.getoption("--headed")
    choice = find_chromium(playwright.chromium.executable_path, headless=headless)
    if choice is None:
        pytest.fail("No Chromium found: run `make setup` (or python -m demstack.browser --ensure)")
    return choice


@pytest.fixture(scope="session")
def uses_remote_browser(pytestconfig) -> bool:
    return bool(pytestconfig.getoption("--cdp-endpoint") or pytestconfig.getoption("--ws-endpoint"))


@pytest.fixture(scope="session")
def trusted_certificate_args(pytestconfig, request) -> list[str]:
    """Chromium flags that trust exactly the gateway mock's certificate, and nothing else.

    Live mode trusts nothing beyond the system's CAs, unless --ca-file names one: then the
    certificates of the cabinet (if HTTPS) and of --gateway-host are verified here against that
    CA (chain, dates, host name) and only those that pass are trusted by Chromium, by their key.
    """
    if is_live(pytestconfig):
        trust = pytestconfig.stash.get(CA_TRUST, {})
        pins = [verdict.removeprefix("pin:") for verdict in trust.values() if verdict.startswith("pin:")]
        return [f"--ignore-certificate-errors-spki-list={','.join(pins)}"] if pins else []
    stack = request.getfixturevalue("stack")
    if stack.certificate is None:
        return []
    return [f"--ignore-certificate-errors-spki-list={stack.certificate.spki_sha256}"]


def _live_tls_addresses(config) -> list[tuple[str, int]]:
    addresses = []
    cabinet = urlsplit(config.getoption("--cabinet-url"))
    if cabinet.scheme == "https":
        addresses.append((cabinet.hostname, cabinet.port or 443))
    gateway = config.getoption("--gateway-host")
    if gateway:
        parts = urlsplit(f"//{gateway}")
        addresses.append((parts.hostname, parts.port or 443))
    return addresses


def _verify_with_ca(ca_file: str, addresses: list[tuple[str, int]]) -> dict:
    """For each address: "pin:<SPKI hash>" when `ca_file` (with the system's CAs) fully verifies the
    certificate it presents (chain, dates, host name), else why not. Unverified ones get no pin:
    Chromium meets their error itself, and the report names it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    verdicts = {}
    for host, port in addresses:
        context = ssl.create_default_context(cafile=ca_file)
        try:
            with (
                closing(socket.create_connection((host, port), timeout=5)) as raw,
                context.wrap_socket(raw, server_hostname=host) as tls,
            ):
                der = tls.getpeercert(binary_form=True)
        except (OSError, ssl.SSLError) as problem:
            verdicts[(host, port)] = f"NOT verified ({problem})"
            continue
        key = x509.load_der_x509_certificate(der).public_key()
        spki = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        verdicts[(host, port)] = "pin:" + base64.b64encode(hashlib.sha256(spki).digest()).decode("ascii")
    return verdicts


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


def _browser_scope(fixture_name, config) -> str:
    return "function" if naive_baseline() else "session"


@pytest.fixture(scope=_browser_scope)
def browser(launch_browser, browser_type, pytestconfig):
    """A local Chromium, a Playwright server's, or one already running (CDP); one per session
    (per test only for the naive baseline that benchmarks/suite.py measures us against)."""
    endpoint = pytestconfig.getoption("--cdp-endpoint")
    browser = browser_type.connect_over_cdp(endpoint) if endpoint else launch_browser()
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, uses_remote_browser, pytestconfig):
    # A browser we did not start was not told to trust the mock's certificate by its key.
    # The mocks are ours, so their certificate (and only theirs: mock runs never leave them)
    # is accepted for that browser's contexts. A live portal's certificate errors are findings.
    if uses_remote_browser and not is_live(pytestconfig):
        return {**browser_context_args, "ignore_https_errors": True}
    return browser_context_args


# The embedded stack ------------------------------------------------------------------------


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


# The portal under test, in both modes -------------------------------------------------------


@pytest.fixture(scope="session")
def _mock_subscribers(stack):
    """Makes fresh subscribers in the embedded cabinet, all with one password random for this session."""
    from mock_cabinet import accounts, demo
    from mock_cabinet.db import open_database
    from mockkit.sqlite import transaction

    password = "Pw-" + secrets.token_urlsafe(12)
    password_hash = accounts.hash_password(password)
    clock = stack.cabinet_app.config["CLOCK"]

    def create(balance: int = 500_00):
        with closing(open_database(stack.cabinet_db_path)) as db, transaction(db):
            row = accounts.create_subscriber(
                db,
                now=clock(),
                password_hash=password_hash,
                full_name="Проверка Соответствия",
                address="г. Москва, ул. Тестовая, д. 1",
                tariff_id=demo.tariff_id(db, 0),
                balance=balance,
            )
        return row["id"], row["login"], password

    return create


@pytest.fixture
def target(pytestconfig, request) -> Target:
    """The portal a test checks: the live one of --cabinet-url with E2E_LOGIN / E2E_PASSWORD, or
    the embedded mocks with a fresh subscriber of this test's own."""
    amount = pytestconfig.getoption("--amount")
    if is_live(pytestconfig):
        card = pytestconfig.getoption("--test-card")
        return Target(
            mode="live",
            cabinet_url=pytestconfig.getoption("--cabinet-url"),
            login=os.environ["E2E_LOGIN"],
            password=Secret(os.environ["E2E_PASSWORD"]),
            gateway_host=pytestconfig.getoption("--gateway-host"),
            amount=amount,
            allow_payment=bool(pytestconfig.getoption("--allow-payment") and card),
            test_card=Secret(card) if card else None,
            payer_email=os.environ.get("E2E_PAYER_EMAIL", "payer@example.com"),
        )
    stack = request.getfixturevalue("stack")
    subscriber_id, login, password = request.getfixturevalue("_mock_subscribers")()

    def count_orders() -> int:
        from mockkit.sqlite import connect

        with closing(connect(stack.cabinet_db_path)) as db:
            return db.execute("SELECT COUNT(*) FROM orders WHERE subscriber_id = ?", (subscriber_id,)).fetchone()[0]

    return Target(
        mode="mock",
        cabinet_url=stack.cabinet_url,
        login=login,
        password=Secret(password),
        gateway_host=urlsplit(stack.gateway_url).netloc,
        amount=amount,
        allow_payment=True,  # the mock's gateway is a test gateway
        test_card=Secret(MOCK_TEST_CARD),
        payer_email=f"conformance.{login}@example.com",
        shared_secret=Secret(stack.shared_secret),
        count_orders=count_orders,
    )
