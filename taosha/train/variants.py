"""Training variants of labeled pages: the same article without its site frame, alone, hard-wrapped, in the
other script, and single lines on their own.

Every training page has a frame, and most of its lines are boilerplate, so a model learns that a line of
prose is content *because* navigation surrounds it: alone, or in a page that is already the article, the same
line reads as junk. Showing each page again in the shapes users feed taosha (text with no frame, a page of
paragraphs, old portals' lines broken every 30-40 characters, the other script, one line) makes the decision
rest on the line.
Variants are made from the pages being fitted only, and are never scored.
"""
from __future__ import annotations

import random
from dataclasses import replace

from taosha.record import PINYIN, Label, Line, Page, Tag

WRAP_WIDTHS = (16, 80)  # hard-wrapped text breaks lines every 16 to 80 characters
SINGLE_MIN_CHARS = 10  # a line shorter than this says too little on its own to teach anything
SEED = 0


def with_variants(pages: list[Page], seed: int = SEED) -> list[Page]:
    """The pages, then each real page's variants; the same pages give the same variants."""
    rng = random.Random(seed)
    convert = other_script()
    made = []
    for page in pages:
        if page.augmented or not any(_is_content(line) for line in page.lines):
            continue
        made += [unframed(page), bare(page), wrapped(page, rng.randint(*WRAP_WIDTHS)), converted(page, convert)]
        made += singles(page, rng)
    return pages + made


def other_script():
    """A function that writes a text in the other script: simplified to traditional, or back (OpenCC)."""
    import opencc

    to_traditional, to_simplified = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")

    def convert(text: str) -> str:
        traditional = to_traditional.convert(text)
        return traditional if traditional != text else to_simplified.convert(text)

    return convert


def converted(page: Page, convert) -> Page:
    """The page in the other script: the same page to a reader of either. An M line's injected parts are
    converted with it; one that no longer occurs (a conversion that depends on context) leaves it C."""
    text = convert("\n".join(line.text for line in page.lines)).split("\n")
    lines = []
    for line, new in zip(page.lines, text):
        parts = tuple(part if part == PINYIN else convert(part) for part in line.injected)
        whole = all(part == PINYIN or part in new for part in parts)
        lines.append(replace(line, text=new, injected=parts if whole else (),
                             tag=line.tag if whole or line.tag is not Tag.M else Tag.C))
    return _variant(page, "script", lines)


def _is_content(line: Line) -> bool:
    return line.tag is not None and line.tag.label is Label.CONTENT


def _variant(page: Page, name: str, lines: list[Line]) -> Page:
    renumbered = [Line(line.text, number, line.tag, line.injected) for number, line in enumerate(lines, 1)]
    return Page(f"{page.doc}#{name}", renumbered, page.source, augmented=True)


def unframed(page: Page) -> Page:
    """The page from its first content line to its last: a scrape whose frame was already cut."""
    at = [i for i, line in enumerate(page.lines) if _is_content(line)]
    return _variant(page, "unframed", page.lines[at[0]:at[-1] + 1])


def bare(page: Page) -> Page:
    """The content lines alone: a page that is already the article."""
    return _variant(page, "bare", [line for line in page.lines if _is_content(line)])


def wrapped(page: Page, width: int) -> Page:
    """Every line broken every `width` characters, as old portals, BBS posts and OCR text are. An M line is
    kept whole: its injected part would not survive the cut."""
    lines = []
    for line in page.lines:
        text = line.text.strip()
        if line.tag is Tag.M or len(text) <= width:
            lines.append(line)
            continue
        lines += [replace(line, text=text[at:at + width], injected=()) for at in range(0, len(text), width)]
    return _variant(page, f"wrapped{width}", lines)  # of an unframed variant: "…#unframed#wrappedN"


def singles(page: Page, rng: random.Random) -> list[Page]:
    """One content line and one junk line of the page, each a page of its own."""
    made = []
    for wanted in (Label.CONTENT, Label.JUNK):
        lines = [line for line in page.lines if line.tag is not None and line.tag.label is wanted
                 and len(line.text.strip()) >= SINGLE_MIN_CHARS]
        if lines:
            made.append(_variant(page, f"single-{wanted.value}", [rng.choice(lines)]))
    return made
