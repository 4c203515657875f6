"""k-nearest neighbours as you would write it in an interview: numpy only, about 40 lines.

`llmprep solution knn --full` shows the library version, which keeps memory bounded on large
data; this one builds the whole (n_queries, n_train) distance matrix, fine up to a few thousand
points a side.
"""

import numpy as np


class KNNClassifier:
    """Predict the most common label among the ``n_neighbors`` nearest training points.

    Parameters
    ----------
    n_neighbors : int, default=5
        k, how many neighbours vote. Euclidean distance.
    """

    def __init__(self, n_neighbors=5):
        self.n_neighbors = n_neighbors

    def fit(self, X, y):
        """Remember the training set: X of shape (n_samples, n_features), y of (n_samples,).

        Returns self. The labels are kept as indices into ``classes_`` (the sorted labels), so
        votes can be counted with integer arithmetic and mapped back at the end.
        """
        self.X_ = np.array(X, dtype=float)  # a copy: the caller may change X later
        self.classes_, self.y_ = np.unique(np.asarray(y), return_inverse=True)
        return self

    def predict(self, X):
        """The majority label of each row's nearest neighbours: an array of shape (n_queries,)."""
        X = np.asarray(X, dtype=float)
        # |a - b|^2 = |a|^2 - 2 a.b + |b|^2: one matrix product, no (n, m, d) difference array.
        squared = (X**2).sum(axis=1)[:, None] - 2 * X @ self.X_.T + (self.X_**2).sum(axis=1)
        k = min(self.n_neighbors, len(self.X_))
        nearest = np.argpartition(squared, k - 1, axis=1)[:, :k]  # the k smallest, any order
        votes = np.zeros((len(X), len(self.classes_)), dtype=int)
        np.add.at(votes, (np.arange(len(X))[:, None], self.y_[nearest]), 1)
        return self.classes_[votes.argmax(axis=1)]
