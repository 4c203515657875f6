"""Mistake: inverse_transform does not undo the whitening."""

import numpy as np


class PCA:
    def __init__(self, n_components=None, whiten=False):
        self.n_components = n_components
        self.whiten = whiten

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n, d = X.shape
        k = min(n, d) if self.n_components is None else self.n_components
        self.mean_ = X.mean(axis=0)
        Xc = X - self.mean_
        _, S, Vt = np.linalg.svd(Xc, full_matrices=False)
        rows = np.arange(len(Vt))
        Vt = Vt * np.sign(Vt[rows, np.abs(Vt).argmax(axis=1)])[:, None]
        var = S**2 / (n - 1)
        self.components_ = Vt[:k]
        self.explained_variance_ = var[:k]
        self.explained_variance_ratio_ = (var / var.sum())[:k]
        self.singular_values_ = S[:k]
        return self

    def transform(self, X):
        Z = (np.asarray(X, dtype=float) - self.mean_) @ self.components_.T
        if self.whiten:
            Z = Z / np.sqrt(self.explained_variance_)
        return Z

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        Z = np.asarray(Z, dtype=float)
        return Z @ self.components_ + self.mean_
