"""Labeled pages: one `*.tsv` file a page, rows `TAG<TAB>line text[<TAB>injected part(s)]`."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from taosha.errors import InputError
from taosha.readers.text import split_lines
from taosha.record import PINYIN, Line, Page, Tag

SPAN_SEPARATOR = " ||| "
OVERLAYS = "overlays"  # a folder of label-only corrections to public pages' silver labels, not of pages
GOLD = "real"  # a folder of label-only gold labels of public pages (taosha.readers.gold), not of pages
LABEL_ONLY = (OVERLAYS, GOLD)
AUGMENTED = "augmented"  # a folder of pages that training/augment.py made from other labeled pages
UTF8_BOM = b"\xef\xbb\xbf"
_LINE_END = re.compile(rb"\r\n|\r|\n")


def find_labeled_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise InputError(str(root), None, "no such file or directory")
    if root.name in LABEL_ONLY:  # label-only files need their corpora: see label_only_folders
        return []
    return sorted(p for p in root.rglob("*.tsv") if not set(LABEL_ONLY) & set(p.relative_to(root).parts))


def label_only_folders(roots: list[str | Path], name: str) -> list[Path]:
    """The folders of label-only files called `name` among the roots, or directly inside one of them."""
    found = []
    for root in map(Path, roots):
        if root.name == name and root.is_dir():
            found.append(root)
        elif (root / name).is_dir():
            found.append(root / name)
    return found


def read_labeled_dirs(roots: list[str | Path]) -> list[Page]:
    """Every labeled page under the given folders; a page's source is the name of the folder it lies in."""
    pages = []
    for root in map(Path, roots):
        for path in find_labeled_files(root):
            pages.append(read_labeled_file(path))
    return pages


def read_labeled_file(path: Path) -> Page:
    lines = list(parse_rows(read_rows(path), str(path)))
    if not lines:
        raise InputError(str(path), None, "labeled file has no rows")
    return Page(doc=str(path), lines=lines, source=path.parent.name, augmented=AUGMENTED in path.parts)


def read_rows(path: Path) -> list[str]:
    """The file's rows, numbered as its lines: UTF-8 (a leading BOM dropped), cut only at line ends, as
    classify cuts a page (str.splitlines would also cut a row at a form feed or U+2028 inside its text)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(str(path), None, f"cannot read labeled file: {error}") from None
    data = data.removeprefix(UTF8_BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = len(_LINE_END.findall(data, 0, error.start)) + 1
        raise InputError(str(path), line, "not UTF-8: labeled files must be UTF-8") from None
    return split_lines(text)


def parse_rows(rows: list[str], path: str) -> Iterator[Line]:
    for number, row in enumerate(rows, 1):
        yield parse_row(row, path, number)


def parse_row(row: str, path: str, number: int) -> Line:
    fields = row.split("\t")
    if len(fields) < 2:
        raise InputError(path, number, "expected TAG<TAB>line text")
    if len(fields) > 3:
        raise InputError(path, number, f"expected at most 3 tab-separated fields, found {len(fields)}")
    try:
        tag = Tag(fields[0])
    except ValueError:
        raise InputError(path, number, f"unknown tag {fields[0]!r} (expected one of C M B S N)") from None
    text = fields[1]
    if not text.strip():
        raise InputError(path, number, "empty line text")
    injected = _parse_injected(fields[2], text, tag, path, number) if len(fields) == 3 else ()
    return Line(text=text, number=number, tag=tag, injected=injected)


def _parse_injected(field: str, text: str, tag: Tag, path: str, number: int) -> tuple[str, ...]:
    if tag is not Tag.M:
        raise InputError(path, number, f"only M rows name injected parts, this row is {tag.value}")
    if field == PINYIN:
        return (PINYIN,)
    parts = tuple(field.split(SPAN_SEPARATOR))
    for part in parts:
        if not part or part not in text:
            raise InputError(path, number, f"injected part {part!r} does not occur in the line")
    return parts
