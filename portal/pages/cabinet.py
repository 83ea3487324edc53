"""Steps 3-5 and what follows in the cabinet: the right-hand menu, «Общие», «Платежи», the
confirmation, the result pages and «Отчеты»."""

from playwright.sync_api import Page, expect

from ..contract import Cabinet, Confirmation, Payments, Receipt
from ..reading import kopecks_in
from .screen import Screen

# The accessible names the mocks give the menu and the tabs (a real portal may give none:
# the conformance walk finds them by the items they hold instead).
MENU_NAME = "Меню личного кабинета"
TABS_NAME = "Способы оплаты"


class CabinetPage(Screen):
    """Any page of the cabinet: the menu on the right."""

    def __init__(self, page: Page, cabinet_url: str = ""):
        super().__init__(page, cabinet_url)
        self.menu = page.get_by_role("navigation", name=MENU_NAME)

    def menu_items(self) -> list[str]:
        return [text.strip() for text in self.menu.get_by_role("listitem").all_inner_texts()]

    def open_section(self, name: str) -> None:
        self.menu.get_by_role("link", name=name, exact=True).click()

    def log_out(self) -> None:
        self.menu.get_by_role("button", name=Cabinet.LOG_OUT).click()


class GeneralPage(CabinetPage):
    """«Общие»: the subscriber's card of facts."""

    PATH = "cabinet/"
    HEADING = Cabinet.GENERAL

    def row(self, label: str):
        return self.page.get_by_role("row").filter(has=self.page.get_by_role("rowheader", name=label, exact=True))

    def value(self, label: str) -> str:
        return self.row_value(label)

    def balance(self) -> int:
        return kopecks_in(self.value(Cabinet.BALANCE))


class PaymentsPage(CabinetPage):
    """«Платежи»: the three tabs; the ChronoPay tab's «Сумма» and «Новый платеж»."""

    def __init__(self, page: Page, cabinet_url: str = ""):
        super().__init__(page, cabinet_url)
        self.tabs = page.get_by_role("navigation", name=TABS_NAME)
        self.amount_field = page.get_by_label(Payments.AMOUNT, exact=True)
        self.new_payment_button = page.get_by_role("button", name=Payments.NEW_PAYMENT)

    def choose_tab(self, name: str) -> None:
        self.tabs.get_by_role("link", name=name, exact=True).click()
        expect(self.tabs.get_by_role("link", name=name, exact=True)).to_have_attribute("aria-current", "page")

    def enter_amount(self, amount: str) -> None:
        self.amount_field.fill(amount)

    def start_new_payment(self) -> None:
        self.new_payment_button.click()

    def expect_amount_refused(self, message: str) -> None:
        """The message is shown next to «Сумма»: the field is marked and described by it."""
        self.expect_field_refused(self.amount_field, message)


class ChronopayTab(PaymentsPage):
    """«Платежи» → «ChronoPay»: the amount form of step 4 (it has an address of its own)."""

    PATH = "cabinet/payments/chronopay"
    HEADING = "Оплата банковской картой через ChronoPay"


class CardActivationTab(PaymentsPage):
    """«Платежи» → «Активация карты»: a prepaid card's number and PIN."""

    PATH = "cabinet/payments/"
    HEADING = "Активация карты оплаты"

    def __init__(self, page: Page, cabinet_url: str = ""):
        super().__init__(page, cabinet_url)
        self.number_field = page.get_by_label("Номер карты", exact=True)
        self.pin_field = page.get_by_label("PIN-код", exact=True)
        self.activate_button = page.get_by_role("button", name="Активировать")

    def activate(self, number: str, pin: str) -> None:
        self.number_field.fill(number)
        self.pin_field.fill(pin)
        self.activate_button.click()

    def notice(self):
        return self.page.get_by_role("status")

    def refusal(self):
        return self.main.get_by_role("alert")


class PaymentDocumentTab(PaymentsPage):
    """«Платежи» → «Платежный документ»: a bank form to print, for the amount typed."""

    PATH = "cabinet/payments/document"
    HEADING = "Платежный документ для оплаты в банке"
    PARTS = ("Извещение", "Квитанция")

    def __init__(self, page: Page, cabinet_url: str = ""):
        super().__init__(page, cabinet_url)
        self.make_button = page.get_by_role("button", name="Сформировать документ")
        self.document = page.get_by_role("article", name="Платежный документ")
        self.print_button = page.get_by_role("button", name="Распечатать")

    def make_document(self, amount: str) -> None:
        self.enter_amount(amount)
        self.make_button.click()

    def parts(self):
        """The headings of the document's parts, in order («Извещение», «Квитанция»)."""
        return self.document.get_by_role("heading")

    def values(self, label: str) -> list[str]:
        """The value of `label` in each part of the document, in order."""
        header = self.page.get_by_role("rowheader", name=label, exact=True)
        rows = self.document.get_by_role("row").filter(has=header)
        return [text.strip() for text in rows.get_by_role("cell").all_inner_texts()]


class ConfirmationPage(CabinetPage):
    """Step 5: «Платеж в системе ChronoPay» with «Параметр» / «Значение» and «Заплатить»."""

    HEADING = Confirmation.HEADING

    def __init__(self, page: Page):
        super().__init__(page)
        self.table = page.get_by_role("table").filter(
            has=page.get_by_role("columnheader", name=Confirmation.COLUMNS[0])
        )
        self.pay_button = page.get_by_role("button", name=Confirmation.PAY)

    def value(self, parameter: str) -> str:
        row = self.table.get_by_role("row").filter(has=self.page.get_by_role("cell", name=parameter, exact=True))
        return row.get_by_role("cell").nth(1).inner_text().strip()

    def pay(self) -> None:
        self.pay_button.click()


class PaymentResultPage(CabinetPage):
    """success_url / decline_url: what the cabinet says became of the order."""

    PAID = "Платеж зачислен"
    AWAITING = "Платеж ожидает подтверждения"
    FAILED = "Платеж не выполнен"

    def titled(self, text: str):
        return self.main.get_by_role("heading", name=text)

    def expect_awaiting(self) -> "PaymentResultPage":
        expect(self.titled(self.AWAITING)).to_be_visible()
        return self

    def expect_failed(self) -> "PaymentResultPage":
        expect(self.titled(self.FAILED)).to_be_visible()
        expect(self.main.get_by_role("alert")).to_contain_text("деньги не списаны")
        return self

    def expect_paid(self) -> "PaymentResultPage":
        # The callback may land a moment after the browser: the page updates itself when it does.
        expect(self.titled(self.PAID)).to_be_visible(timeout=15_000)
        return self

    def transaction_id(self) -> str:
        return self.row_value(Receipt.TRANSACTION)


class ReportsPage(CabinetPage):
    """«Отчеты»: the payments history."""

    PATH = "cabinet/reports"
    HEADING = Cabinet.REPORTS
    COLUMNS = ("Дата", "Сумма, руб.", "Способ оплаты", Receipt.TRANSACTION, "Баланс после, руб.")

    def payments(self) -> list[dict[str, str]]:
        rows = self.page.get_by_role("table").get_by_role("row")
        found = []
        for row in rows.all()[1:]:
            cells = [cell.strip() for cell in row.get_by_role("cell").all_inner_texts()]
            found.append(dict(zip(self.COLUMNS, cells, strict=False)))
        return found
