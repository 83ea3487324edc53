"""Reading our pages in fast tests as a user sees them: a tiny tree over the standard library's
HTMLParser (no browser, no third-party parser).

`Page` reads what every page has (texts, headings, labels, alerts, buttons, links, tables, forms);
`CabinetPage` adds the cabinet's menu, tabs and field messages; `GatewayPage` the payment
page's fields found by their labels, their required marks and messages.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_INVISIBLE = {"script", "style", "head", "title"}


@dataclass
class Node:
    tag: str
    attrs: dict
    parent: "Node | None" = None
    children: list = field(default_factory=list)  # Node or str

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    @property
    def text(self) -> str:
        """The visible text, whitespace collapsed as a browser renders it."""
        parts = []

        def walk(node):
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                elif child.tag not in _INVISIBLE:
                    walk(child)

        walk(self)
        # Only ASCII white space collapses, as in a browser: no-break spaces in amounts stay.
        return re.sub(r"[ \t\n\r\f]+", " ", "".join(parts)).strip(" \t\n\r\f")

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list["Node"]:
        found = []
        for node in self.iter():
            if tag and node.tag != tag:
                continue
            if cls and cls not in node.classes:
                continue
            if any(node.attrs.get(name.rstrip("_").replace("_", "-")) != value for name, value in attrs.items()):
                continue
            found.append(node)
        return found

    def find(self, tag: str | None = None, cls: str | None = None, **attrs) -> "Node | None":
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def one(self, tag: str | None = None, cls: str | None = None, **attrs) -> "Node":
        found = self.find_all(tag, cls, **attrs)
        assert len(found) == 1, f"expected one <{tag} class={cls} {attrs}>, found {len(found)}"
        return found[0]

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: (value if value is not None else "") for name, value in attrs}, self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.current = self.current.parent

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


class Page:
    """One HTML page: what is on it, by the labels a user reads."""

    def __init__(self, html: str):
        self.html = html
        builder = _TreeBuilder()
        builder.feed(html)
        builder.close()
        self.root = builder.root

    @classmethod
    def of(cls, response):
        """The page a Flask test client or `requests` received."""
        return cls(response.text)

    @property
    def text(self) -> str:
        body = self.root.find("body")
        return (body or self.root).text

    def headings(self, level: str | None = None) -> list[str]:
        levels = {level} if level else {"h1", "h2", "h3"}
        return [node.text for node in self.root.iter() if node.tag in levels]

    def labels(self) -> list[str]:
        return [node.text for node in self.root.find_all("label")]

    def alerts(self) -> list[str]:
        return [node.text for node in self.root.find_all(role="alert")]

    def buttons(self) -> list[str]:
        return [node.text for node in self.root.find_all("button")]

    def links(self) -> dict[str, str]:
        return {node.text: node.attrs.get("href", "") for node in self.root.find_all("a")}

    def form_action(self, button_text: str) -> str:
        """The address of the form with that button."""
        button = next(node for node in self.root.find_all("button") if node.text == button_text)
        form = next(node for node in button.ancestors() if node.tag == "form")
        return form.attrs["action"]

    def hidden(self, name: str) -> str:
        values = {node.attrs["value"] for node in self.root.find_all("input", name=name, type="hidden")}
        assert len(values) == 1, f"expected one hidden {name!r} on the page, found {len(values)}"
        return values.pop()

    def rows(self, table_cls: str | None = None, index: int = 0) -> list[list[str]]:
        """Each row of the table (the `index`-th of that class) as the texts of its cells, header rows included."""
        table = self.root.find_all("table", cls=table_cls)[index]
        return [[cell.text for cell in tr.iter() if cell.tag in {"th", "td"}] for tr in table.find_all("tr")]

    def row_values(self, table_cls: str | None = None) -> dict[str, str]:
        """A two-column table as {label: value}."""
        return {row[0]: row[1] for row in self.rows(table_cls) if len(row) == 2}

    def csrf_token(self) -> str:
        """The page's CSRF token: the same in every form of the page."""
        tokens = {node.attrs["value"] for node in self.root.find_all("input", name="csrf_token")}
        assert len(tokens) == 1, f"expected one CSRF token on the page, found {len(tokens)}"
        return tokens.pop()


class CabinetPage(Page):
    """A page of the cabinet: its menu, tabs and field messages."""

    def heading(self, level: str = "h1") -> str:
        return self.root.find_all(level)[0].text

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

    def label_for(self, name: str) -> str:
        return self.root.one("label", for_=name).text

    def input_value(self, name: str) -> str | None:
        node = self.root.find("input", name=name)
        return None if node is None else node.attrs.get("value", "")

    def field_error(self, name: str) -> str | None:
        """The message shown next to field `name` (its id), inside the same field block, or None."""
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

    def notices(self) -> list[str]:
        return [node.text for node in self.root.find_all("p", cls="notice")]


class GatewayPage(Page):
    """A page of the gateway: fields found by their labels, their required marks and messages."""

    @property
    def language(self) -> str:
        return self.root.one("html").attrs.get("lang", "")

    @property
    def title(self) -> str:
        return self.root.one("title").text

    def control(self, name: str) -> Node:
        """The input or select a label points to, found by the label's text (without its asterisk)."""
        for label in self.root.find_all("label"):
            if label.text.rstrip("*") == name:
                return self.root.one(id=label.attrs["for"])
        raise AssertionError(f"no field labelled {name!r}; labels: {self.labels()}")

    def required_marks(self) -> dict[str, str]:
        """{label text without the mark: the mark} for every label that carries a required mark."""
        marks = {}
        for label in self.root.find_all("label"):
            for mark in label.iter():
                if "req" in mark.classes:
                    marks[label.text.removesuffix(mark.text)] = mark.text
        return marks

    def value(self, name: str) -> str | None:
        """What the field labelled `name` holds: an input's value, a select's chosen option's value."""
        control = self.control(name)
        if control.tag == "select":
            chosen = control.find_all("option", selected="")
            return chosen[0].attrs["value"] if chosen else None
        return control.attrs.get("value")

    def options(self, name: str) -> list[tuple[str, str]]:
        return [(option.attrs["value"], option.text) for option in self.control(name).find_all("option")]

    def field_error(self, name: str) -> str | None:
        """The message of the field labelled `name` (checking that the field is marked invalid), or None."""
        control = self.control(name)
        if control.attrs.get("aria-invalid") != "true":
            return None
        described = self.root.one(id=control.attrs["aria-describedby"])
        return described.text

    def invalid_fields(self) -> list[str]:
        names = []
        for label in self.root.find_all("label"):
            control = self.root.find(id=label.attrs.get("for"))
            if control is not None and control.attrs.get("aria-invalid") == "true":
                names.append(label.text.rstrip("*"))
        return names

    def images(self) -> list[str]:
        """The accessible names of the page's images (role=img)."""
        return [node.attrs.get("aria-label", "") for node in self.root.find_all(role="img")]

    def has_meta_refresh(self) -> bool:
        return any(node.attrs.get("http-equiv", "").lower() == "refresh" for node in self.root.find_all("meta"))
