"""Classifying: pages go through the stages a batch at a time, each stage one module of this package:
features (features.py) -> first pass (first_pass.py) -> context pass (context_pass.py), the three that
LineModel (line_model.py) holds -> decision (decision.py) -> repair (repair.py). The saved model
(saved.py) carries what they learnt."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from taosha.classify.decision import DecisionRule, decide
from taosha.classify.repair import AffixMemory, repair_pages
from taosha.classify.saved import SavedModel
from taosha.record import Page

BATCH_LINES = 4000  # lines scored per model call: amortises numpy's per-call cost, bounds memory


def classify_pages(saved: SavedModel, pages: Iterable[Page], threshold: float | None = None) -> Iterator[Page]:
    """Label and repair pages in input order, a batch at a time, remembering repeated affixes across the run."""
    rule = saved.rule if threshold is None else saved.rule.at(threshold)
    for batch, affixes in learnt_batches(pages):
        yield from classify_batch(saved, batch, affixes, rule)


def learnt_batches(pages):
    """(batch, each page's repeated affixes) in input order: the memory of affixes must see every page of
    the run in order, so it runs here, before a batch goes to whatever labels it."""
    memory = AffixMemory()
    for batch in batched(pages):
        yield batch, [memory.learn(page) for page in batch]


def classify_batch(saved: SavedModel, batch: list[Page], affixes: list[set[str]], rule: DecisionRule) -> list[Page]:
    """One batch through every stage: the line model's three, the decision, the repair."""
    decide(batch, saved.lines.junk_probabilities(batch), rule)
    return repair_pages(batch, affixes, saved.parts, saved.lines.wording)


def batched(pages, lines: int | None = None):
    """Lists of consecutive pages holding about `lines` lines (a longer page is a batch of its own)."""
    lines = lines or BATCH_LINES
    batch, held = [], 0
    for page in pages:
        batch.append(page)
        held += len(page.lines)
        if held >= lines:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch
