"""A browser that runs elsewhere: the suite can drive a Chromium it reaches over CDP.

The test starts a local Chromium with a remote-debugging port on loopback, as a remote machine
would run it, connects to it the way --cdp-endpoint does, and walks a scenario through it.
"""

import os
import queue
import re
import signal
import subprocess
import threading
import time

import pytest
from playwright.sync_api import expect

from demstack.browser import trust_args
from portal.contract import Cabinet, Payments
from portal.pages import ConfirmationPage, GatewayPage, LoginPage, PaymentsPage

pytestmark = pytest.mark.slow


@pytest.fixture
def remote_chromium(playwright, chromium_choice, trusted_certificate_pins, tmp_path):
    """A Chromium process of its own, listening for CDP on a free loopback port; yields its endpoint."""
    executable = chromium_choice.executable_path or playwright.chromium.executable_path
    profile = tmp_path / "profile"
    process = subprocess.Popen(
        [
            executable,
            "--headless=new",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            *chromium_choice.args,
            *trust_args(trusted_certificate_pins),
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,  # where it announces its endpoint
        text=True,
        errors="replace",
        start_new_session=True,  # a group of its own, so the browser goes too if a wrapper script started it
    )
    try:
        yield _devtools_endpoint(process)
    finally:
        # Debian's chromium-headless-shell is a script that runs the browser without exec:
        # ending the script alone would leave the browser running.
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)


def _devtools_endpoint(process: subprocess.Popen, timeout: float = 20.0) -> str:
    """Chromium announces on stderr once it listens: "DevTools listening on ws://127.0.0.1:PORT/…"."""
    lines = queue.Queue()
    threading.Thread(target=_forward_lines, args=(process.stderr, lines), daemon=True).start()
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if line is None:
            raise RuntimeError(f"Chromium exited with {process.wait()} before listening")
        announced = re.search(r"DevTools listening on ws://[^/]+:(\d+)/", line)
        if announced:
            return f"http://127.0.0.1:{announced.group(1)}"
    raise TimeoutError("Chromium did not open its remote-debugging port")


def _forward_lines(stream, lines: queue.Queue) -> None:
    # Reads to the end, so the browser never blocks on a full pipe; None marks its exit.
    for line in stream:
        lines.put(line)
    lines.put(None)


def test_a_scenario_runs_in_a_chromium_reached_over_cdp(playwright, remote_chromium, stack, subscriber, steps):
    browser = playwright.chromium.connect_over_cdp(remote_chromium)
    try:
        context = browser.new_context()
        page = context.new_page()
        steps.page = page
        with steps("Абонент входит в личный кабинет в браузере на другой машине (CDP)"):
            LoginPage(page, stack.login_url).open().log_in(subscriber.login, subscriber.password)
        with steps("Абонент вводит сумму 250 на вкладке «ChronoPay»"):
            payments = PaymentsPage(page)
            payments.open_section(Cabinet.PAYMENTS)
            payments.choose_tab(Payments.CHRONOPAY)
            payments.enter_amount("250")
            payments.start_new_payment()
        with steps("Подтверждение и переход на страницу ChronoPay по https"):
            ConfirmationPage(page).expect_loaded().pay()
            GatewayPage(page).expect_loaded()
            expect(page.get_by_text("Сумма: 250.00 РУБ")).to_be_visible()
        assert page.url.startswith(stack.gateway_url)
        assert browser.version
    finally:
        browser.close()
