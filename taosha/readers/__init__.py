"""Reading stage: files, folders, JSONL corpora and standard input become `Page` records."""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from taosha.errors import InputError
from taosha.readers.html import read_html
from taosha.readers.jsonl import read_jsonl
from taosha.readers.text import read_text
from taosha.record import Page

STDIN = "-"
# Files picked up when a folder is given; a file named explicitly is read whatever its suffix.
PAGE_SUFFIXES = {".txt", ".text", ".jsonl", ".html", ".htm"}


def read_pages(paths: Iterable[str]) -> Iterator[Page]:
    """Pages from each path in order: text files, folders (recursively), JSONL files, or "-" for stdin."""
    for path in paths or [STDIN]:
        if path == STDIN:
            yield read_text(sys.stdin.buffer.read(), "<stdin>")[0]
        elif Path(path).is_dir():
            for file in sorted(p for p in Path(path).rglob("*") if p.suffix.lower() in PAGE_SUFFIXES):
                yield from read_file(str(file))
        else:
            yield from read_file(path)


def read_file(path: str) -> Iterator[Page]:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(path, None, "no such file") from None
    except OSError as error:
        raise InputError(path, None, f"cannot read: {error.strerror}") from None
    if path.lower().endswith(".jsonl"):
        yield from read_jsonl(data, path)
    elif path.lower().endswith((".html", ".htm")):
        yield read_html(data, path)[0]
    else:
        yield read_text(data, path)[0]
