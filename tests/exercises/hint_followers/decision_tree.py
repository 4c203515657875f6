"""A CART decision tree classifier, as a learner wrote it from `llmprep start decision_tree`'s task and `llmprep hint decision_tree` alone.

The writer read nothing else (no solution, no checks); tests/exercises/test_grader.py asserts
it passes every check, which proves the hints are enough. Regenerate it if a hint changes.
"""

import numpy as np


class DecisionTreeClassifier:
    """A classification tree: binary splits x[:, j] <= threshold, chosen to lower the impurity most.

    Parameters
    ----------
    criterion : {"gini", "entropy"}, default="gini"
        The impurity: 1 - sum p_k^2, or -sum p_k log2 p_k.
    max_depth : int or None, default=None
        A node at this depth (the root is at depth 0) is a leaf; None: no limit.
    min_samples_leaf : int, default=1
        A split is allowed only if both children get at least this many samples.
    """

    def __init__(self, criterion="gini", max_depth=None, min_samples_leaf=1):
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_leaf = min_samples_leaf

    def _impurity(self, counts):
        p = counts / counts.sum()
        if self.criterion == "gini":
            return 1.0 - np.sum(p**2)
        q = p[p > 0]
        return -np.sum(q * np.log2(q))

    def _best_split(self, X, codes):
        n, n_features = X.shape
        K = len(self.classes_)
        parent = self._impurity(np.bincount(codes, minlength=K))
        best, best_j, best_t = -np.inf, None, None
        for j in range(n_features):
            values = np.unique(X[:, j])
            thresholds = (values[:-1] + values[1:]) / 2
            for t in thresholds:
                left = X[:, j] <= t
                n_left = int(np.count_nonzero(left))
                n_right = n - n_left
                if n_left < self.min_samples_leaf or n_right < self.min_samples_leaf:
                    continue
                i_left = self._impurity(np.bincount(codes[left], minlength=K))
                i_right = self._impurity(np.bincount(codes[~left], minlength=K))
                decrease = parent - (n_left * i_left + n_right * i_right) / n
                if decrease > best + 1e-12:
                    best, best_j, best_t = decrease, j, t
        return best_j, best_t

    def _grow(self, X, codes, depth):
        K = len(self.classes_)
        counts = np.bincount(codes, minlength=K)
        freqs = counts / counts.sum()
        self.depth_ = max(self.depth_, depth)
        if np.count_nonzero(counts) == 1:
            return freqs
        if self.max_depth is not None and depth == self.max_depth:
            return freqs
        j, t = self._best_split(X, codes)
        if j is None:
            return freqs
        mask = X[:, j] <= t
        return (
            j,
            t,
            self._grow(X[mask], codes[mask], depth + 1),
            self._grow(X[~mask], codes[~mask], depth + 1),
        )

    def fit(self, X, y):
        """Grow the tree; set classes_ (sorted labels) and depth_. X: (n_samples, n_features)."""
        X = np.asarray(X, dtype=float)
        self.classes_, codes = np.unique(np.asarray(y), return_inverse=True)
        codes = codes.ravel()
        self.depth_ = 0
        self.root_ = self._grow(X, codes, 0)
        return self

    def predict_proba(self, X):
        """Return shape (n_samples, n_classes): the class frequencies of each row's leaf."""
        X = np.asarray(X, dtype=float)
        rows = []
        for x in X:
            node = self.root_
            while isinstance(node, tuple):
                j, t, left, right = node
                node = left if x[j] <= t else right
            rows.append(node)
        return np.array(rows)

    def predict(self, X):
        """Return an array of shape (n_samples,): the most frequent training label of each leaf."""
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
