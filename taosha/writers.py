"""Writing stage: classified pages out as one JSON record a line, or as each page's kept text."""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

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


# Valid JSON, but tools that split lines with str.splitlines() would break a record at these: escape them.
_LINE_BREAKERS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def write_jsonl(pages: Iterable[Page], out) -> None:
    for page in pages:
        for record in line_records(page):
            out.write(json.dumps(record, ensure_ascii=False).translate(_LINE_BREAKERS) + "\n")


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


@contextlib.contextmanager
def atomic_file(path: str | Path, mode: str = "w", **kwargs):
    """Write to a temporary file beside `path`, renamed over it only when the block succeeds: an interrupted
    run leaves no half-written file, and an existing output stays untouched until the new one is complete."""
    path = Path(path)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
    try:
        with os.fdopen(fd, mode, **kwargs) as out:
            yield out
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
