"""Mistake: the square root of |a|^2 - 2 a.b + |b|^2 taken as it comes (hint 5's expansion
without the clip): rounding makes a point's distance to itself slightly negative, sqrt gives
NaN, NaN sorts last, and with n_neighbors=1 the point's own label is lost."""

import numpy as np


class KNNClassifier:
    def __init__(self, n_neighbors=5):
        self.n_neighbors = n_neighbors

    def fit(self, X, y):
        self.X_ = np.array(X, dtype=float)
        self.classes_, self.y_ = np.unique(np.asarray(y), return_inverse=True)
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        with np.errstate(invalid="ignore"):
            dist = np.sqrt((X**2).sum(1)[:, None] - 2 * X @ self.X_.T + (self.X_**2).sum(1))
        nearest = np.argsort(dist, axis=1)[:, : self.n_neighbors]
        votes = np.zeros((len(X), len(self.classes_)), dtype=int)
        np.add.at(votes, (np.arange(len(X))[:, None], self.y_[nearest]), 1)
        return self.classes_[votes.argmax(1)]
