"""Step 3: the cabinet, judged: the menu on the right, the account in «Общие», the session cookie."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import Page

from ..contract import Cabinet
from .locate import LOAD_MS, box, container_of, control, is_loopback, items_of, shows, table_value
from .traffic import TOKEN_NAME
from .verdicts import FAIL, PASS, WARN
from .walk import Walk, in_cabinet


def check(walk: Walk, page: Page, context) -> None:
    checks = walk.checks
    walk.settle(shows(in_cabinet(page), LOAD_MS))
    checks.on_page(page, Cabinet.GENERAL)
    check_items(walk, page, "cabinet.menu", Cabinet.MENU, ("cabinet.menu.order", "cabinet.menu.extras"))
    menu = container_of(page, Cabinet.MENU)
    menu_box = box(menu) if menu is not None else box(control(page, Cabinet.PAYMENTS))
    width = (page.viewport_size or {}).get("width") or page.evaluate("() => window.innerWidth")
    if menu_box is None:
        checks.record("cabinet.menu.right", FAIL, "no menu found")
    else:
        centre = menu_box["x"] + menu_box["width"] / 2
        checks.judge(
            "cabinet.menu.right",
            centre > width / 2,
            f"the menu spans x={menu_box['x']:.0f}…{menu_box['x'] + menu_box['width']:.0f} of {width} px",
        )
    account = table_value(page, Cabinet.ACCOUNT)
    if account and re.search(r"\d", account):
        walk.account = account
        checks.record("cabinet.account", PASS, f"«{Cabinet.ACCOUNT}»: {account}")
    else:
        checks.record("cabinet.account", FAIL, f"«{Cabinet.ACCOUNT}»: {account!r}")
    check_cookies(walk, context)


def check_items(walk: Walk, page: Page, prefix: str, names: tuple[str, ...], order_and_extras: tuple[str, str]):
    """Each of `names` present and held with the others (a menu, the tabs), their order, and no extras."""
    order_id, extras_id = order_and_extras
    present = {name: walk.sees(control(page, name)) for name in names}
    holder = container_of(page, names)
    for name in names:
        if not present[name]:
            walk.checks.record(f"{prefix}[{name}]", FAIL, "missing")
        elif holder is not None and not control(holder, name).count():
            walk.checks.record(f"{prefix}[{name}]", FAIL, "present, but not with the others")
        else:
            walk.checks.record(f"{prefix}[{name}]", PASS, "present")
    if holder is None:
        walk.checks.record(order_id, FAIL, "the items are not grouped in one list, menu or navigation")
        walk.checks.record(extras_id, WARN, "could not tell: no list, menu or navigation holds the items")
        return
    seen = items_of(holder)
    known = [name for name in seen if name in names]
    expected_order = [name for name in names if name in known]
    walk.checks.judge(order_id, known == expected_order, " → ".join(seen))
    extra = [name for name in seen if name not in names]
    walk.checks.judge(
        extras_id,
        not extra,
        "also: " + ", ".join(f"«{name}»" for name in extra) if extra else "none",
    )


def check_cookies(walk: Walk, context) -> None:
    """The flags of the session cookie as the cabinet sent them (Set-Cookie), else as the browser
    keeps them (which reports a cookie sent without SameSite as Lax)."""
    checks = walk.checks
    cookies = [cookie for cookie in context.cookies([walk.target.cabinet_url]) if not TOKEN_NAME.search(cookie["name"])]
    if not cookies:
        for check_id in ("cabinet.cookie.httponly", "cabinet.cookie.samesite", "cabinet.cookie.secure"):
            checks.record(check_id, FAIL, "no session cookie (is the session carried in the address?)")
        return
    sent = walk.traffic.set_cookies

    def flags(cookie) -> tuple[bool, str, bool]:
        attributes = sent.get(cookie["name"])
        if attributes is None:
            return cookie["httpOnly"], cookie.get("sameSite") or "", cookie["secure"]
        same_site = next((a.split("=", 1)[1].strip() for a in attributes if a.startswith("samesite=")), "")
        return "httponly" in attributes, same_site.capitalize(), "secure" in attributes

    def listed(describe) -> str:
        return ", ".join(f"{cookie['name']}: {describe(*flags(cookie))}" for cookie in cookies)

    checks.judge(
        "cabinet.cookie.httponly",
        all(flags(cookie)[0] for cookie in cookies),
        listed(lambda http_only, *_: "HttpOnly" if http_only else "NOT HttpOnly (scripts can read it)"),
    )
    checks.judge(
        "cabinet.cookie.samesite",
        all(flags(cookie)[1] in ("Lax", "Strict") for cookie in cookies),
        listed(lambda _, same_site, __: f"SameSite={same_site}" if same_site else "no SameSite attribute"),
    )
    address = urlsplit(walk.target.cabinet_url)
    if address.scheme == "https":
        checks.judge(
            "cabinet.cookie.secure",
            all(flags(cookie)[2] for cookie in cookies),
            listed(lambda *values: "Secure" if values[2] else "NOT Secure"),
        )
    elif is_loopback(address.hostname):
        checks.record("cabinet.cookie.secure", PASS, "plain HTTP on this machine only: Secure cannot apply")
    else:
        checks.record("cabinet.cookie.secure", FAIL, "the cabinet is plain HTTP: the cookie travels unencrypted")
