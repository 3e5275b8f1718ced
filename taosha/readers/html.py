"""HTML pages: cut into lines at block elements, scripts and styles dropped, charset declared or detected."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from taosha.readers.text import Decoded, decode
from taosha.record import Line, Page

BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "option", "p", "pre", "section", "table", "td", "th", "title", "tr", "ul",
}
DROPPED = {"script", "style", "noscript", "template", "svg", "iframe", "object", "head"}
KEPT_IN_HEAD = {"title"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w]+)""", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# Declared charsets name a subset of what pages really use: decode with the superset.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}


def declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    return _SUPERSETS.get(name, name)


class _BlockText(HTMLParser):
    """Collects text, breaking a line at every block element's start and end."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._buffer: list[str] = []
        self._dropping: list[str] = []

    def _flush(self):
        text = _SPACES.sub(" ", "".join(self._buffer)).strip()
        if text:
            self.lines.append(text)
        self._buffer = []

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED:
            self._dropping.append(tag)
        if tag in BLOCKS:
            self._flush()

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if self._dropping and self._dropping[-1] == tag:
            self._dropping.pop()
        if tag in BLOCKS:
            self._flush()

    def handle_data(self, data):
        in_head_title = self._dropping == ["head"] and self.lasttag in KEPT_IN_HEAD
        if not self._dropping or in_head_title:
            self._buffer.append(data)

    def close(self):
        super().close()
        self._flush()


def html_lines(markup: str) -> list[str]:
    parser = _BlockText()
    parser.feed(markup)
    parser.close()
    return parser.lines


def read_html(data: bytes, doc: str, source: str = "") -> tuple[Page, Decoded]:
    decoded = decode(data, declared=declared_charset(data))
    lines = [Line(text, number) for number, text in enumerate(html_lines(decoded.text), 1)]
    return Page(doc, lines, source), decoded
