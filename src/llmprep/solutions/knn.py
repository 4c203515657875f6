"""k-nearest-neighbours classification by brute force, in bounded memory.

To classify a query point, find the ``k`` training points closest to it and let
them vote. Everything interesting is in doing that for thousands of queries at
once without building the full query-by-training distance matrix:

1. The distances are computed one tile at a time: a block of queries against
   a block of training points, in a buffer of about 2 MB (26 queries against
   10,000 training points), never the full ``n_queries * n_train`` matrix.
   Each query keeps its ``k`` nearest of every tile; the ``k`` nearest of
   those are its answer.
2. Squared Euclidean distances ``|a|^2 - 2 a.b + |b|^2`` of a whole tile are
   one BLAS matrix product: each query becomes the row ``(-2 a, |a|^2, 1)``
   and each training point the column ``(b, 1, |b|^2)`` (see ``_euclidean_rows``).
3. Each row's ``k`` smallest distances are found without sorting the row (see
   ``_k_smallest``).

Why these sizes: scikit-learn's brute force needs about 1.5 MB to classify
5,000 queries against 20,000 points. Smaller tiles mean more, smaller numpy
calls whose fixed costs add up; wider tiles (more training points) make the
per-row work of ``_k_smallest`` cheaper, and enough queries per tile keep
the matrix product efficient.

Common mistakes
---------------
- Building the full ``(n_queries, n_train)`` matrix (or worse, a
  ``(n_queries, n_train, n_features)`` difference tensor): fine on iris, out of
  memory on real data.
- Forgetting that the expansion ``|a|^2 - 2 a.b + |b|^2`` can come out slightly
  negative through rounding: clip at 0, or ``np.sqrt`` returns NaN.
- ``np.argsort`` of every full row: it sorts 20,000 numbers to use 5 of them.
- Returning ``np.argmax`` of the votes (an index) instead of ``classes_[...]``.
- Dividing by a zero distance under ``weights="distance"``.
"""

import functools
import os
from collections.abc import Callable
from numbers import Integral
from typing import NamedTuple

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from llmprep.solutions._scaling import exponent_shift

_CHUNK_BYTES = 3 * 2**19  # bytes of distances held at once (one tile)
_TILE_COLS = 10_000  # training points per tile; the rows (queries) are what fits in _CHUNK_BYTES
_METRICS = ("euclidean", "manhattan", "cosine")
_THREADED_FROM = 2**22  # distances per predict from which blocks go to one thread per core

# Every metric stores the training set as columns (one column per training point), so that a
# tile of training points is the slice ``[:, lo:hi]``, and prepares each block of queries once.


def _euclidean_columns(X):
    """Column ``j`` is ``(x_j, 1, |x_j|^2)``: see ``_euclidean_rows``."""
    return np.vstack([X.T, np.ones(len(X)), np.vecdot(X, X)])


def _euclidean_rows(queries):
    """Row ``i`` is ``(-2 q_i, |q_i|^2, 1)``, so that one matrix product gives squared distances.

    Row ``i`` times column ``j`` of ``_euclidean_columns`` is
    ``-2 q_i.x_j + |q_i|^2 + |x_j|^2``: BLAS adds up the ``-2 q_i.x_j`` terms,
    then ``|q_i|^2``, then ``|x_j|^2``, which is scikit-learn's
    ``(|q|^2 - 2 q.x) + |x|^2`` (to the last bit with OpenBLAS, which adds each
    dot product up in order) and saves two passes over the distances to add
    the norms. Scaling by -2 is exact: ``(-2q).x == -2 (q.x)``.
    """
    return np.hstack(
        [-2.0 * queries, np.vecdot(queries, queries)[:, None], np.ones((len(queries), 1))]
    )


def _squared_euclidean(query_rows, train_columns, out):
    """``out[i, j]`` = squared distance, from the matrix product of ``_euclidean_rows`` and
    ``_euclidean_columns``. Rounding can leave tiny negative values where the true distance is
    about 0; ``_k_smallest`` reads them as 0."""
    return np.matmul(query_rows, train_columns, out=out)


def _manhattan(queries, train_columns, out):
    """``out[i, j] = sum_f |q_if - t_jf|``, summed feature by feature (scikit-learn's order).

    Needs a second tile-sized array for the differences.
    """
    out[:] = 0.0
    diff = np.empty_like(out)
    for f in range(queries.shape[1]):
        np.subtract(queries[:, f, None], train_columns[f], out=diff)
        out += np.abs(diff, out=diff)
    return out


def _unit_rows(X):
    """Rows scaled to unit length; all-zero rows are left as they are (as in scikit-learn)."""
    norms = np.sqrt(np.einsum("ij,ij->i", X, X))
    norms[norms < 10 * np.finfo(np.float64).eps] = 1.0
    return X / norms[:, None]


def _cosine(unit_queries, unit_train_columns, out):
    """``out[i, j] = 1 - cos(q_i, t_j)``, clipped to [0, 2]."""
    np.matmul(unit_queries, unit_train_columns, out=out)
    np.subtract(1.0, out, out=out)
    return np.clip(out, 0.0, 2.0, out=out)


class _Metric(NamedTuple):
    """How one metric lays out its data and measures a tile of distances."""

    train_columns: Callable  # training set -> one column per training point
    query_rows: Callable  # block of queries -> one row per query
    tile_distances: Callable  # (query rows, training columns, out) -> out, the distances


def _transposed(X):
    return np.ascontiguousarray(X.T)


def _unchanged(queries):
    return queries


_METRIC_STEPS = {
    "euclidean": _Metric(_euclidean_columns, _euclidean_rows, _squared_euclidean),
    "manhattan": _Metric(_transposed, _unchanged, _manhattan),
    "cosine": _Metric(lambda X: _transposed(_unit_rows(X)), _unit_rows, _cosine),
}


def _k_smallest(dist, k):
    """The ``k`` smallest entries of each row and their columns, ordered by (value, column).

    Negative entries count as 0 (they are rounding noise of the distance expansion).

    Sorting, or even ``np.argpartition``, of 20,000 columns per row costs more
    than computing the distances. A cheaper route that is still exact:

    1. Deal the columns into groups (column ``c`` into group ``c % n_groups``)
       and take each group's minimum: one vectorised pass over the row.
    2. Let ``t`` be the k-th smallest group minimum. Those k minima are k
       points at distance <= t, so each of the k nearest points is at distance
       <= t, and so is the minimum of its group.
    3. Keep the groups whose minimum is <= t (usually exactly k) and sort only
       their members.

    The members are laid out by increasing column and sorted stably, so equal
    values keep the lower column (training index) first. Clipping at 0 commutes
    with taking minima, so clipping only the group minima and the members is
    the same as clipping every entry.
    """
    n_rows, n_cols = dist.shape
    group_size = max(1, int(np.sqrt(n_cols / k) / 3))  # balances groups against candidates
    n_groups = n_cols // group_size
    n_grouped = n_groups * group_size  # the last n_cols - n_grouped columns are always candidates
    group_min = dist[:, :n_grouped].reshape(n_rows, group_size, n_groups).min(axis=1)
    np.maximum(group_min, 0.0, out=group_min)
    rows = np.arange(n_rows)[:, None]  # with a (n_rows, m) array of columns: m picks per row
    keep = np.argpartition(group_min, k - 1, axis=1)  # the k smallest minima come first
    t = group_min[rows, keep[:, k - 1 : k]]
    n_keep = int((group_min <= t).sum(axis=1).max())  # > k only if group minima tie at t
    if n_keep > k:
        keep = np.argpartition(group_min, n_keep - 1, axis=1)
    keep = np.sort(keep[:, :n_keep], axis=1)
    members = keep[:, None, :] + n_groups * np.arange(group_size)[:, None]  # increasing columns
    tail = np.broadcast_to(np.arange(n_grouped, n_cols), (n_rows, n_cols - n_grouped))
    columns = np.concatenate([members.reshape(n_rows, -1), tail], axis=1)
    values = np.maximum(dist[rows, columns], 0.0)
    order = np.argsort(values, axis=1, kind="stable")[:, :k]
    return values[rows, order], columns[rows, order]


@functools.cache
def _blas_controller():
    """threadpoolctl's view of the loaded BLAS libraries, found once (it scans every library
    the process has loaded, about a millisecond)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _check_n_neighbors(k):
    if not isinstance(k, Integral) or isinstance(k, bool) or k < 1:
        raise ValueError(f"n_neighbors must be a positive integer, got {k!r}.")
    return k


def _distance_weights(dist):
    """Weights ``1 / d``; if some neighbours are at distance 0, they get 1 and the rest 0.

    A distance so small that ``1 / d`` overflows (below about 5.6e-309) counts as 0, as in
    scikit-learn: otherwise the votes would be ``inf / inf`` = NaN.
    """
    with np.errstate(divide="ignore", over="ignore"):
        weights = 1.0 / dist
    exact = np.isinf(weights)
    has_exact = exact.any(axis=1)
    weights[has_exact] = exact[has_exact]
    return weights


def _vote(neighbor_labels, weights, n_classes):
    """``votes[i, c]`` = total weight of query ``i``'s neighbours with class index ``c``.

    One sum over the k neighbours per class, as scikit-learn's ``weighted_mode`` does, so
    the float sums (and hence near-ties) come out the same.
    """
    votes = np.empty((neighbor_labels.shape[0], n_classes))
    for c in range(n_classes):
        votes[:, c] = np.where(neighbor_labels == c, weights, 0.0).sum(axis=1)
    return votes


class KNNClassifier(ClassifierMixin, BaseEstimator):
    """k-nearest-neighbours classifier (brute force, tiled, numpy only).

    Parameters
    ----------
    n_neighbors : int, default=5
        Number of neighbours that vote.
    weights : {"uniform", "distance"}, default="uniform"
        ``"uniform"``: one vote each. ``"distance"``: a neighbour at distance
        ``d`` votes ``1 / d``.
    metric : {"euclidean", "manhattan", "cosine"}, default="euclidean"
        Distance between points.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Sorted class labels.
    n_features_in_ : int
        Number of features seen in ``fit``.
    n_samples_fit_ : int
        Number of training samples.

    Notes
    -----
    Euclidean: d(a, b)^2 = |a|^2 - 2 a.b + |b|^2, clipped at 0; neighbours are
    ranked on the squared distance and only the k winners get a square root.
    Manhattan: d(a, b) = sum_f |a_f - b_f|. Cosine: d(a, b) = 1 - a.b / (|a| |b|).

    Votes: P(class c | x) = (sum of the weights of the neighbours in class c) /
    (sum of all k weights). ``predict`` returns the class with the most votes.

    Distances follow scikit-learn's float steps, so they agree to the last bit
    or within a few units in the last place (BLAS may round a dot product
    differently for a differently shaped matrix product).

    Tie rules (those of scikit-learn's brute force, up to the order of tied
    neighbours):

    - Neighbours at exactly equal distance: the lower training index comes
      first. (scikit-learn's heap usually keeps the lower index too, but it
      does not promise an order among tied neighbours.)
    - Classes with equal votes: the class that sorts first in ``classes_``
      wins, because ``np.argmax`` returns the first maximum.
    - ``weights="distance"`` and a query that coincides with training points
      (distance 0): those points get weight 1 and all others weight 0, instead
      of dividing by zero.

    ``kneighbors(X=None)`` queries the training set, leaving each point out of
    its own neighbour list (by index: a duplicate of the point still counts).

    Common mistakes are listed in the module docstring.

    Examples
    --------
    >>> import numpy as np
    >>> from llmprep.solutions.knn import KNNClassifier
    >>> X = np.array([[0.0], [1.0], [2.0], [10.0], [11.0], [12.0]])
    >>> y = np.array(["low", "low", "low", "high", "high", "high"])
    >>> clf = KNNClassifier(n_neighbors=3).fit(X, y)
    >>> clf.predict([[1.5], [10.5]]).tolist()
    ['low', 'high']
    >>> dist, ind = clf.kneighbors([[1.4]], n_neighbors=2)
    >>> ind.tolist(), dist.round(2).tolist()
    ([[1, 2]], [[0.4, 0.6]])
    """

    def __init__(self, n_neighbors=5, weights="uniform", metric="euclidean"):
        self.n_neighbors = n_neighbors
        self.weights = weights
        self.metric = metric

    def fit(self, X, y):
        """Store the training set (and per-metric precomputations). Returns ``self``."""
        self._check_params()
        X, y = validate_data(self, X, y, dtype=np.float64, order="C")
        check_classification_targets(y)
        self.classes_, self._y = np.unique(y, return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError(
                f"y has 1 class ({self.classes_[0]!r}); a classifier needs at least 2 classes."
            )
        self._fit_X = X
        self._shift = exponent_shift(X)
        self._train_columns = _METRIC_STEPS[self.metric].train_columns(self._scaled(X))
        self.n_samples_fit_ = X.shape[0]
        return self

    def _check_params(self):
        _check_n_neighbors(self.n_neighbors)
        if self.weights not in ("uniform", "distance"):
            raise ValueError(f"weights must be 'uniform' or 'distance', got {self.weights!r}.")
        if self.metric not in _METRICS:
            raise ValueError(f"metric must be one of {_METRICS}, got {self.metric!r}.")

    def kneighbors(self, X=None, n_neighbors=None, return_distance=True):
        """Distances to and indices of each query's nearest training points, nearest first.

        With ``X=None`` the queries are the training points, each excluded from
        its own list. Returns ``(distances, indices)``, both of shape
        ``(n_queries, n_neighbors)``, or only ``indices`` if ``return_distance=False``.
        """
        check_is_fitted(self)
        k = _check_n_neighbors(self.n_neighbors if n_neighbors is None else n_neighbors)
        exclude_self = X is None
        if exclude_self:
            queries = self._fit_X
        else:
            queries = validate_data(self, X, dtype=np.float64, order="C", reset=False)
        n_available = self.n_samples_fit_ - exclude_self
        if k > n_available:
            raise ValueError(
                f"n_neighbors={k} is more than the {n_available} training points available"
                + (" (each point is left out of its own neighbours)." if exclude_self else ".")
            )
        dist, ind = self._search(self._scaled(queries), k, exclude_self)
        if self._shift and self.metric != "cosine":  # back to the data's own units
            dist = np.ldexp(dist, -self._shift)
        return (dist, ind) if return_distance else ind

    def _scaled(self, X):
        return np.ldexp(X, self._shift) if self._shift else X

    def _search(self, queries, k, exclude_self):
        """The tile loop: a block of queries against one tile of training points at a time.

        For each block, the k nearest within each tile are kept (``_k_smallest``),
        then the k nearest among those. Blocks are shared among one thread per core, each
        with its own tile buffer, and BLAS is held to one thread meanwhile, as scikit-learn
        does: a tile's matrix product is too small to split well, and split across cores it
        spins and waits for them when the machine is busy (3x slower here under load).
        """
        n_queries, n_train = queries.shape[0], self.n_samples_fit_
        cols = min(max(_TILE_COLS, k), n_train)  # every tile but the last has >= k columns
        small = n_queries * n_train < _THREADED_FROM
        workers = 1 if small else max(1, min(os.cpu_count() or 1, n_queries))
        # The threads share the memory budget: each holds one tile of _CHUNK_BYTES / workers.
        rows = min(max(1, _CHUNK_BYTES // (8 * cols * workers)), n_queries)
        dist = np.empty((n_queries, k))
        ind = np.empty((n_queries, k), dtype=np.intp)
        metric = _METRIC_STEPS[self.metric]
        starts = range(0, n_queries, rows)
        workers = min(workers, len(starts))
        buffers = [np.empty((rows, cols)) for _ in range(workers)]

        def search_blocks(worker):
            for start in starts[worker::workers]:
                stop = min(start + rows, n_queries)
                found = self._search_block(
                    queries, start, stop, cols, k, exclude_self, metric, buffers[worker]
                )
                dist[start:stop], ind[start:stop] = found

        if small:  # threads and BLAS limits cost more than they save
            search_blocks(0)
        else:
            from concurrent.futures import ThreadPoolExecutor

            blas = _blas_controller().limit(limits=1, user_api="blas")
            with blas, ThreadPoolExecutor(workers) as pool:
                list(pool.map(search_blocks, range(workers)))
        if self.metric == "euclidean":
            np.sqrt(dist, out=dist)  # we ranked squared distances
        return dist, ind

    def _search_block(self, queries, start, stop, cols, k, exclude_self, metric, buffer):
        """The k nearest training points of queries ``start..stop-1``: (distances, indices)."""
        n_train = self.n_samples_fit_
        block = metric.query_rows(queries[start:stop])
        values, columns = [], []  # per tile: each query's k nearest in that tile
        for lo in range(0, n_train, cols):
            hi = min(lo + cols, n_train)
            tile = self._train_columns[:, lo:hi]
            d = metric.tile_distances(block, tile, out=buffer[: stop - start, : hi - lo])
            if exclude_self:  # queries start..stop-1 are training points start..stop-1
                own = np.arange(max(start, lo), min(stop, hi))
                d[own - start, own - lo] = np.inf
            v, c = _k_smallest(d, min(k, hi - lo))
            values.append(v)
            columns.append(c + lo)
        # Tiles come in order of training index, so a stable sort keeps the lower index
        # first among equal distances, as within a tile.
        values, columns = np.hstack(values), np.hstack(columns)
        order = np.argsort(values, axis=1, kind="stable")[:, :k]
        block_rows = np.arange(stop - start)[:, None]
        return values[block_rows, order], columns[block_rows, order]

    def _votes(self, X):
        dist, ind = self.kneighbors(X)
        labels = self._y[ind]
        if self.weights == "uniform":
            return _vote(labels, np.ones_like(dist), len(self.classes_))
        weights = _distance_weights(dist)
        votes = _vote(labels, weights, len(self.classes_))
        # Weights near 1e308 can add up to inf, and distances that overflowed to inf give weights
        # that are all 0: vote again with each row's weights divided by their largest (the same
        # proportions), or one vote each if every distance is infinite.
        total = votes.sum(axis=1)
        bad = ~np.isfinite(total) | (total == 0)
        if bad.any():
            w = weights[bad]
            top = w.max(axis=1, keepdims=True)
            w = np.where(top > 0, w / np.where(top > 0, top, 1.0), 1.0)
            votes[bad] = _vote(labels[bad], w, len(self.classes_))
        return votes

    def predict_proba(self, X):
        """Share of the (weighted) votes per class, columns in the order of ``classes_``."""
        check_is_fitted(self)
        votes = self._votes(X)
        return votes / votes.sum(axis=1, keepdims=True)

    def predict(self, X):
        """Label with the most (weighted) votes; ties go to the class that sorts first."""
        check_is_fitted(self)
        return self.classes_[np.argmax(self._votes(X), axis=1)]
