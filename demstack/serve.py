"""`make serve`: cabinet, gateway and mailbox on fixed loopback ports, until Ctrl-C.

Prints every address as a full URL and the demo logins with their passwords, so a person can
click through the documented payment at once. Data lives in var/ and survives restarts.

The stack's own settings are flags or DEM_* variables (listed below). Each mock's own variables
(CABINET_*, CHRONOPAY_*, MAILBOX_*; see `python -m mock_cabinet --help` and the others) work as
well, except what the stack wires itself: the databases, the addresses and ports and the shared
secret (kept in the data folder).
"""

import argparse
import contextlib
import logging
import os
import signal
import threading
from pathlib import Path

from mock_cabinet import config as cabinet_config
from mock_cabinet import demo
from mock_chronopay import config as gateway_config
from mock_mailbox import config as mailbox_config
from mockkit.secrets import shared_secret_for
from mockkit.settings import settings_given, settings_parser

from .browser import trust_args
from .stack import DEFAULT_PORTS, Stack, StackOptions

DEFAULTS = {
    "DATA": "var",
    "HOST": "127.0.0.1",
    "PUBLIC_HOST": "",  # empty: the bind address
    **{f"{name.upper()}_PORT": port for name, port in DEFAULT_PORTS.items()},
    "DEMO_COUNT": demo.DEFAULT_COUNT,
}
ENV_PREFIX = "DEM_"


def build_parser() -> argparse.ArgumentParser:
    parser, setting = settings_parser("python -m demstack serve", __doc__, DEFAULTS, ENV_PREFIX)
    parser.add_argument("command", nargs="?", choices=("serve",), default="serve")
    setting("--data", "DATA", help="data folder")
    setting("--host", "HOST", help="address to bind")
    setting("--public-host", "PUBLIC_HOST", help="host name in URLs")
    for name in DEFAULT_PORTS:
        setting(f"--{name}-port", f"{name.upper()}_PORT", help=f"{name} port (0: a free one)", type=int)
    setting("--demo-count", "DEMO_COUNT", help="demo subscribers", type=int)
    return parser


def describe(stack: Stack) -> str:
    lines = [
        "",
        "ДЭМ Интернет: the embedded mocks are running.",
        "",
        f"  ISP home page        {stack.site_url}",
        f"  Cabinet login page   {stack.login_url}",
        f"  ChronoPay gateway    {stack.gateway_url}   (operator page: {stack.gateway_url}admin/)",
        f"  Mailbox (receipts)   {stack.mailbox_url}   (SMTP {stack.smtp_address})",
        "",
        "  Demo logins:",
    ]
    for person in demo.demo_subscribers(stack.options.demo_seed, stack.options.demo_count):
        lines.append(f"    {person.login}  {person.password}   {person.full_name}")
    lines += [
        "",
        "  Test cards: 4111 1111 1111 1111 (approved), 4000 0000 0000 0002 (declined); any future",
        "  expiry such as 12/30, any Latin name, CVV 123. The README lists every test card.",
        f"  Operator: user operator, password {stack.gateway_app.config['OPERATOR_PASSWORD']}",
    ]
    if stack.certificate:
        lines += [
            "",
            f"  The gateway's HTTPS certificate comes from a local CA: {stack.certificate.ca_file}",
            "  Import it into your browser, or start Chromium trusting this certificate only:",
            f"    chromium --user-data-dir=/tmp/dem-chromium "
            f"{trust_args([stack.certificate.spki_sha256])[0]} {stack.login_url}",
        ]
    lines += ["", "Press Ctrl-C to stop.", ""]
    return "\n".join(lines)


def stack_options(argv=None, environ=os.environ) -> StackOptions:
    """The stack `make serve` starts: its flags and DEM_* variables, and each mock's own variables."""
    settings = {**DEFAULTS, **settings_given(DEFAULTS, ENV_PREFIX, build_parser().parse_args(argv), environ)}
    data_dir = Path(settings["DATA"])

    def own_variables(config) -> dict:
        return settings_given(config.DEFAULTS, config.ENV_PREFIX, {}, environ)

    gateway_settings = own_variables(gateway_config)
    return StackOptions(
        data_dir=data_dir,
        bind_host=settings["HOST"],
        public_host=settings["PUBLIC_HOST"] or None,
        ports={name: settings[f"{name.upper()}_PORT"] for name in DEFAULT_PORTS},
        shared_secret=shared_secret_for(data_dir),  # kept, so queued callbacks stay valid across restarts
        tls=gateway_settings.get("TLS", gateway_config.DEFAULTS["TLS"]),
        demo_count=settings["DEMO_COUNT"],
        cabinet_settings=own_variables(cabinet_config),
        gateway_settings=gateway_settings,
        mailbox_settings=own_variables(mailbox_config),
    )


def main(argv=None, environ=os.environ) -> None:
    options = stack_options(argv, environ)
    # Deliveries and their failures (with the retry's delay), as `python -m mock_chronopay` shows them.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every connection at INFO
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    with Stack(options) as stack:
        print(describe(stack), flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            stopped.wait()
        print("Stopping ...", flush=True)
    print("Stopped.", flush=True)


if __name__ == "__main__":
    main()
