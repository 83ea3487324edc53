"""Finding things on any portal's pages the way a person does: by roles, labels and exact texts.

Nothing here knows the mocks' markup, so the same finders judge a live portal. Each waits at most
the time it is given: a finder that does not see something says so, it never raises.
"""

import ipaddress
import re
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

# How long an element that belongs on a loaded page may take to show, and how long a page may take.
SHORT_MS = 2_000
GIVE_UP_MS = 100
LOAD_MS = 15_000
PAYMENT_MS = 60_000


def shows(locator: Locator, timeout: int = SHORT_MS) -> bool:
    try:
        expect(locator.first).to_be_visible(timeout=timeout)
    except AssertionError:
        return False
    return True


def control(scope, name: str) -> Locator:
    """What a person clicks, by its exact visible name: a link, a button, a tab or a menu item."""
    found = scope.get_by_role("link", name=name, exact=True)
    for role in ("button", "tab", "menuitem"):
        found = found.or_(scope.get_by_role(role, name=name, exact=True))
    return found


def labelled(page: Page, label: str) -> Locator:
    """A form field by its label, with or without the required-field asterisk."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def words(page: Page, text: str) -> Locator:
    """A heading or any element whose whole text is `text`."""
    return page.get_by_role("heading", name=text, exact=True).or_(page.get_by_text(text, exact=True))


def box(locator: Locator) -> dict | None:
    try:
        return locator.first.bounding_box(timeout=SHORT_MS)
    except PlaywrightError:
        return None


def container_of(page: Page, names: tuple[str, ...]) -> Locator | None:
    """The list, menu, tab list or navigation that holds the most of `names` (at least two)."""
    present = [name for name in names if control(page, name).count()]
    best, best_role, most = None, None, 1
    for role in ("tablist", "menu", "menubar", "list", "navigation"):  # the more specific role first
        for candidate in page.get_by_role(role).all():
            held = sum(1 for name in present if control(candidate, name).count())
            nested = held == most and role == best_role  # as many, same role, later: a list inside the list
            if held > most or nested:
                best, best_role, most = candidate, role, held
    return best


def items_of(container: Locator) -> list[str]:
    """The visible names of what can be clicked in `container`, in the page's order."""
    clickable = container.get_by_role("link").or_(container.get_by_role("button"))
    clickable = clickable.or_(container.get_by_role("tab")).or_(container.get_by_role("menuitem"))
    return [" ".join(item.inner_text().split()) for item in clickable.all() if item.is_visible()]


def table_value(scope, label: str) -> str | None:
    """The value beside `label` in a two-column table (label as a row header or as a cell)."""
    header = scope.get_by_role("rowheader", name=label, exact=True).or_(
        scope.get_by_role("cell", name=label, exact=True)
    )
    row = scope.get_by_role("row").filter(has=header)
    if not row.count():
        return None
    whole = " ".join(row.first.inner_text().split())
    return whole.replace(label, "", 1).strip()


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def is_loopback(host: str | None) -> bool:
    if host in ("localhost", None):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def presence(locator: Locator) -> str:
    return "present" if locator.count() else "missing"


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)
