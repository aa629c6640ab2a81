"""The partner model of theme model 1.2 (issue 20) and the mean of the two models' probabilities.

Kept apart from `model.py` so that importing the model's API (the pages, `dhr export`) does not
import scikit-learn: these classes subclass its BaseEstimator, and are imported only when a
pipeline is built or a fitted model unpickled.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator

from dhr.themes.normalise import normalise_text


class NaiveBayesLogistic(BaseEstimator):
    """One-vs-rest logistic regression on binary n-gram features scaled per theme by their naive
    Bayes log-count ratio (Wang and Manning's NBSVM): a second opinion that weighs a rare phrase by
    how one-sided it is between a theme's texts and the rest, where TF-IDF weighs it by rarity."""

    def __init__(self, C: float = 1.0, alpha: float = 1.0, seed: int = 0):
        self.C, self.alpha, self.seed = C, alpha, seed

    def fit(self, x, y):
        from sklearn.linear_model import LogisticRegression

        y = np.asarray(y)
        x = x.tocsr().astype(np.float64)
        self.ratios_, self.models_ = [], []
        for j in range(y.shape[1]):
            pos = np.asarray(x[y[:, j] == 1].sum(axis=0)).ravel() + self.alpha
            neg = np.asarray(x[y[:, j] != 1].sum(axis=0)).ravel() + self.alpha
            r = np.log((pos / pos.sum()) / (neg / neg.sum()))
            lr = LogisticRegression(
                C=self.C, solver="liblinear", dual=True, class_weight="balanced", max_iter=1000, random_state=self.seed
            )
            self.ratios_.append(r)
            self.models_.append(lr.fit(x.multiply(r).tocsr(), y[:, j]))
        return self

    def predict_proba(self, x):
        x = x.tocsr().astype(np.float64)
        return np.column_stack(
            [m.predict_proba(x.multiply(r).tocsr())[:, 1] for r, m in zip(self.ratios_, self.models_, strict=True)]
        )


class MeanProbability(BaseEstimator):
    """The mean of several pipelines' per-theme probabilities, on texts normalised once for all of
    them (the normaliser is most of the cost of scoring). The first member is the TF-IDF model whose
    ``features`` and ``classifier`` steps the reasons on the Theme review page read."""

    def __init__(self, members: list):
        self.members = members

    @property
    def named_steps(self):
        return self.members[0].named_steps

    def fit(self, texts, y):
        normalised = [normalise_text(t) for t in texts]
        for member in self.members:
            member.fit(normalised, y)
        return self

    def predict_proba(self, texts):
        normalised = [normalise_text(t) for t in texts]
        return np.mean([np.asarray(m.predict_proba(normalised), dtype=np.float64) for m in self.members], axis=0)
