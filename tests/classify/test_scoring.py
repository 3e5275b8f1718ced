import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

from taosha.classify.features import Block, Featured
from taosha.classify.scoring import Linear, Trees


def _featured(rng, n=300):
    dense = rng.normal(size=(n, 5))
    rows = rng.integers(0, n, 900)
    columns = rng.integers(0, 64, 900)
    keys = np.unique(rows * 64 + columns)
    block = Block(keys // 64, keys % 64, rng.random(len(keys)), 64)
    return Featured(dense, [block], np.zeros(n, dtype=np.int64))


def test_linear_scores_as_logistic_regression_does():
    rng = np.random.default_rng(0)
    featured = _featured(rng)
    y = (featured.dense[:, 0] + featured.matrix[:, 5:9].sum(axis=1).A1 > 0.5).astype(int)
    fitted = LogisticRegression().fit(featured.matrix, y)
    linear = Linear.from_fitted(fitted)
    assert np.allclose(linear.decision(featured), fitted.decision_function(featured.matrix))
    assert np.allclose(Linear.from_arrays(linear.arrays()).probability(featured),
                       fitted.predict_proba(featured.matrix)[:, 1])


def test_trees_score_as_hist_gradient_boosting_does():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(2000, 6))
    X[rng.random(X.shape) < 0.05] = np.nan  # missing values take the side learned for them
    y = ((np.nan_to_num(X[:, 0]) * np.nan_to_num(X[:, 1]) > 0) ^ (np.nan_to_num(X[:, 2]) > 1)).astype(int)
    fitted = HistGradientBoostingClassifier(max_iter=50, max_leaf_nodes=15, random_state=0).fit(X, y)
    trees = Trees.from_arrays(Trees.from_fitted(fitted).arrays())
    trees.check(X.shape[1])
    assert np.allclose(trees.probability(X), fitted.predict_proba(X)[:, 1], atol=1e-12)
