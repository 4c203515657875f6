"""Principal component analysis (via the SVD), as a learner wrote it from `llmprep start pca`'s task and `llmprep hint pca` alone.

The writer read nothing else (no solution, no checks); tests/exercises/test_grader.py asserts
it passes every check, which proves the hints are enough. Regenerate it if a hint changes.
"""

import numpy as np


class PCA:
    """Project data onto its directions of largest variance (the SVD of the centred data)."""

    def __init__(self, n_components=None, whiten=False):
        self.n_components = n_components
        self.whiten = whiten

    def fit(self, X):
        """Learn mean_ and the components from X, of shape (n_samples, n_features); return self."""
        X = np.asarray(X, dtype=float)
        n, d = X.shape
        k = min(n, d) if self.n_components is None else self.n_components
        self.mean_ = X.mean(axis=0)
        Xc = X - self.mean_
        U, S, Vt = np.linalg.svd(Xc, full_matrices=False)
        var = S**2 / (n - 1)
        i = np.abs(Vt).argmax(axis=1)
        signs = np.sign(Vt[np.arange(len(Vt)), i])
        Vt = Vt * signs[:, None]
        self.components_ = Vt[:k]
        self.explained_variance_ = var[:k]
        self.explained_variance_ratio_ = (var / var.sum())[:k]
        self.singular_values_ = S[:k]
        return self

    def transform(self, X):
        """Return the scores of X on the components: shape (n_samples, k)."""
        Z = (np.asarray(X, dtype=float) - self.mean_) @ self.components_.T
        if self.whiten:
            Z = Z / np.sqrt(self.explained_variance_)
        return Z

    def fit_transform(self, X):
        """fit(X), then transform(X)."""
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        """Map scores Z, of shape (n_samples, k), back to shape (n_samples, n_features)."""
        Z = np.asarray(Z, dtype=float)
        if self.whiten:
            Z = Z * np.sqrt(self.explained_variance_)
        return Z @ self.components_ + self.mean_
