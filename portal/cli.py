"""`python -m portal check`: the conformance of a real portal, for developers who do not use pytest.

    export E2E_LOGIN=abc123 E2E_PASSWORD='…'
    python -m portal check --cabinet-url https://stat.example.ru/ --gateway-host payments.chronopay.com
        [--ca-file ca.pem] [--allow-payment --test-card N] [--conformance-report reports/conformance.html]

Writes the same report as the pytest plugin (reports/conformance.html and .json, the pictures
beside them), prints its table, and exits 1 when any check failed (2 when it cannot start).
`python -m portal checks` prints the catalogue of checks as the README's table.
"""

import argparse
import sys

from playwright.sync_api import sync_playwright

from demstack.browser import find_chromium, trust_args

from . import options, tls
from .conformance.catalogue import markdown_table
from .conformance.checks import Checks
from .conformance.parts import PARTS, Browsing, login_context_args
from .conformance.report import Report, markdown_summary
from .conformance.traffic import Traffic

EXIT_CONFORMS, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m portal", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="judge a live portal against the instruction; write the report")
    options.add_options(check.add_argument, options.LIVE)
    check.add_argument("--headed", action="store_true", help="show the browser while it walks")
    commands.add_parser("checks", help="print the catalogue of checks (the README's table)")
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "checks":
        print(markdown_table())
        return EXIT_CONFORMS
    values = {**vars(args), "target": "live"}
    try:
        options.check_live(values)
    except options.OptionError as problem:
        parser.error(str(problem))
    return check(values, headed=args.headed)


def check(values: dict, *, headed: bool = False, progress=print) -> int:
    target = options.live_target(values)
    pins, trusted = [], None
    if values.get("ca_file"):
        verdicts = tls.verify_with_ca(values["ca_file"], tls.tls_addresses(target.cabinet_url, target.gateway_host))
        pins, trusted = tls.pins_of(verdicts), tls.describe(verdicts)
        tls.trust_in_node(values["ca_file"])
        progress(f"trusted through --ca-file {values['ca_file']}: {trusted}")
    report = Report(values["conformance_report"], options.report_facts(values, trusted))
    redact = target.redactor()
    with sync_playwright() as playwright:
        choice = find_chromium(playwright.chromium.executable_path, headless=not headed)
        if choice is None:
            progress("No Chromium found: run `make setup` (or python -m demstack.browser --ensure)")
            return EXIT_USAGE
        browser = playwright.chromium.launch(
            executable_path=choice.executable_path, args=[*choice.args, *trust_args(pins)], headless=not headed
        )
        try:
            for part in PARTS:
                if part.needs_payment and not target.allow_payment:
                    progress(f"skipped: {part.name} (a live run presses «Оплатить» only with --allow-payment)")
                    continue
                progress(f"checking {part.name} ...")
                report.add(_run_part(browser, part, target, redact))
        finally:
            browser.close()
    report.write()
    progress(markdown_summary(report.ordered()))
    progress(f"\nReport: {report.html_path} and {report.json_path}")
    return EXIT_FAILED if report.failed else EXIT_CONFORMS


def _run_part(browser, part, target, redact) -> Checks:
    """One part in contexts of its own, all closed when it ends."""
    contexts = []

    def new_context(**context_args):
        contexts.append(browser.new_context(**context_args))
        return contexts[-1]

    checks = Checks(test=part.name, redact=redact)
    try:
        part.run(Browsing(browser, new_context, login_context_args({})), target, checks, Traffic())
    finally:
        for context in contexts:
            context.close()
    return checks


if __name__ == "__main__":
    sys.exit(main())
