"""Reading stage: files, folders, JSONL corpora and standard input become `Page` records.

A problem with one file or record (unreadable, binary, malformed) goes to `on_problem` and the run goes on;
without `on_problem` it is raised.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from taosha.errors import InputError
from taosha.readers import text as text_reader
from taosha.readers.html import read_html
from taosha.readers.jsonl import read_jsonl
from taosha.readers.text import Decoded, read_text
from taosha.record import Page

STDIN = "-"
# Files picked up when a folder is given; a file named explicitly is read whatever its suffix.
PAGE_SUFFIXES = {".txt", ".text", ".jsonl", ".html", ".htm"}
BINARY_SNIFF = 8192  # bytes looked at to tell a binary file from text
BINARY_CONTROL_SHARE = 0.1  # more control bytes than this (NUL among them) and it is not text

Problem = Callable[[InputError], None]


def _raise(error: InputError) -> None:
    raise error


def read_pages(paths: Iterable[str], on_problem: Problem | None = None, stdin_jsonl: bool = False
               ) -> Iterator[Page]:
    """Pages from each path in order: text files, folders (recursively), JSONL files, or "-" for stdin (one
    text page, or with stdin_jsonl a JSONL corpus read a record at a time, never whole)."""
    on_problem = on_problem or _raise
    for path in paths or [STDIN]:
        if path == STDIN and stdin_jsonl:
            yield from read_jsonl(sys.stdin.buffer, "<stdin>", on_problem)
        elif path == STDIN:
            data = bounded_read(sys.stdin.buffer, "<stdin>", on_problem)
            if data is not None:
                yield from _pages_from_bytes(data, "<stdin>", on_problem)
        elif Path(path).is_dir():
            files = page_files(path)
            if not files:
                suffixes = " ".join(sorted(PAGE_SUFFIXES))
                on_problem(InputError(printable(path), None, f"folder holds no page files ({suffixes}), "
                                                             "nothing to classify"))
            for file in files:
                yield from read_file(str(file), on_problem)
        else:
            yield from read_file(path, on_problem)


def page_files(folder: str | Path) -> list[Path]:
    """The files read_pages reads from a folder, in the order it reads them."""
    return sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() in PAGE_SUFFIXES and not p.is_dir())


def printable(path: str) -> str:
    """A file name as taosha writes and reports it. Bytes of a name that are not UTF-8 reach Python as lone
    surrogates, which no UTF-8 output can hold: they are shown as backslash escapes (`bad\\xffname.txt`)."""
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that no file system byte gave (a name made by a program)
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


def read_file(path: str, on_problem: Problem | None = None) -> Iterator[Page]:
    on_problem = on_problem or _raise
    name = printable(path)
    if path.lower().endswith(".jsonl"):
        yield from _read_jsonl_file(path, name, on_problem)
        return
    try:
        with open(path, "rb") as stream:
            data = bounded_read(stream, name, on_problem)
    except FileNotFoundError:
        on_problem(InputError(name, None, "no such file, skipped"))
        return
    except OSError as error:
        on_problem(InputError(name, None, f"cannot read ({error.strerror}), skipped"))
        return
    if data is not None:
        yield from _pages_from_bytes(data, name, on_problem)


def bounded_read(stream, name: str, on_problem: Problem, limit: int | None = None) -> bytes | None:
    """The whole stream as one page's bytes, or None, said in one line, for a binary stream (told from its
    first bytes, before more is read) or one longer than MAX_PAGE_BYTES (an endless one never ends)."""
    limit = limit or text_reader.MAX_PAGE_BYTES
    head = stream.read(BINARY_SNIFF)
    if looks_binary(head):
        on_problem(InputError(name, None, "binary file, skipped"))
        return None
    chunks, size = [head], len(head)
    while size <= limit and (chunk := stream.read(min(1 << 20, limit + 1 - size))):
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        on_problem(InputError(name, None, f"more than {limit:,} bytes in one page (an endless stream?), skipped"))
        return None
    return b"".join(chunks)


def looks_binary(data: bytes) -> bool:
    head = data[:BINARY_SNIFF]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text is full of NUL bytes
        return False
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return b"\x00" in head and control > len(head) * BINARY_CONTROL_SHARE


def _pages_from_bytes(data: bytes, path: str, on_problem: Problem) -> Iterator[Page]:
    if looks_binary(data):
        on_problem(InputError(path, None, "binary file, skipped"))
        return
    if path.lower().endswith((".html", ".htm")):
        page, decoded = read_html(data, path, on_problem=on_problem)  # an element never closed is reported
    else:
        page, decoded = read_text(data, path)
    page.size = len(data)
    _report_replacements(decoded, path, on_problem)
    if not page.lines:
        on_problem(InputError(path, None, "empty page, no lines to classify"))
    yield page


def _read_jsonl_file(path: str, name: str, on_problem: Problem) -> Iterator[Page]:
    try:
        with open(path, "rb") as rows:
            if looks_binary(rows.read(BINARY_SNIFF)):
                on_problem(InputError(name, None, "binary file, skipped"))
                return
            rows.seek(0)
            yield from read_jsonl(rows, name, on_problem)
    except FileNotFoundError:
        on_problem(InputError(name, None, "no such file, skipped"))
    except OSError as error:
        on_problem(InputError(name, None, f"cannot read ({error.strerror}), skipped"))


def _report_replacements(decoded: Decoded, path: str, on_problem: Problem) -> None:
    if decoded.replaced:
        on_problem(InputError(path, None, f"{decoded.replaced} undecodable byte sequence(s) replaced by U+FFFD "
                                          f"(read as {decoded.encoding})"))
