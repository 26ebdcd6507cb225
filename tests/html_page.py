"""An HTML page read by the stdlib parser, for the document tests (contracts and reports).

Input: the text of one page. Output: a `Page` with the ids, the contents links (`href="#..."`
inside `<nav>`), every attribute, the tags, the text, and the text inside `<svg>`. With
`nested=True` every end tag must close the element open last (the report pages are written so).
"""

from __future__ import annotations

from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self, nested: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.nested = nested
        self.ids: list[str] = []
        self.toc: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.svg_text: list[str] = []
        self.open: list[str] = []
        self._in_toc = 0

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> dict[str, str]:
        self.tags.append(tag)
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.append(values["id"])
        self.attributes += [(tag, k, v) for k, v in values.items()]
        return values

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = self._attributes(tag, attrs)
        if tag == "nav":
            self._in_toc += 1
        if tag == "a" and self._in_toc and values.get("href", "").startswith("#"):
            self.toc.append(values["href"][1:])
        if tag not in ("meta", "br"):  # the void elements the pages have
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attributes(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_toc -= 1
        if self.nested:
            assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1:]}>"
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if "svg" in self.open:
            self.svg_text.append(data.strip())


def read_page(text: str, nested: bool = False) -> Page:
    page = Page(nested)
    page.feed(text)
    page.close()
    return page
