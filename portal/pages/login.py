"""Step 2: the login page."""

from playwright.sync_api import Page

from ..contract import Login
from .screen import Screen


class LoginPage(Screen):
    PATH = ""  # the address given is the login page's own
    HEADING = Login.HEADING

    def __init__(self, page: Page, login_url: str):
        super().__init__(page, login_url)
        self.login_field = page.get_by_label(Login.LOGIN, exact=True)
        self.password_field = page.get_by_label(Login.PASSWORD, exact=True)
        self.submit_button = page.get_by_role("button", name=Login.BUTTON)

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
