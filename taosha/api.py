"""Engine-free core call: classify and clean a batch of pages, the model loaded once per process.

    from taosha.api import clean_texts
    for cleaned in clean_texts(["第一行\\n第二行"]):
        print(cleaned.text, cleaned.labels)

Cluster adapters (datatrove, Spark) call this and nothing below it, so every engine cleans exactly as
`taosha classify` does.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from taosha.classify import classify_pages
from taosha.classify.saved import SavedModel, load
from taosha.readers.text import split_lines
from taosha.record import Label, Line, Page
from taosha.writers import kept_text


@dataclass(frozen=True)
class CleanedPage:
    """One page's verdict: its kept, repaired text and what was decided for each of its lines."""

    doc: str
    text: str  # the kept lines' clean text joined by "\n", as `classify --format text` writes it
    labels: list[str]  # "content" or "junk", one per input line
    junk_probabilities: list[float]
    removed: list[list[dict]]  # per line: spans cut from a kept line, {"start", "end", "reason"}

    @property
    def has_content(self) -> bool:
        return any(label == Label.CONTENT.value for label in self.labels)


@functools.lru_cache(maxsize=4)
def loaded_model(directory: str | None = None) -> SavedModel:
    """The model at `directory` (None: the shipped one), read from disk once per process."""
    return load(directory)


def page_from_text(text: str, doc: str) -> Page:
    return Page(doc, [Line(line, number) for number, line in enumerate(split_lines(text), 1)])


def clean_pages(pages: Iterable[Page], model_dir: str | None = None,
                threshold: str | float | None = None) -> Iterator[CleanedPage]:
    """Label and repair pages in order; threshold is a number, a preset name, or None for the model's own."""
    saved = loaded_model(model_dir)
    chosen = saved.resolve_threshold(None if threshold is None else str(threshold))
    for page in classify_pages(saved, pages, chosen):
        yield cleaned(page)


def clean_texts(texts: Iterable[str], docs: Iterable[str] | None = None, model_dir: str | None = None,
                threshold: str | float | None = None) -> Iterator[CleanedPage]:
    """`clean_pages` for raw page texts; docs default to the text's position in the batch."""
    docs = iter(docs) if docs is not None else (str(n) for n in range(1 << 62))
    pages = (page_from_text(text, next(docs)) for text in texts)
    return clean_pages(pages, model_dir, threshold)


def cleaned(page: Page) -> CleanedPage:
    return CleanedPage(
        doc=page.doc,
        text=kept_text(page),
        labels=[line.label.value for line in page.lines],
        junk_probabilities=[float(line.junk_probability) for line in page.lines],
        removed=[[{"start": s.start, "end": s.end, "reason": s.reason} for s in line.removed]
                 for line in page.lines],
    )
