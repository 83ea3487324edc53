"""The pytest plugin (entry point `portal` in pyproject.toml): any pytest run can aim at a real portal.

It brings the options (`--target live`, `--cabinet-url`, `--gateway-host`, `--ca-file`, ... and
the remote browsers `--cdp-endpoint` / `--ws-endpoint`), the browser this machine has
(demstack.browser), the `target` fixture, the conformance fixtures and the conformance report.

- Live mode keeps only the tests marked `live_safe` that use none of the fixtures of the ini
  option `portal_mock_fixtures` (default: `stack`); the run says how many it deselected and why.
- Mock mode asks the project for its embedded portal: a `mock_target` fixture (and, for the
  browser's trust, a session fixture `mock_certificate_pins`).
"""

import pytest

from .. import options, tls
from .report import ConformanceReportPlugin

CA_TRUST = pytest.StashKey[dict]()
DESELECTED = pytest.StashKey[dict]()


def pytest_addoption(parser):
    browsers = parser.getgroup("portal-browser", "the browser (portal plugin)")
    options.add_options(browsers.addoption, options.REMOTE_BROWSER)
    live = parser.getgroup("live", "checking a real portal (README: Checking a real portal)")
    options.add_options(live.addoption, (options.TARGET, *options.LIVE))
    parser.addini(
        "portal_mock_fixtures",
        "fixtures that exist only with the embedded mocks: a live run deselects the tests using them",
        type="args",
        default=["stack"],
    )


def is_live(config) -> bool:
    return config.getoption("--target") == "live"


def option_values(config) -> dict:
    return {option.dest: config.getoption(option.flag) for option in (options.TARGET, *options.LIVE)}


def pytest_configure(config):
    config.addinivalue_line("markers", "live_safe: safe to run against a real portal (never submits a card form)")
    values = option_values(config)
    trusted = None
    if is_live(config):
        try:
            options.check_live(values)
        except options.OptionError as problem:
            raise pytest.UsageError(str(problem)) from None
        if values["ca_file"]:
            config.stash[CA_TRUST] = tls.verify_with_ca(
                values["ca_file"], tls.tls_addresses(values["cabinet_url"], values["gateway_host"])
            )
            trusted = tls.describe(config.stash[CA_TRUST])
            tls.trust_in_node(values["ca_file"])
    report = config.rootpath / values["conformance_report"]  # an absolute path stays as it is
    config.pluginmanager.register(
        ConformanceReportPlugin(config, report, options.report_facts(values, trusted)), "conformance-report"
    )
    # Registered now, after every plugin of the run: these override pytest-playwright's fixtures.
    from . import fixtures

    config.pluginmanager.register(fixtures, "portal-fixtures")


def pytest_report_header(config):
    if not is_live(config):
        return []
    lines = [
        f"target: LIVE portal {config.getoption('--cabinet-url')} (as {options.LOGIN_ENV}): only tests "
        "marked live_safe that do not need the embedded mocks run, the others are deselected; "
        + (
            "a card form IS submitted (--allow-payment)"
            if config.getoption("--allow-payment")
            else "no card form is submitted"
        )
    ]
    if config.getoption("--ca-file"):
        lines.append(
            f"trusted through --ca-file {config.getoption('--ca-file')}: {tls.describe(config.stash.get(CA_TRUST, {}))}"
        )
    return lines


def pytest_collection_modifyitems(config, items):
    """Live mode: keep only tests marked live_safe that use no fixture of the embedded mocks."""
    if not is_live(config):
        return
    mock_only = set(config.getini("portal_mock_fixtures"))
    unsafe = [item for item in items if item.get_closest_marker("live_safe") is None]
    need_mocks = [item for item in items if item not in unsafe and mock_only & set(getattr(item, "fixturenames", ()))]
    if unsafe or need_mocks:
        config.hook.pytest_deselected(items=unsafe + need_mocks)
        dropped = set(unsafe + need_mocks)
        items[:] = [item for item in items if item not in dropped]
    config.stash[DESELECTED] = {"unsafe": len(unsafe), "need_mocks": len(need_mocks)}


def pytest_terminal_summary(terminalreporter, config):
    counts = config.stash.get(DESELECTED, None)
    if counts and (counts["unsafe"] or counts["need_mocks"]):
        mock_only = ", ".join(f"`{name}`" for name in config.getini("portal_mock_fixtures"))
        terminalreporter.write_line(
            f"live mode: deselected {counts['unsafe']} test(s) not marked live_safe and "
            f"{counts['need_mocks']} live_safe test(s) that need the embedded mocks (fixture {mock_only})"
        )
