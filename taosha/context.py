"""Two passes, as in jusText: score each line alone, then revise each score with its neighbours' scores."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from taosha.features import Featured

EDGE = -8.0  # the score a missing neighbour gets beyond a page's edge: far on the junk side of any real line


@dataclass
class Scored:
    """First-pass output: a junk score a line, with the dense features and page layout carried along."""

    scores: np.ndarray
    dense: np.ndarray
    page_of_line: np.ndarray


class FirstPass(BaseEstimator, TransformerMixin):
    """Scores each line from its own features; during fit the scores are out-of-fold, split by page."""

    def __init__(self, classifier=None, folds=5):
        self.classifier = classifier
        self.folds = folds

    def _classifier(self):
        return self.classifier or LogisticRegression(C=4.0, max_iter=2000)

    def fit(self, featured: Featured, y, sample_weight=None):
        self.fit_transform(featured, y, sample_weight)
        return self

    def fit_transform(self, featured: Featured, y, sample_weight=None):
        # The context pass must learn from scores like those it will see on unseen pages, not from
        # the optimistic scores of lines the first pass was fitted on.
        y = np.asarray(y)
        weights = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight)
        scores = np.zeros(len(y))
        folds = min(self.folds, len(np.unique(featured.page_of_line)))
        for train, test in GroupKFold(n_splits=folds).split(featured.matrix, y, featured.page_of_line):
            fold_model = clone(self._classifier()).fit(featured.matrix[train], y[train], sample_weight=weights[train])
            scores[test] = fold_model.decision_function(featured.matrix[test])
        self.classifier_ = clone(self._classifier()).fit(featured.matrix, y, sample_weight=weights)
        return Scored(scores, featured.dense, featured.page_of_line)

    def transform(self, featured: Featured) -> Scored:
        return Scored(self.classifier_.decision_function(featured.matrix), featured.dense, featured.page_of_line)


def neighbour_scores(scored: Scored, window: int) -> np.ndarray:
    """Each line's own score, its neighbours' scores within the window, and its page's mean and spread."""
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
    return np.column_stack(columns + [scored.dense])


class ContextPass(BaseEstimator, ClassifierMixin):
    """Revises each line's score from its neighbours': a headline above prose is content, a short line
    inside a run of navigation is junk."""

    def __init__(self, classifier=None, window=3):
        self.classifier = classifier
        self.window = window

    def fit(self, scored: Scored, y, sample_weight=None):
        classifier = self.classifier or HistGradientBoostingClassifier(
            max_iter=200, learning_rate=0.1, max_leaf_nodes=31, random_state=0)
        self.classifier_ = clone(classifier).fit(neighbour_scores(scored, self.window), y,
                                                 sample_weight=sample_weight)
        self.classes_ = self.classifier_.classes_
        return self

    def predict_proba(self, scored: Scored) -> np.ndarray:
        return self.classifier_.predict_proba(neighbour_scores(scored, self.window))

    def predict(self, scored: Scored) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(scored), axis=1)]
