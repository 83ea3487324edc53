"""`make serve`: cabinet, gateway and mailbox on fixed loopback ports, until Ctrl-C.

Prints every address as a full URL and the demo logins with their passwords, so a person can
click through the documented payment at once. Data lives in var/ and survives restarts.
"""

import argparse
import contextlib
import os
import signal
import threading
from pathlib import Path

from mock_cabinet import demo
from mockkit.secrets import shared_secret_for

from .browser import trust_args
from .stack import DEFAULT_PORTS, Stack, StackOptions


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m demstack serve", description=__doc__)
    parser.add_argument("command", nargs="?", choices=("serve",), default="serve")
    parser.add_argument("--data", default=os.environ.get("DEM_DATA", "var"), help="data folder (default var/)")
    parser.add_argument("--host", default=os.environ.get("DEM_HOST", "127.0.0.1"), help="address to bind")
    parser.add_argument("--public-host", default=os.environ.get("DEM_PUBLIC_HOST"), help="host name in URLs")
    for name, port in DEFAULT_PORTS.items():
        env = f"DEM_{name.upper()}_PORT"
        parser.add_argument(f"--{name}-port", type=int, default=int(os.environ.get(env, port)), help=f"(${env})")
    parser.add_argument("--demo-count", type=int, default=demo.DEFAULT_COUNT)
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


def main(argv=None) -> None:
    args = build_parser().parse_args(argv)
    data_dir = Path(args.data)
    options = StackOptions(
        data_dir=data_dir,
        bind_host=args.host,
        public_host=args.public_host,
        ports={name: getattr(args, f"{name}_port") for name in DEFAULT_PORTS},
        shared_secret=shared_secret_for(data_dir),  # kept, so queued callbacks stay valid across restarts
        demo_count=args.demo_count,
    )
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
