"""Colours the instruction names: the light-green login page and the red asterisk of a required field.

One definition of each, for the page objects, the documented flow and the conformance checks.
"""

import re

from playwright.sync_api import Locator

# The colour of the asterisk in a field's label (a text "*" or a ::after content), "" if none.
_ASTERISK_COLOUR = """field => {
    const labels = [...(field.labels || [])];
    for (const id of (field.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean)) {
        const element = document.getElementById(id);
        if (element) labels.push(element);
    }
    for (const label of labels) {
        const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.textContent.includes("*")) return getComputedStyle(node.parentElement).color;
        }
        for (const pseudo of ["::after", "::before"]) {
            const style = getComputedStyle(label, pseudo);
            if ((style.content || "").includes("*")) return style.color;
        }
    }
    return "";
}"""

# The page's background: the body's, or the document's where the body is transparent.
_BACKGROUND = (
    "() => { const b = getComputedStyle(document.body).backgroundColor;"
    " return b === 'rgba(0, 0, 0, 0)' ? getComputedStyle(document.documentElement).backgroundColor : b; }"
)


def rgb(css: str) -> tuple[int, int, int] | None:
    numbers = re.findall(r"[\d.]+", css or "")
    return tuple(int(float(n)) for n in numbers[:3]) if len(numbers) >= 3 else None


def is_red(css: str) -> bool:
    found = rgb(css)
    return bool(found) and found[0] >= 140 and found[0] - max(found[1], found[2]) >= 70


def is_light_green(css: str) -> bool:
    found = rgb(css)
    if not found:
        return False
    red, green, blue = found
    return green >= 200 and green > red + 8 and green > blue + 8


def asterisk_colour(field: Locator) -> str:
    """The CSS colour of the «*» in `field`'s label, "" if its label has none."""
    return field.first.evaluate(_ASTERISK_COLOUR)


def background_colour(page) -> str:
    return page.evaluate(_BACKGROUND)
