"""Step 5, judged: the confirmation, its table, the account and the amount it confirms."""

from playwright.sync_api import Locator, Page

from ..contract import Cabinet, Confirmation
from ..reading import kopecks_in
from .locate import LOAD_MS, digits, presence, shows, table_value
from .verdicts import FAIL
from .walk import Walk, WalkStopped


def check(walk: Walk, page: Page) -> Locator:
    """The confirmation of the amount just typed; returns «Заплатить»."""
    checks = walk.checks
    pay = page.get_by_role("button", name=Confirmation.PAY, exact=True)
    heading = page.get_by_role("heading", name=Confirmation.HEADING, exact=True)
    walk.settle(shows(heading.or_(pay), LOAD_MS))
    checks.on_page(page, "Подтверждение платежа")
    checks.judge(f"confirm.heading[{Confirmation.HEADING}]", walk.sees(heading), presence(heading))
    for name in Confirmation.COLUMNS:
        column = page.get_by_role("columnheader", name=name, exact=True)
        checks.judge(f"confirm.column[{name}]", walk.sees(column), presence(column))
    values = {name: table_value(page, name) for name in Confirmation.ROWS}
    for name, value in values.items():
        checks.judge(f"confirm.row[{name}]", value is not None, f"value {value!r}" if value is not None else "no row")
    checks.judge(f"confirm.button[{Confirmation.PAY}]", walk.sees(pay), presence(pay))
    _check_account(walk, values[Confirmation.ACCOUNT])
    amount = values[Confirmation.AMOUNT]
    typed = kopecks_in(walk.target.amount)
    try:
        walk.confirmed = kopecks_in(amount or "")
    except ValueError:
        checks.record("confirm.amount", FAIL, f"no amount in {amount!r}")
        walk.confirmed = None
    else:
        checks.judge("confirm.amount", walk.confirmed == typed, f"«{amount}» for «{walk.target.amount}»")
    if not pay.count():
        raise WalkStopped(f"no «{Confirmation.PAY}» on the confirmation")
    return pay


def _check_account(walk: Walk, account: str | None) -> None:
    """The account confirmed is the one «Общие» showed (digits compared: «№ 1001» is 1001)."""
    if account is None:
        walk.checks.record("confirm.account", FAIL, f"no «{Confirmation.ACCOUNT}» to compare")
        return
    shown = walk.account
    if shown is None:
        walk.checks.record("confirm.account", FAIL, f"«{account}», but «{Cabinet.GENERAL}» showed no account")
        return
    walk.checks.judge(
        "confirm.account", digits(account) == digits(shown), f"«{account}», «{Cabinet.GENERAL}»: «{shown}»"
    )
