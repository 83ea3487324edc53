"""The login page's two other ways in: «Вход (hotspot)» and «Авторегистрация пользователя»."""

from playwright.sync_api import Page, expect


class HotspotPage:
    """«Вход (hotspot)»: opens the Internet for this device with the subscriber's login and password."""

    def __init__(self, page: Page, cabinet_url: str):
        self.page = page
        self.url = cabinet_url + "hotspot"
        self.main = page.get_by_role("main")
        self.login_field = page.get_by_label("Логин", exact=True)
        self.password_field = page.get_by_label("Пароль", exact=True)
        self.connect_button = page.get_by_role("button", name="Подключиться")
        self.disconnect_button = page.get_by_role("button", name="Отключиться")

    def open(self) -> "HotspotPage":
        self.page.goto(self.url)
        return self.expect_loaded()

    def expect_loaded(self) -> "HotspotPage":
        expect(self.main.get_by_role("heading", name="Вход (hotspot)")).to_be_visible()
        return self

    def connect(self, login: str, password: str) -> None:
        self.login_field.fill(login)
        self.password_field.fill(password)
        self.connect_button.click()

    def expect_connected(self, login: str) -> "HotspotPage":
        expect(self.main.get_by_role("heading", name="Доступ в Интернет открыт")).to_be_visible()
        expect(self.main.get_by_role("status")).to_have_text(f"Вы подключены как {login}.")
        return self

    def error(self):
        return self.main.get_by_role("alert")


class RegistrationPage:
    """«Авторегистрация пользователя»: the form whose answer is a new login and password."""

    HEADING = "Авторегистрация пользователя"

    def __init__(self, page: Page, cabinet_url: str):
        self.page = page
        self.url = cabinet_url + "register"
        self.main = page.get_by_role("main")
        self.full_name = page.get_by_label("ФИО", exact=True)
        self.address = page.get_by_label("Адрес подключения", exact=True)
        self.phone = page.get_by_label("Телефон", exact=True)
        self.email = page.get_by_label("E-mail (необязательно)", exact=True)
        self.tariff = page.get_by_label("Тариф", exact=True)
        self.submit_button = page.get_by_role("button", name="Зарегистрироваться")

    def open(self) -> "RegistrationPage":
        self.page.goto(self.url)
        return self.expect_loaded()

    def expect_loaded(self) -> "RegistrationPage":
        expect(self.main.get_by_role("heading", name=self.HEADING)).to_be_visible()
        return self

    def fill(self, full_name: str, address: str, phone: str, email: str = "", tariff_index: int = 0) -> None:
        self.full_name.fill(full_name)
        self.address.fill(address)
        self.phone.fill(phone)
        self.email.fill(email)
        self.tariff.select_option(index=tariff_index)

    def submit(self) -> None:
        self.submit_button.click()

    def expect_refused(self, field, message: str) -> None:
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(message)


class RegisteredPage:
    """«Регистрация завершена»: the new login and its password, shown this once."""

    ONCE = "Запишите логин и пароль: пароль показывается только один раз."

    def __init__(self, page: Page):
        self.page = page
        self.main = page.get_by_role("main")
        self.heading = self.main.get_by_role("heading", name="Регистрация завершена")
        self.to_login_link = page.get_by_role("link", name="Перейти ко входу в личный кабинет")

    def expect_loaded(self) -> "RegisteredPage":
        expect(self.heading).to_be_visible()
        expect(self.main.get_by_role("status")).to_have_text(self.ONCE)
        return self

    def value(self, label: str) -> str:
        header = self.page.get_by_role("rowheader", name=label, exact=True)
        return self.page.get_by_role("row").filter(has=header).get_by_role("cell").inner_text().strip()

    def go_to_login(self) -> None:
        self.to_login_link.click()
