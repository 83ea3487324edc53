"""The documented card payment as one list of steps, shared by the regression test and the docs.

Each step brings the browser to the screen the instruction shows, checks it the way the
instruction describes it, and names the element the subscriber uses next (the target the docs
outline). The next step begins by using that element. The ids tie each step to a section of the
instruction's source (docs/source/*.md) and to its image file name.

    for step in DocumentedPayment(page, urls, payer).steps():
        target = step.run()          # act, verify, return the element to use next
        ...                          # screenshot, annotate
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page, expect

from .colours import is_red
from .contract import Cabinet, Confirmation, Gateway, Login, Payments, Receipt, Site
from .pages import ConfirmationPage, GatewayPage, GeneralPage, LoginPage, MailboxPage, PaymentResultPage, PaymentsPage
from .reading import kopecks_in

# The cabinet's stylesheet stacks its columns at this width and below.
NARROW_WIDTH = 720


class StepFailed(AssertionError):
    """The page does not show what the instruction says it shows; the message says what differs."""


def require(condition: bool, message: str) -> None:
    """A check of the walk that holds in any run (not an `assert`, which `python -O` removes)."""
    if not condition:
        raise StepFailed(message)


@dataclass(frozen=True)
class Urls:
    site: str
    login: str
    gateway: str
    mailbox: str


@dataclass(frozen=True)
class Payer:
    login: str
    password: str
    account_id: int
    email: str
    amount: str = "1000"  # as the subscriber types it
    card_number: str = "4111 1111 1111 1111"
    card_expiry: str = "12/39"
    card_holder: str = "IVAN PETROV"
    card_cvv: str = "123"


@dataclass
class FlowStep:
    id: str
    title: str  # the sentence of the report
    run: Callable[[], Locator]
    # Elements whose content must never be legible in a picture of this step, beyond the
    # password and card fields that are always masked.
    sensitive: Callable[[], list[Locator]] = field(default=lambda: [])


@dataclass
class Observed:
    """What the walk saw, for the caller's own assertions."""

    balance_before: int | None = None
    confirmed_amount: int | None = None
    gateway_amount: int | None = None
    gateway_url: str = ""
    transaction_id: str = ""
    receipt: str = ""
    balance_after: int | None = None


class DocumentedPayment:
    """Steps 1-8 of the seed instruction, then the receipt and the balance it promises.

    `DocumentedPayment(None, None, None).steps()` lists the steps without running anything.
    """

    def __init__(self, page: Page | None, urls: Urls | None, payer: Payer | None):
        self.page = page
        self.urls = urls
        self.payer = payer
        self.seen = Observed()

    @property
    def narrow(self) -> bool:
        """A phone-sized window, where the cabinet's menu moves above the content."""
        return (self.page.viewport_size or {}).get("width", 1280) <= NARROW_WIDTH

    def steps(self) -> list[FlowStep]:
        return [
            FlowStep("01-site", "Абонент открывает сайт провайдера со ссылкой на личный кабинет", self.open_site),
            FlowStep("02-login", "Абонент вводит логин и пароль на странице входа", self.fill_login),
            FlowStep("03-menu", "В личном кабинете справа выбирает раздел «Платежи»", self.open_cabinet),
            FlowStep("04-amount", "На вкладке «ChronoPay» вводит сумму и нажимает «Новый платеж»", self.enter_amount),
            FlowStep("05-confirm", "Проверяет лицевой счет и сумму и нажимает «Заплатить»", self.confirm),
            FlowStep("06-https", "Попадает на страницу ChronoPay по защищенному протоколу https", self.reach_gateway),
            FlowStep("07-card", "Заполняет обязательные поля и нажимает «Оплатить»", self.fill_card),
            FlowStep("08-result", "Платеж зачислен: кабинет показывает результат", self.see_result),
            FlowStep("09-receipt", "На указанный e-mail приходит письмо с результатом платежа", self.read_receipt),
            FlowStep("10-balance", "Баланс в разделе «Общие» вырос на сумму платежа", self.check_balance),
        ]

    # 1. The ISP's site with the link to the cabinet.
    def open_site(self) -> Locator:
        self.page.goto(self.urls.site)
        link = self.page.get_by_role("link", name=Site.CABINET_LINK)
        expect(link).to_be_visible()
        return link

    # 2. The login page: light green, the sidebar with three links, «Логин», «Пароль».
    def fill_login(self) -> Locator:
        self.page.get_by_role("link", name=Site.CABINET_LINK).click()
        login = LoginPage(self.page, self.urls.login).expect_loaded()
        sidebar = login.sidebar
        expect(sidebar.get_by_role("heading", name=Login.HEADING)).to_be_visible()
        expect(sidebar.get_by_role("link")).to_have_text(list(Login.SIDEBAR_LINKS))
        login.fill(self.payer.login, self.payer.password)
        expect(login.login_field).to_have_value(self.payer.login)
        return login.submit_button

    # 3. The cabinet: the menu on the right, «Платежи» in it.
    def open_cabinet(self) -> Locator:
        LoginPage(self.page, self.urls.login).submit()
        general = GeneralPage(self.page).expect_loaded()
        expect(general.menu.get_by_role("listitem")).to_have_text(list(Cabinet.MENU))
        menu_box = general.menu.bounding_box()
        content_box = self.page.get_by_role("main").bounding_box()
        if self.narrow:
            require(menu_box["y"] < content_box["y"], "on a narrow screen the menu must come before the content")
        else:
            require(menu_box["x"] > content_box["x"], "the menu must be on the right of the content")
        shown = general.value(Login.LOGIN)
        require(shown == self.payer.login, f"«{Cabinet.GENERAL}» shows the login {shown!r}, not the subscriber's")
        self.seen.balance_before = general.balance()
        return general.menu.get_by_role("link", name=Cabinet.PAYMENTS, exact=True)

    # 4. «Платежи»: the ChronoPay tab, «Сумма», «Новый платеж».
    def enter_amount(self) -> Locator:
        payments = PaymentsPage(self.page)
        payments.open_section(Cabinet.PAYMENTS)
        # The click navigates: wait for the payments page's tabs, then compare them.
        expect(payments.tabs.get_by_role("link")).to_have_text(list(Payments.TABS))
        payments.choose_tab(Payments.CHRONOPAY)
        payments.enter_amount(self.payer.amount)
        expect(self.page.get_by_text(Payments.ACCOUNT_IS_AUTOMATIC)).to_be_visible()
        return payments.new_payment_button

    # 5. The confirmation: «Параметр» / «Значение», «Лицевой счет», «Сумма», «Заплатить».
    def confirm(self) -> Locator:
        PaymentsPage(self.page).start_new_payment()
        confirmation = ConfirmationPage(self.page).expect_loaded()
        expect(confirmation.table.get_by_role("columnheader")).to_have_text(list(Confirmation.COLUMNS))
        account = confirmation.value(Confirmation.ACCOUNT)
        require(account == str(self.payer.account_id), f"the confirmation shows the account {account!r}")
        self.seen.confirmed_amount = kopecks_in(confirmation.value(Confirmation.AMOUNT))
        require(
            self.seen.confirmed_amount == kopecks_in(self.payer.amount),
            f"the confirmation shows {self.seen.confirmed_amount} kopecks for a typed {self.payer.amount!r}",
        )
        return confirmation.pay_button

    # 6. The redirect to the payment system, over HTTPS.
    def reach_gateway(self) -> Locator:
        ConfirmationPage(self.page).pay()
        gateway = GatewayPage(self.page).expect_loaded()
        address = urlsplit(self.page.url)
        require(address.scheme == "https", f"the gateway's page is not served over https: {self.page.url}")
        require(f"{address.scheme}://{address.netloc}/" == self.urls.gateway, f"not the gateway: {self.page.url}")
        self.seen.gateway_url = self.page.url
        expect(self.page.get_by_text(Gateway.PROVIDER_LINE)).to_be_visible()
        return gateway.title

    # 7. The ChronoPay page: the same amount to the kopeck, the required fields, «Оплатить».
    def fill_card(self) -> Locator:
        gateway = GatewayPage(self.page)
        self.seen.gateway_amount = gateway.amount()
        require(
            self.seen.gateway_amount == self.seen.confirmed_amount,
            f"the gateway asks {gateway.amount_text()!r} for a confirmed {self.seen.confirmed_amount} kopecks",
        )
        expect(self.page.get_by_text(Gateway.PURPOSE)).to_be_visible()
        for heading in Gateway.HEADINGS:
            expect(self.page.get_by_role("heading", name=heading)).to_be_visible()
        not_red = {label: colour for label, colour in gateway.required_mark_colours().items() if not is_red(colour)}
        require(not not_red, f"required fields without a red asterisk: {not_red}")
        for brand in Gateway.BRANDS:
            expect(self.page.get_by_role("img", name=brand)).to_be_visible()
        expect(self.page.get_by_text(Gateway.WARNING)).to_be_visible()
        gateway.fill_payer(self.payer.email)
        gateway.fill_card(self.payer.card_number, self.payer.card_expiry, self.payer.card_holder, self.payer.card_cvv)
        return gateway.pay_button

    # 8. Back at the cabinet: the payment is booked once the gateway has told the cabinet.
    def see_result(self) -> Locator:
        GatewayPage(self.page).pay()
        result = PaymentResultPage(self.page).expect_paid()
        self.seen.transaction_id = result.transaction_id()
        notice = self.page.get_by_role("status")
        expect(notice).to_contain_text(str(self.payer.account_id))
        return notice

    # The e-mail with the result, at the address given on the card page.
    def read_receipt(self) -> Locator:
        mailbox = MailboxPage(self.page, self.urls.mailbox).open(to=self.payer.email)
        expect(mailbox.message_links()).to_have_count(1)
        self.seen.receipt = mailbox.open_message("ChronoPay")
        body = mailbox.body()
        for expected in (
            Receipt.SUCCESS,
            f"{Receipt.TRANSACTION}: {self.seen.transaction_id}",
            re.compile(r"Сумма: \d+\.\d{2} RUB"),
        ):
            expect(body).to_contain_text(expected)
        digits = re.sub(r"\D", "", self.payer.card_number)
        require(f"{digits[:6]}******{digits[-4:]}" in self.seen.receipt, "the receipt does not name the card masked")
        require(digits not in self.seen.receipt, "the receipt shows the whole card number")
        return body.locator("pre")  # the letter's text itself (the mailbox is our own page, not the portal's)

    # The balance in «Общие», grown by exactly the amount.
    def check_balance(self) -> Locator:
        self.page.goto(self.urls.login)  # the cabinet's address; logged in, it opens «Общие»
        general = GeneralPage(self.page).expect_loaded()
        self.seen.balance_after = general.balance()
        grown = self.seen.balance_after - self.seen.balance_before
        require(grown == self.seen.confirmed_amount, f"the balance grew by {grown} kopecks, not the amount paid")
        return general.row(Cabinet.BALANCE)
