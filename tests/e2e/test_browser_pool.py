"""A pool of remote browsers, one per xdist worker: a Chromium over CDP and a Playwright browser server.

The test starts both on loopback, as two machines of a browser grid would run them, each with a
user agent of its own, then runs a scenario with two workers (`--dist each`: every worker runs it)
given both addresses: the first worker must have paid in the CDP browser, the second in the
server's, each up to the gateway's page.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.browsers import browser_server, cdp_chromium

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]

ROOT = Path(__file__).resolve().parents[2]
PROBE = "tests/e2e/pool_probe.py"


def test_each_worker_drives_the_browser_of_the_pool_at_its_index(playwright, chromium_choice, tmp_path):
    executable = chromium_choice.executable_path or playwright.chromium.executable_path
    out = tmp_path / "seen.jsonl"
    with (
        cdp_chromium(executable, [*chromium_choice.args, "--user-agent=DEM-pool-cdp"], tmp_path / "cdp") as cdp,
        browser_server(executable, [*chromium_choice.args, "--user-agent=DEM-pool-ws"], tmp_path) as ws,
    ):
        environment = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "E2E_"))}
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                PROBE,
                "-n",
                "2",
                "--dist",
                "each",
                f"--cdp-endpoint={cdp}",
                f"--ws-endpoint={ws}",
                "-p",
                "no:cacheprovider",
                "-q",
            ],
            cwd=ROOT,
            env={**environment, "POOL_PROBE_OUT": str(out)},
            capture_output=True,
            text=True,
            timeout=200,
            check=False,
        )
    assert run.returncode == 0, run.stdout + run.stderr
    seen = {row["worker"]: row for row in map(json.loads, out.read_text().splitlines())}
    assert seen["gw0"]["user_agent"] == "DEM-pool-cdp"
    assert seen["gw1"]["user_agent"] == "DEM-pool-ws"
    assert seen["gw0"]["amount"] == seen["gw1"]["amount"] == "Сумма: 250.00 РУБ"
