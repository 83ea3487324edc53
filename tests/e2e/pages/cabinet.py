"""Steps 3-5 and what follows in the cabinet: the right-hand menu, «Общие», «Платежи», the
confirmation, the result pages and «Отчеты»."""

from playwright.sync_api import Page, expect

from .money import kopecks_in

MENU = ("Общие", "Сообщения", "Отчеты", "Тарифы и услуги", "Платежи", "Выйти")
TABS = ("Активация карты", "Платежный документ", "ChronoPay")
GENERAL_LABELS = ("ID", "Логин", "Основной лицевой счет", "Баланс", "Кредит", "ФИО", "Состояние интернета")
CONFIRMATION_HEADING = "Платеж в системе ChronoPay"


class CabinetPage:
    """Any page of the cabinet: the menu on the right."""

    def __init__(self, page: Page):
        self.page = page
        self.menu = page.get_by_role("navigation", name="Меню личного кабинета")

    def menu_items(self) -> list[str]:
        return [text.strip() for text in self.menu.get_by_role("listitem").all_inner_texts()]

    def open_section(self, name: str) -> None:
        self.menu.get_by_role("link", name=name, exact=True).click()

    def log_out(self) -> None:
        self.menu.get_by_role("button", name="Выйти").click()


class GeneralPage(CabinetPage):
    """«Общие»: the subscriber's card of facts."""

    def __init__(self, page: Page, cabinet_url: str = ""):
        super().__init__(page)
        self.url = cabinet_url + "cabinet/"

    def open(self) -> "GeneralPage":
        self.page.goto(self.url)
        return self.expect_loaded()

    def expect_loaded(self) -> "GeneralPage":
        expect(self.page.get_by_role("heading", name="Общие", exact=True)).to_be_visible()
        return self

    def row(self, label: str):
        return self.page.get_by_role("row").filter(has=self.page.get_by_role("rowheader", name=label, exact=True))

    def value_cell(self, label: str):
        return self.row(label).get_by_role("cell")

    def value(self, label: str) -> str:
        return self.value_cell(label).inner_text().strip()

    def balance(self) -> int:
        return kopecks_in(self.value("Баланс"))


class PaymentsPage(CabinetPage):
    """«Платежи»: the three tabs; the ChronoPay tab's «Сумма» and «Новый платеж»."""

    def __init__(self, page: Page):
        super().__init__(page)
        self.tabs = page.get_by_role("navigation", name="Способы оплаты")
        self.amount_field = page.get_by_label("Сумма", exact=True)
        self.new_payment_button = page.get_by_role("button", name="Новый платеж")

    def tab_names(self) -> list[str]:
        return [text.strip() for text in self.tabs.get_by_role("link").all_inner_texts()]

    def choose_tab(self, name: str) -> None:
        self.tabs.get_by_role("link", name=name, exact=True).click()
        expect(self.tabs.get_by_role("link", name=name, exact=True)).to_have_attribute("aria-current", "page")

    def enter_amount(self, amount: str) -> None:
        self.amount_field.fill(amount)

    def start_new_payment(self) -> None:
        self.new_payment_button.click()

    def amount_error(self):
        return self.page.get_by_role("alert")

    def expect_amount_refused(self, message: str) -> None:
        """The message is shown next to «Сумма»: the field is marked and described by it."""
        expect(self.amount_field).to_have_attribute("aria-invalid", "true")
        expect(self.amount_field).to_have_accessible_description(message)


class ChronopayTab(PaymentsPage):
    """«Платежи» → «ChronoPay»: the amount form of step 4 (it has an address of its own)."""

    def __init__(self, page: Page, cabinet_url: str = ""):
        super().__init__(page)
        self.url = cabinet_url + "cabinet/payments/chronopay"
        self.heading = page.get_by_role("heading", name="Оплата банковской картой через ChronoPay")

    def open(self) -> "ChronopayTab":
        self.page.goto(self.url)
        return self.expect_loaded()

    def expect_loaded(self) -> "ChronopayTab":
        expect(self.heading).to_be_visible()
        return self


class CardActivationTab(PaymentsPage):
    """«Платежи» → «Активация карты»: a prepaid card's number and PIN."""

    def __init__(self, page: Page, cabinet_url: str = ""):
        super().__init__(page)
        self.url = cabinet_url + "cabinet/payments/"
        self.heading = page.get_by_role("heading", name="Активация карты оплаты")
        self.number_field = page.get_by_label("Номер карты", exact=True)
        self.pin_field = page.get_by_label("PIN-код", exact=True)
        self.activate_button = page.get_by_role("button", name="Активировать")

    def open(self) -> "CardActivationTab":
        self.page.goto(self.url)
        return self.expect_loaded()

    def expect_loaded(self) -> "CardActivationTab":
        expect(self.heading).to_be_visible()
        return self

    def activate(self, number: str, pin: str) -> None:
        self.number_field.fill(number)
        self.pin_field.fill(pin)
        self.activate_button.click()

    def notice(self):
        return self.page.get_by_role("status")

    def refusal(self):
        return self.page.get_by_role("main").get_by_role("alert")


class PaymentDocumentTab(PaymentsPage):
    """«Платежи» → «Платежный документ»: a bank form to print, for the amount typed."""

    PARTS = ("Извещение", "Квитанция")

    def __init__(self, page: Page, cabinet_url: str = ""):
        super().__init__(page)
        self.url = cabinet_url + "cabinet/payments/document"
        self.heading = page.get_by_role("heading", name="Платежный документ для оплаты в банке")
        self.make_button = page.get_by_role("button", name="Сформировать документ")
        self.document = page.get_by_role("article", name="Платежный документ")
        self.print_button = page.get_by_role("button", name="Распечатать")

    def open(self) -> "PaymentDocumentTab":
        self.page.goto(self.url)
        return self.expect_loaded()

    def expect_loaded(self) -> "PaymentDocumentTab":
        expect(self.heading).to_be_visible()
        return self

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

    def __init__(self, page: Page):
        super().__init__(page)
        self.heading = page.get_by_role("heading", name=CONFIRMATION_HEADING)
        self.table = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Параметр"))
        self.pay_button = page.get_by_role("button", name="Заплатить")

    def expect_loaded(self) -> "ConfirmationPage":
        expect(self.heading).to_be_visible()
        return self

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

    def heading(self, text: str):
        return self.page.get_by_role("heading", name=text)

    def expect_awaiting(self) -> "PaymentResultPage":
        expect(self.heading(self.AWAITING)).to_be_visible()
        return self

    def expect_failed(self) -> "PaymentResultPage":
        expect(self.heading(self.FAILED)).to_be_visible()
        expect(self.page.get_by_role("main").get_by_role("alert")).to_contain_text("деньги не списаны")
        return self

    def expect_paid(self) -> "PaymentResultPage":
        # The callback may land a moment after the browser: the page updates itself when it does.
        expect(self.heading(self.PAID)).to_be_visible(timeout=15_000)
        return self

    def transaction_id(self) -> str:
        header = self.page.get_by_role("rowheader", name="Номер транзакции")
        return self.page.get_by_role("row").filter(has=header).get_by_role("cell").inner_text().strip()


class ReportsPage(CabinetPage):
    """«Отчеты»: the payments history."""

    def __init__(self, page: Page, cabinet_url: str = ""):
        super().__init__(page)
        self.url = cabinet_url + "cabinet/reports"

    def open(self) -> "ReportsPage":
        self.page.goto(self.url)
        return self.expect_loaded()

    COLUMNS = ("Дата", "Сумма, руб.", "Способ оплаты", "Номер транзакции", "Баланс после, руб.")

    def expect_loaded(self) -> "ReportsPage":
        expect(self.page.get_by_role("heading", name="Отчеты", exact=True)).to_be_visible()
        return self

    def payments(self) -> list[dict[str, str]]:
        rows = self.page.get_by_role("table").get_by_role("row")
        found = []
        for row in rows.all()[1:]:
            cells = [cell.strip() for cell in row.get_by_role("cell").all_inner_texts()]
            found.append(dict(zip(self.COLUMNS, cells, strict=False)))
        return found
