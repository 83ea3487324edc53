"""Reading the cabinet's pages as a user sees them: texts, tables, fields and their messages."""

from tests.htmlpage import Node
from tests.htmlpage import Page as _Page

__all__ = ["Node", "Page"]


class Page(_Page):
    """A page of the cabinet: its menu, tabs, tables and field messages."""

    def heading(self, level: str = "h1") -> str:
        return self.root.find_all(level)[0].text

    def headings(self) -> list[str]:
        return [node.text for node in self.root.iter() if node.tag in {"h1", "h2", "h3"}]

    def menu(self) -> list[str]:
        """The cabinet's section menu: its links and the «Выйти» button, in page order."""
        nav = self.root.one("nav", cls="menu")
        return [node.text for node in nav.iter() if node.tag in {"a", "button"}]

    def current_menu_item(self) -> str:
        return self.root.one("nav", cls="menu").one("a", aria_current="page").text

    def tabs(self) -> list[str]:
        return [link.text for link in self.root.one("nav", cls="tabs").find_all("a")]

    def active_tab(self) -> str:
        return self.root.one("nav", cls="tabs").one("a", aria_current="page").text

    def sidebar(self) -> tuple[str, list[str]]:
        aside = self.root.one("aside", cls="sidebar")
        return aside.find("h2").text, [link.text for link in aside.find_all("a")]

    def rows(self, table_cls: str | None = None) -> list[list[str]]:
        """Each row of the (first matching) table as the texts of its cells, header rows included."""
        table = self.root.find_all("table", cls=table_cls)[0]
        return [[cell.text for cell in tr.iter() if cell.tag in {"th", "td"}] for tr in table.find_all("tr")]

    def row_values(self, table_cls: str | None = None) -> dict[str, str]:
        """A two-column table as {label: value}."""
        return {row[0]: row[1] for row in self.rows(table_cls) if len(row) == 2}

    def labels(self) -> list[str]:
        return [label.text for label in self.root.find_all("label")]

    def label_for(self, name: str) -> str:
        return self.root.one("label", for_=name).text

    def input_value(self, name: str) -> str | None:
        node = self.root.find("input", name=name)
        return None if node is None else node.attrs.get("value", "")

    def field_error(self, name: str) -> str | None:
        """The message shown next to field `name`, inside the same field block, or None."""
        control = self.root.find(id=name)
        assert control is not None, f"no field {name!r} on the page"
        block = next(node for node in control.ancestors() if "field" in node.classes)
        message = block.find("p", cls="field-error")
        if message is None:
            return None
        assert control.attrs.get("aria-invalid") == "true"
        assert control.attrs.get("aria-describedby") == message.attrs["id"]
        return message.text

    def field_errors(self) -> dict[str, str]:
        return {
            node.attrs["id"].removesuffix("-error"): node.text for node in self.root.find_all("p", cls="field-error")
        }

    def alerts(self) -> list[str]:
        return [node.text for node in self.root.find_all(role="alert")]

    def notices(self) -> list[str]:
        return [node.text for node in self.root.find_all("p", cls="notice")]

    def buttons(self) -> list[str]:
        return [node.text for node in self.root.find_all("button")]

    def links(self) -> dict[str, str]:
        return {node.text: node.attrs.get("href", "") for node in self.root.find_all("a")}

    def form_action(self, button_text: str) -> str:
        button = next(node for node in self.root.find_all("button") if node.text == button_text)
        form = next(node for node in button.ancestors() if node.tag == "form")
        return form.attrs["action"]

    def csrf_token(self) -> str:
        tokens = {node.attrs["value"] for node in self.root.find_all("input", name="csrf_token")}
        assert len(tokens) == 1, f"expected one CSRF token on the page, found {len(tokens)}"
        return tokens.pop()
