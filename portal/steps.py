"""Named steps: every user action runs inside one, with a plain sentence and a screenshot.

    with steps("Абонент вводит сумму 1000"):             # the page of `steps.page`, or page=…
        payments.enter_amount("1000")

Each step's sentence, verdict, duration and screenshot go into the pytest-html report. Fields
holding secrets (passwords, card numbers, CVV) are always masked in the screenshot, whatever the
step says (portal.masking).
"""

import base64
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from playwright.sync_api import Page

from .masking import masked_screenshot_or_none


@dataclass
class StepRecord:
    number: int
    sentence: str
    passed: bool = True
    seconds: float = 0.0
    screenshot: bytes | None = None  # JPEG
    error: str = ""


@dataclass
class Steps:
    page: Page | None = None
    screenshots: bool = True
    records: list[StepRecord] = field(default_factory=list)

    @contextmanager
    def __call__(self, sentence: str, page: Page | None = None):
        record = StepRecord(number=len(self.records) + 1, sentence=sentence)
        self.records.append(record)
        started = time.perf_counter()
        try:
            yield record
        except BaseException as problem:
            record.passed = False
            record.error = f"{type(problem).__name__}: {str(problem).splitlines()[0] if str(problem) else ''}"
            raise
        finally:
            record.seconds = time.perf_counter() - started
            target = page or self.page
            if self.screenshots and target is not None:
                record.screenshot = masked_screenshot_or_none(target)

    @property
    def failed(self) -> bool:
        return any(not record.passed for record in self.records)


def as_html(records: list[StepRecord]) -> str:
    """The steps as an HTML block for the report: sentence, verdict, time, screenshot inline."""
    rows = []
    for record in records:
        verdict = "✔" if record.passed else "✘"
        colour = "#1e7b34" if record.passed else "#b3261e"
        image = ""
        if record.screenshot:
            encoded = base64.b64encode(record.screenshot).decode("ascii")
            image = (
                f'<div><img alt="step {record.number}" style="max-width:720px;border:1px solid #ccc;margin:.3em 0" '
                f'src="data:image/jpeg;base64,{encoded}"></div>'
            )
        error = f'<div style="color:#b3261e">{_escape(record.error)}</div>' if record.error else ""
        rows.append(
            f'<li style="margin:.4em 0"><span style="color:{colour};font-weight:bold">{verdict}</span> '
            f"<b>{record.number}.</b> {_escape(record.sentence)} "
            f'<span style="color:#777">({record.seconds:.2f} s)</span>{error}{image}</li>'
        )
    return '<ol style="list-style:none;padding-left:0">' + "".join(rows) + "</ol>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
