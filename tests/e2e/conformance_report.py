"""Recording the conformance checks and writing their report (HTML, JSON, a Markdown summary).

    checks = Checks(test="tests/e2e/test_conformance.py::test_x", redact=redactor)
    checks.on_page(page, "Вход")                       # the screenshot the next checks refer to
    checks.record("login.button[Войти в личный кабинет]", PASS, expected="…", actual="…")

Every check ends as PASS, WARN or FAIL with the expected and the actual value and the screenshot
of the page it was judged on. Text is redacted before it is kept: the password, the card numbers
and the merchant's secret never reach a report, whatever a check saw. The plugin (registered by
the root conftest) gathers the checks of every test and of every xdist worker, writes
`reports/conformance.html` (self-contained) and `reports/conformance.json`, prints a Markdown
table at the end of the run and makes the run fail when any check failed.
"""

import base64
import html
import json
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

PASS, WARN, FAIL = "PASS", "WARN", "FAIL"
VERDICTS = (PASS, WARN, FAIL)
MASK = "***"


class Secret:
    """A credential that shows itself only when asked: never in a repr, a str, a traceback's locals."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return f"Secret({MASK!r})"

    __str__ = __repr__

    def __reduce__(self):
        raise TypeError("a Secret is never pickled or sent to another process")


class Redactor:
    """Replaces every known secret, in each way a URL or a form may spell it, by ***.

    `may_travel` marks what is kept out of reports but may legitimately be sent (the subscriber's
    login, which the protocol echoes in cs2): it is never reported as a leak by `found_in`.
    """

    def __init__(self):
        self._needles: dict[str, str] = {}  # spelling -> what it is ("the password", ...)
        self._travelling: set[str] = set()
        self.visible: list[str] = []  # values a page may show, to be painted over in screenshots

    def add(self, value: str | Secret | None, what: str, shortest: int = 4, *, may_travel: bool = False) -> None:
        """Registers a secret; ones shorter than `shortest` are not (they would redact ordinary text)."""
        if isinstance(value, Secret):
            value = value.reveal()
        if not value or len(value) < shortest:
            return
        if may_travel:
            self._travelling.add(what)
            self.visible.append(value)
        spellings = {value, quote(value, safe=""), quote_plus(value)}
        spellings |= {spelling.lower() for spelling in spellings if "%" in spelling}
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 12 and digits == re.sub(r"[\s-]", "", value):  # a card number
            spellings |= {digits, " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))}
        for spelling in spellings:
            self._needles[spelling] = what

    def found_in(self, text: str) -> list[str]:
        """What secrets `text` holds (their names, never their values)."""
        lowered = text.lower()
        found = {what for needle, what in self._needles.items() if needle.lower() in lowered}
        return sorted(found - self._travelling)

    def __call__(self, text: str) -> str:
        if not text:
            return text
        for needle in sorted(self._needles, key=len, reverse=True):
            text = re.sub(re.escape(needle), MASK, text, flags=re.IGNORECASE)
        return text


@dataclass(frozen=True)
class Target:
    """The portal a run checks: the embedded mocks or a live one (see the root conftest's options)."""

    mode: str  # "mock" or "live"
    cabinet_url: str
    login: str
    password: Secret
    gateway_host: str | None = None  # host or host:port; None: not known, the host check warns
    amount: str = "1000"
    allow_payment: bool = False
    test_card: Secret | None = None
    payer_email: str = "payer@example.com"
    # Known only for the mocks: the merchant's secret (to verify the sign) and the order count.
    shared_secret: Secret | None = None
    count_orders: Callable[[], int] | None = None

    @property
    def live(self) -> bool:
        return self.mode == "live"


@dataclass
class CheckResult:
    id: str
    title: str
    page: str
    verdict: str
    expected: str
    actual: str
    test: str
    screenshot: str | None = None  # id of a screenshot in the same run


@dataclass
class Checks:
    """The checks of one test, in the order they were judged."""

    test: str
    redact: Redactor
    catalogue: dict = field(default_factory=dict)  # id -> Spec(title, page, expected)
    screenshots: bool = True
    results: list[CheckResult] = field(default_factory=list)
    shots: dict[str, dict] = field(default_factory=dict)  # id -> {"title", "jpeg" (base64)}
    owned: list[str] = field(default_factory=list)  # what this test must judge, reached or not
    stopped: str = ""  # why the walk stopped early, if it did
    page_title: str = ""
    _shot: str | None = None

    def owns(self, check_ids: list[str]) -> None:
        self.owned = list(check_ids)

    def finish(self) -> None:
        """Every owned check not judged fails as "not reached", with the reason the walk stopped."""
        self.not_reached(self.owned, self.stopped or "the test ended before it")

    def on_page(self, page, title: str) -> None:
        """The page the next checks are judged on; its screenshot (secret fields masked) goes with them."""
        self.page_title = title
        self._shot = None
        if not self.screenshots or page is None:
            return
        image = capture(page, self.redact.visible)
        if image is not None:
            shot_id = f"{_slug(self.test)}-{len(self.shots) + 1:02d}"
            self.shots[shot_id] = {"title": title, "jpeg": base64.b64encode(image).decode("ascii")}
            self._shot = shot_id

    def record(self, check_id: str, verdict: str, actual: str, expected: str | None = None) -> str:
        if verdict not in VERDICTS:
            raise ValueError(verdict)
        spec = self.catalogue.get(check_id)
        result = CheckResult(
            id=check_id,
            title=spec.title if spec else check_id,
            page=(spec.page if spec else "") or self.page_title,
            verdict=verdict,
            expected=self.redact(expected if expected is not None else (spec.expected if spec else "")),
            actual=self.redact(actual),
            test=self.test,
            screenshot=self._shot,
        )
        self.results = [kept for kept in self.results if kept.id != check_id] + [result]
        return verdict

    def judge(self, check_id: str, ok: bool, actual: str, expected: str | None = None, *, otherwise=FAIL) -> bool:
        self.record(check_id, PASS if ok else otherwise, actual, expected)
        return ok

    def recorded(self, check_id: str) -> CheckResult | None:
        return next((result for result in self.results if result.id == check_id), None)

    def not_reached(self, check_ids, why: str) -> None:
        """Checks this test owns but could not judge: they fail, saying where the walk stopped."""
        self._shot = None
        for check_id in check_ids:
            if self.recorded(check_id) is None:
                self.record(check_id, FAIL, f"not reached: {why}")

    def failures(self) -> list[CheckResult]:
        return [result for result in self.results if result.verdict == FAIL]

    def summary_of_failures(self) -> str:
        lines = [f"{len(self.failures())} conformance check(s) failed:"]
        for result in self.failures():
            lines.append(f"  FAIL {result.id}: expected {result.expected}; actual {result.actual}")
        return "\n".join(lines)


def capture(page, texts: list[str]) -> bytes | None:
    """A JPEG of the viewport with the secret fields (as steps.capture), the «Логин» field and
    whatever shows one of `texts` (the subscriber's login) painted over; None if the page is gone."""
    import re as regex

    from playwright.sync_api import Error as PlaywrightError

    from .steps import MASK_COLOR, SENSITIVE_FIELDS

    masks = [page.locator(SENSITIVE_FIELDS), page.get_by_label(regex.compile(r"^\s*Логин\s*\*?\s*$"))]
    masks += [page.get_by_text(text) for text in texts]
    try:
        return page.screenshot(
            type="jpeg",
            quality=70,
            mask=masks,
            mask_color=MASK_COLOR,
            animations="disabled",
            caret="hide",
            timeout=5000,
        )
    except PlaywrightError:
        return None


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text.split("::")[-1]).strip("-")[:60] or "check"


# The run's report --------------------------------------------------------------------------


class ConformanceReport:
    """A pytest plugin: gathers the checks (from xdist workers too), writes and prints the report."""

    def __init__(self, config, html_path: Path, meta: dict):
        self.config = config
        self.html_path = Path(html_path)
        self.json_path = self.html_path.with_suffix(".json")
        self.shots_dir = self.html_path.with_name(self.html_path.stem + "-shots")
        self.meta = meta
        self.results: list[dict] = []
        self.shots: dict[str, dict] = {}
        self.started = time.time()

    def add(self, checks: Checks) -> None:
        self.results += [asdict(result) for result in checks.results]
        self.shots.update(checks.shots)

    @property
    def failed(self) -> bool:
        return any(result["verdict"] == FAIL for result in self.results)

    # xdist: a worker hands its checks to the controller when it finishes.
    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node, error):
        output = getattr(node, "workeroutput", {}).get("conformance")
        if output:
            received = json.loads(output)
            self.results += received["results"]
            self.shots.update(received["shots"])

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session, exitstatus):
        workeroutput = getattr(self.config, "workeroutput", None)
        if workeroutput is not None:  # an xdist worker: the controller writes the report
            workeroutput["conformance"] = json.dumps({"results": self.results, "shots": self.shots})
            return
        if not self.results:
            return
        self.write()
        if self.failed and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter):
        if getattr(self.config, "workeroutput", None) is not None or not self.results:
            return
        terminalreporter.write_sep("=", "conformance to the documented instruction")
        terminalreporter.write_line(markdown_summary(self.ordered()))
        terminalreporter.write_line(f"\nReport: {self.html_path} and {self.json_path}")

    # Writing ---------------------------------------------------------------------------------

    def ordered(self) -> list[dict]:
        order = self.meta.get("order", [])
        rank = {check_id: number for number, check_id in enumerate(order)}
        return sorted(self.results, key=lambda result: (rank.get(result["id"], len(rank)), result["id"]))

    def write(self) -> None:
        self.html_path.parent.mkdir(parents=True, exist_ok=True)
        results = self.ordered()
        used = {result["screenshot"] for result in results if result["screenshot"] in self.shots}
        if self.shots_dir.exists():
            shutil.rmtree(self.shots_dir)
        if used:
            self.shots_dir.mkdir(parents=True)
        for shot_id in used:
            (self.shots_dir / f"{shot_id}.jpg").write_bytes(base64.b64decode(self.shots[shot_id]["jpeg"]))
        counts = {verdict: sum(result["verdict"] == verdict for result in results) for verdict in VERDICTS}
        document = {
            "target": {key: value for key, value in self.meta.items() if key != "order"},
            "finished": time.strftime("%Y-%m-%d %H:%M:%S %z"),
            "seconds": round(time.time() - self.started, 1),
            "summary": counts,
            "passed": counts[FAIL] == 0,
            "checks": [
                {
                    **{key: value for key, value in result.items() if key != "screenshot"},
                    "screenshot": (
                        f"{self.shots_dir.name}/{result['screenshot']}.jpg" if result["screenshot"] in used else None
                    ),
                }
                for result in results
            ],
        }
        self.json_path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
        self.html_path.write_text(render_html(document, results, self.shots), encoding="utf-8")


def markdown_summary(results: list[dict]) -> str:
    counts = {verdict: sum(result["verdict"] == verdict for result in results) for verdict in VERDICTS}
    lines = [
        f"**{len(results)} checks: {counts[PASS]} PASS, {counts[WARN]} WARN, {counts[FAIL]} FAIL**",
        "",
        "| verdict | check | expected | actual |",
        "| --- | --- | --- | --- |",
    ]
    for result in results:
        lines.append(
            f"| {result['verdict']} | {_cell(result['id'])} | {_cell(result['expected'], 70)} "
            f"| {_cell(result['actual'], 90)} |"
        )
    return "\n".join(lines)


def _cell(text: str, limit: int = 0) -> str:
    text = " ".join(str(text).split()).replace("|", "\\|")
    return text if not limit or len(text) <= limit else text[: limit - 1] + "…"


_COLOURS = {PASS: "#1e7b34", WARN: "#9a6700", FAIL: "#b3261e"}


def render_html(document: dict, results: list[dict], shots: dict[str, dict]) -> str:
    def esc(value) -> str:
        return html.escape(str(value))

    target = document["target"]
    counts = document["summary"]
    rows = []
    for number, result in enumerate(results, 1):
        shot = result["screenshot"]
        link = f'<a href="#{esc(shot)}">{esc(shots[shot]["title"])}</a>' if shot in shots else "—"
        colour = _COLOURS[result["verdict"]]
        rows.append(
            f'<tr class="{result["verdict"].lower()}"><td>{number}</td>'
            f'<td><b style="color:{colour}">{result["verdict"]}</b></td>'
            f"<td><code>{esc(result['id'])}</code><br><small>{esc(result['title'])}</small></td>"
            f"<td>{esc(result['page'])}</td><td>{esc(result['expected'])}</td><td>{esc(result['actual'])}</td>"
            f"<td>{link}</td></tr>"
        )
    used = [shot for shot in dict.fromkeys(result["screenshot"] for result in results) if shot in shots]
    gallery = "".join(
        f'<figure id="{esc(shot)}"><figcaption>{esc(shots[shot]["title"])} <small>({esc(shot)})</small>'
        f'</figcaption><img alt="{esc(shots[shot]["title"])}" src="data:image/jpeg;base64,{shots[shot]["jpeg"]}">'
        f"</figure>"
        for shot in used
    )
    facts = "".join(f"<li><b>{esc(key)}</b>: {esc(value)}</li>" for key, value in target.items())
    verdict = "conforms" if document["passed"] else "does NOT conform"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Conformance report</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1d2127; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #d0d5dd; padding: .35em .5em; vertical-align: top; text-align: left; }}
th {{ background: #f2f4f7; position: sticky; top: 0; }}
tr.fail td {{ background: #fdeceb; }} tr.warn td {{ background: #fff7e6; }}
figure {{ margin: 1.5em 0; }} figure img {{ max-width: 960px; border: 1px solid #ccc; }}
code {{ font-size: 12px; }}
</style></head><body>
<h1>Conformance to the documented card-payment instruction</h1>
<p>The portal <b>{verdict}</b>: {counts[PASS]} PASS, {counts[WARN]} WARN, {counts[FAIL]} FAIL
(finished {esc(document["finished"])}, {document["seconds"]} s).</p>
<ul>{facts}</ul>
<table><thead><tr><th>#</th><th>verdict</th><th>check</th><th>page</th><th>expected</th><th>actual</th>
<th>screenshot</th></tr></thead><tbody>
{"".join(rows)}
</tbody></table>
<h2>Screenshots</h2>
<p>Password and card fields are painted over in every picture.</p>
{gallery}
</body></html>
"""
