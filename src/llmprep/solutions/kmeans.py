"""k-means clustering: Lloyd's algorithm from k-means++ seeds, the best of ``n_init`` runs.

k-means looks for ``k`` centres that minimise the inertia, the within-cluster sum of squares

    J = sum_i ||x_i - mu_{c(i)}||^2        (Lloyd 1982; Hastie, Tibshirani & Friedman,
                                             The Elements of Statistical Learning, 14.3.6)

Lloyd's algorithm alternates two steps, neither of which can increase J: give each point the
nearest centre (best labels for fixed centres), then move each centre to the mean of its points
(best centres for fixed labels). It stops at a local optimum that depends on where it starts, so
the starts are drawn with k-means++ (Arthur & Vassilvitskii, SODA 2007) and the run with the
lowest J out of ``n_init`` is kept.

Common mistakes
---------------
- Dividing by zero for a cluster that lost all its points: its mean is NaN, and every distance
  to it is NaN from then on. Give it the point farthest from its own centre instead.
- Seeding with ``rng.choice(n, k, replace=False)``: distinct rows, but on data with duplicated
  rows two centres can sit on the same spot. k-means++ gives a point already chosen weight 0.
- Keeping the last of the ``n_init`` runs instead of the one with the lowest inertia.
- An absolute ``tol``: on data measured in millimetres it stops after one step. It is relative
  to the data's variance here, as in scikit-learn.
"""

import numpy as np


def _squared_distances(X, centres):
    """``D[i, j] = ||X[i] - centres[j]||^2``: shape (n_samples, n_clusters)."""
    return ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)


def _kmeans_plusplus(X, k, rng):
    """k centres drawn from the rows of X (Arthur & Vassilvitskii 2007, Section 2.2).

    The first uniformly; each next one with probability D(x)^2 / sum D^2, where D(x) is the
    distance from x to the nearest centre chosen so far. A row already chosen (or a copy of
    it) has D = 0 and is never drawn again while distinct rows remain.
    """
    chosen = [rng.integers(len(X))]
    d2 = _squared_distances(X, X[chosen]).ravel()
    for _ in range(1, k):
        total = d2.sum()
        index = rng.choice(len(X), p=d2 / total) if total > 0 else rng.integers(len(X))
        chosen.append(index)
        d2 = np.minimum(d2, _squared_distances(X, X[[index]]).ravel())
    return X[chosen].copy()


class KMeans:
    """k-means clustering (numpy only).

    Parameters
    ----------
    n_clusters : int, default=8
        k, the number of clusters.
    n_init : int, default=10
        Runs from different k-means++ seeds; the one with the lowest inertia is kept.
    max_iter : int, default=300
        Most Lloyd iterations in one run.
    tol : float, default=1e-4
        A run stops when the centres moved by at most ``tol * mean(X.var(axis=0))`` in total
        (sum of squared shifts), as in scikit-learn.
    random_state : None, int or numpy.random.Generator, default=None
        Seeds ``np.random.default_rng``: the same value gives the same clustering.
    init : 'k-means++' or array-like of shape (n_clusters, n_features), default='k-means++'
        Given centres start a single run (``n_init`` is then ignored).

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
    labels_ : ndarray of shape (n_samples,)
        The index of each training point's nearest centre.
    inertia_ : float
        Sum of squared distances of the training points to their nearest centre.
    n_iter_ : int
        Lloyd iterations of the run kept.

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [10.0, 10.0], [10.0, 11.0]])
    >>> model = KMeans(n_clusters=2, n_init=3, random_state=0).fit(X)
    >>> sorted(model.cluster_centers_.tolist())
    [[0.0, 0.5], [10.0, 10.5]]
    >>> float(model.inertia_), bool(model.labels_[0] == model.labels_[1] != model.labels_[2])
    (1.0, True)
    """

    def __init__(
        self, n_clusters=8, n_init=10, max_iter=300, tol=1e-4, random_state=None, init="k-means++"
    ):
        self.n_clusters = n_clusters
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state
        self.init = init

    def fit(self, X):
        """Cluster X of shape (n_samples, n_features). Returns self."""
        X = np.array(X, dtype=float)  # a copy: nothing done here reaches the caller's array
        if not 1 <= self.n_clusters <= len(X):
            raise ValueError(f"n_clusters={self.n_clusters} must be between 1 and {len(X)}")
        rng = np.random.default_rng(self.random_state)
        tol = self.tol * X.var(axis=0).mean()
        given = not isinstance(self.init, str)
        best = None
        for _ in range(1 if given else self.n_init):
            if given:
                centres = np.array(self.init, dtype=float)
            else:
                centres = _kmeans_plusplus(X, self.n_clusters, rng)
            run = self._lloyd(X, centres, tol)
            if best is None or run[2] < best[2]:  # keep the lowest inertia
                best = run
        self.cluster_centers_, self.labels_, self.inertia_, self.n_iter_ = best
        return self

    def _lloyd(self, X, centres, tol):
        """(centres, labels, inertia, n_iter) of Lloyd's algorithm started from ``centres``."""
        k = len(centres)
        for n_iter in range(1, self.max_iter + 1):  # noqa: B007 - the count, read after the loop
            d2 = _squared_distances(X, centres)
            labels = d2.argmin(axis=1)
            # An empty cluster takes the point farthest from its centre (as scikit-learn does),
            # never a cluster's only point, which would leave that one empty instead.
            for j in np.flatnonzero(np.bincount(labels, minlength=k) == 0):
                d = d2[np.arange(len(X)), labels]
                d[np.bincount(labels, minlength=k)[labels] == 1] = -1.0
                labels[d.argmax()] = j
            new = np.array([X[labels == j].mean(axis=0) for j in range(k)])
            shift = ((new - centres) ** 2).sum()
            centres = new
            if shift <= tol:
                break
        d2 = _squared_distances(X, centres)  # the labels of the final centres
        labels = d2.argmin(axis=1)
        return centres, labels, float(d2[np.arange(len(X)), labels].sum()), n_iter

    def predict(self, X):
        """The index of each row's nearest centre: shape (n_samples,)."""
        X = np.asarray(X, dtype=float)
        return _squared_distances(X, self.cluster_centers_).argmin(axis=1)

    def fit_predict(self, X):
        """``fit(X).labels_``."""
        return self.fit(X).labels_
