"""A correct k-means in another style: greedy k-means++ (several candidates per seed, the one
that lowers the potential most, as scikit-learn does), distances from |x|^2 - 2 x.c + |c|^2,
centres from np.add.at sums, and a stop as soon as no label changes."""

import math

import numpy as np


def squared_distances(X, centres):
    d2 = (X * X).sum(axis=1)[:, None] - 2.0 * X @ centres.T + (centres * centres).sum(axis=1)
    return np.maximum(d2, 0.0)  # rounding can make the expansion slightly negative


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

    def _greedy_seeds(self, X, rng):
        trials = 2 + int(math.log(self.n_clusters))
        centres = [X[rng.integers(len(X))]]
        closest = squared_distances(X, np.array(centres))[:, 0]
        for _ in range(1, self.n_clusters):
            total = closest.sum()
            if total == 0:
                candidates = rng.integers(len(X), size=trials)
            else:
                cumulative = np.cumsum(closest)
                draws = rng.random(trials) * total
                candidates = np.minimum(
                    np.searchsorted(cumulative, draws, side="right"), len(X) - 1
                )
            # Each candidate's potential if it were added; keep the smallest.
            options = np.minimum(closest[None, :], squared_distances(X[candidates], X))
            best = int(options.sum(axis=1).argmin())
            centres.append(X[candidates[best]])
            closest = options[best]
        return np.array(centres)

    def _one_run(self, X, centres, threshold):
        k = len(centres)
        labels = None
        n_iter = 0
        while n_iter < self.max_iter:
            n_iter += 1
            d2 = squared_distances(X, centres)
            new_labels = d2.argmin(axis=1)
            counts = np.bincount(new_labels, minlength=k)
            if (counts == 0).any():
                own = d2[np.arange(len(X)), new_labels]
                for cluster in np.flatnonzero(counts == 0):
                    # A point alone in its cluster stays: taking it would empty that cluster.
                    far = int(np.where(counts[new_labels] > 1, own, -1.0).argmax())
                    counts[new_labels[far]] -= 1
                    new_labels[far] = cluster
                    counts[cluster] = 1
                    own[far] = -1.0
            sums = np.zeros_like(centres)
            np.add.at(sums, new_labels, X)
            moved = sums / counts[:, None]
            shift = float(((moved - centres) ** 2).sum())
            unchanged = labels is not None and np.array_equal(labels, new_labels)
            centres, labels = moved, new_labels
            if unchanged or shift <= threshold:
                break
        d2 = squared_distances(X, centres)
        labels = d2.argmin(axis=1)
        return centres, labels, float(d2[np.arange(len(X)), labels].sum()), n_iter

    def fit(self, X):
        X = np.array(X, dtype=float)
        rng = np.random.default_rng(self.random_state)
        threshold = self.tol * float(np.mean(np.var(X, axis=0)))
        if isinstance(self.init, str):
            starts = (self._greedy_seeds(X, rng) for _ in range(self.n_init))
        else:
            starts = [np.array(self.init, dtype=float)]
        best = None
        for start in starts:
            result = self._one_run(X, start, threshold)
            if best is None or result[2] < best[2]:
                best = result
        self.cluster_centers_, self.labels_, self.inertia_, self.n_iter_ = best
        return self

    def predict(self, X):
        return squared_distances(np.asarray(X, dtype=float), self.cluster_centers_).argmin(axis=1)

    def fit_predict(self, X):
        return self.fit(X).labels_
