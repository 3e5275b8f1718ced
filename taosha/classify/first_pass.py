"""First pass: each line alone, as in jusText's first step. Its features -> a junk score (log-odds) from a
linear model. Fitting uses scikit-learn (imported only when fitting); the fitted pass is kept as numbers
(taosha.classify.scoring) so classifying needs numpy alone."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from taosha.classify.features import Featured
from taosha.classify.scoring import Linear, used_columns

FOLDS = 5
FIRST_PASS = {"C": 4.0, "max_iter": 2000}


@dataclass
class Scored:
    """First-pass output: a junk score a line, with the dense features and page layout carried along."""

    scores: np.ndarray
    dense: np.ndarray
    page_of_line: np.ndarray
    bigrams: tuple[np.ndarray, np.ndarray] | None = None  # features.bigram_keys of the lines


def first_pass(featured: Featured, weights: Linear) -> Scored:
    """Each line's junk log-odds from its own features, the dense features and page layout carried along."""
    return Scored(weights.decision(featured), featured.dense, featured.page_of_line, featured.bigrams)


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
