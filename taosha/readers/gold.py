"""Gold labels of public pages: label-only files, one a page, that tag every line taosha's HTML reader makes.

The repository must never hold these pages' text, so a file holds a hash of each line instead:

    # page: magic_html/article/html/0658….html      the page, relative to the corpora folder
    # outlet: wikipedia                               the site or template family: held out as one group
    1<TAB>a1b2c3d4e5f6<TAB>B                          line number, sha256[:12] of the line, tag
    17<TAB>0f0e0d0c0b0a<TAB>M<TAB>12:30 45:50         an M line: its injected characters [12, 30) and [45, 50)
    18<TAB>…<TAB>M<TAB>pinyin                         or pinyin after its characters

A file whose rows no longer match the page's lines (the page or the reader changed) fails loudly, naming the
file and row.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from taosha.errors import InputError
from taosha.readers.corpora import line_hash
from taosha.readers.html import read_html
from taosha.readers.labeled import read_rows
from taosha.record import PINYIN, Page, Tag

PAGE_KEY, OUTLET_KEY = "# page:", "# outlet:"


@dataclass
class GoldRow:
    number: int
    digest: str
    tag: Tag
    spans: tuple[tuple[int, int], ...] | str = ()  # injected [start, end) pairs, or PINYIN


def gold_files(root: str | Path) -> list[Path]:
    return sorted(Path(root).rglob("*.tsv"))


def read_gold_dir(root: str | Path, corpora: str | Path) -> list[Page]:
    """Every page labeled under root, read from its HTML in corpora and tagged from its gold file."""
    return [read_gold_page(path, corpora) for path in gold_files(root)]


def read_gold_page(path: Path, corpora: str | Path) -> Page:
    header, rows = parse_gold_file(path)
    html = Path(corpora) / header["page"]
    try:
        data = html.read_bytes()
    except OSError as error:
        raise InputError(str(path), None, f"cannot read its page {html} ({error.strerror})") from None
    page, _ = read_html(data, str(html), f"corpora/{header['outlet']}", on_problem=lambda problem: None)
    if len(page.lines) != len(rows):
        raise InputError(str(path), None, f"labels {len(rows)} lines, but {html} reads as {len(page.lines)}")
    for line, (row_number, row) in zip(page.lines, rows):
        if line_hash(line.text) != row.digest:
            raise InputError(str(path), row_number, f"line {row.number} of the page changed (hash mismatch)")
        line.tag, line.injected = row.tag, injected_parts(line.text, row.spans, str(path), row_number)
    return page


def injected_parts(text: str, spans, path: str, row_number: int) -> tuple[str, ...]:
    if spans == PINYIN:
        return (PINYIN,)
    parts = []
    for start, end in spans:
        if not 0 <= start < end <= len(text):
            raise InputError(path, row_number, f"injected span {start}:{end} lies outside the line")
        parts.append(text[start:end])
    return tuple(dict.fromkeys(parts))  # a part that recurs is named once: evaluation marks each place


def parse_gold_file(path: Path) -> tuple[dict[str, str], list[tuple[int, GoldRow]]]:
    """The header (page, outlet) and the rows with their row numbers in the file."""
    header, rows = {}, []
    for row_number, row in enumerate(read_rows(path), 1):
        for key, name in ((PAGE_KEY, "page"), (OUTLET_KEY, "outlet")):
            if row.startswith(key):
                header[name] = row[len(key):].strip()
        if row.strip() and not row.startswith("#"):
            rows.append((row_number, parse_gold_row(row, str(path), row_number, len(rows) + 1)))
    for name in ("page", "outlet"):
        if not header.get(name):
            raise InputError(str(path), None, f"no '# {name}:' line")
    if not rows:
        raise InputError(str(path), None, "gold file has no rows")
    return header, rows


def parse_gold_row(row: str, path: str, row_number: int, expected: int) -> GoldRow:
    fields = row.split("\t")
    if len(fields) not in (3, 4) or not fields[0].isdigit():
        raise InputError(path, row_number, "expected line<TAB>hash<TAB>TAG[<TAB>spans]")
    if int(fields[0]) != expected:
        raise InputError(path, row_number, f"expected line {expected}, found {fields[0]}: one row a line, in order")
    try:
        tag = Tag(fields[2])
    except ValueError:
        raise InputError(path, row_number, f"unknown tag {fields[2]!r} (expected one of C M B S N)") from None
    spans: tuple[tuple[int, int], ...] | str = ()
    if len(fields) == 4:
        if tag is not Tag.M:
            raise InputError(path, row_number, f"only M rows name injected spans, this row is {tag.value}")
        spans = PINYIN if fields[3] == PINYIN else _spans(fields[3], path, row_number)
    return GoldRow(int(fields[0]), fields[1], tag, spans)


def _occurrences(text: str, parts: tuple[str, ...]) -> list[tuple[int, int]]:
    """Every place each injected part stands in the text, in order: a watermark or tag may recur."""
    found = set()
    for part in parts:
        start = text.find(part)
        while start != -1:
            found.add((start, start + len(part)))
            start = text.find(part, start + 1)
    return sorted(found)


def _spans(field: str, path: str, row_number: int) -> tuple[tuple[int, int], ...]:
    try:
        spans = tuple(tuple(int(n) for n in span.split(":")) for span in field.split())
    except ValueError:
        spans = ((),)
    if not spans or any(len(span) != 2 for span in spans):
        raise InputError(path, row_number, f"bad spans {field!r}: expected START:END pairs or {PINYIN}")
    return spans


def gold_rows(page: Page) -> list[str]:
    """A labeled page as gold rows (the writer of these files; labels only, never the text)."""
    rows = []
    for line in page.lines:
        row = f"{line.number}\t{line_hash(line.text)}\t{line.tag.value}"
        if line.tag is Tag.M and line.injected:
            row += "\t" + (PINYIN if line.injected == (PINYIN,) else " ".join(
                f"{start}:{end}" for start, end in _occurrences(line.text, line.injected)))
        rows.append(row)
    return rows
