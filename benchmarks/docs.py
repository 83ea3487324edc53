"""How long `make docs` takes, beside a plain Playwright script taking the same screenshots.

    python -m benchmarks.docs [--runs 3]

The baseline walks the same pages in the same two windows and takes the same full-page
screenshots, with no checks, no annotation and no documents: the price of everything the docs
build adds. Both run in the same process on the same machine, one after the other, so the ratio
means something even on a busy machine; the absolute figures vary with the load.
"""

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from demstack.browser import find_chromium, trust_args
from demstack.stack import Stack, StackOptions
from docsgen.build import FROZEN_TIME, Paths, build, docs_payer
from docsgen.capture import EDITIONS
from mock_chronopay.tls import ensure_certificate

from .machine import describe_machine


def time_docs_build() -> float:
    with tempfile.TemporaryDirectory(prefix="bench-docs-") as folder:
        paths = Paths(Path(folder) / "docs", Path(folder) / "reports")
        shutil.copytree(Path("docs/source"), paths.sources)
        started = time.perf_counter()
        build(paths, progress=lambda _line: None)
        return time.perf_counter() - started


def time_plain_screenshots() -> float:
    """The same ten screens per window, photographed by the shortest script that reaches them."""
    payer = docs_payer()
    choice = find_chromium()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-plain-") as folder, sync_playwright() as playwright:
        work = Path(folder)
        certificate = ensure_certificate(work / "tls")
        browser = playwright.chromium.launch(
            executable_path=choice.executable_path,
            args=[*choice.args, *trust_args([certificate.spki_sha256])],
        )
        for edition in EDITIONS:
            options = StackOptions(
                data_dir=work / edition.name,
                tls_dir=certificate.cert_file.parent,
                frozen_time=FROZEN_TIME,
                demo_count=1,
            )
            with Stack(options) as stack:
                context = browser.new_context(viewport={"width": edition.width, "height": edition.height})
                page = context.new_page()
                shots = []

                def shot(page=page, shots=shots):
                    shots.append(page.screenshot(full_page=True))

                page.goto(stack.site_url)
                shot()
                page.click("a:has-text('Личный кабинет абонента')")
                page.fill("#login", payer.login)
                page.fill("#password", payer.password)
                shot()
                page.click("button[type=submit]")
                shot()
                page.goto(stack.cabinet_url + "cabinet/payments/chronopay")
                page.fill("#amount", payer.amount)
                shot()
                page.click("text=Новый платеж")
                shot()
                page.click("text=Заплатить")
                shot()
                page.fill("#email", payer.email)
                page.fill("#card_number", payer.card_number)
                page.fill("#expiry", payer.card_expiry)
                page.fill("#holder", payer.card_holder)
                page.fill("#cvv", payer.card_cvv)
                shot()
                page.click("text=Оплатить")
                page.wait_for_selector("text=Платеж зачислен", timeout=15_000)
                shot()
                page.goto(stack.mailbox_url)
                page.click(".subject")
                shot()
                page.goto(stack.cabinet_url + "cabinet/")
                shot()
                context.close()
        browser.close()
    return time.perf_counter() - started


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.docs", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs of each, alternating (default 3)")
    args = parser.parse_args(argv)
    print(describe_machine())
    docs_times, plain_times = [], []
    for run in range(1, args.runs + 1):
        docs_times.append(time_docs_build())
        plain_times.append(time_plain_screenshots())
        print(f"  run {run}: make docs {docs_times[-1]:.1f} s, plain Playwright screenshots {plain_times[-1]:.1f} s")
    docs_median, plain_median = statistics.median(docs_times), statistics.median(plain_times)
    print(
        f"docs build (2 windows x 10 steps, verified, annotated, 2 languages, Markdown+HTML+PDF): "
        f"median {docs_median:.1f} s (target under 15 s)"
    )
    print(f"plain Playwright, same screenshots, no checks or rendering: median {plain_median:.1f} s")
    print(f"ratio docs/plain: {docs_median / plain_median:.2f}")


if __name__ == "__main__":
    main()
