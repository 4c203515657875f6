"""k-nearest neighbours, as a learner wrote it from `llmprep start knn`'s task and `llmprep hint knn` alone.

The writer read nothing else (no solution, no checks); tests/exercises/test_grader.py asserts
it passes every check, which proves the hints are enough. Regenerate it if a hint changes.
"""

import numpy as np


class KNNClassifier:
    """Predict the most common label among the k nearest training points (Euclidean distance).

    Parameters
    ----------
    n_neighbors : int, default=5
        k, the number of neighbours that vote.
    """

    def __init__(self, n_neighbors=5):
        self.n_neighbors = n_neighbors

    def fit(self, X, y):
        """Store the training data (as arrays) and return self."""
        self.X_train_ = np.asarray(X, dtype=float)
        self.y_train_ = np.asarray(y)
        # Encode labels as indices so we can vote with bincount.
        self.classes_, self.y_idx_ = np.unique(self.y_train_, return_inverse=True)
        return self

    def predict(self, X, block_size=256):
        """Return one training label per row of X, shape (n_samples,)."""
        X = np.asarray(X, dtype=float)
        k = self.n_neighbors
        winners = np.empty(len(X), dtype=int)
        # Process queries in blocks to keep the (block, n_train, n_features) array small.
        for start in range(0, len(X), block_size):
            Xb = X[start : start + block_size]
            D = ((Xb[:, None, :] - self.X_train_[None, :, :]) ** 2).sum(axis=2)
            nearest = np.argsort(D, axis=1)[:, :k]
            for i, row in enumerate(nearest):
                votes = np.bincount(self.y_idx_[row], minlength=len(self.classes_))
                winners[start + i] = votes.argmax()
        return self.classes_[winners]
