"""JSONL corpora: one page per record, its text in field `text`, an optional `id`."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from taosha.errors import InputError
from taosha.readers.text import split_lines
from taosha.record import Line, Page


def read_jsonl(rows: Iterable[bytes], path: str, on_problem=None) -> Iterator[Page]:
    """One page per record, read one row at a time (a corpus file is never held whole in memory); a malformed
    record goes to on_problem (raised without it) and the rest is read."""
    for number, raw in enumerate(rows, 1):
        row = raw.decode("utf-8-sig" if number == 1 else "utf-8", errors="replace")
        if not row.strip():
            continue
        try:
            page = _page_from_record(row, path, number)
            page.size = len(raw)
            yield page
        except InputError as error:
            if on_problem is None:
                raise
            on_problem(InputError(error.path, error.line, error.problem + ", record skipped"))


def _page_from_record(row: str, path: str, number: int) -> Page:
    try:
        record = json.loads(row)
    except json.JSONDecodeError as error:
        raise InputError(path, number, f"not a JSON record: {error.msg}") from None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError(path, number, 'record has no string field "text"')
    doc = str(record["id"]) if record.get("id") is not None else f"{path}:{number}"
    lines = [Line(text, n) for n, text in enumerate(split_lines(record["text"]), 1)]
    return Page(doc, lines)
