"""The named checks of a portal against the documented instruction (PROTOCOL.md sections 1 and 3).

The same walk judges the embedded mocks and a live portal: it finds everything by what a person
sees (roles, labels, texts), goes as far as the portal lets it, and records every check as PASS,
WARN or FAIL (conformance_report.Checks). What the instruction does not mention but the portal
adds (another menu item, another tab) is a WARN; what it names and the portal lacks, moves or
changes is a FAIL. A live walk stops on the gateway's page: it presses «Оплатить» only in the
payment walk, which runs live only with --allow-payment and a --test-card.

Where the walk cannot go on (no «Платежи», no «Заплатить», a certificate error) it raises
WalkStopped; the checks it did not reach then fail as "not reached", naming the reason.
"""

import ipaddress
import re
from contextlib import suppress
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

from chronopay_protocol import signing

from .conformance_report import FAIL, PASS, WARN, Checks, Target
from .pages.cabinet import CONFIRMATION_HEADING, MENU, TABS
from .pages.gateway import ABOUT_YOU, CARD_SECTION, PROVIDER_LINE, TITLE, WARNING
from .pages.login import HEADING as LOGIN_HEADING
from .pages.login import SIDEBAR_LINKS, WRONG_CREDENTIALS
from .pages.money import kopecks_in

# How long an element that belongs on a loaded page may take to show, and how long a page may take.
SHORT_MS = 2_000
GIVE_UP_MS = 100
LOAD_MS = 15_000
PAYMENT_MS = 60_000

LOGIN_FIELDS = ("Логин", "Пароль")
LOGIN_BUTTON = "Войти в личный кабинет"
AMOUNT_FIELD = "Сумма"
NEW_PAYMENT = "Новый платеж"
PAY_IN_CABINET = "Заплатить"
CONFIRM_COLUMNS = ("Параметр", "Значение")
CONFIRM_ROWS = ("Лицевой счет", "Сумма")
ACCOUNT_LABEL = "Основной лицевой счет"
BALANCE_LABEL = "Баланс"
GATEWAY_TEXTS = (TITLE, PROVIDER_LINE)
GATEWAY_HEADINGS = (ABOUT_YOU, CARD_SECTION)
GATEWAY_FIELDS = ("E-mail", "Страна", "Номер банковской карты", "Срок действия", "Имя", "CVV2/CVC2")
CARD_TEXTS = ("Ваша карта", "К оплате принимаются карты:")
BRANDS = ("VISA", "MasterCard")
PAY_ON_GATEWAY = "Оплатить"
# PROTOCOL.md section 3: what the merchant must send (cs1..cs3, email and country are optional).
REQUEST_FIELDS = (
    "product_id",
    "product_price",
    "product_price_currency",
    "product_name",
    "order_id",
    "cb_url",
    "cb_type",
    "success_url",
    "decline_url",
    "language",
)
# Hidden form fields that are (or carry) a CSRF token: left out of the forged POST.
TOKEN_NAME = re.compile(r"csrf|xsrf|token|nonce|authenticity|sesskey", re.IGNORECASE)


# The catalogue: every check, in the report's order ----------------------------------------------


@dataclass(frozen=True)
class Spec:
    id: str
    title: str
    page: str
    expected: str


# The page of the flow each group of checks is judged on.
PAGES = {
    "login": "Вход",
    "cabinet": "Общие",
    "payments": "Платежи",
    "chronopay": "Вкладка ChronoPay",
    "confirm": "Подтверждение",
    "redirect": "Переход на ChronoPay",
    "gateway": "Страница ChronoPay",
    "logout": "Выход",
    "payment": "Оплата",
}


def _spec(check_id: str, title: str, expected: str) -> Spec:
    return Spec(check_id, title, PAGES[check_id.split(".")[0]], expected)


def _specs() -> list[Spec]:
    s = _spec
    return [
        # Step 2: the login page.
        s("login.address", "The cabinet is reached safely", "HTTPS with a valid certificate"),
        s("login.light-green", "The login page is light green", "a light green page"),
        s(f"login.sidebar.heading[{LOGIN_HEADING}]", "The left sidebar's heading", "a heading left of the form"),
        *(s(f"login.sidebar.link[{name}]", "A sidebar link", "a link left of the form") for name in SIDEBAR_LINKS),
        s(f"login.heading[{LOGIN_HEADING}]", "The login form's heading", f"a heading «{LOGIN_HEADING}»"),
        *(s(f"login.field[{name}]", "A login field", f"a field labelled «{name}»") for name in LOGIN_FIELDS),
        s(f"login.button[{LOGIN_BUTTON}]", "The login button", f"a button «{LOGIN_BUTTON}»"),
        s("login.password-masked", "The password field masks what is typed", "a password input"),
        # Step 3: the cabinet, its menu on the right; the session cookie.
        s("cabinet.login", "The subscriber's login and password open the cabinet", "the cabinet with its menu"),
        *(s(f"cabinet.menu[{name}]", "A menu item", f"«{name}» in the menu") for name in MENU),
        s("cabinet.menu.order", "The menu's order", " → ".join(MENU)),
        s("cabinet.menu.right", "The menu is on the RIGHT side", "the menu in the right half of the page"),
        s("cabinet.menu.extras", "No menu item the instruction does not name", "no other items"),
        s("cabinet.account", "«Общие» shows the subscriber's account", f"«{ACCOUNT_LABEL}» with a number"),
        s("cabinet.cookie.httponly", "The session cookie is HttpOnly", "HttpOnly"),
        s("cabinet.cookie.samesite", "The session cookie has SameSite", "SameSite=Lax or Strict"),
        s("cabinet.cookie.secure", "The session cookie is Secure", "Secure (on an HTTPS cabinet)"),
        # Step 4: «Платежи», its tabs, the ChronoPay form.
        *(s(f"payments.tab[{name}]", "A payment tab", f"a tab «{name}»") for name in TABS),
        s("payments.tabs.order", "The tabs' order", " → ".join(TABS)),
        s("payments.tabs.extras", "No tab the instruction does not name", "no other tabs"),
        s(f"chronopay.field[{AMOUNT_FIELD}]", "The amount field", f"a field labelled «{AMOUNT_FIELD}»"),
        s(f"chronopay.button[{NEW_PAYMENT}]", "The new-payment button", f"a button «{NEW_PAYMENT}»"),
        s("chronopay.csrf", "The form refuses a POST without its CSRF token", "refused (4xx), no order"),
        # Step 5: the confirmation.
        s(f"confirm.heading[{CONFIRMATION_HEADING}]", "The confirmation's heading", f"«{CONFIRMATION_HEADING}»"),
        *(s(f"confirm.column[{name}]", "A confirmation column", f"a column «{name}»") for name in CONFIRM_COLUMNS),
        *(s(f"confirm.row[{name}]", "A confirmation row", f"a row «{name}»") for name in CONFIRM_ROWS),
        s(f"confirm.button[{PAY_IN_CABINET}]", "The pay button", f"a button «{PAY_IN_CABINET}»"),
        s("confirm.account", "The confirmed account is the subscriber's", "the account shown in «Общие»"),
        s("confirm.amount", "The confirmed amount is the amount entered", "the amount typed, to the kopeck"),
        # Step 6: the redirect to the payment system (PROTOCOL.md section 3).
        s("redirect.https", "The browser goes to the gateway over HTTPS", "an https:// address"),
        s("redirect.host", "The gateway is the expected host", "the expected gateway host"),
        s("redirect.certificate", "The gateway's certificate is valid", "no certificate error"),
        s("redirect.fields", "The request carries the protocol's fields", ", ".join(REQUEST_FIELDS)),
        s("redirect.sign", "The request is signed", "sign: md5, 32 lower-case hex digits"),
        s("redirect.price", "The price sent is the confirmed amount", "product_price = the confirmed amount"),
        s("redirect.no-secrets", "No secret travels in any URL", "no password or secret in any address"),
        # Step 7: the gateway's page.
        *(s(f"gateway.text[{text}]", "A text of the payment page", f"«{text}»") for text in GATEWAY_TEXTS),
        s("gateway.purpose", "«Назначение платежа» names the merchant's site", "the product_name sent"),
        s("gateway.amount", "The gateway asks the confirmed amount", "«Сумма: <the confirmed amount> РУБ»"),
        *(s(f"gateway.heading[{text}]", "A section of the payment page", f"«{text}»") for text in GATEWAY_HEADINGS),
        *(s(f"gateway.field[{name}]", "A payment field", f"a field labelled «{name}*»") for name in GATEWAY_FIELDS),
        *(s(f"gateway.text[{text}]", "A text of the card section", f"«{text}»") for text in CARD_TEXTS),
        *(s(f"gateway.brand[{name}]", "An accepted card", name) for name in BRANDS),
        s("gateway.required-marks", "Required fields carry a red asterisk", "a red * on each field"),
        s("gateway.warning", "The do-not-close warning", f"«{WARNING}»"),
        s(f"gateway.button[{PAY_ON_GATEWAY}]", "The gateway's pay button", f"a button «{PAY_ON_GATEWAY}»"),
        # Logging out; paying (only with an explicit test card).
        s("logout.ends-session", "«Выйти» ends the session on the server", "the old cookie opens no cabinet"),
        s("payment.returned", "After «Оплатить» the browser returns to the cabinet", "the cabinet's page"),
        s("payment.credited", "The balance grows by exactly the amount (step 8)", "balance + amount"),
        s("payment.no-card-data", "No card data travels in any URL", "no card number in any address"),
    ]


SPECS = _specs()
CATALOGUE = {spec.id: spec for spec in SPECS}
ORDER = [spec.id for spec in SPECS]


def owned(prefixes: tuple[str, ...]) -> list[str]:
    return [spec.id for spec in SPECS if spec.id.startswith(prefixes)]


LOGIN_PAGE_CHECKS = owned(("login.",))
WALK_CHECKS = owned(("cabinet.", "payments.", "chronopay.", "confirm.", "redirect.", "gateway."))
LOGOUT_CHECKS = owned(("logout.",))
PAYMENT_CHECKS = owned(("payment.",))


class WalkStopped(Exception):
    """The portal does not let the walk go on; the message says where and why."""


# Finding things the way a person does ---------------------------------------------------------


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


def _rgb(css: str) -> tuple[int, int, int] | None:
    numbers = re.findall(r"[\d.]+", css or "")
    return tuple(int(float(n)) for n in numbers[:3]) if len(numbers) >= 3 else None


def is_red(css: str) -> bool:
    rgb = _rgb(css)
    return bool(rgb) and rgb[0] >= 140 and rgb[0] - max(rgb[1], rgb[2]) >= 70


def is_light_green(css: str) -> bool:
    rgb = _rgb(css)
    if not rgb:
        return False
    red, green, blue = rgb
    return green >= 200 and green > red + 8 and green > blue + 8


# What the browser sent ------------------------------------------------------------------------


class Traffic:
    """Every request of the watched browser contexts (addresses only: bodies may hold the password),
    the failed ones, and the attributes of the cookies the cabinet set (never their values)."""

    def __init__(self):
        self.urls: list[str] = []
        self.failures: list[tuple[str, str]] = []
        self.cookie_origin = ""
        self.set_cookies: dict[str, list[str]] = {}  # name -> attributes as sent, lower case

    def watch(self, context) -> None:
        context.on("request", lambda request: self.urls.append(request.url))
        context.on("requestfailed", lambda request: self.failures.append((request.url, request.failure or "")))
        context.on("response", self._read_set_cookie)

    def _read_set_cookie(self, response) -> None:
        if not self.cookie_origin or origin(response.url) != self.cookie_origin:
            return
        try:
            headers = response.headers_array()
        except PlaywrightError:
            return
        for header in headers:
            if header["name"].lower() != "set-cookie":
                continue
            for line in header["value"].split("\n"):
                name, _, rest = line.partition("=")
                self.set_cookies[name.strip()] = [part.strip().lower() for part in rest.split(";")[1:]]

    def failure_for(self, url_origin: str) -> str:
        return next((failure for url, failure in self.failures if origin(url) == url_origin), "")


# The walk ------------------------------------------------------------------------------------


class Walk:
    """One subscriber's way through the portal, judging each page on the way."""

    def __init__(self, target: Target, checks: Checks, traffic: Traffic):
        self.target = target
        self.checks = checks
        self.traffic = traffic
        self.cabinet_origin = origin(target.cabinet_url)
        traffic.cookie_origin = self.cabinet_origin
        self.account: str | None = None
        self.confirmed: int | None = None
        self.request_fields: dict[str, str] = {}
        self.gateway_origin = ""
        self.patience = SHORT_MS

    def settle(self, anchor_seen: bool) -> None:
        """On a page that showed what marks it, a missing element may be a moment late; on one that
        did not (an error page, another page), nothing is waited for element by element."""
        self.patience = SHORT_MS if anchor_seen else GIVE_UP_MS

    def sees(self, locator: Locator) -> bool:
        seen = shows(locator, self.patience)
        if not seen:  # the page has had its time: what else it lacks is judged as it stands
            self.patience = GIVE_UP_MS
        return seen

    # Step 2: the login page -------------------------------------------------------------------

    def open_login_page(self, page: Page) -> None:
        try:
            page.goto(self.target.cabinet_url, timeout=LOAD_MS)
        except PlaywrightError as problem:
            reason = str(problem).splitlines()[0]
            self.checks.record("login.address", FAIL, f"{self.target.cabinet_url} could not be opened: {reason}")
            raise WalkStopped(f"the cabinet could not be opened: {reason}") from None
        self.settle(shows(labelled(page, "Пароль"), LOAD_MS))

    def check_login_page(self, page: Page) -> None:
        checks = self.checks
        checks.on_page(page, "Вход в личный кабинет")
        address = urlsplit(page.url)
        if address.scheme == "https":
            checks.record("login.address", PASS, f"{origin(page.url)}: HTTPS, the certificate accepted")
        elif is_loopback(address.hostname):
            checks.record("login.address", PASS, f"{origin(page.url)}: plain HTTP on this machine only")
        else:
            checks.record("login.address", FAIL, f"{origin(page.url)}: plain HTTP, the password travels unencrypted")
        colour = page.evaluate(
            "() => { const b = getComputedStyle(document.body).backgroundColor;"
            " return b === 'rgba(0, 0, 0, 0)' ? getComputedStyle(document.documentElement).backgroundColor : b; }"
        )
        checks.judge("login.light-green", is_light_green(colour), f"background {colour}", otherwise=WARN)
        login_field = labelled(page, "Логин")
        field_box = box(login_field) if self.sees(login_field) else None
        headings = [
            found
            for heading in page.get_by_role("heading", name=LOGIN_HEADING, exact=True).all()
            if (found := heading.bounding_box())
        ]
        left = [found for found in headings if field_box and found["x"] + found["width"] <= field_box["x"]]
        over_form = [found for found in headings if found not in left]
        checks.judge(
            f"login.sidebar.heading[{LOGIN_HEADING}]",
            bool(left),
            f"{len(headings)} heading(s) «{LOGIN_HEADING}», {len(left)} left of the form",
        )
        for name in SIDEBAR_LINKS:
            link = page.get_by_role("link", name=name, exact=True)
            found = box(link) if self.sees(link) else None
            if found is None:
                checks.record(f"login.sidebar.link[{name}]", FAIL, "no such link")
            elif field_box and found["x"] + found["width"] > field_box["x"]:
                checks.record(f"login.sidebar.link[{name}]", FAIL, "present, but not left of the form")
            else:
                checks.record(f"login.sidebar.link[{name}]", PASS, "present, left of the form")
        checks.judge(
            f"login.heading[{LOGIN_HEADING}]",
            bool(over_form),
            "present over the form" if over_form else "no such heading over the form",
        )
        for name in LOGIN_FIELDS:
            checks.judge(f"login.field[{name}]", self.sees(labelled(page, name)), _presence(labelled(page, name)))
        button = page.get_by_role("button", name=LOGIN_BUTTON, exact=True)
        checks.judge(f"login.button[{LOGIN_BUTTON}]", self.sees(button), _presence(button))
        password = labelled(page, "Пароль")
        kind = password.first.get_attribute("type", timeout=SHORT_MS) if password.count() else None
        checks.judge("login.password-masked", kind == "password", f"type={kind}" if kind else "no «Пароль» field")

    def log_in(self, page: Page) -> None:
        """Fills the login form with the target's credentials and submits it; WalkStopped if refused."""
        login_field, password_field = labelled(page, "Логин"), labelled(page, "Пароль")
        if not (shows(login_field, LOAD_MS) and shows(password_field)):
            raise WalkStopped("the login page has no «Логин» and «Пароль» fields")
        login_field.first.fill(self.target.login)
        _type_secret(password_field.first, self.target.password)
        button = page.get_by_role("button", name=LOGIN_BUTTON, exact=True)
        if button.count():
            button.first.click()
        else:
            password_field.first.press("Enter")
        menu_anchor = control(page, "Выйти").or_(control(page, "Платежи"))
        if shows(menu_anchor, LOAD_MS):
            self.checks.on_page(page, "Общие")
            self.checks.record("cabinet.login", PASS, f"logged in as {self.target.login}: {page.url}")
            return
        self.checks.on_page(page, "Вход: отказ")
        alert = page.get_by_role("alert")
        said = " ".join(alert.first.inner_text().split()) if alert.count() else ""
        if WRONG_CREDENTIALS in said:
            said = f"«{said}» (check E2E_LOGIN and E2E_PASSWORD)"
        self.checks.record("cabinet.login", FAIL, said or f"no cabinet menu after logging in ({page.url})")
        raise WalkStopped("the login did not open the cabinet")

    # Step 3: the cabinet ------------------------------------------------------------------------

    def check_cabinet(self, page: Page, context) -> None:
        checks = self.checks
        self.settle(shows(control(page, "Выйти").or_(control(page, "Платежи")), LOAD_MS))
        checks.on_page(page, "Общие")
        self._check_items(page, "cabinet.menu", MENU, ("cabinet.menu.order", "cabinet.menu.extras"))
        menu = container_of(page, MENU)
        menu_box = box(menu) if menu is not None else box(control(page, "Платежи"))
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
        account = table_value(page, ACCOUNT_LABEL)
        if account and re.search(r"\d", account):
            self.account = account
            checks.record("cabinet.account", PASS, f"«{ACCOUNT_LABEL}»: {account}")
        else:
            checks.record("cabinet.account", FAIL, f"«{ACCOUNT_LABEL}»: {account!r}")
        self.check_cookies(context)

    def _check_items(self, page: Page, prefix: str, names: tuple[str, ...], order_and_extras: tuple[str, str]):
        order_id, extras_id = order_and_extras
        present = {name: self.sees(control(page, name)) for name in names}
        holder = container_of(page, names)
        for name in names:
            if not present[name]:
                self.checks.record(f"{prefix}[{name}]", FAIL, "missing")
            elif holder is not None and not control(holder, name).count():
                self.checks.record(f"{prefix}[{name}]", FAIL, "present, but not with the others")
            else:
                self.checks.record(f"{prefix}[{name}]", PASS, "present")
        if holder is None:
            self.checks.record(order_id, FAIL, "the items are not grouped in one list, menu or navigation")
            self.checks.record(extras_id, WARN, "could not tell: no list, menu or navigation holds the items")
            return
        seen = items_of(holder)
        known = [name for name in seen if name in names]
        expected_order = [name for name in names if name in known]
        self.checks.judge(order_id, known == expected_order, " → ".join(seen))
        extra = [name for name in seen if name not in names]
        self.checks.judge(
            extras_id,
            not extra,
            "also: " + ", ".join(f"«{name}»" for name in extra) if extra else "none",
            otherwise=WARN,
        )

    def check_cookies(self, context) -> None:
        """The flags of the session cookie as the cabinet sent them (Set-Cookie), else as the browser
        keeps them (which reports a cookie sent without SameSite as Lax)."""
        checks = self.checks
        cookies = [
            cookie for cookie in context.cookies([self.target.cabinet_url]) if not TOKEN_NAME.search(cookie["name"])
        ]
        if not cookies:
            for check_id in ("cabinet.cookie.httponly", "cabinet.cookie.samesite", "cabinet.cookie.secure"):
                checks.record(check_id, FAIL, "no session cookie (is the session carried in the address?)")
            return
        sent = self.traffic.set_cookies

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
        address = urlsplit(self.target.cabinet_url)
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

    # Step 4: «Платежи» and the ChronoPay tab -----------------------------------------------------

    def open_payments(self, page: Page) -> None:
        payments = control(page, "Платежи")
        if not self.sees(payments):
            raise WalkStopped("no «Платежи» in the cabinet")
        payments.first.click()
        self.settle(shows(control(page, "ChronoPay"), LOAD_MS))
        self.checks.on_page(page, "Платежи")
        self._check_items(page, "payments.tab", TABS, ("payments.tabs.order", "payments.tabs.extras"))

    def open_chronopay_tab(self, page: Page) -> Locator:
        tab = control(page, "ChronoPay")
        if not self.sees(tab):
            raise WalkStopped("no «ChronoPay» tab in «Платежи»")
        tab.first.click()
        amount = page.get_by_label(AMOUNT_FIELD, exact=True)
        self.settle(shows(amount, LOAD_MS))
        self.checks.on_page(page, "Платежи → ChronoPay")
        self.checks.judge(f"chronopay.field[{AMOUNT_FIELD}]", self.sees(amount), _presence(amount))
        button = page.get_by_role("button", name=NEW_PAYMENT, exact=True)
        self.checks.judge(f"chronopay.button[{NEW_PAYMENT}]", self.sees(button), _presence(button))
        if not amount.count():
            raise WalkStopped("no «Сумма» field on the ChronoPay tab")
        return amount

    def check_csrf(self, page: Page, amount: Locator) -> None:
        """The amount form sent again by a script: the session's cookies, the fields, but no token."""
        form = amount.first.evaluate(
            """field => {
                const form = field.form;
                if (!form) return null;
                const fields = [];
                for (const element of form.elements) {
                    if (!element.name || ["submit", "button", "image", "reset"].includes(element.type)) continue;
                    fields.push([element.name, element.type, element === field ? "" : element.value]);
                }
                return {action: form.action, method: form.method, fields};
            }"""
        )
        if form is None:
            self.checks.record("chronopay.csrf", FAIL, "«Сумма» is not inside a form")
            return
        data = {}
        for name, kind, value in form["fields"]:
            if kind == "hidden" and TOKEN_NAME.search(name):
                continue
            data[name] = self.target.amount if value == "" and kind != "hidden" else value
        if form["method"].lower() != "post":
            self.checks.record(
                "chronopay.csrf", FAIL, f"the form is sent by {form['method'].upper()}: nothing to protect"
            )
            return
        before = self.target.count_orders() if self.target.count_orders else None
        try:
            response = page.request.post(form["action"], form=data, max_redirects=0, fail_on_status_code=False)
        except PlaywrightError as problem:
            self.checks.record(
                "chronopay.csrf", FAIL, f"the forged POST did not complete: {str(problem).splitlines()[0]}"
            )
            return
        answered = f"HTTP {response.status}"
        if response.headers.get("location"):
            answered += f" → {response.headers['location']}"
        refused = response.status >= 400
        if before is not None:
            created = self.target.count_orders() - before
            answered += "; no order created" if created == 0 else f"; {created} order(s) created"
            refused = refused and created == 0
        self.checks.judge("chronopay.csrf", refused, f"a POST without its token: {answered}")

    def start_payment(self, page: Page, amount: Locator) -> None:
        amount.first.fill(self.target.amount)
        button = page.get_by_role("button", name=NEW_PAYMENT, exact=True)
        if button.count():
            button.first.click()
        else:  # the button is renamed or gone (already a FAIL): a person would press Enter
            amount.first.press("Enter")

    # Step 5: the confirmation -----------------------------------------------------------------

    def check_confirmation(self, page: Page) -> Locator:
        checks = self.checks
        pay = page.get_by_role("button", name=PAY_IN_CABINET, exact=True)
        heading = page.get_by_role("heading", name=CONFIRMATION_HEADING, exact=True)
        self.settle(shows(heading.or_(pay), LOAD_MS))
        checks.on_page(page, "Подтверждение платежа")
        checks.judge(f"confirm.heading[{CONFIRMATION_HEADING}]", self.sees(heading), _presence(heading))
        for name in CONFIRM_COLUMNS:
            column = page.get_by_role("columnheader", name=name, exact=True)
            checks.judge(f"confirm.column[{name}]", self.sees(column), _presence(column))
        values = {name: table_value(page, name) for name in CONFIRM_ROWS}
        for name, value in values.items():
            checks.judge(
                f"confirm.row[{name}]", value is not None, f"value {value!r}" if value is not None else "no row"
            )
        checks.judge(f"confirm.button[{PAY_IN_CABINET}]", self.sees(pay), _presence(pay))
        account = values["Лицевой счет"]
        if account is None:
            checks.record("confirm.account", FAIL, "no «Лицевой счет» to compare")
        elif self.account is None:
            checks.record("confirm.account", FAIL, f"«{account}», but «Общие» showed no account to compare")
        else:
            checks.judge(
                "confirm.account", _digits(account) == _digits(self.account), f"«{account}», «Общие»: «{self.account}»"
            )
        typed = kopecks_in(self.target.amount)
        try:
            self.confirmed = kopecks_in(values["Сумма"] or "")
        except ValueError:
            checks.record("confirm.amount", FAIL, f"no amount in {values['Сумма']!r}")
            self.confirmed = None
        else:
            checks.judge("confirm.amount", self.confirmed == typed, f"«{values['Сумма']}» for «{self.target.amount}»")
        if not pay.count():
            raise WalkStopped("no «Заплатить» on the confirmation")
        return pay

    # Steps 6 and 7: the redirect and the gateway's page ------------------------------------------

    def go_to_gateway(self, page: Page, pay: Locator) -> None:
        checks = self.checks

        def leaves_cabinet(request) -> bool:
            return (
                request.is_navigation_request()
                and request.frame == page.main_frame
                and origin(request.url) != self.cabinet_origin
            )

        try:
            with page.expect_request(leaves_cabinet, timeout=LOAD_MS) as sent:
                pay.first.click()
        except PlaywrightError:
            raise WalkStopped("«Заплатить» did not lead away from the cabinet") from None
        request = sent.value
        address = urlsplit(request.url)
        self.gateway_origin = origin(request.url)
        self.request_fields = dict(parse_qsl(address.query, keep_blank_values=True))
        if request.method == "POST" and (request.post_data or ""):
            self.request_fields.update(parse_qsl(request.post_data, keep_blank_values=True))
        # None when the request failed: a certificate error, a refused connection (named below).
        if request.response() is not None:
            with suppress(PlaywrightError):  # judged below by where the page is
                page.wait_for_url(lambda url: origin(url) != self.cabinet_origin, wait_until="load", timeout=LOAD_MS)
        self.settle(shows(words(page, TITLE), LOAD_MS if origin(page.url) == self.gateway_origin else 1))
        checks.on_page(page, "Страница оплаты ChronoPay")
        checks.judge(
            "redirect.https", address.scheme == "https", f"{address.scheme}://{address.netloc}/ ({request.method})"
        )
        self._check_host(address)
        failure = self.traffic.failure_for(self.gateway_origin)
        if address.scheme != "https":
            checks.record("redirect.certificate", FAIL, "plain HTTP: no certificate at all")
        elif failure:
            checks.record("redirect.certificate", FAIL, f"{address.netloc}: {failure}")
        elif origin(page.url) == self.gateway_origin:
            checks.record("redirect.certificate", PASS, f"{address.netloc}: the certificate accepted")
        else:
            checks.record("redirect.certificate", FAIL, f"the gateway's page did not load (now at {page.url})")
        self._check_request()
        if origin(page.url) != self.gateway_origin:
            raise WalkStopped(f"the gateway's page did not load ({failure or page.url})")

    def _check_host(self, address) -> None:
        expected = (self.target.gateway_host or "").strip().lower()
        actual = address.netloc.lower() if ":" in expected else (address.hostname or "")
        if not expected:
            self.checks.record(
                "redirect.host",
                WARN,
                f"{address.netloc} (no expected host given: --gateway-host)",
                expected="not given",
            )
        else:
            self.checks.judge("redirect.host", actual == expected, address.netloc, expected=expected)

    def _check_request(self) -> None:
        checks, fields = self.checks, self.request_fields
        missing = [name for name in REQUEST_FIELDS if not fields.get(name)]
        wrong = []
        if fields.get("cb_type") not in (None, "", "P"):
            wrong.append(f"cb_type={fields['cb_type']}")
        if fields.get("product_price_currency") not in (None, "", "RUB"):
            wrong.append(f"product_price_currency={fields['product_price_currency']}")
        if fields.get("language") not in (None, "", "ru", "en"):
            wrong.append(f"language={fields['language']}")
        problems = [f"missing {', '.join(missing)}"] if missing else []
        checks.judge(
            "redirect.fields",
            not missing and not wrong,
            "; ".join(problems + wrong) or f"all present ({', '.join(sorted(fields))})",
        )
        sign = fields.get("sign", "")
        if not sign:
            checks.record("redirect.sign", FAIL, "no sign in the request")
        elif not re.fullmatch(r"[0-9a-f]{32}", sign):
            checks.record("redirect.sign", FAIL, f"sign={sign!r} is not 32 lower-case hex digits")
        elif self.target.shared_secret:
            right = signing.request_sign(
                fields.get("product_id", ""),
                fields.get("product_price", ""),
                fields.get("order_id", ""),
                self.target.shared_secret.reveal(),
            )
            checks.judge(
                "redirect.sign",
                sign == right,
                "sign matches md5(product_id-price-order_id-secret)"
                if sign == right
                else "sign does not match the merchant's secret",
            )
        else:
            checks.record("redirect.sign", PASS, "present, md5 hex (its value needs the merchant's secret to verify)")
        price = fields.get("product_price", "")
        if not re.fullmatch(r"\d+\.\d{2}", price):
            checks.record("redirect.price", FAIL, f"product_price={price!r} is not a price with two decimals")
        elif self.confirmed is None:
            checks.record("redirect.price", FAIL, f"product_price={price}, but no confirmed amount to compare")
        else:
            checks.judge(
                "redirect.price",
                kopecks_in(price) == self.confirmed,
                f"product_price={price}, confirmed {self.confirmed // 100}.{self.confirmed % 100:02d}",
            )

    def check_no_secrets(self, check_id: str = "redirect.no-secrets") -> None:
        leaks = [(url, self.checks.redact.found_in(url)) for url in self.traffic.urls]
        leaks = [(url, found) for url, found in leaks if found]
        if leaks:
            what = sorted({name for _, found in leaks for name in found})
            self.checks.record(
                check_id,
                FAIL,
                f"{', '.join(what)} in {len(leaks)} address(es), e.g. {self.checks.redact(leaks[0][0])}",
            )
        else:
            self.checks.record(check_id, PASS, f"{len(self.traffic.urls)} requests, none with a secret in its address")

    def check_gateway_page(self, page: Page) -> None:
        checks = self.checks
        for text in GATEWAY_TEXTS:
            checks.judge(f"gateway.text[{text}]", self.sees(words(page, text)), _presence(words(page, text)))
        purpose = page.get_by_text("Назначение платежа")
        name = self.request_fields.get("product_name", "")
        named = self.sees(page.get_by_text(name, exact=True)) if name else False
        checks.judge(
            "gateway.purpose",
            self.sees(purpose) and named,
            f"«Назначение платежа»: {'shown' if purpose.count() else 'missing'}; "
            f"«{name}»: {'shown' if named else 'not shown'}",
            expected=f"«Назначение платежа» with «{name or 'the product_name sent'}»",
        )
        self._check_amount(page)
        for text in GATEWAY_HEADINGS:
            checks.judge(f"gateway.heading[{text}]", self.sees(words(page, text)), _presence(words(page, text)))
        marks = []
        for label in GATEWAY_FIELDS:
            field = labelled(page, label)
            present = self.sees(field)
            checks.judge(f"gateway.field[{label}]", present, _presence(field))
            colour = field.first.evaluate(_ASTERISK_COLOUR) if present else None
            marks.append((label, colour))
        for text in CARD_TEXTS:
            checks.judge(f"gateway.text[{text}]", self.sees(words(page, text)), _presence(words(page, text)))
        for brand in BRANDS:
            mark = page.get_by_role("img", name=brand, exact=True).or_(page.get_by_text(brand, exact=True))
            checks.judge(f"gateway.brand[{brand}]", self.sees(mark), _presence(mark))
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
        checks.judge("gateway.warning", self.sees(page.get_by_text(WARNING)), _presence(page.get_by_text(WARNING)))
        button = page.get_by_role("button", name=PAY_ON_GATEWAY, exact=True)
        checks.judge(f"gateway.button[{PAY_ON_GATEWAY}]", self.sees(button), _presence(button))

    def _check_amount(self, page: Page) -> None:
        line = page.get_by_text(re.compile(r"^\s*Сумма:"))
        if not self.sees(line):
            self.checks.record("gateway.amount", FAIL, "no «Сумма: …» on the page")
            return
        text = " ".join(line.first.inner_text().split())
        try:
            asked = kopecks_in(text)
        except ValueError:
            self.checks.record("gateway.amount", FAIL, f"«{text}»: no amount")
            return
        if self.confirmed is None:
            self.checks.record("gateway.amount", FAIL, f"«{text}», but no confirmed amount to compare")
        elif asked != self.confirmed:
            self.checks.record(
                "gateway.amount", FAIL, f"«{text}» for a confirmed {self.confirmed // 100}.{self.confirmed % 100:02d}"
            )
        elif not re.fullmatch(r"Сумма: [\d\s]+\.\d{2} РУБ", text):
            self.checks.record("gateway.amount", WARN, f"«{text}»: the amount is right, the wording is not")
        else:
            self.checks.record("gateway.amount", PASS, f"«{text}»")

    # The whole way, cabinet to gateway ---------------------------------------------------------------

    def to_gateway(self, page: Page, context, *, csrf: bool = True) -> None:
        self.check_cabinet(page, context)
        self.open_payments(page)
        amount = self.open_chronopay_tab(page)
        if csrf:
            self.check_csrf(page, amount)
        self.start_payment(page, amount)
        pay = self.check_confirmation(page)
        self.go_to_gateway(page, pay)

    def balance(self, page: Page) -> int | None:
        value = table_value(page, BALANCE_LABEL)
        try:
            return kopecks_in(value or "")
        except ValueError:
            return None


def _presence(locator: Locator) -> str:
    count = locator.count()
    return "present" if count else "missing"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _type_secret(field: Locator, secret) -> None:
    """Types the password; an error is re-raised without the frames that held its value."""
    try:
        field.fill(secret.reveal())
    except PlaywrightError as problem:
        reason = str(problem).splitlines()[0]
        raise WalkStopped(f"the «Пароль» field could not be filled: {reason}") from None


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


# Logging in, logging out, paying ----------------------------------------------------------------


def log_in_untraced(browser, context_args: dict, walk: Walk) -> tuple[dict, str]:
    """Logs in on a browser context of its own, made outside pytest-playwright, so never traced,
    filmed or photographed by it: neither the typed password nor the login POST's body can enter
    an artifact. Returns the session (storage state) and the cabinet's address it landed on."""
    context = browser.new_context(**context_args)
    try:
        walk.traffic.watch(context)
        page = context.new_page()
        walk.open_login_page(page)
        walk.log_in(page)
        return context.storage_state(), page.url
    finally:
        context.close()


def check_logout(walk: Walk, page: Page, new_context) -> None:
    """«Выйти», then the cookies held before it, replayed in a fresh browser: no cabinet for them."""
    leave = control(page, "Выйти")
    if not shows(leave, LOAD_MS):
        raise WalkStopped("no «Выйти» in the cabinet")
    cabinet_address = page.url
    kept = page.context.cookies()
    leave.first.click()
    try:
        expect(control(page, "Выйти")).to_have_count(0, timeout=LOAD_MS)
    except AssertionError:
        raise WalkStopped("after «Выйти» the cabinet is still on screen") from None
    replay = new_context()
    walk.traffic.watch(replay)
    replay.add_cookies(kept)
    again = replay.new_page()
    response = again.goto(cabinet_address, timeout=LOAD_MS)
    shows(labelled(again, "Пароль").or_(control(again, "Выйти")), LOAD_MS)
    walk.checks.on_page(again, "После «Выйти»: прежняя cookie")
    served = shows(control(again, "Выйти").or_(control(again, "Платежи")), 1)
    status = response.status if response else "no response"
    walk.checks.judge(
        "logout.ends-session",
        not served,
        f"{cabinet_address} with the cookies from before «Выйти»: HTTP {status}, "
        + ("the cabinet is served" if served else f"no cabinet (now at {again.url})"),
    )


def pay_with_test_card(walk: Walk, page: Page, general_address: str, balance_before: int | None) -> None:
    """Fills the gateway's form with the target's test card, presses «Оплатить», follows the result."""
    target, checks = walk.target, walk.checks
    labelled(page, "E-mail").first.fill(target.payer_email)
    country = labelled(page, "Страна").first
    try:
        country.select_option("RUS", timeout=SHORT_MS)
    except PlaywrightError:
        country.select_option(label="Россия", timeout=SHORT_MS)
    _type_secret(labelled(page, "Номер банковской карты").first, target.test_card)
    labelled(page, "Срок действия").first.fill("12/39")
    labelled(page, "Имя").first.fill("TEST CARDHOLDER")
    labelled(page, "CVV2/CVC2").first.fill("123")
    checks.on_page(page, "Страница оплаты: данные введены")
    page.get_by_role("button", name=PAY_ON_GATEWAY, exact=True).first.click()
    try:
        page.wait_for_url(lambda url: origin(url) == walk.cabinet_origin, timeout=PAYMENT_MS)
    except PlaywrightError:
        checks.on_page(page, "После «Оплатить»")
        checks.record("payment.returned", FAIL, f"still at {page.url} after {PAYMENT_MS // 1000} s")
        raise WalkStopped("the browser did not come back to the cabinet") from None
    shows(page.get_by_text(re.compile("зачислен", re.IGNORECASE)), 30_000)  # the callback may come a moment later
    checks.on_page(page, "Результат платежа в кабинете")
    checks.record("payment.returned", PASS, page.url)
    page.goto(general_address, timeout=LOAD_MS)
    shows(control(page, "Выйти"), LOAD_MS)
    checks.on_page(page, "Общие после оплаты")
    after = walk.balance(page)
    if balance_before is None or after is None:
        checks.record("payment.credited", FAIL, f"«Баланс» could not be read (before {balance_before}, after {after})")
        return
    amount = kopecks_in(target.amount)
    grown = after - balance_before
    checks.judge(
        "payment.credited",
        grown == amount,
        f"«Баланс» grew by {grown / 100:.2f} for a payment of {amount / 100:.2f}",
        otherwise=WARN if target.live else FAIL,  # a live gateway's callback may simply be late
    )
