"""A CART classification tree (Gini or entropy), numpy only.

The tree is grown greedily: at each node every binary split ``x[:, j] <= threshold`` is tried,
with thresholds halfway between consecutive distinct values of feature j in the node, and the
split that lowers the impurity most (weighted by the children's sizes) is kept. The rules below
are exact, so two correct implementations grow the same tree.

Common mistakes
---------------
- Averaging the children's impurities without weighting them by their sizes: a split that peels
  off one pure sample then looks as good as one that separates the classes.
- Thresholds at a data value (``x <= x_i``) instead of halfway to the next value: the training
  points fall on the same sides, but new points between them do not.
- Stopping when the best decrease is 0: on XOR data no first split lowers the impurity, yet the
  second level separates the classes perfectly. Stop only when the node is pure, at max_depth,
  or when no split leaves ``min_samples_leaf`` samples on each side.
- Breaking ties by the last candidate seen (``>=``): the tie rule is the lowest feature index,
  then the lowest threshold.
"""

import numpy as np

TIE = 1e-12  # decreases within TIE of the largest count as equal (rounding must not pick the split)


def impurity(counts, criterion):
    """Gini or entropy of nodes from their class counts: shape (..., n_classes) -> (...).

    Gini: 1 - sum_k p_k^2; entropy: -sum_k p_k log2 p_k, with 0 log 0 = 0 (Breiman et al.,
    Classification and Regression Trees, 1984, Section 4.3; Hastie et al., The Elements of
    Statistical Learning, 2nd ed., 2009, Section 9.2.3, eq. 9.17).
    """
    p = counts / np.maximum(counts.sum(axis=-1, keepdims=True), 1)
    if criterion == "gini":
        return 1.0 - (p**2).sum(axis=-1)
    return -(p * np.log2(p, out=np.zeros_like(p), where=p > 0)).sum(axis=-1)


class DecisionTreeClassifier:
    """A CART classification tree with binary splits on one feature at a time.

    Parameters
    ----------
    criterion : {"gini", "entropy"}, default="gini"
        The impurity a split must lower.
    max_depth : int or None, default=None
        Nodes at this depth (the root has depth 0) are leaves; None grows until every node is
        pure or cannot be split.
    min_samples_leaf : int, default=1
        A split is only allowed if both children get at least this many training samples.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The training labels, sorted; the columns of ``predict_proba`` follow them.
    depth_ : int
        The depth of the deepest leaf (0 for a tree that is a single leaf).
    root_ : ndarray or tuple
        A leaf is the array of its class frequencies, shape (n_classes,); a split is the tuple
        ``(feature, threshold, left, right)``, with ``x[feature] <= threshold`` going left.

    Notes
    -----
    At a node with n samples, the split into n_L and n_R samples lowers the impurity I by
    (Breiman et al. 1984, Section 2.4.1; ESL Section 9.2.3)

        decrease = I(node) - (n_L / n) I(left) - (n_R / n) I(right)

    The best split has the largest decrease; decreases within 1e-12 of it are ties, won by the
    lowest feature index, then the lowest threshold. A split is made even when its decrease is 0.

    Examples
    --------
    >>> X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    >>> tree = DecisionTreeClassifier().fit(X, ["no", "yes", "yes", "no"])  # XOR
    >>> tree.depth_, tree.predict([[0.2, 0.9], [0.9, 0.9]]).tolist()
    (2, ['yes', 'no'])
    """

    def __init__(self, criterion="gini", max_depth=None, min_samples_leaf=1):
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_leaf = min_samples_leaf

    def fit(self, X, y):
        """Grow the tree. X: (n_samples, n_features); y: (n_samples,) labels. Returns self."""
        X = np.asarray(X, dtype=float)
        self.classes_, codes = np.unique(np.asarray(y), return_inverse=True)
        self.depth_ = 0
        self.root_ = self._grow(X, codes.ravel(), 0)
        return self

    def _grow(self, X, codes, depth):
        """The subtree of the samples (X, codes) at this depth: a leaf or a split tuple."""
        self.depth_ = max(self.depth_, depth)
        counts = np.bincount(codes, minlength=len(self.classes_))
        if np.count_nonzero(counts) == 1 or depth == self.max_depth:
            return counts / len(codes)
        split = self._best_split(X, codes, counts)
        if split is None:  # no threshold leaves min_samples_leaf samples on each side
            return counts / len(codes)
        j, threshold = split
        left = X[:, j] <= threshold
        return (j, threshold, self._grow(X[left], codes[left], depth + 1),
                self._grow(X[~left], codes[~left], depth + 1))  # fmt: skip

    def _best_split(self, X, codes, counts):
        """(feature, threshold) of the largest impurity decrease with the tie rule, or None."""
        n, m = len(codes), self.min_samples_leaf
        parent = impurity(counts, self.criterion)
        candidates = []  # (decrease, feature, threshold), features and thresholds ascending
        for j in range(X.shape[1]):
            order = np.argsort(X[:, j], kind="stable")
            x = X[order, j]
            left = np.cumsum(np.eye(len(counts))[codes[order]], axis=0)[:-1]  # first i + 1 samples
            n_left = np.arange(1, n)
            children = n_left * impurity(left, self.criterion)
            children += (n - n_left) * impurity(counts - left, self.criterion)
            decrease = parent - children / n
            allowed = (x[1:] > x[:-1]) & (n_left >= m) & (n - n_left >= m)
            candidates += [(decrease[i], j, (x[i] + x[i + 1]) / 2) for i in np.flatnonzero(allowed)]
        if not candidates:
            return None
        best = max(decrease for decrease, _, _ in candidates)
        return next((j, t) for decrease, j, t in candidates if decrease >= best - TIE)

    def predict_proba(self, X):
        """Shape (n_samples, n_classes): the class frequencies of each row's leaf."""
        return np.array([self._leaf(x) for x in np.asarray(X, dtype=float)])

    def _leaf(self, x):
        node = self.root_
        while isinstance(node, tuple):
            j, threshold, left, right = node
            node = left if x[j] <= threshold else right
        return node

    def predict(self, X):
        """The most frequent class of each row's leaf (ties: the smaller label), shape (n_samples,)."""
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
