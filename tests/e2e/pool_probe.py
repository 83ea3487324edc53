"""The scenario the browser-pool test runs on every worker (not collected by itself: not test_*.py).

Each worker walks to the gateway's page in the browser the pool gave it and writes down which
browser that was (its user agent, set by the pool test) to the file named by POOL_PROBE_OUT.
"""

import json
import os

from portal.contract import Cabinet, Payments
from portal.pages import ConfirmationPage, GatewayPage, LoginPage, PaymentsPage


def test_a_worker_pays_up_to_the_gateway_in_its_own_browser(page, stack, subscriber):
    LoginPage(page, stack.login_url).open().log_in(subscriber.login, subscriber.password)
    payments = PaymentsPage(page)
    payments.open_section(Cabinet.PAYMENTS)
    payments.choose_tab(Payments.CHRONOPAY)
    payments.enter_amount("250")
    payments.start_new_payment()
    ConfirmationPage(page).expect_loaded().pay()
    gateway = GatewayPage(page).expect_loaded()
    seen = {
        "worker": os.environ.get("PYTEST_XDIST_WORKER"),
        "user_agent": page.evaluate("navigator.userAgent"),
        "amount": gateway.amount_text(),
    }
    with open(os.environ["POOL_PROBE_OUT"], "a", encoding="utf-8") as out:
        out.write(json.dumps(seen) + "\n")
