"""JSONL corpora: one page per record, its text in field `text`, an optional `id`."""
from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator

from taosha.errors import InputError
from taosha.readers import text as text_reader
from taosha.readers.text import split_lines
from taosha.record import Line, Page

# JSON may escape half of a surrogate pair alone (`"\ud800"`): no UTF-8 output, nor the features, can hold it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_REPLACEMENT = "\ufffd".encode()


def read_jsonl(rows: Iterable[bytes], path: str, on_problem=None) -> Iterator[Page]:
    """One page per record, read one row at a time (a corpus file is never held whole in memory); a malformed
    record goes to on_problem (raised without it) and the rest is read."""
    report = on_problem or _raise
    records = 0
    for number, raw in enumerate(_bounded(rows, path, report), 1):
        row = raw.decode("utf-8-sig" if number == 1 else "utf-8", errors="replace")
        if not row.strip():
            continue
        records += 1
        try:
            page, surrogates = _page_from_record(row, path, number)
        except InputError as error:
            report(InputError(error.path, error.line, error.problem + ", record skipped"))
            continue
        page.size = len(raw)
        # Count only the U+FFFD that decoding made, not those the row held.
        undecodable = row.count("\ufffd") - raw.count(_REPLACEMENT) if "\ufffd" in row else 0
        _report_replaced(undecodable, surrogates, path, number, report)
        if not page.lines:
            report(InputError(path, number, "empty page, no lines to classify"))
        yield page
    if not records:
        report(InputError(path, None, "empty file, no records to classify"))


def _bounded(rows, path: str, report):
    """The rows of a stream, none longer than MAX_PAGE_BYTES: a longer one (an endless stream has no end of
    line) is said in one line and ends the reading, as nothing after it can be told apart."""
    if not hasattr(rows, "readline"):  # a list of rows, already in memory
        yield from rows
        return
    limit = text_reader.MAX_PAGE_BYTES
    for number in itertools.count(1):
        raw = rows.readline(limit + 1)
        if not raw:
            return
        if len(raw) > limit:
            report(InputError(path, number, f"record of more than {limit:,} bytes (an endless stream?), "
                                            "the rest of the file skipped"))
            return
        yield raw


def _raise(error: InputError) -> None:
    raise error


def _page_from_record(row: str, path: str, number: int) -> tuple[Page, int]:
    """The record's page, and how many lone surrogates in its text and id were replaced by U+FFFD."""
    try:
        record = json.loads(row)
    except json.JSONDecodeError as error:
        # Some of json's messages end in "at" ("Invalid control character at"): the column completes them.
        where = f"{error.msg.removesuffix(' at')} at column {error.colno}"
        raise InputError(path, number, f"not a JSON record: {where}") from None
    except RecursionError:
        raise InputError(path, number, "JSON record nested too deeply to read") from None
    except ValueError:  # the only other error json raises: an integer of more digits than Python converts
        raise InputError(path, number, "JSON record with a number too long to read") from None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError(path, number, 'record has no string field "text"')
    text, in_text = _LONE_SURROGATE.subn("\ufffd", record["text"])
    doc, in_doc = _LONE_SURROGATE.subn("\ufffd", str(record["id"]) if record.get("id") is not None
                                       else f"{path}:{number}")
    lines = [Line(line, n) for n, line in enumerate(split_lines(text), 1)]
    return Page(doc, lines), in_text + in_doc


def _report_replaced(undecodable: int, surrogates: int, path: str, number: int, report) -> None:
    """One warning for the row, worded as for text files' undecodable bytes."""
    what = []
    if undecodable:
        what.append(f"{undecodable} undecodable byte sequence(s)")
    if surrogates:
        what.append(f"{surrogates} lone surrogate escape(s)")
    if what:
        read_as = " (read as utf-8)" if undecodable else ""
        report(InputError(path, number, " and ".join(what) + " replaced by U+FFFD" + read_as))
