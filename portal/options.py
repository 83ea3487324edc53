"""The options of a run against a portal, declared once for the pytest plugin and the `check` command.

Each option has a flag, an environment variable and a default; the credentials come only from
the environment (E2E_LOGIN, E2E_PASSWORD), never from an option, so they are never in a shell's
history or a process list.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .credentials import Secret
from .target import DEFAULT_AMOUNT, DEFAULT_PAYER_EMAIL, Target

LOGIN_ENV, PASSWORD_ENV, PAYER_EMAIL_ENV = "E2E_LOGIN", "E2E_PASSWORD", "E2E_PAYER_EMAIL"
DEFAULT_REPORT = "reports/conformance.html"


@dataclass(frozen=True)
class Option:
    flag: str
    env: str | None
    help: str
    default: str | None = None
    is_switch: bool = False  # present or not, no value
    choices: tuple[str, ...] = ()

    @property
    def dest(self) -> str:
        return self.flag.lstrip("-").replace("-", "_")

    def default_from(self, environ: Mapping[str, str]):
        if self.is_switch:
            return False
        return environ.get(self.env, self.default) if self.env else self.default

    def describe(self) -> str:
        return f"{self.help} (${self.env})" if self.env else self.help


TARGET = Option(
    "--target",
    "E2E_TARGET",
    "mock: the embedded mocks (default); live: a real portal, only tests marked live_safe",
    "mock",
    choices=("mock", "live"),
)
LIVE = (
    Option("--cabinet-url", "E2E_CABINET_URL", "the live cabinet's address, e.g. https://stat.example.ru/"),
    Option("--gateway-host", "E2E_GATEWAY_HOST", "the gateway host «Заплатить» must lead to (host or host:port)"),
    Option(
        "--ca-file", "E2E_CA_FILE", "a CA (PEM) to trust besides the system's, e.g. the mocks' var/gateway-tls/ca.pem"
    ),
    Option(
        "--amount", "E2E_AMOUNT", "the amount typed into «Сумма» (default 1000, as in the instruction)", DEFAULT_AMOUNT
    ),
    Option(
        "--allow-payment",
        None,
        "live only: press «Оплатить» with --test-card (a gateway in test mode!); never by default",
        is_switch=True,
    ),
    Option("--test-card", "E2E_TEST_CARD", "the gateway's TEST card number for --allow-payment"),
    Option(
        "--conformance-report",
        "E2E_CONFORMANCE_REPORT",
        "where the conformance report goes (HTML; the JSON beside it)",
        DEFAULT_REPORT,
    ),
)
REMOTE_BROWSER = (
    Option(
        "--cdp-endpoint",
        "E2E_CDP_ENDPOINT",
        "connect to a Chromium running with --remote-debugging-port (several, comma-separated: one per xdist worker)",
    ),
    Option(
        "--ws-endpoint",
        "E2E_WS_ENDPOINT",
        "connect to a Playwright browser server, ws://host:port/... (several, comma-separated: one per xdist worker)",
    ),
)


def add_options(add, options, environ=os.environ) -> None:
    """Declares `options` with `add`: a pytest group's `addoption` or an argparse parser's `add_argument`."""
    for option in options:
        if option.is_switch:
            add(option.flag, action="store_true", help=option.describe())
        else:
            add(
                option.flag,
                default=option.default_from(environ),
                choices=option.choices or None,
                help=option.describe(),
            )


class OptionError(ValueError):
    """A live run cannot start; the message says what to give."""


def check_live(values: Mapping[str, object], environ=os.environ) -> None:
    """Raises OptionError for what a live run lacks: the cabinet's address, the credentials..."""
    url = values.get("cabinet_url")
    if not url or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise OptionError("a live run needs --cabinet-url (or E2E_CABINET_URL) such as https://stat.example.ru/")
    if not (environ.get(LOGIN_ENV, "").strip() and environ.get(PASSWORD_ENV, "").strip()):
        raise OptionError(
            f"a live run needs the subscriber's credentials in {LOGIN_ENV} and {PASSWORD_ENV} (never as options)"
        )
    if values.get("allow_payment") and not values.get("test_card"):
        raise OptionError("--allow-payment needs --test-card: a live run only ever pays with a test card")
    ca_file = values.get("ca_file")
    if ca_file and not Path(ca_file).is_file():
        raise OptionError(f"--ca-file {ca_file}: no such file")


def live_target(values: Mapping[str, object], environ=os.environ) -> Target:
    """The live portal of these option values, with the credentials of the environment."""
    card = values.get("test_card")
    return Target(
        mode="live",
        cabinet_url=values["cabinet_url"],
        login=environ[LOGIN_ENV],
        password=Secret(environ[PASSWORD_ENV]),
        gateway_host=values.get("gateway_host"),
        amount=values.get("amount") or DEFAULT_AMOUNT,
        allow_payment=bool(values.get("allow_payment") and card),
        test_card=Secret(card) if card else None,
        payer_email=environ.get(PAYER_EMAIL_ENV, DEFAULT_PAYER_EMAIL),
    )


def report_facts(values: Mapping[str, object], trusted: str | None = None) -> dict:
    """What the report says of the run's target, before its checks."""
    facts = {"mode": values.get("target", "live")}
    if facts["mode"] == "live":
        facts["cabinet"] = values.get("cabinet_url")
        facts["expected gateway host"] = values.get("gateway_host") or "not given"
        facts["payment"] = "submitted with the test card" if values.get("allow_payment") else "never submitted"
        if trusted is not None:
            facts["trusted through --ca-file"] = trusted
    else:
        facts["cabinet"] = "the embedded mocks"
        facts["payment"] = "submitted with the mock's approved Visa test card (PROTOCOL.md section 4)"
    facts["amount"] = values.get("amount") or DEFAULT_AMOUNT
    return facts
