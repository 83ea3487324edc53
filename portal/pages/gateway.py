"""Steps 6-8 on the payment system's side: the hosted page, 3-D Secure, the wait, the results."""

import re

from playwright.sync_api import Page, expect

from ..colours import asterisk_colour
from ..contract import Gateway
from ..reading import kopecks_in
from .screen import Screen

FIX_ERRORS = "Проверьте поля, отмеченные красным."


class GatewayPage(Screen):
    """Step 7: the hosted payment page (its title is a text, not a heading)."""

    def __init__(self, page: Page):
        super().__init__(page)
        self.heading = self.title = page.get_by_text(Gateway.TITLE, exact=True)
        self.email = page.get_by_label(Gateway.EMAIL)
        self.country = page.get_by_label(Gateway.COUNTRY)
        self.card_number = page.get_by_label(Gateway.CARD_NUMBER)
        self.expiry = page.get_by_label(Gateway.EXPIRY)
        self.holder = page.get_by_label(re.compile(rf"^{Gateway.HOLDER}\*?$"))  # not «Имя» inside another label
        self.cvv = page.get_by_label(Gateway.CVV)
        self.pay_button = page.get_by_role("button", name=Gateway.PAY)

    def amount_text(self) -> str:
        return self.page.get_by_text(re.compile(rf"^{Gateway.AMOUNT_PREFIX} ")).inner_text().strip()

    def amount(self) -> int:
        return kopecks_in(self.amount_text())

    def purpose(self) -> str:
        return self.page.get_by_text(Gateway.PURPOSE).locator("xpath=..").inner_text().strip()

    def fill_payer(self, email: str, country: str = "RUS") -> None:
        self.email.fill(email)
        self.country.select_option(country)

    def fill_card(self, number: str, expiry: str, holder: str, cvv: str) -> None:
        self.card_number.fill(number)
        self.expiry.fill(expiry)
        self.holder.fill(holder)
        self.cvv.fill(cvv)

    def pay(self) -> None:
        self.pay_button.click()

    def fields(self) -> dict:
        """The form's fields by their labels (Gateway.FIELDS, in order), for checks that go over all of them."""
        found = (self.email, self.country, self.card_number, self.expiry, self.holder, self.cvv)
        return dict(zip(Gateway.FIELDS, found, strict=True))

    def required_marks(self):
        """The asterisks that mark required fields, as the payer sees them."""
        return self.page.get_by_text("*", exact=True)

    def required_mark_colours(self) -> dict[str, str]:
        """The colour of each field's «*», by label ("" where the label has none)."""
        return {label: asterisk_colour(field) for label, field in self.fields().items()}

    def expect_refused(self, field, message: str) -> None:
        """The page refused the form: the field is marked and described by the message."""
        expect(self.page.get_by_role("alert").filter(has_text=FIX_ERRORS)).to_be_visible()
        self.expect_field_refused(field, re.compile(re.escape(message)))

    def expect_only_refused(self, field, message: str) -> None:
        """The page refused the form for `field` alone: no other field is marked."""
        self.expect_refused(field, message)
        expect(self.page.locator("[aria-invalid=true]")).to_have_count(1)


class ThreeDSecurePage(Screen):
    HEADING = "Подтверждение платежа (3-D Secure)"

    def __init__(self, page: Page):
        super().__init__(page)
        self.code = page.get_by_label("Код подтверждения")
        self.confirm_button = page.get_by_role("button", name="Подтвердить")

    def card_line(self):
        return self.page.get_by_text(re.compile(r"^Карта: "))

    def confirm(self, code: str) -> None:
        self.code.fill(code)
        self.confirm_button.click()


class ProcessingPage(Screen):
    HEADING = "Платеж обрабатывается"
    WAITING = "Банк проверяет платеж. Страница откроет результат сама."

    def expect_loaded(self) -> "ProcessingPage":
        super().expect_loaded()
        expect(self.page.get_by_role("status")).to_have_text(self.WAITING)
        expect(self.page.get_by_text(Gateway.WARNING)).to_be_visible()
        return self


class GatewayResultPage(Screen):
    DECLINED = "Платеж отклонен"
    FAILED = "Ошибка обработки платежа"
    NOT_CHARGED = "Деньги с карты не списаны."

    def __init__(self, page: Page):
        super().__init__(page)
        self.back_link = page.get_by_role("link", name="Вернуться на сайт магазина")

    def titled(self, text: str):
        return self.main.get_by_role("heading", name=text)

    def expect_outcome(self, title: str, reason: str) -> "GatewayResultPage":
        """The bank's answer, its reason, and that nothing was taken from the card."""
        expect(self.titled(title)).to_be_visible()
        expect(self.page.get_by_role("alert")).to_have_text(reason)
        expect(self.page.get_by_text(self.NOT_CHARGED)).to_be_visible()
        return self

    def back_to_merchant(self) -> None:
        self.back_link.click()


class RequestRefusedPage(Screen):
    """The gateway's answer to a request it will not take (a wrong sign, a wrong price...)."""

    HEADING = TITLE = "Запрос на оплату не принят"

    def expect_loaded(self, reason: str) -> "RequestRefusedPage":
        super().expect_loaded()
        expect(self.page.get_by_role("alert")).to_have_text(reason)
        expect(self.page.get_by_role("button", name=Gateway.PAY)).to_have_count(0)
        return self
