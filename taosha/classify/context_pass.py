"""Context pass: revise each line's first-pass score with its neighbours' scores, as in jusText's second step.

Fitting uses scikit-learn (imported only when fitting); the fitted trees are kept as numbers
(taosha.classify.scoring) so classifying needs numpy alone.
"""
from __future__ import annotations

import numpy as np

from taosha.classify import grams
from taosha.classify.first_pass import Scored
from taosha.classify.scoring import Trees

TOPIC_SCORE = -1.0  # first-pass score under which a line counts as the page's article for topic_share
EDGE = -8.0  # the score a missing neighbour gets beyond a page's edge: far on the junk side of any real line
MAIN_GAP = 4  # junk lines the page's main block of content-scored lines may span
WINDOW = 3  # neighbours above and below whose first-pass scores the context pass sees
# Depth 6 scores three times faster than unbounded depth (18 here) and measured the same within 0.002.
CONTEXT_PASS = {"max_iter": 200, "learning_rate": 0.1, "max_leaf_nodes": 31, "max_depth": 6, "random_state": 0}


def context_pass(scored: Scored, trees: Trees, window: int = WINDOW) -> np.ndarray:
    """Each line's junk probability, from its own score and its neighbours' (neighbour_scores)."""
    return trees.probability(neighbour_scores(scored, window))


def topic_share(scored: Scored) -> np.ndarray:
    """Share of each line's character bigrams found in another line of its page that the first pass reads
    as content: answers between repeated questions share the article's topic, a teaser for another
    article shares little of it."""
    if scored.bigrams is None:
        return np.zeros(len(scored.scores))
    owner, keys = scored.bigrams
    article = scored.scores[owner] < TOPIC_SCORE
    found = grams.counted(*grams.distinct_counts(keys[article]), keys)
    elsewhere = found - article >= 1  # the line's own bigrams do not count
    total = np.bincount(owner, minlength=len(scored.scores))
    return np.bincount(owner, weights=elsewhere, minlength=len(scored.scores)) / np.maximum(total, 1)


def main_block_distance(scored: Scored, gap: int = MAIN_GAP) -> tuple[np.ndarray, np.ndarray]:
    """How far each line lies before and after its page's main block, in shares of the page's lines. The
    main block is the longest run of lines the first pass reads as content, joined across at most `gap`
    junk lines: reader comments come well after it, a headline just before it."""
    pages = scored.page_of_line
    before, after = np.zeros(len(pages)), np.zeros(len(pages))
    kept = np.flatnonzero(scored.scores < 0)
    if not len(kept):
        return before, after
    starts = np.ones(len(kept), dtype=bool)
    starts[1:] = (np.diff(kept) > gap + 1) | (pages[kept[1:]] != pages[kept[:-1]])
    block = np.cumsum(starts) - 1
    size = np.bincount(block)
    first, last = kept[starts], kept[np.r_[np.flatnonzero(starts)[1:] - 1, len(kept) - 1]]
    block_page = pages[first]
    # each page's largest block (the first of equal ones): sort by page, size, then place; each page's last
    order = np.lexsort((-first, size, block_page))
    ordered_pages = block_page[order]
    last_of_page = np.r_[ordered_pages[1:] != ordered_pages[:-1], True]
    main = np.full(pages.max() + 1, -1)
    main[ordered_pages[last_of_page]] = order[last_of_page]
    sizes = np.bincount(pages).astype(float)
    has = main[pages] >= 0
    lines = np.arange(len(pages))
    start, end = first[main[pages[has]]], last[main[pages[has]]]
    before[has] = np.maximum(start - lines[has], 0) / sizes[pages[has]]
    after[has] = np.maximum(lines[has] - end, 0) / sizes[pages[has]]
    return before, after


def neighbour_scores(scored: Scored, window: int = WINDOW) -> np.ndarray:
    """Each line's own score, its neighbours' scores within the window, its page's mean score and share of
    lines scored as content, how much it shares with the lines the first pass reads as content
    (topic_share), how far it lies from the page's main block (main_block_distance), and its own dense
    features."""
    scores, pages = scored.scores, scored.page_of_line
    columns = [scores]
    for offset in [o for o in range(-window, window + 1) if o]:
        shifted = np.full(len(scores), EDGE)
        source = np.arange(len(scores)) + offset
        inside = (source >= 0) & (source < len(scores))
        inside[inside] = pages[source[inside]] == pages[inside]
        shifted[inside] = scores[source[inside]]
        columns.append(shifted)
    sums = np.bincount(pages, weights=scores)
    sizes = np.bincount(pages)
    means = sums / np.maximum(sizes, 1)
    columns.append(means[pages])
    columns.append(np.bincount(pages, weights=(scores < 0).astype(float))[pages] / sizes[pages])
    columns.append(topic_share(scored))
    columns.extend(main_block_distance(scored))
    return np.column_stack(columns + [scored.dense])


def context_columns(dense_width: int, window: int = WINDOW) -> int:
    """How many columns neighbour_scores makes: own score, 2*window neighbours, page mean and share, topic
    share, distance before and after the main block."""
    return 1 + 2 * window + 3 + 2 + dense_width


def context_column_names(dense_names: list[str], window: int = WINDOW) -> list[str]:
    """The names of neighbour_scores's columns, in order."""
    around = [f"score_{o:+d}" for o in range(-window, window + 1) if o]
    return (["score", *around, "page_mean_score", "page_content_share", "topic_share", "before_main_block",
             "after_main_block", *dense_names])


def fit_context_pass(scored: Scored, y: np.ndarray, weights: np.ndarray) -> Trees:
    """Revises each line's score from its neighbours': a headline above prose is content, a short line
    inside a run of navigation is junk."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    fitted = HistGradientBoostingClassifier(**CONTEXT_PASS).fit(neighbour_scores(scored), y, sample_weight=weights)
    if list(fitted.classes_) != [0, 1]:
        raise ValueError("the context pass needs content (0) and junk (1) lines")
    return Trees.from_fitted(fitted)
