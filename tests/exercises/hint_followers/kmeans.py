"""k-means clustering with k-means++ seeding, as a learner wrote it from `llmprep start kmeans`'s task and `llmprep hint kmeans` alone.

The writer read nothing else (no solution, no checks); tests/exercises/test_grader.py asserts
it passes every check, which proves the hints are enough. Regenerate it if a hint changes.
"""

import numpy as np


def sq_dists(X, C):
    """Squared Euclidean distances, shape (len(X), len(C))."""
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)


def kmeans_plusplus(X, k, rng):
    """k-means++ seeds: the first uniformly, the next ones with probability proportional to D(x)^2."""
    n = len(X)
    idx = [rng.integers(n)]
    d2 = ((X - X[idx[0]]) ** 2).sum(axis=1)
    for _ in range(k - 1):
        i = rng.choice(n, p=d2 / d2.sum())
        idx.append(i)
        d2 = np.minimum(d2, ((X - X[i]) ** 2).sum(axis=1))
    return X[idx].copy()


class KMeans:
    """Lloyd's algorithm from k-means++ seeds; the best (lowest inertia) of n_init runs.

    Parameters
    ----------
    n_clusters : int, default=8
        k, the number of clusters.
    n_init : int, default=10
        Runs from different k-means++ seeds; keep the one with the lowest inertia.
    max_iter : int, default=300
        Most Lloyd iterations in one run.
    tol : float, default=1e-4
        Stop when the squared shifts of the centres sum to at most tol * mean(X.var(axis=0)).
    random_state : None or int, default=None
        Seed of np.random.default_rng: the same value gives the same clustering.
    init : "k-means++" or array of shape (n_clusters, n_features), default="k-means++"
        Given centres start a single run (n_init is then ignored).

    After fit: cluster_centers_ (n_clusters, n_features), labels_ (n_samples,),
    inertia_ (float, sum of squared distances to the nearest centre), n_iter_ (int).
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
        """Cluster X of shape (n_samples, n_features); set the attributes above and return self."""
        X = np.asarray(X, dtype=float)
        rng = np.random.default_rng(self.random_state)
        n = len(X)
        k = self.n_clusters
        threshold = self.tol * X.var(axis=0).mean()

        def run(centres):
            n_iter = 0
            while n_iter < self.max_iter:
                n_iter += 1
                D = sq_dists(X, centres)
                labels = D.argmin(axis=1)
                empty = np.flatnonzero(np.bincount(labels, minlength=k) == 0)
                for j in empty:
                    d = D[np.arange(n), labels]
                    d[np.bincount(labels, minlength=k)[labels] == 1] = -1
                    labels[d.argmax()] = j
                new = np.array([X[labels == j].mean(axis=0) for j in range(k)])
                shift = ((new - centres) ** 2).sum()
                centres = new
                if shift <= threshold:
                    break
            D = sq_dists(X, centres)
            labels = D.argmin(axis=1)
            inertia = float(D.min(axis=1).sum())
            return centres, labels, inertia, n_iter

        best = None
        if isinstance(self.init, str):
            for _ in range(self.n_init):
                result = run(kmeans_plusplus(X, k, rng))
                if best is None or result[2] < best[2]:
                    best = result
        else:
            best = run(np.array(self.init, dtype=float))
        self.cluster_centers_, self.labels_, self.inertia_, self.n_iter_ = best
        return self

    def predict(self, X):
        """Return the index of each row's nearest centre, an array of shape (n_samples,)."""
        return sq_dists(np.asarray(X, dtype=float), self.cluster_centers_).argmin(axis=1)

    def fit_predict(self, X):
        """Fit on X, then return labels_."""
        return self.fit(X).labels_
