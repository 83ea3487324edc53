"""Screenshots in which no secret is legible: the one way every picture of this project is taken.

The docs' pictures, the QA report's step pictures and the conformance report's pictures all come
from `masked_screenshot`. Secret fields are found by their type and autocomplete attributes,
which also holds for a real portal's pages; a caller adds what else its pictures must not show
(the subscriber's login in a live run, a value shown once).
"""

import re
from collections.abc import Sequence

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from .contract import Login

# Inputs whose content must never be legible in any image, and the paint that covers them;
# [data-sensitive] marks a secret a page shows as text (a password shown once).
MASK_COLOR = "#5b6675"
SENSITIVE_FIELDS = (
    "input[type=password], input[autocomplete=cc-number], input[autocomplete=cc-csc], "
    "input[autocomplete=current-password], input[autocomplete=new-password], [data-sensitive]"
)
# How long a screenshot may take before the page is taken for gone.
SCREENSHOT_MS = 5_000


def login_field(page: Page) -> Locator:
    """The «Логин» field, with or without a required-field asterisk."""
    return page.get_by_label(re.compile(rf"^\s*{Login.LOGIN}\s*\*?\s*$"))


def masks(page: Page, *, texts: Sequence[str] = (), extra: Sequence[Locator] = ()) -> list[Locator]:
    """What to paint over: the secret fields, whatever shows one of `texts`, and `extra`."""
    return [page.locator(SENSITIVE_FIELDS), *(page.get_by_text(text) for text in texts), *extra]


def masked_screenshot(
    page: Page,
    *,
    texts: Sequence[str] = (),
    extra: Sequence[Locator] = (),
    full_page: bool = False,
    image_type: str = "jpeg",
    quality: int = 70,
) -> bytes:
    """The page as a picture with every secret painted over (see `masks`)."""
    options = {"quality": quality} if image_type == "jpeg" else {}
    return page.screenshot(
        type=image_type,
        full_page=full_page,
        mask=masks(page, texts=texts, extra=extra),
        mask_color=MASK_COLOR,
        animations="disabled",
        caret="hide",
        scale="css",
        timeout=SCREENSHOT_MS,
        **options,
    )


def masked_screenshot_or_none(page: Page, **options) -> bytes | None:
    """As `masked_screenshot`, but None when the page is gone (a report goes on without its picture)."""
    try:
        return masked_screenshot(page, **options)
    except PlaywrightError:
        return None
