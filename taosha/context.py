"""Two passes, as in jusText: score each line alone, then revise each score with its neighbours' scores.

Fitting uses scikit-learn (imported here only when fitting); the fitted passes are kept as numbers
(taosha.scoring) so classifying needs numpy alone.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from taosha import grams
from taosha.features import Featured
from taosha.scoring import Linear, Trees, used_columns

TOPIC_SCORE = -1.0  # first-pass score under which a line counts as the page's article for topic_share
EDGE = -8.0  # the score a missing neighbour gets beyond a page's edge: far on the junk side of any real line
MAIN_GAP = 4  # junk lines the page's main block of content-scored lines may span
WINDOW = 3  # neighbours above and below whose first-pass scores the context pass sees
FOLDS = 5
FIRST_PASS = {"C": 4.0, "max_iter": 2000}
# Depth 6 scores three times faster than unbounded depth (18 here) and measured the same within 0.002.
CONTEXT_PASS = {"max_iter": 200, "learning_rate": 0.1, "max_leaf_nodes": 31, "max_depth": 6, "random_state": 0}


@dataclass
class Scored:
    """First-pass output: a junk score a line, with the dense features and page layout carried along."""

    scores: np.ndarray
    dense: np.ndarray
    page_of_line: np.ndarray
    bigrams: tuple[np.ndarray, np.ndarray] | None = None  # features.bigram_keys of the lines


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


def fit_first_pass(featured: Featured, y: np.ndarray, weights: np.ndarray, groups: np.ndarray | None = None
                   ) -> tuple[Linear, Scored]:
    """The first pass, and its out-of-fold scores of the training lines (split by page, or by the groups
    given): the context pass must learn from scores like those it will see on unseen pages, not from
    optimistic in-sample ones."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    full = featured.matrix
    columns = used_columns(full)
    matrix = full[:, columns]
    scores = np.zeros(len(y))
    groups = featured.page_of_line if groups is None else groups
    folds = min(FOLDS, len(np.unique(groups)))
    for train, test in GroupKFold(n_splits=folds).split(matrix, y, groups):
        fold = LogisticRegression(**FIRST_PASS).fit(matrix[train], y[train], sample_weight=weights[train])
        scores[test] = fold.decision_function(matrix[test])
    final = LogisticRegression(**FIRST_PASS).fit(matrix, y, sample_weight=weights)
    return Linear.from_fitted(final, columns, full.shape[1]), Scored(scores, featured.dense, featured.page_of_line,
                                                                     featured.bigrams)


def fit_context_pass(scored: Scored, y: np.ndarray, weights: np.ndarray) -> Trees:
    """Revises each line's score from its neighbours': a headline above prose is content, a short line
    inside a run of navigation is junk."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    fitted = HistGradientBoostingClassifier(**CONTEXT_PASS).fit(neighbour_scores(scored), y, sample_weight=weights)
    if list(fitted.classes_) != [0, 1]:
        raise ValueError("the context pass needs content (0) and junk (1) lines")
    return Trees.from_fitted(fitted)
