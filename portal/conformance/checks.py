"""Recording the checks of one part of a run, each with its verdict and the picture it was judged on.

    checks = Checks(test="tests/e2e/test_conformance.py::test_x", redact=redactor)
    checks.on_page(page, "Вход")                       # the screenshot the next checks refer to
    checks.record("login.button[Войти в личный кабинет]", PASS, actual="present")

Every check ends as PASS, WARN or FAIL with the expected and the actual value and the screenshot
of the page it was judged on. Text is redacted before it is kept: the password, the card numbers
and the merchant's secret never reach a report, whatever a check saw.
"""

import base64
import re
from dataclasses import dataclass, field

from ..credentials import Redactor
from ..masking import login_field, masked_screenshot_or_none
from .catalogue import CATALOGUE
from .verdicts import FAIL, PASS, VERDICTS


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
        """The page the next checks are judged on; its screenshot goes with them, with the secret
        fields, the «Логин» field and whatever shows the subscriber's login painted over."""
        self.page_title = title
        self._shot = None
        if not self.screenshots or page is None:
            return
        image = masked_screenshot_or_none(page, texts=self.redact.visible, extra=[login_field(page)])
        if image is not None:
            shot_id = f"{_slug(self.test)}-{len(self.shots) + 1:02d}"
            self.shots[shot_id] = {"title": title, "jpeg": base64.b64encode(image).decode("ascii")}
            self._shot = shot_id

    def record(self, check_id: str, verdict: str, actual: str, expected: str | None = None) -> str:
        if verdict not in VERDICTS:
            raise ValueError(verdict)
        spec = CATALOGUE.get(check_id)
        if spec is None:
            raise KeyError(f"{check_id}: not in the catalogue (portal/conformance/catalogue.py): declare it there")
        result = CheckResult(
            id=check_id,
            title=spec.title,
            page=spec.page or self.page_title,
            verdict=verdict,
            expected=self.redact(expected if expected is not None else spec.expected),
            actual=self.redact(actual),
            test=self.test,
            screenshot=self._shot,
        )
        self.results = [kept for kept in self.results if kept.id != check_id] + [result]
        return verdict

    def judge(self, check_id: str, ok: bool, actual: str, expected: str | None = None, *, otherwise=None) -> bool:
        """PASS if `ok`, else `otherwise`: by default the worst verdict the catalogue allows the check."""
        worst = CATALOGUE[check_id].worst if check_id in CATALOGUE else FAIL  # an unknown id: record says so
        self.record(check_id, PASS if ok else (otherwise or worst), actual, expected)
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


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text.split("::")[-1]).strip("-")[:60] or "check"
