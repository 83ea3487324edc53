"""Step 2: the login page, and its sidebar's two other ways in."""

import re

from playwright.sync_api import Page, expect

HEADING = "Вход в личный кабинет"
SIDEBAR_LINKS = ("Вход (hotspot)", "Авторегистрация пользователя", "Вход в личный кабинет")
WRONG_CREDENTIALS = "Неверно указаны логин или пароль"


class LoginPage:
    def __init__(self, page: Page, login_url: str):
        self.page = page
        self.url = login_url
        self.main = page.get_by_role("main")
        self.login_field = page.get_by_label("Логин", exact=True)
        self.password_field = page.get_by_label("Пароль", exact=True)
        self.submit_button = page.get_by_role("button", name="Войти в личный кабинет")

    def open(self) -> "LoginPage":
        self.page.goto(self.url)
        return self.expect_loaded()

    def expect_loaded(self) -> "LoginPage":
        expect(self.main.get_by_role("heading", name=HEADING)).to_be_visible()
        return self

    @property
    def sidebar(self):
        return self.page.get_by_role("complementary")

    def fill(self, login: str, password: str) -> None:
        self.login_field.fill(login)
        self.password_field.fill(password)

    def submit(self) -> None:
        self.submit_button.click()

    def log_in(self, login: str, password: str) -> None:
        self.fill(login, password)
        self.submit()

    def error(self):
        return self.main.get_by_role("alert")

    def expect_error(self, text: str | re.Pattern) -> None:
        expect(self.error()).to_contain_text(text)
