"""HTML pages: cut into lines at block elements, scripts and styles dropped, charset declared or detected.

Dropping never hides the rest of a page: a tag that cannot stand in `<head>` (or text) ends the head, `</head>`
or not; an end tag closes what was left open inside its element; and an element never closed is read as if its
start tag were not there, and reported.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from html.parser import HTMLParser

from taosha.errors import InputError
from taosha.readers.text import Decoded, decode
from taosha.record import Line, Page

BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "option", "p", "pre", "section", "table", "td", "th", "title", "tr", "ul",
}
DROPPED = {"script", "style", "noscript", "template", "svg", "iframe", "object", "head"}
KEPT_IN_HEAD = {"title"}
# What may stand in <head>; any other start tag begins the body, as in browsers.
HEAD_TAGS = {"base", "basefont", "bgsound", "head", "html", "link", "meta", "noframes", "noscript", "script",
             "style", "template", "title"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w]+)""", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# Declared charsets name a subset of what pages really use: decode with the superset.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}

Position = tuple[int, int]  # (line, column) of a start tag in the markup, as HTMLParser.getpos() gives it
log = logging.getLogger("taosha")


def declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    return _SUPERSETS.get(name, name)


class _BlockText(HTMLParser):
    """Collects text, breaking a line at every block element's start and end."""

    def __init__(self, ignored: frozenset[Position] = frozenset()):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._buffer: list[str] = []
        self.dropping: list[tuple[str, Position]] = []  # open dropped elements, innermost last
        self._ignored = ignored  # start tags of elements never closed: read as if absent

    def _flush(self):
        text = _SPACES.sub(" ", "".join(self._buffer)).strip()
        if text:
            self.lines.append(text)
        self._buffer = []

    def _in_head(self) -> bool:
        """Directly in <head>: not inside a <noscript> or <template> of it, whose content may be anything."""
        return len(self.dropping) == 1 and self.dropping[0][0] == "head"

    def handle_starttag(self, tag, attrs):
        if tag not in HEAD_TAGS and self._in_head():
            self.dropping.clear()
        if tag in DROPPED and self.getpos() not in self._ignored:
            self.dropping.append((tag, self.getpos()))
        if tag in BLOCKS:
            self._flush()

    def set_cdata_mode(self, elem, **options):  # newer Pythons pass options (escapable=...)
        if self.getpos() not in self._ignored:  # still at the start tag: an ignored <script> holds markup
            super().set_cdata_mode(elem, **options)

    def handle_startendtag(self, tag, attrs):
        if tag not in HEAD_TAGS and self._in_head():
            self.dropping.clear()
        if tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        for depth in range(len(self.dropping) - 1, -1, -1):
            if self.dropping[depth][0] == tag:  # closes what was left open inside it too (<noscript><iframe>)
                del self.dropping[depth:]
                break
        if tag in BLOCKS:
            self._flush()

    def handle_data(self, data):
        if self._in_head() and self.lasttag not in KEPT_IN_HEAD and data.strip():
            self.dropping.clear()  # text cannot stand in <head> either
        if not self.dropping or (self._in_head() and self.lasttag in KEPT_IN_HEAD):
            self._buffer.append(data)

    def close(self):
        super().close()
        self._flush()


def _parse(markup: str) -> tuple[list[str], list[tuple[str, Position]]]:
    """The lines, and the dropped elements never closed, whose start tags were ignored to read what follows."""
    ignored: dict[Position, str] = {}
    while True:
        parser = _BlockText(frozenset(ignored))
        parser.feed(markup)
        parser.close()
        unclosed = {at: tag for tag, at in parser.dropping if tag != "head"}
        if not unclosed:  # each round ignores more start tags, so this ends
            return parser.lines, [(ignored[at], at) for at in sorted(ignored)]
        ignored.update(unclosed)


def html_lines(markup: str) -> list[str]:
    return _parse(markup)[0]


def read_html(data: bytes, doc: str, source: str = "",
              on_problem: Callable[[InputError], None] | None = None) -> tuple[Page, Decoded]:
    """The page's lines; an element never closed goes to `on_problem` (or the log): it was read as text."""
    decoded = decode(data, declared=declared_charset(data))
    texts, unclosed = _parse(decoded.text)
    for tag, (line, _) in unclosed:
        problem = InputError(doc, None, f"<{tag}> at markup line {line} is never closed: "
                                        "what follows it is read as text, not dropped")
        if on_problem:
            on_problem(problem)
        else:
            log.warning("%s", problem)
    lines = [Line(text, number) for number, text in enumerate(texts, 1)]
    return Page(doc, lines, source), decoded
