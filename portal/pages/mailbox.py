"""The mail capture's inbox page: where the payer reads the receipt (step 8)."""

from urllib.parse import urlencode

from playwright.sync_api import expect

from .screen import Screen


class MailboxPage(Screen):
    PATH = ""  # the address given is the inbox's own
    HEADING = "Почтовый ящик"
    BODY = "Текст письма"  # the region that holds the letter's text

    def open(self, to: str | None = None) -> "MailboxPage":
        self.page.goto(self.url + (f"?{urlencode({'to': to})}" if to else ""))
        return self.expect_loaded()

    def message_links(self):
        return self.page.get_by_role("listitem").get_by_role("link")

    def open_message(self, subject_part: str) -> str:
        self.page.get_by_role("link", name=subject_part).first.click()
        expect(self.body()).to_be_visible()
        return self.body().inner_text()

    def body(self):
        return self.page.get_by_role("region", name=self.BODY)
