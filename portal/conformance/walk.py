"""One subscriber's way through a portal, judging each page on the way (PROTOCOL.md sections 1 and 3).

The same walk judges the embedded mocks and a live portal: it finds everything by what a person
sees (locate), goes as far as the portal lets it, and records every check of the catalogue as
PASS, WARN or FAIL. What the instruction does not mention but the portal adds (another menu item,
another tab) is a WARN; what it names and the portal lacks, moves or changes is a FAIL. Each page
is judged by a module of its own (login_page, cabinet_page, payments_page, confirmation_page,
redirect, gateway_page, logout, payment); parts.py puts them together into the run's four parts.

Where the walk cannot go on (no «Платежи», no «Заплатить», a certificate error) a page raises
WalkStopped; the checks not reached then fail as "not reached", naming the reason.
"""

from playwright.sync_api import Locator, Page

from ..contract import Cabinet
from ..reading import kopecks_in
from ..target import Target
from .checks import Checks
from .locate import GIVE_UP_MS, SHORT_MS, control, origin, shows, table_value
from .traffic import Traffic


class WalkStopped(Exception):
    """The portal does not let the walk go on; the message says where and why."""


class Walk:
    """What the walk knows so far (the account, the confirmed amount, the request sent) and how
    patient it still is with the page in front of it."""

    def __init__(self, target: Target, checks: Checks, traffic: Traffic):
        self.target = target
        self.checks = checks
        self.traffic = traffic
        self.cabinet_origin = origin(target.cabinet_url)
        traffic.cookie_origin = self.cabinet_origin
        self.account: str | None = None
        self.confirmed: int | None = None  # kopecks
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

    def balance(self, page: Page) -> int | None:
        value = table_value(page, Cabinet.BALANCE)
        try:
            return kopecks_in(value or "")
        except ValueError:
            return None


def in_cabinet(page: Page) -> Locator:
    """What shows that a page is the cabinet's, a subscriber logged in: «Выйти» or «Платежи»."""
    return control(page, Cabinet.LOG_OUT).or_(control(page, Cabinet.PAYMENTS))
