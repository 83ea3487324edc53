"""Deliberately altered copies of the mocks, and live-mode runs of the conformance tests against them.

The alterations are made here, on a test-only Stack, never by a switch in the product:

    with altered_stack(tmp_path) as stack:
        override_template(stack.cabinet_app, "payments_chronopay.html", "Новый платеж", "Создать платеж")
        run = run_live(stack, tmp_path / "run")
        run.verdicts["chronopay.button[Новый платеж]"] == "FAIL"

- a template override wraps the app's Jinja loader in a ChoiceLoader with the altered template;
- configuration: the Stack's options (no TLS on the gateway, CSRF off) or the app's config;
- a WSGI middleware around the cabinet rewrites what it sends (the redirect to the gateway,
  the logout's answer).
"""

import json
import os
import secrets
import subprocess
import sys
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from jinja2 import ChoiceLoader, DictLoader

from chronopay_protocol import signing
from demstack.stack import Stack, StackOptions
from tests.support.subscribers import create_subscriber

ROOT = Path(__file__).resolve().parents[2]
RUN_TIMEOUT = 240


@contextmanager
def altered_stack(data_dir: Path, **options):
    """A Stack of its own (free ports, fresh databases) for one alteration."""
    with Stack(StackOptions(data_dir=data_dir, demo_count=1, retry_base_seconds=0.2, **options)) as stack:
        yield stack


def override_template(app, name: str, old: str, new: str) -> None:
    """Serves `name` with `old` replaced by `new` (the original stays on disk, untouched)."""
    loader = app.jinja_env.loader
    source = loader.get_source(app.jinja_env, name)[0]
    if old not in source:
        raise AssertionError(f"{name} no longer contains {old!r}: the alteration must be updated")
    app.jinja_env.loader = ChoiceLoader([DictLoader({name: source.replace(old, new, 1)}), loader])
    app.jinja_env.cache.clear()


class RewriteGatewayRedirect:
    """WSGI middleware: changes the request fields of the cabinet's redirect to the gateway."""

    def __init__(self, app, gateway_url: str, change: Callable[[dict], dict]):
        self.app = app
        self.gateway_url = gateway_url
        self.change = change

    def __call__(self, environ, start_response):
        def start(status, headers, exc_info=None):
            headers = [(name, self._rewrite(value) if name.lower() == "location" else value) for name, value in headers]
            return start_response(status, headers, exc_info)

        return self.app(environ, start)

    def _rewrite(self, location: str) -> str:
        if not location.startswith(self.gateway_url):
            return location
        parts = urlsplit(location)
        fields = self.change(dict(parse_qsl(parts.query, keep_blank_values=True)))
        return urlunsplit(parts._replace(query=urlencode(fields)))


def without_sign(fields: dict) -> dict:
    return {name: value for name, value in fields.items() if name != "sign"}


def priced(price: str, shared_secret: str) -> Callable[[dict], dict]:
    """Sends `price` instead of the confirmed amount, correctly signed: the gateway accepts it."""

    def change(fields: dict) -> dict:
        fields = {**fields, "product_price": price}
        fields["sign"] = signing.request_sign_of(fields, shared_secret)  # whichever variant the cabinet speaks
        return fields

    return change


class LogoutInTheBrowserOnly:
    """WSGI middleware: «Выйти» drops the browser's cookie but leaves the session alive on the server."""

    def __init__(self, app, cookie_name: str):
        self.app = app
        self.cookie_name = cookie_name

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == "/logout" and environ.get("REQUEST_METHOD") == "POST":
            start_response(
                "303 See Other",
                [
                    ("Location", "/login"),
                    ("Set-Cookie", f"{self.cookie_name}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly"),
                    ("Content-Length", "0"),
                ],
            )
            return [b""]
        return self.app(environ, start_response)


def wrap_cabinet(stack: Stack, middleware: Callable) -> None:
    stack.cabinet_app.wsgi_app = middleware(stack.cabinet_app.wsgi_app)


def new_subscriber(stack: Stack, password: str) -> str:
    """A subscriber of the altered cabinet with `password`; returns the login."""
    made = create_subscriber(
        stack.cabinet_db_path,
        password=password,
        full_name="Проверка Изменений",
        now=stack.cabinet_app.config["CLOCK"](),
    )
    return made.login


def fresh_password() -> str:
    """Distinctive enough to grep for, with characters a URL or a form would encode."""
    return f"Pw+{secrets.token_urlsafe(12)}!&="


@dataclass
class LiveRun:
    returncode: int
    output: str
    folder: Path
    report: dict
    login: str

    @property
    def verdicts(self) -> dict[str, str]:
        return {check["id"]: check["verdict"] for check in self.report.get("checks", [])}

    def with_verdict(self, verdict: str) -> set[str]:
        return {check_id for check_id, seen in self.verdicts.items() if seen == verdict}

    def actual(self, check_id: str) -> str:
        return next(check["actual"] for check in self.report["checks"] if check["id"] == check_id)

    def describe(self) -> str:
        rows = [
            f"{c['verdict']} {c['id']}: {c['actual']}" for c in self.report.get("checks", []) if c["verdict"] != "PASS"
        ]
        return f"exit {self.returncode}\n" + "\n".join(rows) + "\n--- output (tail) ---\n" + self.output[-3000:]


def run_live(
    stack: Stack,
    folder: Path,
    *,
    select: str | None = None,
    trust_ca: bool = True,
    extra_args: tuple[str, ...] = (),
    password: str | None = None,
) -> LiveRun:
    """Runs tests/e2e/test_conformance.py in live mode against `stack`, in a pytest of its own."""
    command = [sys.executable, "-m", "pytest", "tests/e2e/test_conformance.py", "--target=live"]
    command += ["-p", "no:cacheprovider", "-q", *extra_args]
    if select:
        command += ["-k", select]
    return _run(command, stack, folder, trust_ca=trust_ca, password=password)


def run_check(
    stack: Stack, folder: Path, *, extra_args: tuple[str, ...] = (), password: str | None = None, login: str = ""
) -> LiveRun:
    """Runs `python -m portal check` against `stack`, as a developer who does not use pytest would."""
    command = [sys.executable, "-m", "portal", "check", *extra_args]
    return _run(command, stack, folder, password=password, login=login)


def _run(
    command: list[str], stack: Stack, folder: Path, *, trust_ca: bool = True, password=None, login: str = ""
) -> LiveRun:
    """`command` aimed at `stack` as at a live portal, with a fresh subscriber's credentials in the
    environment (or `login` with `password`); its exit status, output and conformance.json."""
    password = password or fresh_password()
    login = login or new_subscriber(stack, password)
    folder.mkdir(parents=True, exist_ok=True)
    report = folder / "conformance.html"
    command = [
        *command,
        f"--cabinet-url={stack.cabinet_url}",
        f"--gateway-host={urlsplit(stack.gateway_url).netloc}",
        f"--conformance-report={report}",
    ]
    if trust_ca and stack.certificate is not None:
        command.append(f"--ca-file={stack.certificate.ca_file}")
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("E2E_", "PYTEST_", "PW_", "PWDEBUG", "NODE_EXTRA_CA_CERTS"))
    }
    environment.update(E2E_LOGIN=login, E2E_PASSWORD=password)
    finished = subprocess.run(
        command,
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    output = finished.stdout + finished.stderr
    (folder / "output.txt").write_text(output, encoding="utf-8")
    json_path = report.with_suffix(".json")
    document = json.loads(json_path.read_text(encoding="utf-8")) if json_path.exists() else {}
    return LiveRun(returncode=finished.returncode, output=output, folder=folder, report=document, login=login)
