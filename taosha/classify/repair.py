"""Repair stage: cut junk injected inside kept lines, so `clean` holds the article text alone.

Four kinds of cut, each found without a list of known junk (taosha.classify.spans says where each sits):
- HTML tags left inside a line's text (`<br>`, `<b>…</b>`);
- pinyin after characters (`經(jīng)開區(qū)`): a run of valid pinyin syllables in brackets after Han characters;
- repeated tails: a phrase glued after the last sentence end of many lines of a page, or of many pages in one
  run (a site's watermark);
- spam heads, spliced fragments, spliced first sentences and spam tails, cut when the injected-part classifier
  (taosha.classify.parts) says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from taosha.classify.parts import InjectedParts, Wording
from taosha.classify.spans import last_end, markup_spans, merge, pinyin_notes, trimmed_edges
from taosha.record import Label, Page, Span

MIN_PINYIN_NOTES = 2  # one bracketed syllable can be a dictionary entry's reading; a run of them is junk
PINYIN_PAGE_LINES = 2  # once this many lines of a page carry runs of notes, a lone note is junk there too
AFFIX_MIN, AFFIX_MAX = 4, 40  # characters: shorter tails are ordinary words, longer ones are sentences
AFFIX_MIN_LINES = 3  # distinct lines of a page (or of a run) that must share a tail before it counts as glued on
MEMORY_TAILS = 200_000  # tails remembered across a run before the least promising are forgotten
BRACKETED = re.compile(r"\s*[（(【\[].*[）)】\]]\s*")


def repair_pages(pages: list[Page], affixes: list[set[str]], parts: InjectedParts | None,
                 wording: Wording | None = None) -> list[Page]:
    """Set `removed` on every kept line of classified pages; affixes[i] are the repeated affixes to cut from
    pages[i] (AffixMemory.learn, run over the pages in input order). The injected-part classifier scores the
    whole batch at once, asking the line model how its candidate parts read."""
    kept = [[line for line in page.lines if line.label is Label.CONTENT] for page in pages]
    learned = parts.cuts(kept, wording) if parts is not None else {}
    for page_affixes, lines in zip(affixes, kept):
        notes = [pinyin_notes(line.text) for line in lines]
        annotated = sum(len(n) >= MIN_PINYIN_NOTES for n in notes) >= PINYIN_PAGE_LINES
        min_notes = 1 if annotated else MIN_PINYIN_NOTES
        for line, line_notes in zip(lines, notes):
            spans = ((line_notes if len(line_notes) >= min_notes else []) + affix_spans(line.text, page_affixes)
                     + learned.get(id(line), []) + markup_spans(line.text))
            line.removed = trimmed_edges(line.text, merge(spans))
    return pages


def tail_of(text: str) -> str:
    """What follows the last sentence end, if the line goes on after it."""
    text = text.rstrip()
    at = last_end(text, max(len(text) - 1 - AFFIX_MAX, 0))  # an end further back leaves too long a tail
    if at < 0:
        return ""
    tail = text[at + 1 :]
    return tail if AFFIX_MIN <= len(tail) <= AFFIX_MAX else ""


@dataclass
class AffixMemory:
    """Tails seen across the pages of one run, so a watermark glued once per page is still found.

    A tail counts by the distinct paragraphs it was glued to, so a page crawled three times does not turn
    its own sentence endings into a watermark; the tails not yet counting are bounded however long the run.
    Each page is given only the learned affixes its own lines end with: a corpus of many sites learns many
    thousands, and handing every page all of them cost time and memory that grew with the run."""

    bodies: dict[str, set[int]] = field(default_factory=dict)  # tail -> hashes of the paragraphs it ended
    affixes: set[str] = field(default_factory=set)
    sizes: set[int] = field(default_factory=set)  # the affixes' lengths, kept: there can be many thousands

    def learn(self, page: Page) -> set[str]:
        """The affixes to cut from this page: tails ending enough distinct lines of it, or of the run."""
        texts = [line.text.rstrip() for line in page.text_lines]
        tails = [tail_of(text) for text in texts]
        # A tail found after a sentence end counts every distinct line it ends, with or without a sentence
        # end before it.
        found = set(tails) - {""}
        ending = _endings(texts, found, {len(tail) for tail in found})
        on_page = {tail for tail, lines in ending.items() if len(lines) >= AFFIX_MIN_LINES}
        for text, tail in zip(texts, tails):
            # A bracketed tail is a sign-off or source note that recurs across a newspaper's pages.
            if tail and not BRACKETED.fullmatch(tail) and tail not in self.affixes:
                seen = self.bodies.setdefault(tail, set())
                seen.add(hash(text[: -len(tail)]))
                if len(seen) >= AFFIX_MIN_LINES:
                    self.affixes.add(tail)
                    self.sizes.add(len(tail))
                    del self.bodies[tail]
        if len(self.bodies) > MEMORY_TAILS:
            self._forget()
        return on_page | set(_endings(texts, self.affixes, self.sizes))

    def _forget(self) -> None:
        """Keep at most half the bound: the tails seen more than once, the latest first seen if too many.
        Keeping every such tail let them fill the bound, and then every page rebuilt the whole memory."""
        again = [(tail, bodies) for tail, bodies in self.bodies.items() if len(bodies) > 1]
        self.bodies = dict(again[max(len(again) - MEMORY_TAILS // 2, 0) :])


def _endings(texts: list[str], affixes: set[str], sizes: set[int]) -> dict[str, set[str]]:
    """Each affix that ends one of the texts, with the texts it ends: each text's ending of each affix length
    is looked up, so the cost does not grow with the number of affixes."""
    ending: dict[str, set[str]] = {}
    for text in texts:
        for size in sizes:
            if text[-size:] in affixes:
                ending.setdefault(text[-size:], set()).add(text)
    return ending


def affix_spans(text: str, affixes: set[str]) -> list[Span]:
    """The longest known affix the line ends with, if any text is left before it."""
    stripped = text.rstrip()
    for size in sorted({len(affix) for affix in affixes}, reverse=True):
        if AFFIX_MIN <= size <= min(AFFIX_MAX, len(stripped) - 1) and stripped[-size:] in affixes:
            return [Span(len(stripped) - size, len(text), "repeated affix")]
    return []
