"""python -m mock_mailbox: settings from flags and MAILBOX_* variables, a real run stopped by a signal."""

import os
import re
import signal
import smtplib
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from mailbox_helpers import letter

from mock_mailbox import Inbox
from mock_mailbox.__main__ import build_parser
from mock_mailbox.config import DEFAULTS, ENV_PREFIX
from mockkit.settings import settings_given

REPO = Path(__file__).resolve().parents[2]


def test_defaults_come_from_the_environment_and_flags_win():
    environ = {"MAILBOX_HOST": "::1", "MAILBOX_SMTP_PORT": "2626", "MAILBOX_WEB_PORT": "0", "MAILBOX_MAILDIR": "/m"}

    def given(*flags: str, environ=environ) -> dict:
        return settings_given(DEFAULTS, ENV_PREFIX, build_parser().parse_args(flags), environ)

    assert given() == {"HOST": "::1", "SMTP_PORT": 2626, "WEB_PORT": 0, "MAILDIR": "/m"}
    assert given("--smtp-port", "2727", "--maildir", "var/x") == {
        "HOST": "::1",
        "SMTP_PORT": 2727,
        "WEB_PORT": 0,
        "MAILDIR": "var/x",
    }
    assert given(environ={}) == {}  # nothing set: the mailbox's own defaults hold


@pytest.mark.timeout(60)
@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_a_run_prints_both_addresses_serves_both_and_stops_cleanly(tmp_path, stop_signal):
    maildir = tmp_path / "mail"
    environ = {**os.environ, "MAILBOX_WEB_PORT": "0", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mock_mailbox", "--smtp-port", "0", "--maildir", str(maildir)],
        cwd=REPO,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        smtp_line = process.stdout.readline()
        page_line = process.stdout.readline()
        smtp_port = int(re.search(r"mailbox SMTP: 127\.0\.0\.1:(\d+)", smtp_line).group(1))
        page_url = re.search(r"mailbox page: (http://127\.0\.0\.1:\d+/)", page_line).group(1)

        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=10) as client:
            client.send_message(letter("через запущенный ящик"))
        page = requests.get(page_url, timeout=10)
        assert page.status_code == 200
        assert "через запущенный ящик" in page.text
        assert f"127.0.0.1:{smtp_port}" in page.text  # the page tells people where to send

        process.send_signal(stop_signal)
        _out, errors = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, errors
    assert "Traceback" not in errors
    assert Inbox(maildir).count() == 1  # kept after the server is gone
