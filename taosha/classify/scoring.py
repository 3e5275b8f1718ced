"""The fitted classifiers as plain numbers, scored with numpy alone.

Training fits scikit-learn estimators; what classification needs from them is a weight vector and a set of
decision trees. Keeping just those numbers means a saved model is arrays and JSON (nothing to unpickle, so
loading runs no code from the file), it loads without importing scikit-learn, and scoring a batch is a few
array operations. tests/classify/test_scoring.py checks both scorers against scikit-learn's own predictions.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from taosha.classify.features import Featured


@dataclass
class Linear:
    """A logistic regression's weights over the dense columns followed by each hashed block."""

    ARRAYS = ("coef", "intercept")  # the names arrays() gives

    coef: np.ndarray
    intercept: float

    @classmethod
    def from_fitted(cls, fitted, columns: np.ndarray | None = None, width: int | None = None) -> Linear:
        """From a fitted LogisticRegression; when it was fitted on `columns` of a `width`-column matrix
        only (see used_columns), the other columns get weight 0."""
        coef = np.asarray(fitted.coef_[0], dtype=np.float64)
        if columns is not None:
            coef = np.zeros(width)
            coef[columns] = fitted.coef_[0]
        return cls(coef, float(fitted.intercept_[0]))

    def decision(self, featured: Featured) -> np.ndarray:
        """Log-odds of the positive class, one a row, as LogisticRegression.decision_function gives."""
        n, width = featured.dense.shape
        scores = featured.dense @ self.coef[:width] + self.intercept
        for block in featured.blocks:
            weights = block.values * self.coef[width + block.columns]
            scores += np.bincount(block.rows, weights=weights, minlength=n)
            width += block.width
        return scores

    def probability(self, featured: Featured) -> np.ndarray:
        return _sigmoid(self.decision(featured))

    def arrays(self) -> dict[str, np.ndarray]:
        return {"coef": self.coef, "intercept": np.array([self.intercept])}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> Linear:
        return cls(arrays["coef"].astype(np.float64), float(arrays["intercept"][0]))


def used_columns(matrix) -> np.ndarray:
    """The columns of a sparse matrix that hold any value. Fitting on these alone gives the same weights
    (an all-zero column keeps weight 0 under an l2 penalty) and is many times faster on hashed features,
    where most of the million columns are empty."""
    return np.unique(matrix.indices)


_TREE_FIELDS = ("feature", "threshold", "left", "right", "leaf", "value", "missing_left")


@dataclass
class Trees:
    """A binary HistGradientBoostingClassifier's trees, all nodes in flat arrays (children index them)."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    leaf: np.ndarray
    value: np.ndarray
    missing_left: np.ndarray
    roots: np.ndarray
    baseline: float

    ARRAYS = (*_TREE_FIELDS, "roots", "baseline")  # the names arrays() gives

    @classmethod
    def from_fitted(cls, fitted) -> Trees:
        nodes = [tree.nodes for (tree,) in fitted._predictors]  # one tree an iteration for two classes
        offsets = np.cumsum([0] + [len(n) for n in nodes[:-1]])
        joined = np.concatenate(nodes)
        shift = np.repeat(offsets, [len(n) for n in nodes])
        if joined["is_categorical"].any():
            raise ValueError("categorical splits are not supported")
        return cls(
            feature=joined["feature_idx"].astype(np.int64), threshold=joined["num_threshold"].astype(np.float64),
            left=joined["left"].astype(np.int64) + shift, right=joined["right"].astype(np.int64) + shift,
            leaf=joined["is_leaf"].astype(bool), value=joined["value"].astype(np.float64),
            missing_left=joined["missing_go_to_left"].astype(bool), roots=offsets.astype(np.int64),
            baseline=float(np.ravel(fitted._baseline_prediction)[0]),
        )

    def decision(self, rows: np.ndarray) -> np.ndarray:
        """Sum of the leaf values each row reaches, plus the baseline: the model's log-odds.

        All rows walk all trees together, one level a step; a leaf is its own child, so rows that have
        arrived stay put while the others go on (no masking, which costs more than the extra steps)."""
        n, width = rows.shape
        flat = np.ascontiguousarray(rows, dtype=np.float64).ravel()
        offsets = (np.arange(n, dtype=np.int64) * width)[:, None]
        children = self.children  # children[2 * node + went_right]
        missing = bool(np.isnan(flat).any())
        node = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        for _ in range(self.depth):
            seen = flat[offsets + self.feature[node]]
            went_right = seen > self.threshold[node]
            if missing:  # NaN compares false both ways: it goes where training sent missing values
                went_right = np.where(np.isnan(seen), ~self.missing_left[node], went_right)
            node = children[2 * node + went_right]
        return self.value[node].sum(axis=1) + self.baseline

    @functools.cached_property
    def children(self) -> np.ndarray:
        """Left and right child of each node side by side; a leaf is both its own children."""
        here = np.arange(len(self.leaf))
        return np.column_stack([np.where(self.leaf, here, self.left), np.where(self.leaf, here, self.right)]).ravel()

    @functools.cached_property
    def depth(self) -> int:
        """Levels of the deepest tree (children come after parents, so one pass in index order counts)."""
        depth = np.zeros(len(self.leaf), dtype=np.int64)
        for parent in np.flatnonzero(~self.leaf):
            depth[self.left[parent]] = depth[self.right[parent]] = depth[parent] + 1
        return int(depth.max()) if len(depth) else 0

    def probability(self, rows: np.ndarray) -> np.ndarray:
        return _sigmoid(self.decision(rows))

    def arrays(self) -> dict[str, np.ndarray]:
        return {**{name: getattr(self, name) for name in _TREE_FIELDS}, "roots": self.roots,
                "baseline": np.array([self.baseline])}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> Trees:
        return cls(**{name: arrays[name] for name in _TREE_FIELDS}, roots=arrays["roots"],
                   baseline=float(arrays["baseline"][0]))

    def check(self, columns: int) -> None:
        """Refuse trees a damaged or forged file could make loop or index outside the rows: every child
        comes after its parent (as scikit-learn grows them) and inside the arrays; features are columns."""
        size = len(self.feature)
        if any(len(getattr(self, name)) != size for name in _TREE_FIELDS):
            raise ValueError("tree arrays differ in length")
        parents = np.flatnonzero(~self.leaf)
        for name in ("left", "right"):
            children = getattr(self, name)[parents]
            if children.size and (np.any(children <= parents) or children.max() >= size):
                raise ValueError(f"tree {name} child index out of order or range")
        if self.roots.size and (self.roots.min() < 0 or self.roots.max() >= size):
            raise ValueError("tree root index out of range")
        features = self.feature[parents]
        if features.size and (features.min() < 0 or features.max() >= columns):
            raise ValueError("tree feature index out of range")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))
