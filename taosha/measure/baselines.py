"""Plain-text peers, reimplemented from their published descriptions, to be measured on the same lines.

- Keep every line: the text a corpus holds uncleaned, the floor any cleaning must beat.
- Chinese-C4 line rule: keep a line that ends in terminal punctuation (。！？…”：) and has 5-500 characters.
- cx-extractor (Chen Xin's line-block distribution): sum the lengths of each run of BLOCK_WIDTH lines; the
  article starts where that sum jumps above BLOCK_THRESHOLD with text following, and ends where it falls to 0.
"""
from __future__ import annotations

from taosha.record import Label, Page

C4_ENDINGS = ("。", "！", "？", "…", "”", "：")
C4_MIN, C4_MAX = 5, 500
BLOCK_WIDTH = 3  # lines per block, as in the published cx-extractor
BLOCK_THRESHOLD = 86  # characters per block that mark the start of the article, as published


def c4_keeps(text: str) -> bool:
    text = text.strip()
    return C4_MIN <= len(text) <= C4_MAX and text.endswith(C4_ENDINGS)


def cx_kept_lines(texts: list[str]) -> set[int]:
    """Indexes of the lines inside the article blocks found by the line-block distribution."""
    lengths = ["".join(t.split()).__len__() for t in texts]
    blocks = [sum(lengths[i:i + BLOCK_WIDTH]) for i in range(len(lengths))]
    kept, start = set(), None
    for i, size in enumerate(blocks):
        following = blocks[i + 1:i + 4]
        if start is None and size > BLOCK_THRESHOLD and any(following):
            start = i
        elif start is not None and (size == 0 or (i + 1 < len(blocks) and blocks[i + 1] == 0)):
            kept.update(range(start, i + 1))
            start = None
    if start is not None:
        kept.update(range(start, len(texts)))
    return {i for i in kept if lengths[i]}


def label_all(page: Page) -> Page:
    """Keep every line: what a corpus holds when it is not cleaned at all."""
    for line in page.lines:
        line.junk_probability, line.label, line.removed = 0.0, Label.CONTENT, ()
    return page


def label_c4(page: Page) -> Page:
    for line in page.lines:
        keep = c4_keeps(line.text)
        line.junk_probability, line.label = (0.0, Label.CONTENT) if keep else (1.0, Label.JUNK)
        line.removed = ()  # a peer keeps or drops whole lines
    return page


def label_cx(page: Page) -> Page:
    kept = cx_kept_lines([line.text for line in page.lines])
    for index, line in enumerate(page.lines):
        keep = index in kept
        line.junk_probability, line.label = (0.0, Label.CONTENT) if keep else (1.0, Label.JUNK)
        line.removed = ()
    return page


BASELINES = {"keep-all": label_all, "c4-rule": label_c4, "cx-extractor": label_cx}
