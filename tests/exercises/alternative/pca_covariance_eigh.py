"""A correct PCA from the eigendecomposition of the covariance matrix, with a loop for the signs.

np.linalg.eigh returns the eigenvalues in increasing order and the eigenvectors as columns, so
both are reversed and transposed; with more features than samples only min(n, d) are kept, and
rounding can leave tiny negative eigenvalues, which are clipped to 0.
"""

import numpy as np


class PCA:
    def __init__(self, n_components=None, whiten=False):
        self.n_components = n_components
        self.whiten = whiten

    def fit(self, X):
        data = np.array(X, dtype=float)
        n_samples, n_features = data.shape
        rank = min(n_samples, n_features)
        keep = rank if self.n_components is None else self.n_components
        self.mean_ = data.mean(axis=0)
        data -= self.mean_  # our own copy (np.array copies)
        covariance = data.T @ data / (n_samples - 1)
        eigenvalues, eigenvectors = np.linalg.eigh(covariance)
        order = np.argsort(eigenvalues)[::-1][:rank]
        variances = np.clip(eigenvalues[order], 0.0, None)
        directions = eigenvectors[:, order].T.copy()
        for row in directions:
            if row[np.argmax(np.abs(row))] < 0:
                row *= -1.0
        self.components_ = directions[:keep]
        self.explained_variance_ = variances[:keep]
        self.explained_variance_ratio_ = variances[:keep] / variances.sum()
        self.singular_values_ = np.sqrt(variances[:keep] * (n_samples - 1))
        return self

    def _std(self):
        return np.sqrt(self.explained_variance_)

    def transform(self, X):
        projected = (np.asarray(X, dtype=float) - self.mean_) @ self.components_.T
        return projected / self._std() if self.whiten else projected

    def fit_transform(self, X):
        self.fit(X)
        return self.transform(X)

    def inverse_transform(self, Z):
        scores = np.asarray(Z, dtype=float)
        if self.whiten:
            scores = scores * self._std()
        return scores @ self.components_ + self.mean_
