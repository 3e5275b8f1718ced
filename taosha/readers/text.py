"""Plain-text scrapes: bytes to text to lines, whatever the encoding."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from taosha.record import Line, Page

_LINE_END = re.compile(r"\r\n|\r|\n")

# Tried in order when the bytes are not UTF-8; scored below because GBK accepts most Big5 byte pairs.
_FALLBACK_ENCODINGS = ("gb18030", "big5")

# The most bytes one page (a text file, standard input, a JSONL record) may hold: more than a shelf of books,
# so only an endless stream (`/dev/zero`, `yes`) or a mistake reaches it, and memory stays bounded.
MAX_PAGE_BYTES = 256_000_000


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replaced: int  # characters that could not be decoded and were replaced by U+FFFD


def split_lines(text: str) -> list[str]:
    """Split at \\n, \\r\\n and lone \\r only (str.splitlines also splits at form feeds and U+2028)."""
    if not text:
        return []
    parts = _LINE_END.split(text)
    if parts[-1] == "":
        parts.pop()
    return parts


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Decode scraped bytes: BOM, then UTF-8, then a declared charset, then UTF-8 line by line where only some
    lines are UTF-8, then the likeliest Chinese codec."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return _lenient(data, encoding)
    for encoding in dict.fromkeys(["utf-8"] + ([declared] if declared else [])):
        try:
            return Decoded(data.decode(encoding), encoding, 0)
        except (UnicodeDecodeError, LookupError):
            continue
    return _mixed(data) or _legacy(data)


def _legacy(data: bytes) -> Decoded:
    """The Chinese codec whose strict reading looks most like Chinese, else the one replacing least."""
    strict = []
    for encoding in _FALLBACK_ENCODINGS:
        try:
            strict.append(Decoded(data.decode(encoding), encoding, 0))
        except UnicodeDecodeError:
            continue
    if strict:
        return max(strict, key=lambda d: _plausibility(d.text))
    return min((_lenient(data, e) for e in ("utf-8", *_FALLBACK_ENCODINGS)), key=lambda d: d.replaced)


def _mixed(data: bytes) -> Decoded | None:
    """Lines glued together from UTF-8 and GBK or Big5 pages: each line in the codec that reads it best, or
    None when no line holds UTF-8 beyond ASCII. Read whole, one codec would garble the other's lines."""
    rows = data.split(b"\n")  # no GBK or Big5 byte pair holds 0x0A
    utf8 = [_strict(row, "utf-8") for row in rows]
    if not any(text is not None and not text.isascii() for text in utf8):
        return None
    legacy = _legacy(b"\n".join(row for row, text in zip(rows, utf8) if text is None))
    if legacy.encoding not in _FALLBACK_ENCODINGS:  # the other lines are no Chinese codec either
        return None
    texts, replaced = [], 0
    for row, text in zip(rows, utf8):
        other = _lenient(row, legacy.encoding)
        # A short run of GBK bytes can also be valid UTF-8: keep the reading that looks more like Chinese.
        if text is not None and (text.isascii() or _plausibility(text) >= _plausibility(other.text)):
            texts.append(text)
        else:
            texts.append(other.text)
            replaced += other.replaced
    return Decoded("\n".join(texts), f"utf-8+{legacy.encoding}", replaced)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _lenient(data: bytes, encoding: str) -> Decoded:
    text = data.decode(encoding, errors="replace")
    return Decoded(text, encoding, text.count("\ufffd") - _count_real_replacement_chars(data, encoding))


def _count_real_replacement_chars(data: bytes, encoding: str) -> int:
    marker = "\ufffd".encode(encoding, errors="ignore")
    return data.count(marker) if marker else 0


def _plausibility(text: str) -> float:
    """Share of characters that are common in Chinese text in either script; wrong codecs yield rare ones."""
    if not text:
        return 0.0
    common = sum(1 for ch in text if ch < "\u0080" or _is_common_han(ch) or "\u3000" <= ch <= "\u303f"
                 or "\uff00" <= ch <= "\uffef")
    return common / len(text)


@functools.lru_cache(maxsize=65536)
def _is_common_han(ch: str) -> bool:
    """GB2312 level 1 (3,755 common simplified) or Big5 level 1 (5,401 common traditional characters)."""
    try:
        if 0xB0 <= ch.encode("gb2312")[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        return b"\xa4\x40" <= ch.encode("big5") <= b"\xc6\x7e"
    except UnicodeEncodeError:
        return False


def read_text(data: bytes, doc: str, source: str = "") -> tuple[Page, Decoded]:
    decoded = decode(data)
    lines = [Line(text, number) for number, text in enumerate(split_lines(decoded.text), 1)]
    return Page(doc, lines, source), decoded
