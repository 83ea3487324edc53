"""A browser that runs elsewhere: the suite can drive a Chromium it reaches over CDP.

The test starts a local Chromium with a remote-debugging port on loopback, as a remote machine
would run it, connects to it the way --cdp-endpoint does, and walks a scenario through it.
"""

import pytest
from playwright.sync_api import expect

from demstack.browser import trust_args
from portal.contract import Cabinet, Payments
from portal.pages import ConfirmationPage, GatewayPage, LoginPage, PaymentsPage
from tests.support.browsers import cdp_chromium

pytestmark = pytest.mark.slow


@pytest.fixture
def remote_chromium(playwright, chromium_choice, trusted_certificate_pins, tmp_path):
    """A Chromium process of its own, listening for CDP on a free loopback port; yields its endpoint."""
    executable = chromium_choice.executable_path or playwright.chromium.executable_path
    args = [*chromium_choice.args, *trust_args(trusted_certificate_pins)]
    with cdp_chromium(executable, args, tmp_path / "profile") as endpoint:
        yield endpoint


def test_a_scenario_runs_in_a_chromium_reached_over_cdp(playwright, remote_chromium, stack, subscriber, steps):
    browser = playwright.chromium.connect_over_cdp(remote_chromium)
    try:
        context = browser.new_context()
        page = context.new_page()
        steps.page = page
        with steps("Абонент входит в личный кабинет в браузере на другой машине (CDP)"):
            LoginPage(page, stack.login_url).open().log_in(subscriber.login, subscriber.password)
        with steps("Абонент вводит сумму 250 на вкладке «ChronoPay»"):
            payments = PaymentsPage(page)
            payments.open_section(Cabinet.PAYMENTS)
            payments.choose_tab(Payments.CHRONOPAY)
            payments.enter_amount("250")
            payments.start_new_payment()
        with steps("Подтверждение и переход на страницу ChronoPay по https"):
            ConfirmationPage(page).expect_loaded().pay()
            GatewayPage(page).expect_loaded()
            expect(page.get_by_text("Сумма: 250.00 РУБ")).to_be_visible()
        assert page.url.startswith(stack.gateway_url)
        assert browser.version
    finally:
        browser.close()
