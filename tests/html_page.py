"""Parse an HTML page with the standard library's parser for structure assertions."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Element:
    """One start tag: name, attributes, and the text directly following it until the next tag."""

    tag: str
    attrs: dict[str, str]
    text: str = ""

    @property
    def classes(self) -> set[str]:
        """The element's CSS classes."""
        return set((self.attrs.get("class") or "").split())


@dataclass
class Page(HTMLParser):
    """Every element of a page in document order, and all its text."""

    elements: list[Element] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self.elements:
            self.elements[-1].text += data

    @property
    def text(self) -> str:
        """All text content (entities decoded)."""
        return "".join(self.texts)

    def ids(self) -> set[str]:
        """Every id attribute."""
        return {e.attrs["id"] for e in self.elements if "id" in e.attrs}

    def find(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        """Elements by tag and/or class."""
        return [e for e in self.elements if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)]


def parse(html: str) -> Page:
    """Parse `html` into a Page."""
    page = Page()
    page.feed(html)
    page.close()
    return page
