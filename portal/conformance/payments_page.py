"""Step 4, judged: «Платежи», its tabs, the ChronoPay tab's form and its CSRF protection."""

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from ..contract import Cabinet, Payments
from .cabinet_page import check_items
from .locate import LOAD_MS, control, presence, shows
from .traffic import TOKEN_NAME
from .verdicts import FAIL
from .walk import Walk, WalkStopped


def open_payments(walk: Walk, page: Page) -> None:
    """«Платежи» in the cabinet: its tabs, their order, no other tabs."""
    payments = control(page, Cabinet.PAYMENTS)
    if not walk.sees(payments):
        raise WalkStopped(f"no «{Cabinet.PAYMENTS}» in the cabinet")
    payments.first.click()
    walk.settle(shows(control(page, Payments.CHRONOPAY), LOAD_MS))
    walk.checks.on_page(page, Cabinet.PAYMENTS)
    check_items(walk, page, "payments.tab", Payments.TABS, ("payments.tabs.order", "payments.tabs.extras"))


def open_chronopay_tab(walk: Walk, page: Page) -> Locator:
    """The ChronoPay tab: «Сумма» and «Новый платеж»; returns the amount field."""
    tab = control(page, Payments.CHRONOPAY)
    if not walk.sees(tab):
        raise WalkStopped(f"no «{Payments.CHRONOPAY}» tab in «{Cabinet.PAYMENTS}»")
    tab.first.click()
    amount = page.get_by_label(Payments.AMOUNT, exact=True)
    walk.settle(shows(amount, LOAD_MS))
    walk.checks.on_page(page, f"{Cabinet.PAYMENTS} → {Payments.CHRONOPAY}")
    walk.checks.judge(f"chronopay.field[{Payments.AMOUNT}]", walk.sees(amount), presence(amount))
    button = page.get_by_role("button", name=Payments.NEW_PAYMENT, exact=True)
    walk.checks.judge(f"chronopay.button[{Payments.NEW_PAYMENT}]", walk.sees(button), presence(button))
    if not amount.count():
        raise WalkStopped(f"no «{Payments.AMOUNT}» field on the {Payments.CHRONOPAY} tab")
    return amount


def check_csrf(walk: Walk, page: Page, amount: Locator) -> None:
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
        walk.checks.record("chronopay.csrf", FAIL, f"«{Payments.AMOUNT}» is not inside a form")
        return
    data = {}
    for name, kind, value in form["fields"]:
        if kind == "hidden" and TOKEN_NAME.search(name):
            continue
        data[name] = walk.target.amount if value == "" and kind != "hidden" else value
    if form["method"].lower() != "post":
        walk.checks.record("chronopay.csrf", FAIL, f"the form is sent by {form['method'].upper()}: nothing to protect")
        return
    before = walk.target.count_orders() if walk.target.count_orders else None
    try:
        response = page.request.post(form["action"], form=data, max_redirects=0, fail_on_status_code=False)
    except PlaywrightError as problem:
        walk.checks.record("chronopay.csrf", FAIL, f"the forged POST did not complete: {str(problem).splitlines()[0]}")
        return
    answered = f"HTTP {response.status}"
    if response.headers.get("location"):
        answered += f" → {response.headers['location']}"
    refused = response.status >= 400
    if before is not None:
        created = walk.target.count_orders() - before
        answered += "; no order created" if created == 0 else f"; {created} order(s) created"
        refused = refused and created == 0
    walk.checks.judge("chronopay.csrf", refused, f"a POST without its token: {answered}")


def start_payment(walk: Walk, page: Page, amount: Locator) -> None:
    """The target's amount typed into «Сумма», then «Новый платеж»."""
    amount.first.fill(walk.target.amount)
    button = page.get_by_role("button", name=Payments.NEW_PAYMENT, exact=True)
    if button.count():
        button.first.click()
    else:  # the button is renamed or gone (already a FAIL): a person would press Enter
        amount.first.press("Enter")
