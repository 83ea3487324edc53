"""Reading the gateway's pages as a payer sees them: texts, labels, fields, their marks and messages."""

from tests.htmlpage import Node
from tests.htmlpage import Page as _Page

__all__ = ["Node", "Page"]


class Page(_Page):
    """A page of the gateway."""

    @property
    def language(self) -> str:
        return self.root.one("html").attrs.get("lang", "")

    @property
    def title(self) -> str:
        return self.root.one("title").text

    def headings(self, level: str | None = None) -> list[str]:
        levels = {level} if level else {"h1", "h2", "h3"}
        return [node.text for node in self.root.iter() if node.tag in levels]

    def labels(self) -> list[str]:
        return [node.text for node in self.root.find_all("label")]

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

    def alerts(self) -> list[str]:
        return [node.text for node in self.root.find_all(role="alert")]

    def buttons(self) -> list[str]:
        return [node.text for node in self.root.find_all("button")]

    def links(self) -> dict[str, str]:
        return {node.text: node.attrs.get("href", "") for node in self.root.find_all("a")}

    def images(self) -> list[str]:
        """The accessible names of the page's images (role=img)."""
        return [node.attrs.get("aria-label", "") for node in self.root.find_all(role="img")]

    def form_action(self, button_text: str) -> str:
        button = next(node for node in self.root.find_all("button") if node.text == button_text)
        form = next(node for node in button.ancestors() if node.tag == "form")
        return form.attrs["action"]

    def hidden(self, name: str) -> str:
        values = {node.attrs["value"] for node in self.root.find_all("input", name=name, type="hidden")}
        assert len(values) == 1, f"expected one hidden {name!r} on the page, found {len(values)}"
        return values.pop()

    def has_meta_refresh(self) -> bool:
        return any(node.attrs.get("http-equiv", "").lower() == "refresh" for node in self.root.find_all("meta"))
