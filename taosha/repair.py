"""Repair stage: cut junk injected inside kept lines, so `clean` holds the article text alone.

Three kinds of cut, each found without a list of known junk:
- pinyin after characters (`經(jīng)開區(qū)`): a run of valid pinyin syllables in brackets after Han characters;
- repeated affixes: a phrase glued after the last sentence end (or before the first words) of many lines of a
  page, or of many pages in one run (a site's watermark);
- spam heads, spliced first sentences and spam tails: a part of the line where injected junk sits (a name
  ending in a colon, the first sentence, what follows the last sentence end), cut when a classifier trained
  on the labeled injected parts says so; it sees the part's characters and how much the part shares with
  the rest of the page (a spliced sentence from elsewhere shares little).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from taosha.evaluation import injected_mask
from taosha.features import line_shape
from taosha.record import PINYIN, Label, Line, Page, Span

_TONES = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüv", "aaaaeeeeiiiioooouuuuüüüüüü")
_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|üan|ai|ei|ao|ou|an|en|er|in|un|ün|ia|ie|iu|ua|uo|ui|üe|ue"
    r"|a|o|e|i|u|ü)[1-5]?")
PINYIN_NOTE = re.compile(r"(?<=[\u3400-\u9fff])\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[1-5]?)\)")
MIN_PINYIN_NOTES = 2  # one bracketed syllable can be a dictionary entry's reading; a run of them is junk
PINYIN_PAGE_LINES = 2  # once this many lines of a page carry runs of notes, a lone note is junk there too

SENTENCE_END = "。！？!?”」』…"
AFFIX_MIN, AFFIX_MAX = 4, 40  # characters: shorter tails are ordinary words, longer ones are sentences
AFFIX_MIN_LINES = 3  # distinct lines of a page (or of a run) that must share a tail before it counts as glued on
MEMORY_TAILS = 200_000  # tails remembered across a run before those seen only once are forgotten
BRACKETED = re.compile(r"\s*[（(【\[].*[）)】\]]\s*")
HEAD = re.compile(r"^(.{3,24}?)[：:]")


def is_pinyin(note: str) -> bool:
    return bool(_SYLLABLE.fullmatch(note.translate(_TONES)))


def pinyin_notes(text: str) -> list[Span]:
    """Every bracketed valid pinyin syllable right after a Han character."""
    return [Span(m.start(), m.end(), "pinyin") for m in PINYIN_NOTE.finditer(text) if is_pinyin(m.group(1))]


def pinyin_spans(text: str, min_notes: int = MIN_PINYIN_NOTES) -> list[Span]:
    notes = pinyin_notes(text)
    return notes if len(notes) >= min_notes else []


def tail_of(text: str) -> str:
    """What follows the last sentence end, if the line goes on after it."""
    text = text.rstrip()
    for at in range(len(text) - 2, -1, -1):
        if text[at] in SENTENCE_END:
            tail = text[at + 1 :]
            return tail if AFFIX_MIN <= len(tail) <= AFFIX_MAX else ""
    return ""


@dataclass
class AffixMemory:
    """Tails seen across the pages of one run, so a watermark glued once per page is still found.

    A tail counts by the distinct paragraphs it was glued to, so a page crawled three times does not turn
    its own sentence endings into a watermark; memory is bounded however long the run."""

    bodies: dict[str, set[int]] = field(default_factory=dict)  # tail -> hashes of the paragraphs it ended
    affixes: set[str] = field(default_factory=set)

    def learn(self, page: Page) -> set[str]:
        """The affixes to cut from this page: tails ending enough distinct lines of it, or of the run."""
        texts = [line.text.rstrip() for line in page.text_lines]
        tails = [tail_of(text) for text in texts]
        on_page = {c for c in set(tails) - {""} if len({t for t in texts if t.endswith(c)}) >= AFFIX_MIN_LINES}
        for text, tail in zip(texts, tails):
            # A bracketed tail is a sign-off or source note that recurs across a newspaper's pages.
            if tail and not BRACKETED.fullmatch(tail) and tail not in self.affixes:
                seen = self.bodies.setdefault(tail, set())
                seen.add(hash(text[: -len(tail)]))
                if len(seen) >= AFFIX_MIN_LINES:
                    self.affixes.add(tail)
                    del self.bodies[tail]
        if len(self.bodies) > MEMORY_TAILS:
            self.bodies = {t: b for t, b in self.bodies.items() if len(b) > 1}
        return on_page | self.affixes


def affix_spans(text: str, affixes: set[str]) -> list[Span]:
    """The longest known affix the line ends with, if any text is left before it."""
    stripped = text.rstrip()
    for size in range(min(AFFIX_MAX, len(stripped) - 1), AFFIX_MIN - 1, -1):
        if stripped[-size:] in affixes:
            return [Span(len(stripped) - size, len(text), "repeated affix")]
    return []


def split_head(text: str) -> tuple[str, str] | None:
    """A short name ending in a colon in front of a sentence: `某某现金网网址：宜春市…`."""
    match = HEAD.match(text.lstrip())
    if not match:
        return None
    at = len(text) - len(text.lstrip()) + match.end()
    return (text[:at], text[at:]) if len(text[at:].strip()) >= 10 else None


def split_tail(text: str) -> tuple[str, str] | None:
    """Words glued after the last sentence end: `…抓好落实。鸿运棋牌 聚财捕鱼`."""
    stripped = text.rstrip()
    for at in range(len(stripped) - 2, 9, -1):
        if stripped[at] in SENTENCE_END:
            return (text[: at + 1], text[at + 1 :]) if text[at + 1 :].strip() else None
    return None


def split_first(text: str) -> tuple[str, str] | None:
    """The first sentence of a paragraph that goes on: where an unrelated sentence gets spliced in."""
    for at, ch in enumerate(text[:120]):
        if ch in "。！？!?":
            rest = text[at + 1 :]
            return (text[: at + 1], rest) if len(rest.strip()) >= 10 else None
    return None


def candidate_parts(text: str) -> list[Span]:
    """The parts of a line that injected junk occupies when it is glued on: head, first sentence, tail."""
    spans = []
    if parts := split_head(text):
        spans.append(Span(0, len(parts[0]), "spam head"))
    if parts := split_first(text):
        spans.append(Span(0, len(parts[0]), "spliced sentence"))
    if parts := split_tail(text):
        spans.append(Span(len(parts[0]), len(text), "spam tail"))
    return spans


def merge(spans: list[Span]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if merged and span.start <= merged[-1].end:
            last = merged.pop()
            span = Span(last.start, max(last.end, span.end), last.reason)
        merged.append(span)
    return tuple(merged)


def repair_page(page: Page, memory: AffixMemory, parts: InjectedParts | None) -> Page:
    """Set `removed` on every kept line of a classified page."""
    affixes = memory.learn(page)
    kept = [line for line in page.lines if line.label is Label.CONTENT]
    learned = parts.cuts(page, kept) if parts is not None else {}
    notes = [pinyin_notes(line.text) for line in kept]
    annotated = sum(len(n) >= MIN_PINYIN_NOTES for n in notes) >= PINYIN_PAGE_LINES
    min_notes = 1 if annotated else MIN_PINYIN_NOTES
    for line, line_notes in zip(kept, notes):
        spans = ((line_notes if len(line_notes) >= min_notes else []) + affix_spans(line.text, affixes)
                 + learned.get(id(line), []))
        line.removed = merge(spans)
    return page


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1) if not text[i : i + 2].isspace()}


def coherence(part: str, page_bigrams: Counter, line_bigrams: set[str]) -> float:
    """Share of the part's character bigrams found elsewhere in the page: a spliced sentence shares few."""
    grams = _bigrams(part)
    if not grams:
        return 0.0
    return sum(1 for g in grams if page_bigrams[g] - (g in line_bigrams) > 0) / len(grams)


def _page_bigrams(page: Page) -> Counter:
    counts: Counter = Counter()
    for line in page.text_lines:
        counts.update(_bigrams(line.text))
    return counts


def part_examples(page: Page, lines: list[Line]) -> tuple[list[str], list[list[float]], list[Span], list[Line]]:
    """Candidate parts of the lines with their numeric features: coherence, share of the line, its look."""
    page_grams = _page_bigrams(page)
    texts, numbers, spans, owners = [], [], [], []
    for line in lines:
        line_grams = _bigrams(line.text)
        for span in candidate_parts(line.text):
            part = line.text[span.start : span.end]
            texts.append(part)
            numbers.append([coherence(part, page_grams, line_grams), len(part) / max(len(line.text), 1),
                            float(span.reason == "spam head"), float(span.reason == "spam tail"),
                            *line_shape(part)])
            spans.append(span)
            owners.append(line)
    return texts, numbers, spans, owners


def _gold_share(line: Line, span: Span) -> float:
    """Share of the part that the labels say was injected; pinyin is the pinyin rule's business, not this."""
    if line.tag is None or line.tag.label is not Label.CONTENT or line.injected == (PINYIN,):
        return 0.0
    return float(injected_mask(line)[span.start : span.end].mean()) if span.end > span.start else 0.0


class InjectedParts(BaseEstimator):
    """Learns from labeled M lines which heads, first sentences and tails of a line are injected junk."""

    def __init__(self, cut_probability=0.6, C=2.0):
        self.cut_probability = cut_probability
        self.C = C

    def fit(self, pages: list[Page]):
        texts, numbers, targets = [], [], []
        for page in pages:
            lines = [l for l in page.text_lines if l.tag is not None and l.tag.label is Label.CONTENT]
            part_texts, part_numbers, spans, owners = part_examples(page, lines)
            texts += part_texts
            numbers += part_numbers
            targets += [int(_gold_share(line, span) >= 0.5) for line, span in zip(owners, spans)]
        self.vectorizer_ = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True)
        matrix = sp.hstack([self.vectorizer_.fit_transform(texts), sp.csr_matrix(numbers)], format="csr")
        self.classifier_ = LogisticRegression(C=self.C, max_iter=2000, class_weight="balanced")
        self.classifier_.fit(matrix, targets)
        return self

    def probabilities(self, texts: list[str], numbers: list[list[float]]) -> np.ndarray:
        matrix = sp.hstack([self.vectorizer_.transform(texts), sp.csr_matrix(numbers)], format="csr")
        return self.classifier_.predict_proba(matrix)[:, 1]

    def cuts(self, page: Page, lines: list[Line]) -> dict[int, list[Span]]:
        """The spans to cut, keyed by id() of the line they belong to."""
        texts, numbers, spans, owners = part_examples(page, lines)
        if not texts:
            return {}
        cut: dict[int, list[Span]] = {}
        for p, span, line in zip(self.probabilities(texts, numbers), spans, owners):
            if p >= self.cut_probability:
                cut.setdefault(id(line), []).append(span)
        return cut
