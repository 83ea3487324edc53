"""Step 2: the login page, judged; logging in with the target's credentials."""

from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from ..colours import background_colour, is_light_green
from ..contract import Cabinet, Login
from .locate import LOAD_MS, SHORT_MS, box, is_loopback, labelled, origin, presence, shows
from .verdicts import FAIL, PASS
from .walk import Walk, WalkStopped, in_cabinet


def open_page(walk: Walk, page: Page) -> None:
    """The cabinet's address; a page that cannot be opened fails `login.address` and stops the walk."""
    try:
        page.goto(walk.target.cabinet_url, timeout=LOAD_MS)
    except PlaywrightError as problem:
        reason = str(problem).splitlines()[0]
        walk.checks.record("login.address", FAIL, f"{walk.target.cabinet_url} could not be opened: {reason}")
        raise WalkStopped(f"the cabinet could not be opened: {reason}") from None
    walk.settle(shows(labelled(page, Login.PASSWORD), LOAD_MS))


def check(walk: Walk, page: Page) -> None:
    checks = walk.checks
    checks.on_page(page, "Вход в личный кабинет")
    address = urlsplit(page.url)
    if address.scheme == "https":
        checks.record("login.address", PASS, f"{origin(page.url)}: HTTPS, the certificate accepted")
    elif is_loopback(address.hostname):
        checks.record("login.address", PASS, f"{origin(page.url)}: plain HTTP on this machine only")
    else:
        checks.record("login.address", FAIL, f"{origin(page.url)}: plain HTTP, the password travels unencrypted")
    colour = background_colour(page)
    checks.judge("login.light-green", is_light_green(colour), f"background {colour}")
    login_field = labelled(page, Login.LOGIN)
    field_box = box(login_field) if walk.sees(login_field) else None
    headings = [
        found
        for heading in page.get_by_role("heading", name=Login.HEADING, exact=True).all()
        if (found := heading.bounding_box())
    ]
    left = [found for found in headings if field_box and found["x"] + found["width"] <= field_box["x"]]
    over_form = [found for found in headings if found not in left]
    checks.judge(
        f"login.sidebar.heading[{Login.HEADING}]",
        bool(left),
        f"{len(headings)} heading(s) «{Login.HEADING}», {len(left)} left of the form",
    )
    for name in Login.SIDEBAR_LINKS:
        link = page.get_by_role("link", name=name, exact=True)
        found = box(link) if walk.sees(link) else None
        if found is None:
            checks.record(f"login.sidebar.link[{name}]", FAIL, "no such link")
        elif field_box and found["x"] + found["width"] > field_box["x"]:
            checks.record(f"login.sidebar.link[{name}]", FAIL, "present, but not left of the form")
        else:
            checks.record(f"login.sidebar.link[{name}]", PASS, "present, left of the form")
    checks.judge(
        f"login.heading[{Login.HEADING}]",
        bool(over_form),
        "present over the form" if over_form else "no such heading over the form",
    )
    for name in Login.FIELDS:
        checks.judge(f"login.field[{name}]", walk.sees(labelled(page, name)), presence(labelled(page, name)))
    button = page.get_by_role("button", name=Login.BUTTON, exact=True)
    checks.judge(f"login.button[{Login.BUTTON}]", walk.sees(button), presence(button))
    password = labelled(page, Login.PASSWORD)
    kind = password.first.get_attribute("type", timeout=SHORT_MS) if password.count() else None
    checks.judge(
        "login.password-masked", kind == "password", f"type={kind}" if kind else f"no «{Login.PASSWORD}» field"
    )


def log_in(walk: Walk, page: Page) -> None:
    """Fills the login form with the target's credentials and submits it; WalkStopped if refused."""
    login_field, password_field = labelled(page, Login.LOGIN), labelled(page, Login.PASSWORD)
    if not (shows(login_field, LOAD_MS) and shows(password_field)):
        raise WalkStopped(f"the login page has no «{Login.LOGIN}» and «{Login.PASSWORD}» fields")
    login_field.first.fill(walk.target.login)
    type_secret(password_field.first, walk.target.password, Login.PASSWORD)
    button = page.get_by_role("button", name=Login.BUTTON, exact=True)
    if button.count():
        button.first.click()
    else:
        password_field.first.press("Enter")
    if shows(in_cabinet(page), LOAD_MS):
        walk.checks.on_page(page, Cabinet.GENERAL)
        walk.checks.record("cabinet.login", PASS, f"logged in as {walk.target.login}: {page.url}")
        return
    walk.checks.on_page(page, "Вход: отказ")
    alert = page.get_by_role("alert")
    said = " ".join(alert.first.inner_text().split()) if alert.count() else ""
    if Login.WRONG_CREDENTIALS in said:
        said = f"«{said}» (check E2E_LOGIN and E2E_PASSWORD)"
    walk.checks.record("cabinet.login", FAIL, said or f"no cabinet menu after logging in ({page.url})")
    raise WalkStopped("the login did not open the cabinet")


def type_secret(field: Locator, secret, label: str) -> None:
    """Types a credential into the field `label`; an error is re-raised without the frames that held its value."""
    try:
        field.fill(secret.reveal())
    except PlaywrightError as problem:
        reason = str(problem).splitlines()[0]
        raise WalkStopped(f"the «{label}» field could not be filled: {reason}") from None


def log_in_untraced(browser, context_args: dict, walk: Walk) -> tuple[dict, str]:
    """Logs in on a browser context of its own, made outside pytest-playwright, so never traced,
    filmed or photographed by it: neither the typed password nor the login POST's body can enter
    an artifact. Returns the session (storage state) and the cabinet's address it landed on."""
    context = browser.new_context(**context_args)
    try:
        walk.traffic.watch(context)
        page = context.new_page()
        open_page(walk, page)
        log_in(walk, page)
        return context.storage_state(), page.url
    finally:
        context.close()
