"""The records that flow through every stage: a page and its lines."""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

PINYIN = "pinyin"
"""Marker in `Line.injected`: the injected junk is pinyin after every character."""


class Label(str, enum.Enum):
    """What taosha decides for a line: keep it or throw it away."""

    CONTENT = "content"
    JUNK = "junk"


class Tag(enum.Enum):
    """The annotation tags of ANNOTATION.md."""

    C = "C"  # content
    M = "M"  # content with injected junk inside
    B = "B"  # boilerplate
    S = "S"  # spam and ads
    N = "N"  # noise: markup, mojibake, symbols

    @property
    def label(self) -> Label:
        return Label.CONTENT if self in (Tag.C, Tag.M) else Label.JUNK


@dataclass(frozen=True)
class Span:
    """A cut made inside a kept line: characters [start, end) and why."""

    start: int
    end: int
    reason: str


def cut_out(text: str, spans) -> str:
    """The text less the spans, given in any order, overlapping or not."""
    kept, at = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        kept.append(text[at : max(at, span.start)])
        at = max(at, span.end)
    kept.append(text[at:])
    return "".join(kept)


# Pinyin as annotated in labeled data: bracketed lower-case letters right after a Han character.
_GOLD_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[1-5]?\)")


def injected_ranges(line: Line) -> list[tuple[int, int]]:
    """[start, end) of every place in the line that its labels say was injected: each occurrence of each
    injected part, or every pinyin note of a line labeled as pinyin-annotated."""
    if line.injected == (PINYIN,):
        return [match.span() for match in _GOLD_PINYIN.finditer(line.text)]
    ranges = []
    for part in line.injected:
        start = line.text.find(part)
        while start != -1:
            ranges.append((start, start + len(part)))
            start = line.text.find(part, start + 1)
    return ranges


@dataclass(eq=False)
class Line:
    """One line of a page as read, with its gold tag when labeled and the verdict once classified."""

    text: str
    number: int  # 1-based position in the page as read, blank lines included
    tag: Tag | None = None
    injected: tuple[str, ...] = ()  # gold injected parts of an M line, or (PINYIN,)
    junk_probability: float | None = None
    label: Label | None = None
    removed: tuple[Span, ...] = ()

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()

    @property
    def clean(self) -> str:
        """The text to keep: the line less its removed spans, or "" for junk."""
        return cut_out(self.text, self.removed) if self.label is Label.CONTENT else ""


@dataclass(eq=False)
class Page:
    """One scraped document: its id, the source it belongs to, and its lines in order."""

    doc: str
    lines: list[Line] = field(default_factory=list)
    source: str = ""  # group name used for per-source reports and leave-one-source-out splits
    augmented: bool = False  # made by training/augment.py from another page: trained on, never scored
    size: int = 0  # bytes of input the page was read from: what progress and throughput count

    @property
    def text_lines(self) -> list[Line]:
        """The lines the classifier sees: blank lines carry no text to judge."""
        return [line for line in self.lines if not line.is_blank]
