"""Writing stage: classified pages out as one JSON record a line, or as each page's kept text."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from taosha.record import Label, Page


def line_records(page: Page) -> Iterator[dict]:
    for line in page.lines:
        yield {
            "doc": page.doc,
            "line": line.number,
            "label": line.label.value,
            "junk_probability": round(line.junk_probability, 6),
            "text": line.text,
            "clean": line.clean,
            "removed": [{"start": s.start, "end": s.end, "reason": s.reason} for s in line.removed],
        }


def write_jsonl(pages: Iterable[Page], out) -> None:
    for page in pages:
        for record in line_records(page):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def kept_text(page: Page) -> str:
    return "\n".join(line.clean for line in page.lines if line.label is Label.CONTENT)


def write_text(pages: Iterable[Page], out) -> None:
    """Each page's kept lines, pages separated by one empty line."""
    for index, page in enumerate(pages):
        if index:
            out.write("\n")
        text = kept_text(page)
        out.write(text + "\n" if text else "")


WRITERS = {"jsonl": write_jsonl, "text": write_text}
