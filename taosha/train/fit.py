"""Fitting: the saved model from labeled pages, with the weights, variants, spliced pages, held-out split and
presets that training adds around the classifying stages' own fit methods."""
from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import numpy as np

from taosha.classify.decision import DEFAULT_THRESHOLD, DecisionRule, says_junk
from taosha.classify.line_model import LineModel, junk_targets
from taosha.classify.parts import InjectedParts
from taosha.classify.saved import SavedModel
from taosha.errors import TaoshaError
from taosha.record import Page
from taosha.train.spliced import spliced_pages
from taosha.train.variants import with_variants

# Operating points chosen on held-out pages at training time (see choose_presets).
KEEP_CONTENT_TARGET = 0.99  # "keep-content": the most junk removed while keeping this share of content lines
REMOVE_JUNK_TARGET = 0.98  # "remove-junk": the most content kept while removing this share of junk lines
HOLDOUT_SHARE = 0.2  # pages kept out of the fit to measure the model before the final fit
# The fewest pages (a page and its augmented variants count once) `taosha train` takes: the trial model's fit
# needs 2, as its first pass is scored out of fold page by page, and the held-out share is at least 1 page,
# on which the presets are chosen. Held-out figures need one more held-out page, from 6 pages on.
MIN_TRAINING_PAGES = 3
RANDOM_STATE = 0


# A source (a site, an outlet, a folder of pages) weighs its pages' count to this power: 0.5 lets one site's
# 89 pages count for more than a site of one page, but not 89 times more, so one template does not set
# what a page looks like. Chosen on real pages, outlets held out (docs/experiments.md).
SOURCE_POWER = 0.5
# A variant page (taosha.train.variants) weighs this much of a real page: enough to teach a line alone or without
# its frame, not so much that the real pages' own look stops deciding.
VARIANT_WEIGHT = 0.5
# Fit on each page's variants too (taosha.train.variants): the article without its frame, alone, hard-wrapped.
VARIANTS = True


def sample_weights(pages: list[Page], y: np.ndarray) -> np.ndarray:
    """Each line weighs 1/sqrt(lines in its page), a page 1/(pages of its source)^SOURCE_POWER, then content
    and junk are balanced: a portal page's 400 navigation links must not outvote forty short pages, nor one
    site's many pages the sites of few, nor junk outvote content. A page's variants count as that page."""
    pages_of = Counter(page.source for page in pages if not page.augmented)
    sizes = np.concatenate([np.full(len(p.text_lines), len(p.text_lines), dtype=float) for p in pages])
    shares = np.concatenate([np.full(len(p.text_lines), max(pages_of[p.source], 1) ** -SOURCE_POWER)
                             for p in pages])
    made = np.concatenate([np.full(len(p.text_lines), VARIANT_WEIGHT if p.augmented else 1.0) for p in pages])
    weights = made * shares / np.sqrt(sizes)
    for cls in (0, 1):
        weights[y == cls] *= 0.5 * weights.sum() / weights[y == cls].sum()
    return weights * len(weights) / weights.sum()


def fit_lines(pages: list[Page]) -> LineModel:
    if len(pages) < 2:
        raise TaoshaError(f"training needs at least 2 labeled pages, found {len(pages)}")
    y = junk_targets(pages)
    if len(set(y)) < 2:
        raise TaoshaError("training needs both content and junk lines")
    weights = sample_weights(pages, y)
    # A page and its variants fall in one fold, or the first pass would have seen the lines it scores.
    originals = {name: index for index, name in enumerate(dict.fromkeys(map(original_page, pages)))}
    groups = np.repeat([originals[original_page(page)] for page in pages], [len(p.text_lines) for p in pages])
    return LineModel().fit(pages, weights, groups)


def original_page(page: Page) -> str:
    """The page a page was made from: itself, or for an augmented variant `x.script.tsv` the page `x`."""
    return f"{page.source}/{Path(page.doc).name.split('.')[0]}"


def holdout_split(pages: list[Page], random_state: int = RANDOM_STATE) -> tuple[list[Page], list[Page]]:
    """Split by page, never by line: boilerplate repeats within a page and would leak across a line split.
    A page's augmented variants fall on its side; only real pages are held out for measuring."""
    from sklearn.model_selection import GroupShuffleSplit

    splitter = GroupShuffleSplit(n_splits=1, test_size=HOLDOUT_SHARE, random_state=random_state)
    train, test = next(splitter.split(pages, groups=[original_page(page) for page in pages]))
    return [pages[i] for i in train], [pages[i] for i in test if not pages[i].augmented]


def data_digest(pages: list[Page]) -> str:
    """sha256 over every labeled row, so a model says exactly which data it learned from."""
    digest = hashlib.sha256()
    # Keyed by source and file name, not the path, so a clone anywhere gives the same digest.
    for page in sorted(pages, key=lambda p: f"{p.source}/{Path(p.doc).name}"):
        digest.update(f"{page.source}/{Path(page.doc).name}".encode())
        for line in page.lines:
            digest.update(f"\n{line.tag.value}\t{line.text}\t{'|'.join(line.injected)}".encode())
    return digest.hexdigest()


def choose_presets(probabilities: np.ndarray, junk: np.ndarray, lengths: np.ndarray,
                   weights: np.ndarray | None = None, rule: DecisionRule | None = None) -> dict[str, float]:
    """Thresholds for three operating points. "balanced" is the point the class-balanced model is trained
    for (leave-one-source-out puts its best junk F1 + content kept there); the other two are chosen from
    junk probabilities of held-out lines and their truth, lines weighted as in training so that one
    portal's navigation does not choose them. Short lines are decided by the rule (see DecisionRule), which
    the model must then record."""
    weights = np.ones(len(junk)) if weights is None else weights
    candidates = np.unique(np.round(np.concatenate([probabilities, [DEFAULT_THRESHOLD]]), 3))
    rule = rule or DecisionRule()
    said_junk = says_junk(probabilities[None, :], lengths[None, :], candidates[:, None], rule.short_line, rule.log_odds)
    recall = (said_junk & junk) @ weights / max(weights[junk].sum(), 1e-9)
    kept = (~said_junk & ~junk) @ weights / max(weights[~junk].sum(), 1e-9)
    keep = np.flatnonzero(kept >= KEEP_CONTENT_TARGET)
    remove = np.flatnonzero(recall >= REMOVE_JUNK_TARGET)
    keep_content = float(candidates[keep[np.argmax(recall[keep])]] if keep.size else candidates[-1])
    remove_junk = float(candidates[remove[np.argmax(kept[remove])]] if remove.size else candidates[0])
    # A preset never leans the other way than its name: keep-content keeps at least what balanced keeps.
    return {"balanced": DEFAULT_THRESHOLD, "keep-content": max(keep_content, DEFAULT_THRESHOLD),
            "remove-junk": min(remove_junk, DEFAULT_THRESHOLD)}


# The presets aim at 0.99 of content kept and 0.98 of junk removed: a miss of 1% is a line in a hundred, so
# fewer lines of either kind cannot tell a threshold that meets the target from one that does not. On 8 pages
# remove-junk came out at 0.01 and cut every line.
MIN_PRESET_LINES = 100


def safe_presets(probabilities: np.ndarray, junk: np.ndarray, lengths: np.ndarray, weights: np.ndarray,
                 rule: DecisionRule) -> tuple[dict[str, float], str]:
    """choose_presets's thresholds when the held-out lines hold MIN_PRESET_LINES of content and of junk;
    otherwise every preset is the balanced threshold. Also says which, for the train log and metadata."""
    content, junk_lines = int((~junk).sum()), int(junk.sum())
    counted = f"{content} content and {junk_lines} junk held-out lines"
    if min(content, junk_lines) < MIN_PRESET_LINES:
        return ({name: DEFAULT_THRESHOLD for name in ("balanced", "keep-content", "remove-junk")},
                f"not chosen: {counted}, fewer than {MIN_PRESET_LINES} of each; every preset is the balanced "
                f"threshold {DEFAULT_THRESHOLD}")
    return choose_presets(probabilities, junk, lengths, weights, rule), f"chosen on {counted}"


def fit_saved(pages: list[Page], metadata: dict | None = None) -> SavedModel:
    """The line model and the repair stage's part classifier (which asks the line model how parts read), both
    fitted on the pages, the line model on their variants too."""
    line_model = fit_lines(with_variants(pages) if VARIANTS else pages)
    metadata = {"short_line": DecisionRule().recorded(),
                "variants": VARIANTS and VARIANT_WEIGHT, "source_power": SOURCE_POWER, **(metadata or {})}
    parts = InjectedParts()
    parts.fit(spliced_pages(pages, parts.splice_share, spam_share=parts.spam_share), line_model.wording)
    return SavedModel(line_model, parts, metadata)
