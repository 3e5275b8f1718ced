"""Tags of one line cutting of a page projected onto another cutting of the same page's text.

The public pages' silver line files were cut from the HTML by another tool, which also breaks lines at some
inline tags and skips the `<title>`; taosha's HTML reader does neither. Both keep the page's text in document
order, so the two line sequences align monotonically: runs of equal lines anchor the alignment and, between
anchors, the characters are aligned with whitespace dropped, so a taosha line may be a piece of one silver line
or span several of them.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from taosha.record import PINYIN, Label, Line, Tag

# An equal run of lines this short ("返回", "分享 | 打印") may pair with the wrong occurrence of a repeated
# line; it is aligned by characters together with its neighbours instead of trusted as an anchor.
ANCHOR_CHARS = 12
# A line takes the silver tags when at least this share of its characters was found in silver lines;
# below that most of its text is something the other tool dropped.
MIN_FOUND = 0.5

_SPACES = re.compile(r"\s+")


def normalised(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def squashed(text: str) -> str:
    """The text without whitespace: the two cuttings differ in where they put spaces and line breaks."""
    return _SPACES.sub("", text)


@dataclass
class Projected:
    """One line and the silver lines its characters were found in."""

    line: Line
    found: Counter[int] = field(default_factory=Counter)  # silver line index -> characters found in it

    @property
    def chars(self) -> int:
        return len(squashed(self.line.text))

    @property
    def matched(self) -> bool:
        return self.chars > 0 and sum(self.found.values()) >= MIN_FOUND * self.chars

    def is_exact(self, silver: list[Line]) -> bool:
        """Equal to one silver line, up to whitespace."""
        if len(self.found) != 1:
            return False
        return normalised(silver[next(iter(self.found))].text) == normalised(self.line.text)


def project(lines: list[Line], silver: list[Line]) -> list[Projected]:
    """Each line with the silver lines it was found in, by a monotone alignment of the two cuttings."""
    projected = [Projected(line) for line in lines]
    ours, theirs = [normalised(line.text) for line in lines], [normalised(line.text) for line in silver]
    for (i1, i2, j1, j2), anchored in _regions(ours, theirs):
        if anchored:
            for i, j in zip(range(i1, i2), range(j1, j2)):
                projected[i].found[j] += len(squashed(ours[i]))
        else:
            _align_characters(projected, ours, theirs, (i1, i2, j1, j2))
    return projected


def _regions(ours: list[str], theirs: list[str]):
    """Anchored runs of equal lines, and the regions between them (as one range of each side)."""
    pending = None
    for op, i1, i2, j1, j2 in SequenceMatcher(None, ours, theirs, autojunk=False).get_opcodes():
        if op == "equal" and sum(len(squashed(text)) for text in ours[i1:i2]) >= ANCHOR_CHARS:
            if pending:
                yield pending, False
                pending = None
            yield (i1, i2, j1, j2), True
        else:
            pending = (pending[0], i2, pending[2], j2) if pending else (i1, i2, j1, j2)
    if pending:
        yield pending, False


def _align_characters(projected: list[Projected], ours: list[str], theirs: list[str], region) -> None:
    i1, i2, j1, j2 = region
    our_text, our_line = _characters(ours, i1, i2)
    their_text, their_line = _characters(theirs, j1, j2)
    if not our_text or not their_text:
        return
    matcher = SequenceMatcher(None, our_text, their_text, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            projected[our_line[a + k]].found[their_line[b + k]] += 1


def _characters(texts: list[str], start: int, end: int) -> tuple[str, list[int]]:
    """The region's text without whitespace, and for each character the index of its line."""
    pieces, owners = [], []
    for index in range(start, end):
        piece = squashed(texts[index])
        pieces.append(piece)
        owners += [index] * len(piece)
    return "".join(pieces), owners


def majority_tag(found: Counter[int], silver: list[Line]) -> Tag:
    """The tag of most of the line's characters; content only when content characters are the majority."""
    chars = Counter()
    for index, count in found.items():
        chars[silver[index].tag] += count
    content = sum(count for tag, count in chars.items() if tag.label is Label.CONTENT)
    side = Label.CONTENT if content > sum(chars.values()) - content else Label.JUNK
    return max((tag for tag in Tag if tag.label is side), key=lambda tag: chars[tag])


def projected_labels(item: Projected, silver: list[Line]) -> tuple[Tag, tuple[str, ...]]:
    """The line's tag and, for M, the injected parts it carries: a piece of an M line without them is C."""
    tag = majority_tag(item.found, silver)
    if tag is not Tag.M:
        return tag, ()
    spanned = [silver[index] for index in sorted(item.found) if silver[index].tag is Tag.M]
    parts = tuple(dict.fromkeys(part for line in spanned for part in line.injected
                                if part == PINYIN or part in item.line.text))
    named = any(line.injected for line in spanned)
    return (Tag.C, ()) if named and not parts else (Tag.M, parts)
