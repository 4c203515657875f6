"""Gaussian naive Bayes, as a learner wrote it from `llmprep start naive_bayes`'s task and `llmprep hint naive_bayes` alone.

The writer read nothing else (no solution, no checks); tests/exercises/test_grader.py asserts
it passes every check, which proves the hints are enough. Regenerate it if a hint changes.
"""

import numpy as np


class GaussianNaiveBayes:
    """Naive Bayes with one Gaussian per class and feature.

    Parameters
    ----------
    var_smoothing : float, default=1e-9
        Fraction of the largest feature variance added to every variance.
    """

    def __init__(self, var_smoothing=1e-9):
        self.var_smoothing = var_smoothing

    def fit(self, X, y):
        """Estimate the class priors and each class's per-feature means and variances; return self."""
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        self.classes_, y_idx = np.unique(y, return_inverse=True)
        k = len(self.classes_)
        d = X.shape[1]
        self.mu_ = np.zeros((k, d))
        self.var_ = np.zeros((k, d))
        self.prior_ = np.zeros(k)
        for c in range(k):
            Xc = X[y_idx == c]
            self.mu_[c] = Xc.mean(axis=0)
            self.var_[c] = Xc.var(axis=0)
            self.prior_[c] = len(Xc) / len(X)
        eps = self.var_smoothing * X.var(axis=0).max()
        self.var_ = self.var_ + eps
        return self

    def _jll(self, X):
        """Joint log likelihood log P(c) + sum_j log N(x_j; mu, var), shape (n, k)."""
        X = np.asarray(X, dtype=float)
        diff = X[:, None, :] - self.mu_[None, :, :]  # (n, k, d)
        terms = np.log(2 * np.pi * self.var_)[None, :, :] + diff**2 / self.var_[None, :, :]
        return np.log(self.prior_)[None, :] - 0.5 * terms.sum(axis=2)

    def predict_proba(self, X):
        """Return P(class | x): shape (n_samples, n_classes), columns in sorted label order."""
        jll = self._jll(X)
        m = jll.max(axis=1, keepdims=True)
        p = np.exp(jll - m)
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, X):
        """Return an array of shape (n_samples,): the most probable training label of each row."""
        return self.classes_[self._jll(X).argmax(axis=1)]
