"""Writing stage: classified pages out as one JSON record a line, or as each page's kept text."""
from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from taosha.record import Label, Page

# Valid JSON, but tools that split lines with str.splitlines() would break a record at these: escape them.
_LINE_BREAKERS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


# What json.dumps(text, ensure_ascii=False) returns for a string, without its per-call set-up.
_string = json.encoder.encode_basestring


def render_jsonl(page: Page) -> str:
    """One JSON record a line of the page: doc, line, label, junk_probability (6 decimals), text, clean and
    removed (each span's start, end and reason), in that order. Written field by field
    (json.dumps only for strings): a dict and the general encoder a line cost more than the whole record."""
    doc = _string(page.doc)
    rows = []
    for line in page.lines:
        removed = ", ".join(f'{{"start": {s.start}, "end": {s.end}, "reason": {_string(s.reason)}}}'
                            for s in line.removed)
        rows.append(f'{{"doc": {doc}, "line": {line.number}, "label": "{line.label.value}", '
                    f'"junk_probability": {round(line.junk_probability, 6)!r}, "text": {_string(line.text)}, '
                    f'"clean": {_string(line.clean)}, "removed": [{removed}]}}\n')
    rendered = "".join(rows)
    return rendered.translate(_LINE_BREAKERS) if any(c in rendered for c in "\u2028\u2029\x85") else rendered


def kept_text(page: Page) -> str:
    return "\n".join(line.clean for line in page.lines if line.label is Label.CONTENT)


def render_text(page: Page) -> str:
    """The page's kept lines; pages are separated by one empty line (see write_rendered)."""
    text = kept_text(page)
    return text + "\n" if text else ""


RENDERERS = {"jsonl": render_jsonl, "text": render_text}
_PAGE_SEPARATORS = {"jsonl": "", "text": "\n"}


def write_rendered(rendered: Iterable[str], out, output_format: str) -> None:
    """Write rendered pages in order, with the format's separator between pages."""
    separator = _PAGE_SEPARATORS[output_format]
    for index, text in enumerate(rendered):
        out.write(separator + text if index and separator else text)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_file(path: str | Path, mode: str = "w", **kwargs):
    """Write to a temporary file beside `path`, renamed over it only when the block succeeds: an interrupted
    run leaves no half-written file, and an existing output stays untouched until the new one is complete.

    A symbolic link is followed: the file it points to is replaced, not the link. Something that exists and
    is no regular file (a device, a fifo, a pipe's /dev/fd/N) is written directly: renaming over it would
    replace it, and the folders of /dev and /proc are not ours to write temporary files in."""
    if not _is_regular_or_missing(path):
        with open(path, mode, **kwargs) as out:
            yield out
        return
    path = Path(os.path.realpath(path))
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; the output is an ordinary file
    try:
        with os.fdopen(fd, mode, **kwargs) as out:
            yield out
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _is_regular_or_missing(path: str | Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:  # nothing there yet (or a link to nothing): the temporary file makes it
        return True
