"""Mistake: scikit-learn's PCA does the work; the class only passes the calls on."""

import numpy as np
from sklearn.decomposition import PCA as _LibraryPCA


class PCA:
    def __init__(self, n_components=None, whiten=False):
        self.n_components = n_components
        self.whiten = whiten

    def fit(self, X):
        self.model = _LibraryPCA(n_components=self.n_components, whiten=self.whiten)
        self.model.fit(np.asarray(X, dtype=float))
        for name in (
            "components_",
            "explained_variance_",
            "explained_variance_ratio_",
            "singular_values_",
            "mean_",
        ):
            setattr(self, name, getattr(self.model, name))
        return self

    def transform(self, X):
        return self.model.transform(np.asarray(X, dtype=float))

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        return self.model.inverse_transform(np.asarray(Z, dtype=float))
