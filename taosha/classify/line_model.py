"""The line classifier: features -> first pass -> context pass, one estimator object."""
from __future__ import annotations

import numpy as np

from taosha.classify.context_pass import context_column_names, context_pass, fit_context_pass
from taosha.classify.features import DENSE_NAMES, FeatureSpace
from taosha.classify.first_pass import first_pass, fit_first_pass
from taosha.classify.scoring import Linear, Trees
from taosha.record import Label, Line, Page


def junk_targets(pages: list[Page]) -> np.ndarray:
    """1 for a junk line, 0 for content, over the text lines of every page in order."""
    return np.array([line.tag.label is Label.JUNK for page in pages for line in page.text_lines], dtype=int)


class LineModel:
    """The junk probability of each text line, as scikit-learn's estimator contract has it: the constructor
    stores the feature space to fit (its parameters), `fit` learns `features_` (the fitted space),
    `first_` (the first pass's weights) and `context_` (the context pass's trees) and returns self."""

    def __init__(self, features: FeatureSpace | None = None):
        self.features = features

    def get_params(self, deep: bool = True) -> dict:
        params = {"features": self.features}
        if deep and self.features is not None:
            params |= {f"features__{k}": v for k, v in self.features.get_params().items()}
        return params

    def fit(self, pages: list[Page], sample_weight: np.ndarray, groups: np.ndarray | None = None) -> LineModel:
        """Fit on the labeled text lines of the pages (weights one a line; groups: the fold of each line for
        the first pass's out-of-fold scores, by page when None)."""
        y = junk_targets(pages)
        params = self.features.get_params() if self.features is not None else {}
        self.features_ = FeatureSpace(**params).fit(pages)
        self.first_, scored = fit_first_pass(self.features_.featurize(pages), y, sample_weight, groups)
        self.context_ = fit_context_pass(scored, y, sample_weight)
        return self

    @classmethod
    def fitted(cls, features: FeatureSpace, first: Linear, context: Trees) -> LineModel:
        """A model from its learnt parts (as a saved model's arrays rebuild them)."""
        model = cls(FeatureSpace(**features.get_params()))
        model.features_, model.first_, model.context_ = features, first, context
        return model

    def get_feature_names_out(self) -> list[str]:
        """The first pass's columns, which its weights (`first_.coef`) follow."""
        return self.features_.get_feature_names_out()

    def context_feature_names(self) -> list[str]:
        """The context pass's columns, in the order its trees read them."""
        return context_column_names(DENSE_NAMES)

    def first_pass_pushes(self, page: Page, count: int = 3) -> list[list[tuple[str, float]]]:
        """For each text line of the page, in its page, the inputs that pushed its first-pass junk log-odds
        most, largest push first: each dense feature by name, the hashed words and the hashed character
        n-grams each as one (`words`, `characters`). A positive push is towards junk."""
        featured = self.features_.featurize([page])
        coef, rows, width = self.first_.coef, len(featured.dense), featured.dense.shape[1]
        columns = [featured.dense * coef[:width]]
        for block in featured.blocks:
            columns.append(np.bincount(block.rows, weights=block.values * coef[width + block.columns],
                                       minlength=rows)[:, None])
            width += block.width
        pushes, names = np.hstack(columns), [*DENSE_NAMES, "words", "characters"]
        strongest = np.argsort(-np.abs(pushes), axis=1, kind="stable")[:, :count]
        return [[(names[j], float(pushes[i, j])) for j in row] for i, row in enumerate(strongest)]

    def junk_probabilities(self, pages: list[Page]) -> np.ndarray:
        """The junk probability of every text line of the pages, in order: features, first pass, context."""
        pages = [page for page in pages if page.text_lines]
        if not pages:
            return np.zeros(0)
        return context_pass(first_pass(self.features_.featurize(pages), self.first_), self.context_)

    def wording(self, texts: list[str]) -> np.ndarray:
        """First-pass junk log-odds of each text read as a page of one line: what its words alone say.
        The repair stage asks this of the parts of kept lines (a gambling site's name glued on is spam)."""
        scores = np.zeros(len(texts))
        at = [i for i, text in enumerate(texts) if text.strip()]
        if at:
            scores[at] = self.first_.decision(self.features_.featurize_lines([[Line(texts[i], 1)] for i in at]))
        return scores
