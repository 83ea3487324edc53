"""Steps 6-8 on the payment system's side: the hosted page, 3-D Secure, the wait, the results."""

import re

from playwright.sync_api import Page, expect

from .money import kopecks_in

TITLE = "CHRONOPAY СТРАНИЦА ОПЛАТЫ"
PROVIDER_LINE = "сервис обеспечивает компания CHRONOPAY провайдер онлайн платежей"
ABOUT_YOU = "ВВЕДИТЕ ИНФОРМАЦИЮ О СЕБЕ"
CARD_SECTION = "ВВЕДИТЕ ДАННЫЕ КАРТЫ"
WARNING = (
    "Пожалуйста, не закрывайте и не обновляйте это окно до завершения полного процесса "
    "(обычно это занимает не более трех минут)."
)
FIX_ERRORS = "Проверьте поля, отмеченные красным."
FIELDS = ("E-mail", "Страна", "Номер банковской карты", "Срок действия", "Имя", "CVV2/CVC2")


class GatewayPage:
    def __init__(self, page: Page):
        self.page = page
        self.title = page.get_by_text(TITLE, exact=True)
        self.email = page.get_by_label("E-mail")
        self.country = page.get_by_label("Страна")
        self.card_number = page.get_by_label("Номер банковской карты")
        self.expiry = page.get_by_label("Срок действия")
        self.holder = page.get_by_label(re.compile(r"^Имя\*?$"))  # not «Имя» inside another label
        self.cvv = page.get_by_label("CVV2/CVC2")
        self.pay_button = page.get_by_role("button", name="Оплатить")

    def expect_loaded(self) -> "GatewayPage":
        expect(self.title).to_be_visible()
        return self

    def amount_text(self) -> str:
        return self.page.get_by_text(re.compile(r"^Сумма: ")).inner_text().strip()

    def amount(self) -> int:
        return kopecks_in(self.amount_text())

    def purpose(self) -> str:
        return self.page.get_by_text("Назначение платежа").locator("xpath=..").inner_text().strip()

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
        """The form's fields by their labels, for checks that go over all of them."""
        return {
            "E-mail": self.email,
            "Страна": self.country,
            "Номер банковской карты": self.card_number,
            "Срок действия": self.expiry,
            "Имя": self.holder,
            "CVV2/CVC2": self.cvv,
        }

    def required_marks(self):
        """The asterisks that mark required fields, as the payer sees them."""
        return self.page.get_by_text("*", exact=True)

    def expect_refused(self, field, message: str) -> None:
        """The page refused the form: the field is marked and described by the message."""
        expect(self.page.get_by_role("alert").filter(has_text=FIX_ERRORS)).to_be_visible()
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(re.compile(re.escape(message)))

    def expect_only_refused(self, field, message: str) -> None:
        """The page refused the form for `field` alone: no other field is marked."""
        self.expect_refused(field, message)
        expect(self.page.locator("[aria-invalid=true]")).to_have_count(1)

    def error_for(self, field):
        """The message shown for a field (linked by aria-describedby)."""
        described_by = field.get_attribute("aria-describedby")
        if not described_by:
            return None
        return self.page.locator(f"#{described_by}").inner_text().strip()


class ThreeDSecurePage:
    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", name="Подтверждение платежа (3-D Secure)")
        self.code = page.get_by_label("Код подтверждения")
        self.confirm_button = page.get_by_role("button", name="Подтвердить")

    def expect_loaded(self) -> "ThreeDSecurePage":
        expect(self.heading).to_be_visible()
        return self

    def card_line(self):
        return self.page.get_by_text(re.compile(r"^Карта: "))

    def confirm(self, code: str) -> None:
        self.code.fill(code)
        self.confirm_button.click()


class ProcessingPage:
    WAITING = "Банк проверяет платеж. Страница откроет результат сама."

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", name="Платеж обрабатывается")

    def expect_loaded(self) -> "ProcessingPage":
        expect(self.heading).to_be_visible()
        expect(self.page.get_by_role("status")).to_have_text(self.WAITING)
        expect(self.page.get_by_text(WARNING)).to_be_visible()
        return self


class GatewayResultPage:
    DECLINED = "Платеж отклонен"
    FAILED = "Ошибка обработки платежа"
    NOT_CHARGED = "Деньги с карты не списаны."

    def __init__(self, page: Page):
        self.page = page
        self.back_link = page.get_by_role("link", name="Вернуться на сайт магазина")

    def heading(self, text: str):
        return self.page.get_by_role("heading", name=text)

    def reason(self) -> str:
        return self.page.get_by_role("alert").inner_text().strip()

    def expect_outcome(self, title: str, reason: str) -> "GatewayResultPage":
        """The bank's answer, its reason, and that nothing was taken from the card."""
        expect(self.heading(title)).to_be_visible()
        expect(self.page.get_by_role("alert")).to_have_text(reason)
        expect(self.page.get_by_text(self.NOT_CHARGED)).to_be_visible()
        return self

    def back_to_merchant(self) -> None:
        self.back_link.click()


class RequestRefusedPage:
    """The gateway's answer to a request it will not take (a wrong sign, a wrong price...)."""

    TITLE = "Запрос на оплату не принят"

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", name=self.TITLE)

    def expect_loaded(self, reason: str) -> "RequestRefusedPage":
        expect(self.heading).to_be_visible()
        expect(self.page.get_by_role("alert")).to_have_text(reason)
        expect(self.page.get_by_role("button", name="Оплатить")).to_have_count(0)
        return self
