"""Mistake: a node becomes a leaf when its best decrease is 0, so the root of XOR data is never split
(every first split leaves both children half and half, yet the second level separates them)."""

import numpy as np


def impurity(counts, criterion):
    p = counts / counts.sum()
    if criterion == "gini":
        return 1.0 - np.sum(p**2)
    q = p[p > 0]
    return -np.sum(q * np.log2(q))


class DecisionTreeClassifier:
    def __init__(self, criterion="gini", max_depth=None, min_samples_leaf=1):
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_leaf = min_samples_leaf

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        self.classes_, codes = np.unique(np.asarray(y), return_inverse=True)
        self.depth_ = 0
        self.root_ = self._grow(X, codes.ravel(), 0)
        return self

    def _grow(self, X, codes, depth):
        self.depth_ = max(self.depth_, depth)
        counts = np.bincount(codes, minlength=len(self.classes_))
        if np.count_nonzero(counts) == 1 or depth == self.max_depth:
            return counts / len(codes)
        best, split = -np.inf, None
        parent = impurity(counts, self.criterion)
        for j in range(X.shape[1]):
            values = np.unique(X[:, j])
            for t in (values[:-1] + values[1:]) / 2:
                left = X[:, j] <= t
                n_left, n_right = left.sum(), (~left).sum()
                if n_left < self.min_samples_leaf or n_right < self.min_samples_leaf:
                    continue
                k = len(self.classes_)
                i_left = impurity(np.bincount(codes[left], minlength=k), self.criterion)
                i_right = impurity(np.bincount(codes[~left], minlength=k), self.criterion)
                decrease = parent - (n_left * i_left + n_right * i_right) / len(codes)
                if decrease > best + 1e-12:
                    best, split = decrease, (j, t)
        if split is None or best <= 0:
            return counts / len(codes)
        j, t = split
        mask = X[:, j] <= t
        left = self._grow(X[mask], codes[mask], depth + 1)
        return (j, t, left, self._grow(X[~mask], codes[~mask], depth + 1))

    def predict_proba(self, X):
        rows = []
        for x in np.asarray(X, dtype=float):
            node = self.root_
            while isinstance(node, tuple):
                j, t, left, right = node
                node = left if x[j] <= t else right
            rows.append(node)
        return np.array(rows)

    def predict(self, X):
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
