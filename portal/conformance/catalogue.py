"""The catalogue: every conformance check, declared once, in the report's order.

A check is data: its id, what it checks, the page it is judged on, what is expected, and the
worst verdict it can give (a WARN-only check reports what the instruction does not mention).
The walk judges it by its id; the report, the README's table (`markdown_table`) and the
"not reached" bookkeeping all read it from here. Adding a check: declare it below, judge it in
the module of its page, and alter a mock in tests/conformance so that it fails.
"""

from dataclasses import dataclass

from chronopay_protocol import signing

from ..contract import Cabinet, Confirmation, Gateway, Login, Payments
from .verdicts import FAIL, WARN

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
# What the merchant must send (what ChronoPay itself requires, PROTOCOL.md 3a); the sign is judged
# by a check of its own. What it may leave to the product's registration at ChronoPay is a WARN.
REQUEST_FIELDS = tuple(name for name in signing.REQUEST_REQUIRED if name != "sign")
LEFT_TO_THE_CABINET = (*signing.REQUEST_REGISTERED, "product_name")


@dataclass(frozen=True)
class Spec:
    id: str
    title: str
    page: str
    expected: str
    worst: str = FAIL  # WARN: the check reports, it never fails the portal

    @property
    def family(self) -> str:
        """`gateway.field[…]` for `gateway.field[Имя]`: the checks one declaration makes for several names."""
        return self.id.split("[", 1)[0] + "[…]" if "[" in self.id else self.id


def _spec(check_id: str, title: str, expected: str, worst: str = FAIL) -> Spec:
    return Spec(check_id, title, PAGES[check_id.split(".")[0]], expected, worst)


def _specs() -> list[Spec]:
    s = _spec
    return [
        # Step 2: the login page.
        s("login.address", "The cabinet is reached safely", "HTTPS with a valid certificate"),
        s("login.light-green", "The login page is light green", "a light green page", WARN),
        s(f"login.sidebar.heading[{Login.HEADING}]", "The left sidebar's heading", "a heading left of the form"),
        *(
            s(f"login.sidebar.link[{name}]", "A sidebar link", "a link left of the form")
            for name in Login.SIDEBAR_LINKS
        ),
        s(f"login.heading[{Login.HEADING}]", "The login form's heading", f"a heading «{Login.HEADING}»"),
        *(s(f"login.field[{name}]", "A login field", f"a field labelled «{name}»") for name in Login.FIELDS),
        s(f"login.button[{Login.BUTTON}]", "The login button", f"a button «{Login.BUTTON}»"),
        s("login.password-masked", "The password field masks what is typed", "a password input"),
        # Step 3: the cabinet, its menu on the right; the session cookie.
        s("cabinet.login", "The subscriber's login and password open the cabinet", "the cabinet with its menu"),
        *(s(f"cabinet.menu[{name}]", "A menu item", f"«{name}» in the menu") for name in Cabinet.MENU),
        s("cabinet.menu.order", "The menu's order", " → ".join(Cabinet.MENU)),
        s("cabinet.menu.right", "The menu is on the RIGHT side", "the menu in the right half of the page"),
        s("cabinet.menu.extras", "No menu item the instruction does not name", "no other items", WARN),
        s("cabinet.account", "«Общие» shows the subscriber's account", f"«{Cabinet.ACCOUNT}» with a number"),
        s("cabinet.cookie.httponly", "The session cookie is HttpOnly", "HttpOnly"),
        s("cabinet.cookie.samesite", "The session cookie has SameSite", "SameSite=Lax or Strict"),
        s("cabinet.cookie.secure", "The session cookie is Secure", "Secure (on an HTTPS cabinet)"),
        # Step 4: «Платежи», its tabs, the ChronoPay form.
        *(s(f"payments.tab[{name}]", "A payment tab", f"a tab «{name}»") for name in Payments.TABS),
        s("payments.tabs.order", "The tabs' order", " → ".join(Payments.TABS)),
        s("payments.tabs.extras", "No tab the instruction does not name", "no other tabs", WARN),
        s(f"chronopay.field[{Payments.AMOUNT}]", "The amount field", f"a field labelled «{Payments.AMOUNT}»"),
        s(f"chronopay.button[{Payments.NEW_PAYMENT}]", "The new-payment button", f"a button «{Payments.NEW_PAYMENT}»"),
        s("chronopay.csrf", "The form refuses a POST without its CSRF token", "refused (4xx), no order"),
        # Step 5: the confirmation.
        s(f"confirm.heading[{Confirmation.HEADING}]", "The confirmation's heading", f"«{Confirmation.HEADING}»"),
        *(s(f"confirm.column[{name}]", "A confirmation column", f"a column «{name}»") for name in Confirmation.COLUMNS),
        *(s(f"confirm.row[{name}]", "A confirmation row", f"a row «{name}»") for name in Confirmation.ROWS),
        s(f"confirm.button[{Confirmation.PAY}]", "The pay button", f"a button «{Confirmation.PAY}»"),
        s("confirm.account", "The confirmed account is the subscriber's", "the account shown in «Общие»"),
        s("confirm.amount", "The confirmed amount is the amount entered", "the amount typed, to the kopeck"),
        # Step 6: the redirect to the payment system (PROTOCOL.md section 3).
        s("redirect.https", "The browser goes to the gateway over HTTPS", "an https:// address"),
        s("redirect.host", "The gateway is the expected host", "the expected gateway host"),
        s("redirect.certificate", "The gateway's certificate is valid", "no certificate error"),
        s(
            "redirect.fields",
            "The request carries the protocol's fields",
            f"{', '.join(REQUEST_FIELDS)}; one left to the merchant cabinet: WARN ({', '.join(LEFT_TO_THE_CABINET)})",
        ),
        s(
            "redirect.sign",
            "The request is signed, and by which formula",
            "md5, 32 lower-case hex, 4- or 5-part (over order_id); WARN for the 3-part one",
        ),
        s(
            "redirect.price",
            "The price sent is the confirmed amount",
            "its value = the confirmed amount (0, 1 or 2 decimals)",
        ),
        s("redirect.no-secrets", "No secret travels in any URL", "no password or secret in any address"),
        # Step 7: the gateway's page.
        *(s(f"gateway.text[{text}]", "A text of the payment page", f"«{text}»") for text in Gateway.TEXTS),
        s(
            "gateway.purpose",
            f"«{Gateway.PURPOSE}» names the merchant's site",
            "a name: the product_name sent, else the registered one (another: WARN)",
        ),
        s("gateway.amount", "The gateway asks the confirmed amount", "«Сумма: <the confirmed amount> РУБ»"),
        *(s(f"gateway.heading[{text}]", "A section of the payment page", f"«{text}»") for text in Gateway.HEADINGS),
        *(s(f"gateway.field[{name}]", "A payment field", f"a field labelled «{name}*»") for name in Gateway.FIELDS),
        *(s(f"gateway.text[{text}]", "A text of the card section", f"«{text}»") for text in Gateway.CARD_TEXTS),
        *(s(f"gateway.brand[{name}]", "An accepted card", name) for name in Gateway.BRANDS),
        s("gateway.required-marks", "Required fields carry a red asterisk", "a red * on each field"),
        s("gateway.warning", "The do-not-close warning", f"«{Gateway.WARNING}»"),
        s(f"gateway.button[{Gateway.PAY}]", "The gateway's pay button", f"a button «{Gateway.PAY}»"),
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


# What each part of a conformance run judges (each part is one test, or one step of `check`).
LOGIN_PAGE_CHECKS = owned(("login.",))
WALK_CHECKS = owned(("cabinet.", "payments.", "chronopay.", "confirm.", "redirect.", "gateway."))
LOGOUT_CHECKS = owned(("logout.",))
PAYMENT_CHECKS = owned(("payment.",))


def markdown_table() -> str:
    """The README's table of checks, one row per declaration (a family of names counts once)."""
    families: dict[str, list[Spec]] = {}
    for spec in SPECS:
        families.setdefault(spec.family, []).append(spec)
    lines = ["| page | check | what it checks | expected |", "| --- | --- | --- | --- |"]
    for family, specs in families.items():
        first = specs[0]
        name = f"`{family}`" + (f" ×{len(specs)}" if len(specs) > 1 else "")
        if first.worst == WARN:
            name += " (WARN only)"
        expected = "; ".join(dict.fromkeys(spec.expected for spec in specs))
        lines.append(f"| {first.page} | {name} | {first.title} | {expected.replace('|', '/')} |")
    return "\n".join(lines)
