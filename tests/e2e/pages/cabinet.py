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

    def expect_paid(self) -> "PaymentResultPage":
        # The callback may land a moment after the browser: the page updates itself when it does.
        expect(self.heading(self.PAID)).to_be_visible(timeout=15_000)
        return self

    def transaction_id(self) -> str:
        header = self.page.get_by_role("rowheader", name="Номер транзакции")
        return self.page.get_by_role("row").filter(has=header).get_by_role("cell").inner_text().strip()


class ReportsPage(CabinetPage):
    """«Отчеты»: the payments history."""

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
