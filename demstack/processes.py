"""The mocks as separate processes (`python -m mock_cabinet`, `mock_chronopay`, `mock_mailbox`), as people run them.

A process is started with its output in a log file, polled until it answers over HTTP (never a
fixed sleep), and can be killed with SIGKILL and started again on the same port and database.
Used by `benchmarks/callbacks.py` (start-up times, load) and the reliability tests (crashes).
"""

import os
import re
import signal
import socket
import subprocess  # nosec B404 # only to start our own mocks: this interpreter, fixed modules
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import requests
from urllib3.exceptions import InsecureRequestWarning

REPO = Path(__file__).resolve().parents[1]
# Settings of the mocks and the stack that an operator's environment could set: the caller decides them.
_MOCK_ENV_PREFIXES = ("CABINET_", "CHRONOPAY_", "MAILBOX_", "DEM_")


class NotReady(RuntimeError):
    """What was waited for did not come in time, or the process ended first."""


def wait_until(predicate, timeout: float = 10.0, interval: float = 0.01, what: str = "the condition"):
    """Poll `predicate` until it returns something truthy (returned); NotReady after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise NotReady(f"{what} did not happen within {timeout} s")
        time.sleep(interval)


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # straight to loopback, whatever proxy the environment names
    return session


@dataclass
class MockProcess:
    """One mock in its own process. `banner` finds the address it printed; `ready_path` is polled on it."""

    module: str
    args: list[str]
    log_path: Path
    banner: str  # a regex with one group: the base URL the process prints when it serves
    ready_path: str = "/"
    env: dict[str, str] = field(default_factory=dict)
    url: str | None = None
    process: subprocess.Popen | None = None
    _log_offset: int = 0  # where this start's output begins: a restart appends to the same log

    def start(self, timeout: float = 30.0) -> float:
        """Start and poll until an HTTP answer below 500 comes back; returns the seconds that took."""
        env = {name: value for name, value in os.environ.items() if not name.startswith(_MOCK_ENV_PREFIXES)}
        env.update(self.env)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child, closed right after
        began = time.perf_counter()
        try:
            self.process = subprocess.Popen(  # noqa: S603  # nosec B603 # our interpreter, a module of ours
                [sys.executable, "-m", self.module, *self.args],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        finally:
            log.close()
        try:
            self.url = wait_until(self._printed_url, timeout, what=f"{self.module}'s address in its output")
            wait_until(self._answers, timeout, what=f"{self.module} answering at {self.url}")
        except NotReady:
            self.kill()
            raise NotReady(f"{self.module} did not start; its log:\n{self.log_text(True)[-3000:]}") from None
        return time.perf_counter() - began

    def _printed_url(self) -> str | None:
        if self.process.poll() is not None:
            raise NotReady(f"{self.module} exited with {self.process.returncode}:\n{self.log_text(True)[-3000:]}")
        found = re.search(self.banner, self.log_text(since_start=True))
        return found.group(1) if found else None

    def _answers(self) -> bool:
        try:
            with http_session() as http, warnings.catch_warnings():
                # Only "does it answer yet": the HTTPS gateway's certificate is checked by the tests that use it.
                warnings.simplefilter("ignore", InsecureRequestWarning)
                answer = http.get(self.url.rstrip("/") + self.ready_path, timeout=2, verify=False)
                return answer.status_code < 500
        except requests.RequestException:
            return False

    @property
    def port(self) -> int:
        return int(re.search(r":(\d+)/", self.url).group(1))

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as when the machine loses power or the OOM killer strikes."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        """Ctrl-C, as a person stops `python -m …`; SIGKILL if it does not end within 10 s."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()

    def log_text(self, since_start: bool = False) -> str:
        try:
            with open(self.log_path, "rb") as log:
                log.seek(self._log_offset if since_start else 0)
                return log.read().decode("utf-8", errors="replace")
        except FileNotFoundError:
            return ""


def _flags(**flags) -> list[str]:
    """Command-line flags on loopback: _flags(smtp_port=0) -> ["--host", "127.0.0.1", "--smtp-port", "0"]."""
    given = {"host": "127.0.0.1", **flags}
    return [part for name, value in given.items() for part in (f"--{name.replace('_', '-')}", str(value))]


def cabinet_process(data_dir: Path, *, port: int = 0, shared_secret: str, env: dict | None = None) -> MockProcess:
    return MockProcess(
        module="mock_cabinet",
        args=_flags(port=port, db=data_dir / "cabinet.sqlite3", shared_secret=shared_secret),
        log_path=data_dir / "cabinet.log",
        banner=r"cabinet: (http://127\.0\.0\.1:\d+/)login",
        ready_path="/login",
        env=env or {},
    )


def gateway_process(
    data_dir: Path,
    *,
    merchant_url: str,
    smtp: str,
    shared_secret: str,
    port: int = 0,
    tls: bool = False,
    env: dict | None = None,
) -> MockProcess:
    flags = _flags(
        port=port, db=data_dir / "chronopay.sqlite3", merchant_url=merchant_url, smtp=smtp, shared_secret=shared_secret
    )
    return MockProcess(
        module="mock_chronopay",
        args=[*flags, "--tls" if tls else "--no-tls"],
        log_path=data_dir / "chronopay.log",
        banner=r"chronopay: (https?://127\.0\.0\.1:\d+/)",
        ready_path="/pay/readiness-probe",  # a 404 page: the app answers, nothing is created
        env=env or {},
    )


def mailbox_process(data_dir: Path, *, smtp_port: int = 0, web_port: int = 0) -> MockProcess:
    return MockProcess(
        module="mock_mailbox",
        args=_flags(smtp_port=smtp_port, web_port=web_port, maildir=data_dir / "mail"),
        log_path=data_dir / "mailbox.log",
        banner=r"mailbox page: (http://127\.0\.0\.1:\d+/)",
        ready_path="/",
    )
