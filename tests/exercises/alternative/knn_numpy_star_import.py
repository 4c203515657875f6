"""A correct KNN written the old textbook way: `from numpy import *`, which brings numpy's tables
of scalar types (ScalarType, sctypeDict) into the module, and a module-level tuple of numpy
types of its own. The grader watches module globals for state shared between checks; it must
read these without tripping over the types inside them."""

import numpy as np
from numpy import *  # noqa: F403

NUMERIC = (np.float64, np.int64)  # the kinds of input it converts from


class KNNClassifier:
    def __init__(self, n_neighbors=5):
        self.n_neighbors = n_neighbors

    def fit(self, X, y):
        self.X_ = np.array(X, dtype=NUMERIC[0])
        self.classes_, self.y_ = unique(asarray(y), return_inverse=True)  # noqa: F405
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        squared = (X**2).sum(1)[:, None] - 2 * X @ self.X_.T + (self.X_**2).sum(1)
        # `min` is numpy's here (the star import shadows the builtin): compare by hand.
        k = self.n_neighbors if self.n_neighbors < len(self.X_) else len(self.X_)
        nearest = argsort(squared, axis=1, kind="stable")[:, :k]  # noqa: F405
        votes = zeros((len(X), len(self.classes_)), dtype=int)  # noqa: F405
        add.at(votes, (arange(len(X))[:, None], self.y_[nearest]), 1)  # noqa: F405
        return self.classes_[votes.argmax(1)]
