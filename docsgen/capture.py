"""Walking the documented flow in Chromium for one edition, with a full-page picture per step.

The walk is the regression suite's own (portal.flow): every step is verified as the tests
verify it, and a step whose element is missing fails the build. Secrets are painted over by
Playwright at capture time, whatever the template says.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Browser

from portal.flow import DocumentedPayment, Payer, Urls
from portal.masking import masked_screenshot

from .annotate import Box


class CaptureError(Exception):
    """A step of the flow did not do what the instruction says; the message names the step."""


@dataclass(frozen=True)
class Edition:
    name: str
    width: int
    height: int
    mobile: bool = False


EDITIONS = (Edition("desktop", 1280, 800), Edition("mobile", 390, 844, mobile=True))


@dataclass(frozen=True)
class Shot:
    step_id: str
    number: int
    title: str
    png: bytes  # the whole page, secrets masked, no annotation yet
    target: Box  # the element to use, in the picture's pixels
    page_text: str  # what the page says, to check the template's «quotes» against


def step_ids() -> list[str]:
    return [step.id for step in DocumentedPayment(None, None, None).steps()]


def capture(
    browser: Browser,
    edition: Edition,
    urls: Urls,
    payer: Payer,
    context_args: dict,
    progress: Callable[[str], None] = print,
) -> list[Shot]:
    context = browser.new_context(
        **context_args,
        viewport={"width": edition.width, "height": edition.height},
        device_scale_factor=1,
        is_mobile=edition.mobile,
        has_touch=edition.mobile,
        locale="ru-RU",
        timezone_id="Europe/Moscow",
        reduced_motion="reduce",
        color_scheme="light",
    )
    try:
        page = context.new_page()
        flow = DocumentedPayment(page, urls, payer)
        shots = []
        for number, step in enumerate(flow.steps(), start=1):
            started = time.perf_counter()
            try:
                target = step.run()
            except Exception as problem:
                first_line = (str(problem).strip().splitlines() or [type(problem).__name__])[0]
                raise CaptureError(
                    f"step {step.id} ({step.title}) failed in the {edition.name} edition at {page.url}: {first_line}"
                ) from problem
            target.scroll_into_view_if_needed()
            box = target.bounding_box()
            scroll_x, scroll_y = page.evaluate("[window.scrollX, window.scrollY]")
            png = masked_screenshot(page, extra=step.sensitive(), full_page=True, image_type="png")
            shots.append(
                Shot(
                    step_id=step.id,
                    number=number,
                    title=step.title,
                    png=png,
                    target=Box(box["x"] + scroll_x, box["y"] + scroll_y, box["width"], box["height"]),
                    page_text=page.locator("body").inner_text(),
                )
            )
            progress(
                f"  [{edition.name}] {number:2d}. {step.id:<11} ✓ {time.perf_counter() - started:.2f} s  {step.title}"
            )
        return shots
    finally:
        context.close()
