"""What every page object shares: a screen with the heading that marks it, and maybe an address."""

from playwright.sync_api import Page, expect


class Screen:
    """A screen of the flow. `PATH`: its address below the site's (None: reached only by a
    click); `HEADING`: the heading in its main content that shows it is loaded."""

    PATH: str | None = None
    HEADING = ""

    def __init__(self, page: Page, base_url: str = ""):
        self.page = page
        self.main = page.get_by_role("main")
        self.url = base_url + self.PATH if self.PATH is not None else None
        self.heading = self.main.get_by_role("heading", name=self.HEADING, exact=True)

    def open(self):
        if self.url is None:
            raise TypeError(f"{type(self).__name__} has no address of its own: it is reached by a click")
        self.page.goto(self.url)
        return self.expect_loaded()

    def expect_loaded(self):
        expect(self.heading).to_be_visible()
        return self

    def row_value(self, label: str, scope=None) -> str:
        """The cell beside the row header `label` (in `scope`, else anywhere on the page)."""
        within = scope or self.page
        header = self.page.get_by_role("rowheader", name=label, exact=True)
        return within.get_by_role("row").filter(has=header).get_by_role("cell").inner_text().strip()

    @staticmethod
    def expect_field_refused(field, message) -> None:
        """The page refused what `field` holds: it is marked invalid and described by `message`."""
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(message)
