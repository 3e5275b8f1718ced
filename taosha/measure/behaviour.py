"""Behaviour checks: the same article must keep its decisions however it reaches taosha.

Averages hide the failures users meet: a paragraph thrown away because the page has no site frame, because it
is alone, hard-wrapped, or in the other script, and the short rows of a table inside an article. Each check
takes gold-labeled pages, changes them the way users' pages differ, and measures how much the decisions move.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from taosha.record import Label, Line, Page
from taosha.train.variants import bare, other_script, unframed
from taosha.train.variants import converted as converted_page

Classify = Callable[[list[Page]], list[Page]]  # labels pages (copies), in order
WRAP_WIDTHS = (16, 24, 32, 48, 64, 80)
SINGLE_MIN_HAN = 20  # a line of prose alone must be kept from this many Han characters
SHORT_ROW_CHARS = 30  # a content line this short, inside the main text, is a row, item or heading
_HAN = re.compile(r"[\u3400-\u9fff]")
_TERMINAL = ("。", "！", "？", "!", "?", "…", "”", "」", "；", ";")


@dataclass
class Behaviour:
    """The figures of every check (shares in [0, 1]) and how many lines each was measured on."""

    frame_stripped_changed: float
    reframed_changed: float
    content_only_kept: float
    single_prose_kept: float
    wrap_moved: float  # the largest move, over WRAP_WIDTHS, of the share of content characters kept
    script_changed: float
    short_rows_kept: float
    lines: dict[str, int]


def _content(line: Line) -> bool:
    return line.tag is not None and line.tag.label is Label.CONTENT


def _kept(line: Line) -> bool:
    return line.label is Label.CONTENT


def _article_pages(pages: list[Page]) -> list[Page]:
    return [page for page in pages if any(_content(line) for line in page.lines)]


def _fresh(page: Page, lines: list[Line], name: str) -> Page:
    """A copy of the page made of these lines, renumbered, with no decision yet."""
    made = [Line(line.text, number, line.tag, line.injected) for number, line in enumerate(lines, 1)]
    return Page(f"{page.doc}#{name}", made, page.source)


def _changed(before: list[Page], after: list[Page], kept_lines: Callable[[Page], list[int]]) -> tuple[float, int]:
    """The share of content lines whose decision differs; kept_lines maps a changed page's lines (by index)
    to the original page's lines, in order."""
    changed = total = 0
    for original, moved in zip(before, after):
        content = [i for i, line in enumerate(original.lines) if _content(line)]
        where = dict(zip(kept_lines(original), moved.lines))
        for i in content:
            if i in where:
                total += 1
                changed += _kept(original.lines[i]) != _kept(where[i])
    return (changed / total if total else 0.0), total


def _span(page: Page) -> list[int]:
    content = [i for i, line in enumerate(page.lines) if _content(line)]
    return list(range(content[0], content[-1] + 1))


def _frame(page: Page) -> tuple[list[Line], list[Line]]:
    span = _span(page)
    return page.lines[:span[0]], page.lines[span[-1] + 1:]


def frame_checks(classify: Classify, pages: list[Page], labeled: list[Page]) -> tuple[float, float, int]:
    """Decisions on content lines when the page loses its frame, and when it is wrapped in the next page's."""
    stripped = classify([unframed(page) for page in pages])
    stripped_changed, total = _changed(labeled, stripped, _span)
    reframed, offsets = [], []
    for at, page in enumerate(pages):
        head, tail = _frame(pages[(at + 1) % len(pages)])
        reframed.append(_fresh(page, head + [pages[at].lines[i] for i in _span(page)] + tail, "reframed"))
        offsets.append(len(head))
    reframed = classify(reframed)
    reframed_changed, _ = _changed(labeled, reframed, lambda page: [None] * offsets[labeled.index(page)] + _span(page))
    return stripped_changed, reframed_changed, total


def content_only(classify: Classify, pages: list[Page]) -> tuple[float, int]:
    lines = [line for page in classify([bare(page) for page in pages]) for line in page.lines]
    return sum(map(_kept, lines)) / max(len(lines), 1), len(lines)


def single_prose(classify: Classify, pages: list[Page]) -> tuple[float, int]:
    """Every content line of SINGLE_MIN_HAN Han characters or more, each alone as a page."""
    alone = [_fresh(page, [line], "single") for page in pages for line in page.lines
             if _content(line) and len(_HAN.findall(line.text)) >= SINGLE_MIN_HAN]
    lines = [page.lines[0] for page in classify(alone)]
    return sum(map(_kept, lines)) / max(len(lines), 1), len(lines)


def _content_chars_kept(pages: list[Page]) -> tuple[int, int]:
    kept = total = 0
    for line in (line for page in pages for line in page.lines if _content(line)):
        size = len(line.text.strip())
        total += size
        kept += size if _kept(line) else 0
    return kept, total


def wrapping(classify: Classify, pages: list[Page], labeled: list[Page]) -> tuple[float, int]:
    """The largest move of the share of content characters kept when every content line is wrapped."""
    kept, total = _content_chars_kept(labeled)
    moves = []
    for width in WRAP_WIDTHS:
        wrapped = []
        for page in pages:
            lines = []
            for line in page.lines:
                text = line.text.strip()
                if not _content(line) or len(text) <= width:
                    lines.append(line)
                else:
                    lines += [Line(text[at:at + width], 0, line.tag) for at in range(0, len(text), width)]
            wrapped.append(_fresh(page, lines, f"wrapped{width}"))
        wrapped_kept, wrapped_total = _content_chars_kept(classify(wrapped))
        moves.append(abs(wrapped_kept / wrapped_total - kept / total))
    return max(moves), total


def script_check(classify: Classify, pages: list[Page], labeled: list[Page]) -> tuple[float, int]:
    """The share of all decisions that change when each page is converted to the other script."""
    convert = other_script()
    converted = classify([converted_page(page, convert) for page in pages])
    pairs = [(a, b) for page, other in zip(labeled, converted) for a, b in zip(page.lines, other.lines)]
    return sum(_kept(a) != _kept(b) for a, b in pairs) / max(len(pairs), 1), len(pairs)


def short_rows(labeled: list[Page]) -> tuple[float, int]:
    """Content lines of at most SHORT_ROW_CHARS characters, not ending a sentence, inside the main text."""
    rows = [page.lines[i] for page in labeled for i in _span(page) if _content(page.lines[i])
            and len(page.lines[i].text.strip()) <= SHORT_ROW_CHARS
            and not page.lines[i].text.strip().endswith(_TERMINAL)]
    return sum(map(_kept, rows)) / max(len(rows), 1), len(rows)


def measure(classify: Classify, pages: list[Page]) -> Behaviour:
    """Every check on the pages that have content."""
    pages = _article_pages(pages)
    labeled = classify([_fresh(page, page.lines, "as-is") for page in pages])
    stripped, reframed, framed_lines = frame_checks(classify, pages, labeled)
    content, content_lines = content_only(classify, pages)
    single, single_lines = single_prose(classify, pages)
    wrap, wrap_chars = wrapping(classify, pages, labeled)
    script, script_lines = script_check(classify, pages, labeled)
    short, short_lines = short_rows(labeled)
    return Behaviour(stripped, reframed, content, single, wrap, script, short,
                     {"framed": framed_lines, "content_only": content_lines, "single": single_lines,
                      "wrap_chars": wrap_chars, "script": script_lines, "short_rows": short_lines})
