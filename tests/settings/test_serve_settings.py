"""`make serve` (python -m demstack serve) honours the mocks' own variables.

The stack passes the gateway only what it wires (its database, addresses, the shared secret), so
CHRONOPAY_RETRY_BASE_SECONDS sets the served gateway's retry schedule, seen where a person sees it:
the delays the gateway logs after a callback fails, and the tries on its operator page.
"""

import re

import pytest

from demstack import serve
from demstack.processes import MockProcess
from demstack.stack import StackOptions
from tests.support.cards import card_form
from tests.support.html import GatewayPage, Page
from tests.support.payment_request import signed_request
from tests.support.waits import http_session, wait_until

SECRET = "serve-test-shared-secret"


def served_stack(data_dir, env: dict[str, str]) -> MockProcess:
    """`python -m demstack serve` on free loopback ports with one demo subscriber, its output in a log."""
    ports = [part for name in serve.DEFAULT_PORTS for part in (f"--{name}-port", "0")]
    return MockProcess(
        module="demstack",
        args=["serve", "--data", str(data_dir), "--host", "127.0.0.1", *ports, "--demo-count", "1"],
        log_path=data_dir.parent / "serve.log",
        banner=r"Cabinet login page\s+(http://127\.0\.0\.1:\d+/)login",
        ready_path="/login",
        env={"PYTHONUNBUFFERED": "1", **env},
    )


def printed(process: MockProcess, pattern: str) -> str:
    return re.search(pattern, process.log_text()).group(1)


@pytest.mark.slow
@pytest.mark.timeout(90)
def test_chronopay_retry_base_seconds_sets_the_served_gateways_retry_schedule(tmp_path):
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    (data_dir / "shared-secret").write_text(SECRET + "\n")  # the secret both mocks then read, as make serve keeps it
    stack = served_stack(data_dir, {"CHRONOPAY_RETRY_BASE_SECONDS": "0.5"})
    stack.start(timeout=60)
    try:
        cabinet_url = stack.url
        gateway_url = printed(stack, r"ChronoPay gateway\s+(https://127\.0\.0\.1:\d+/)")
        operator = ("operator", printed(stack, r"Operator: user operator, password (\S+)"))
        with http_session() as http:
            http.verify = str(data_dir / "gateway-tls" / "ca.pem")
            # A payment whose callback address, on the cabinet's site, answers 404: every try fails.
            request = signed_request(cabinet_url, secret=SECRET, cb_url=cabinet_url + "no-such-callback")
            opened = http.get(gateway_url, params=request, timeout=10)
            assert opened.status_code == 200, opened.text[:500]
            action = GatewayPage.of(opened).form_action("Оплатить")
            paid = http.post(gateway_url.rstrip("/") + action, data=card_form(), timeout=10, allow_redirects=False)
            assert paid.status_code == 303

            def retry_delays() -> list[str]:
                return re.findall(r"no-such-callback failed .*?; retry in ([\d.]+) s", stack.log_text(), re.S)

            # The gateway's own default (2 s) would take 6 s to the third failure; 0.5 s doubles to it in 1.5 s.
            delays = wait_until(lambda: len(retry_delays()) >= 3 and retry_delays(), timeout=20, what="three failures")
            assert delays[:3] == ["0.5", "1.0", "2.0"]

            def tries_shown() -> int:
                """«Попыток» of the undelivered callback on the operator page."""
                admin = Page.of(http.get(gateway_url + "admin/", auth=operator, timeout=10))
                [row] = [row for row in admin.rows("admin", index=1)[1:] if "no-such-callback" in " ".join(row)]
                assert row[1] == "callback"
                return int(row[3])

            # The log line comes as the third failure is recorded; the page shows it once committed.
            wait_until(lambda: tries_shown() >= 3, timeout=5, what="three tries on the operator page")
    finally:
        stack.stop()
    assert "Traceback" not in stack.log_text()
    assert SECRET not in stack.log_text()  # the shared secret is never printed


def test_make_serve_passes_the_mocks_only_the_variables_that_were_set(tmp_path):
    environ = {
        "CHRONOPAY_RETRY_BASE_SECONDS": "0.5",
        "CABINET_LOGIN_THROTTLE": "3 per minute",
        "DEM_DEMO_COUNT": "2",
    }
    options = serve.stack_options(["--data", str(tmp_path)], environ)
    assert options.gateway_settings == {"RETRY_BASE_SECONDS": 0.5}
    assert options.cabinet_settings == {"LOGIN_THROTTLE": "3 per minute"}
    assert options.mailbox_settings == {}
    assert options.demo_count == 2
    nothing_set = serve.stack_options(["--data", str(tmp_path)], {})
    assert (nothing_set.gateway_settings, nothing_set.cabinet_settings) == ({}, {})
    # The stack's own options carry no second copy of a mock's default.
    default = StackOptions(data_dir=tmp_path)
    assert (default.retry_base_seconds, default.slow_bank_seconds, default.frozen_time) == (None, None, None)
