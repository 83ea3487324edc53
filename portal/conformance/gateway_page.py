"""Step 7, judged: the ChronoPay page, its texts, the amount, the fields and their red asterisks."""

import re

from playwright.sync_api import Page

from chronopay_protocol import money

from ..colours import asterisk_colour, is_red
from ..contract import Gateway
from ..reading import kopecks_in
from .locate import labelled, presence, words
from .verdicts import FAIL, PASS, WARN
from .walk import Walk


def check(walk: Walk, page: Page) -> None:
    """Every text, section, field and mark of PROTOCOL.md step 7, judged without filling anything in."""
    checks = walk.checks
    for text in Gateway.TEXTS:
        checks.judge(f"gateway.text[{text}]", walk.sees(words(page, text)), presence(words(page, text)))
    _check_purpose(walk, page)
    _check_amount(walk, page)
    for text in Gateway.HEADINGS:
        checks.judge(f"gateway.heading[{text}]", walk.sees(words(page, text)), presence(words(page, text)))
    marks = []
    for label in Gateway.FIELDS:
        field = labelled(page, label)
        present = walk.sees(field)
        checks.judge(f"gateway.field[{label}]", present, presence(field))
        colour = asterisk_colour(field) if present else None
        marks.append((label, colour))
    for text in Gateway.CARD_TEXTS:
        checks.judge(f"gateway.text[{text}]", walk.sees(words(page, text)), presence(words(page, text)))
    for brand in Gateway.BRANDS:
        mark = page.get_by_role("img", name=brand, exact=True).or_(page.get_by_text(brand, exact=True))
        checks.judge(f"gateway.brand[{brand}]", walk.sees(mark), presence(mark))
    not_red = [
        f"«{label}»: {'no field' if colour is None else ('no *' if colour == '' else colour)}"
        for label, colour in marks
        if not (colour and is_red(colour))
    ]
    checks.judge(
        "gateway.required-marks",
        not not_red,
        "; ".join(not_red) if not_red else f"a red * on all {len(marks)} fields",
    )
    warning = page.get_by_text(Gateway.WARNING)
    checks.judge("gateway.warning", walk.sees(warning), presence(warning))
    button = page.get_by_role("button", name=Gateway.PAY, exact=True)
    checks.judge(f"gateway.button[{Gateway.PAY}]", walk.sees(button), presence(button))


def _purpose_named(page: Page) -> str:
    """What «Назначение платежа» names: the rest of its line, or the element right after it."""
    label = page.get_by_text(Gateway.PURPOSE).first
    line = " ".join(label.locator("xpath=..").inner_text().split())
    named = line.replace(Gateway.PURPOSE, "", 1).strip(" :")
    if not named:
        following = label.locator("xpath=following-sibling::*[1] | ../following-sibling::*[1]")
        named = " ".join(following.first.inner_text().split()) if following.count() else ""
    return named


def _check_purpose(walk: Walk, page: Page) -> None:
    """The gateway names the product it registered (PROTOCOL.md 3a): the product_name sent, when the
    portal sends one that matches; a name of its own (an unsigned product_name is not the purpose)."""
    sent = " ".join(walk.request_fields.get("product_name", "").split())
    if not walk.sees(page.get_by_text(Gateway.PURPOSE)):
        walk.checks.record("gateway.purpose", FAIL, f"no «{Gateway.PURPOSE}» on the page")
        return
    named = _purpose_named(page)
    if not named:
        walk.checks.record("gateway.purpose", FAIL, f"«{Gateway.PURPOSE}» names nothing")
    elif not sent:
        walk.checks.record("gateway.purpose", PASS, f"«{named}»: the product's registered name (no product_name sent)")
    elif named == sent:
        walk.checks.record("gateway.purpose", PASS, f"«{named}», the product_name sent")
    else:
        walk.checks.record(
            "gateway.purpose", WARN, f"«{named}»: the registered product, not the product_name sent («{sent}»)"
        )


def _check_amount(walk: Walk, page: Page) -> None:
    line = page.get_by_text(re.compile(rf"^\s*{Gateway.AMOUNT_PREFIX}"))
    if not walk.sees(line):
        walk.checks.record("gateway.amount", FAIL, f"no «{Gateway.AMOUNT_PREFIX} …» on the page")
        return
    text = " ".join(line.first.inner_text().split())
    try:
        asked = kopecks_in(text)
    except ValueError:
        walk.checks.record("gateway.amount", FAIL, f"«{text}»: no amount")
        return
    if walk.confirmed is None:
        walk.checks.record("gateway.amount", FAIL, f"«{text}», but no confirmed amount to compare")
    elif asked != walk.confirmed:
        walk.checks.record("gateway.amount", FAIL, f"«{text}» for a confirmed {money.to_protocol(walk.confirmed)}")
    elif not re.fullmatch(rf"{Gateway.AMOUNT_PREFIX} [\d\s]+\.\d{{2}} {Gateway.CURRENCY}", text):
        walk.checks.record("gateway.amount", WARN, f"«{text}»: the amount is right, the wording is not")
    else:
        walk.checks.record("gateway.amount", PASS, f"«{text}»")
