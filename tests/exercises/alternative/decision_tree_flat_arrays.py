"""A correct CART tree in another style: grown without recursion (a stack of nodes), stored in
flat arrays like scikit-learn's `tree_`, with every row of X routed down the tree at once; the
entropy in nats (another base scales every decrease alike and picks the same split)."""

import numpy as np


class DecisionTreeClassifier:
    def __init__(self, criterion="gini", max_depth=None, min_samples_leaf=1):
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_leaf = min_samples_leaf

    def _impurity(self, counts):
        totals = counts.sum(axis=-1, keepdims=True)
        p = np.divide(counts, totals, out=np.zeros(counts.shape), where=totals > 0)
        if self.criterion == "gini":
            return 1.0 - np.einsum("...k,...k->...", p, p)
        safe = np.where(p > 0, p, 1.0)
        return -np.sum(p * np.log(safe), axis=-1)

    def _split(self, X, codes, n_classes):
        n = len(codes)
        counts = np.bincount(codes, minlength=n_classes).astype(float)
        parent = self._impurity(counts) * n  # compared in units of impurity x samples
        winner, top = None, -np.inf
        for j in range(X.shape[1]):
            order = np.argsort(X[:, j])
            xs, onehot = X[order, j], np.zeros((n, n_classes))
            onehot[np.arange(n), codes[order]] = 1.0
            lefts = onehot.cumsum(axis=0)[:-1]
            sizes = np.arange(1, n)
            ok = (xs[:-1] < xs[1:]) & (sizes >= self.min_samples_leaf)
            ok &= n - sizes >= self.min_samples_leaf
            if not ok.any():
                continue
            weighted = sizes * self._impurity(lefts) + (n - sizes) * self._impurity(counts - lefts)
            gains = np.where(ok, (parent - weighted) / n, -np.inf)
            best = gains.max()  # a gain within 1e-12 of it is a tie, won by the lowest threshold
            i = int(np.flatnonzero(gains >= best - 1e-12)[0])
            if best > top + 1e-12:
                winner, top = (j, (xs[i] + xs[i + 1]) / 2), best
        return winner

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        labels = np.asarray(y)
        self.classes_ = np.unique(labels)
        codes = np.searchsorted(self.classes_, labels)
        k = len(self.classes_)
        self.feature, self.threshold, self.left, self.right, self.value = [], [], [], [], []
        self.depth_ = 0
        stack = [(np.arange(len(codes)), 0, None, None)]  # rows, depth, parent, side
        while stack:
            rows, depth, parent, side = stack.pop()
            node = len(self.value)
            if parent is not None:
                (self.left if side == "L" else self.right)[parent] = node
            self.depth_ = max(self.depth_, depth)
            counts = np.bincount(codes[rows], minlength=k)
            self.value.append(counts / counts.sum())
            self.feature.append(-1)
            self.threshold.append(0.0)
            self.left.append(-1)
            self.right.append(-1)
            pure = np.count_nonzero(counts) == 1
            if pure or (self.max_depth is not None and depth >= self.max_depth):
                continue
            split = self._split(X[rows], codes[rows], k)
            if split is None:
                continue
            j, t = split
            self.feature[node], self.threshold[node] = j, t
            goes_left = X[rows, j] <= t
            stack.append((rows[~goes_left], depth + 1, node, "R"))
            stack.append((rows[goes_left], depth + 1, node, "L"))
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        feature, threshold = np.array(self.feature), np.array(self.threshold)
        left, right = np.array(self.left), np.array(self.right)
        at = np.zeros(len(X), dtype=int)
        while True:
            inner = feature[at] >= 0
            if not inner.any():
                break
            rows = np.flatnonzero(inner)
            here = at[rows]
            go_left = X[rows, feature[here]] <= threshold[here]
            at[rows] = np.where(go_left, left[here], right[here])
        return np.array(self.value)[at]

    def predict(self, X):
        return self.classes_[self.predict_proba(X).argmax(axis=1)]
