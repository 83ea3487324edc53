"""The login page's two other ways in: «Вход (hotspot)» and «Авторегистрация пользователя»."""

from playwright.sync_api import Page, expect

from ..contract import Login
from .screen import Screen


class HotspotPage(Screen):
    """«Вход (hotspot)»: opens the Internet for this device with the subscriber's login and password."""

    PATH = "hotspot"
    HEADING = Login.SIDEBAR_LINKS[0]

    def __init__(self, page: Page, cabinet_url: str):
        super().__init__(page, cabinet_url)
        self.login_field = page.get_by_label(Login.LOGIN, exact=True)
        self.password_field = page.get_by_label(Login.PASSWORD, exact=True)
        self.connect_button = page.get_by_role("button", name="Подключиться")
        self.disconnect_button = page.get_by_role("button", name="Отключиться")

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


class RegistrationPage(Screen):
    """«Авторегистрация пользователя»: the form whose answer is a new login and password."""

    PATH = "register"
    HEADING = Login.SIDEBAR_LINKS[1]

    def __init__(self, page: Page, cabinet_url: str):
        super().__init__(page, cabinet_url)
        self.full_name = page.get_by_label("ФИО", exact=True)
        self.address = page.get_by_label("Адрес подключения", exact=True)
        self.phone = page.get_by_label("Телефон", exact=True)
        self.email = page.get_by_label("E-mail (необязательно)", exact=True)
        self.tariff = page.get_by_label("Тариф", exact=True)
        self.submit_button = page.get_by_role("button", name="Зарегистрироваться")

    def fill(self, full_name: str, address: str, phone: str, email: str = "", tariff_index: int = 0) -> None:
        self.full_name.fill(full_name)
        self.address.fill(address)
        self.phone.fill(phone)
        self.email.fill(email)
        self.tariff.select_option(index=tariff_index)

    def submit(self) -> None:
        self.submit_button.click()


class RegisteredPage(Screen):
    """«Регистрация завершена»: the new login and its password, shown this once."""

    HEADING = "Регистрация завершена"
    ONCE = "Запишите логин и пароль: пароль показывается только один раз."

    def __init__(self, page: Page):
        super().__init__(page)
        self.to_login_link = page.get_by_role("link", name="Перейти ко входу в личный кабинет")

    def expect_loaded(self) -> "RegisteredPage":
        super().expect_loaded()
        expect(self.main.get_by_role("status")).to_have_text(self.ONCE)
        return self

    def value(self, label: str) -> str:
        return self.row_value(label)

    def go_to_login(self) -> None:
        self.to_login_link.click()
