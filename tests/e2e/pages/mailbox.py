"""The mail capture's inbox page: where the payer reads the receipt (step 8)."""

from playwright.sync_api import Page, expect


class MailboxPage:
    def __init__(self, page: Page, url: str):
        self.page = page
        self.url = url

    def open(self, to: str | None = None) -> "MailboxPage":
        self.page.goto(self.url + (f"?to={to}" if to else ""))
        expect(self.page.get_by_role("heading", name="Почтовый ящик")).to_be_visible()
        return self

    def message_links(self):
        return self.page.get_by_role("listitem").get_by_role("link")

    def open_message(self, subject_part: str) -> str:
        self.page.get_by_role("link", name=subject_part).first.click()
        body = self.page.get_by_role("region", name="Текст письма")
        expect(body).to_be_visible()
        return body.inner_text()
