"""Mistake: labels_ is the assignment made before the last update of the centres, so when max_iter stops the run the labels are not the nearest final centres."""

import numpy as np


def _sq(X, C):
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)


class KMeans:
    def __init__(
        self, n_clusters=8, n_init=10, max_iter=300, tol=1e-4, random_state=None, init="k-means++"
    ):
        self.n_clusters = n_clusters
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state
        self.init = init

    def _seeds(self, X, rng):
        idx = [rng.integers(len(X))]
        d2 = ((X - X[idx[0]]) ** 2).sum(axis=1)
        for _ in range(1, self.n_clusters):
            i = rng.choice(len(X), p=d2 / d2.sum())
            idx.append(i)
            d2 = np.minimum(d2, ((X - X[i]) ** 2).sum(axis=1))
        return X[idx].copy()

    def _run(self, X, centres):
        k = len(centres)
        tol = self.tol * X.var(axis=0).mean()
        for n_iter in range(1, self.max_iter + 1):  # noqa: B007 - the count, read after the loop
            D = _sq(X, centres)
            labels = D.argmin(axis=1)
            empty = np.flatnonzero(np.bincount(labels, minlength=k) == 0)
            if len(empty):
                far = np.argsort(D[np.arange(len(X)), labels])[::-1][: len(empty)]
                labels[far] = empty
            new = np.array([X[labels == j].mean(axis=0) for j in range(k)])
            shift = ((new - centres) ** 2).sum()
            centres = new
            if shift <= tol:
                break
        return centres, labels, float(_sq(X, centres).min(axis=1).sum()), n_iter

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        rng = np.random.default_rng(self.random_state)
        if isinstance(self.init, str):
            runs = [self._run(X, self._seeds(X, rng)) for _ in range(self.n_init)]
        else:
            runs = [self._run(X, np.array(self.init, dtype=float))]
        best = min(runs, key=lambda run: run[2])
        self.cluster_centers_, self.labels_, self.inertia_, self.n_iter_ = best
        return self

    def predict(self, X):
        return _sq(np.asarray(X, dtype=float), self.cluster_centers_).argmin(axis=1)

    def fit_predict(self, X):
        return self.fit(X).labels_
