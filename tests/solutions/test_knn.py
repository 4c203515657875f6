"""KNNClassifier against scikit-learn's brute force, sklearn's estimator checks, and the math."""

import functools
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, cross_val_score, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from llmprep.solutions import knn
from llmprep.solutions.knn import KNNClassifier, _k_smallest
from tests.solutions.datasets import LOADERS


@functools.cache
def _split(name):
    """Standardised (X_train, X_test, y_train, y_test) of a dataset shipped with sklearn."""
    X, y = LOADERS[name](return_X_y=True)
    X = StandardScaler().fit_transform(X)
    return train_test_split(X, y, test_size=0.3, random_state=0)


def _assert_same_neighbours(ours, ref):
    """Same distances; same indices wherever the distance is not tied with another candidate.

    ``ref`` holds one neighbour more than ``ours`` (when there is one) so that a tie between
    the k-th and the (k+1)-th neighbour is seen: among tied neighbours the order is unspecified.
    """
    (d1, i1), (d2, i2) = ours, ref
    k = d1.shape[1]
    np.testing.assert_allclose(d1, d2[:, :k], rtol=1e-12, atol=1e-12)
    tied = np.isclose(d2[:, :k, None], d2[:, None, :], rtol=1e-9, atol=1e-12).sum(axis=2) > 1
    np.testing.assert_array_equal(i1[~tied], i2[:, :k][~tied])


# ---------------------------------------------------------------- scikit-learn's estimator suite
@parametrize_with_checks(
    [KNNClassifier(), KNNClassifier(n_neighbors=3, weights="distance", metric="manhattan")]
)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


# ------------------------------------------------------------- identical to sklearn brute force
@pytest.mark.parametrize("name", list(LOADERS))
@pytest.mark.parametrize("metric", ["euclidean", "manhattan", "cosine"])
@pytest.mark.parametrize("weights", ["uniform", "distance"])
@pytest.mark.parametrize("k", [1, 3, 5, 15])
def test_predictions_identical_to_sklearn_brute_force(name, metric, weights, k):
    X_train, X_test, y_train, _ = _split(name)
    ours = KNNClassifier(k, weights=weights, metric=metric).fit(X_train, y_train)
    ref = KNeighborsClassifier(k, weights=weights, metric=metric, algorithm="brute")
    ref.fit(X_train, y_train)

    np.testing.assert_array_equal(ours.predict(X_test), ref.predict(X_test))
    np.testing.assert_allclose(ours.predict_proba(X_test), ref.predict_proba(X_test), atol=1e-12)
    _assert_same_neighbours(ours.kneighbors(X_test), ref.kneighbors(X_test, n_neighbors=k + 1))


@pytest.mark.parametrize("name", list(LOADERS))
def test_leave_one_out_predictions_match_sklearn(name):
    """predict(None) classifies every training point by its neighbours other than itself."""
    X_train, _, y_train, _ = _split(name)
    for weights in ("uniform", "distance"):
        ours = KNNClassifier(5, weights=weights).fit(X_train, y_train)
        ref = KNeighborsClassifier(5, weights=weights, algorithm="brute").fit(X_train, y_train)
        np.testing.assert_array_equal(ours.predict(None), ref.predict(None))


def test_kneighbors_of_training_set_excludes_each_point():
    X_train, _, y_train, _ = _split("wine")  # no duplicate rows
    ours = KNNClassifier(4).fit(X_train, y_train)
    dist, ind = ours.kneighbors()
    assert not (ind == np.arange(len(X_train))[:, None]).any()
    ref = KNeighborsClassifier(5, algorithm="brute").fit(X_train, y_train)
    _assert_same_neighbours((dist, ind), ref.kneighbors())  # 5 = 4 + 1 to see boundary ties


# ------------------------------------------------------------------------------- the math
@pytest.mark.parametrize("metric", ["euclidean", "manhattan", "cosine"])
def test_kneighbors_matches_direct_distances(metric):
    rng = np.random.default_rng(0)
    X, Q = rng.normal(size=(300, 6)), rng.normal(size=(40, 6))
    diff = Q[:, None, :] - X[None, :, :]
    direct = {
        "euclidean": np.sqrt((diff**2).sum(axis=2)),
        "manhattan": np.abs(diff).sum(axis=2),
        "cosine": 1 - (Q @ X.T) / np.outer(np.linalg.norm(Q, axis=1), np.linalg.norm(X, axis=1)),
    }[metric]
    dist, ind = KNNClassifier(7, metric=metric).fit(X, np.arange(300) % 3).kneighbors(Q)
    np.testing.assert_array_equal(ind, np.argsort(direct, axis=1, kind="stable")[:, :7])
    np.testing.assert_allclose(dist, np.sort(direct, axis=1)[:, :7], rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_k_smallest_equals_a_full_stable_sort(seed):
    """The group-minimum shortcut returns exactly what sorting every row would, ties included."""
    rng = np.random.default_rng(seed)
    n_cols = int(rng.integers(1, 3000))
    dist = rng.integers(-2, 40, size=(50, n_cols)).astype(float)  # many ties; negatives read as 0
    for k in {1, 2, 5, min(17, n_cols), n_cols}:
        values, columns = _k_smallest(dist, k)
        clipped = np.maximum(dist, 0.0)
        expected = np.argsort(clipped, axis=1, kind="stable")[:, :k]
        np.testing.assert_array_equal(columns, expected)
        np.testing.assert_array_equal(values, np.take_along_axis(clipped, expected, axis=1))


def test_k_smallest_keeps_every_group_tied_at_the_threshold():
    """80 columns, k=1: groups of 2 (columns g and g + 40). Groups 3 and 7 both have minimum 1;
    the answer is column 7, which only a search of *both* tied groups finds."""
    dist = np.full((1, 80), 10.0)
    dist[0, 43] = dist[0, 7] = 1.0
    values, columns = _k_smallest(dist, 1)
    assert columns.tolist() == [[7]] and values.tolist() == [[1.0]]


def test_tied_distances_put_the_lower_training_index_first():
    X = np.array([[1.0], [-1.0], [1.0], [-1.0], [5.0]])
    ours = KNNClassifier(3).fit(X, [0, 1, 0, 1, 0])
    np.testing.assert_array_equal(ours.kneighbors([[0.0]], return_distance=False), [[0, 1, 2]])


def test_tied_votes_go_to_the_class_that_sorts_first():
    X, y, query = np.array([[-1.0], [1.0]]), np.array(["b", "a"]), [[0.0]]
    for weights in ("uniform", "distance"):
        ours = KNNClassifier(2, weights=weights).fit(X, y)
        ref = KNeighborsClassifier(2, weights=weights, algorithm="brute").fit(X, y)
        assert ours.predict(query).tolist() == ref.predict(query).tolist() == ["a"]
        np.testing.assert_allclose(ours.predict_proba(query), [[0.5, 0.5]])


def test_distance_weights_give_exact_matches_all_the_weight():
    """A query on top of a training point: that point votes 1, the nearer-in-number rest 0."""
    X = np.array([[0.0], [0.1], [0.2], [0.3]])
    y = np.array(["x", "y", "y", "y"])
    ours = KNNClassifier(4, weights="distance").fit(X, y)
    ref = KNeighborsClassifier(4, weights="distance", algorithm="brute").fit(X, y)
    assert ours.predict([[0.0]]).tolist() == ref.predict([[0.0]]).tolist() == ["x"]
    np.testing.assert_array_equal(ours.predict_proba([[0.0]]), [[1.0, 0.0]])
    assert np.isfinite(ours.predict_proba([[0.05]])).all()


@pytest.mark.parametrize("tile_cols", [4096, 37])
def test_small_tiles_give_the_same_answers(monkeypatch, tile_cols):
    """The tile loop (including leaving each point out with X=None) does not change results:
    7 queries per tile, and with 37 training points per tile, 11 tiles per query."""
    X_train, X_test, y_train, _ = _split("breast_cancer")
    clf = KNNClassifier(5, weights="distance").fit(X_train, y_train)
    whole = clf.kneighbors(X_test), clf.kneighbors(), clf.predict_proba(X_test)
    cols = min(tile_cols, len(X_train))
    monkeypatch.setattr(knn, "_TILE_COLS", tile_cols)
    monkeypatch.setattr(knn, "_CHUNK_BYTES", 8 * cols * 7)  # 7 queries per tile
    tiled = clf.kneighbors(X_test), clf.kneighbors(), clf.predict_proba(X_test)
    for a, b in zip(whole[:2], tiled[:2], strict=True):
        np.testing.assert_allclose(a[0], b[0], rtol=1e-12, atol=1e-12)
        np.testing.assert_array_equal(a[1], b[1])
    np.testing.assert_allclose(whole[2], tiled[2], atol=1e-12)


@pytest.mark.parametrize("metric", ["euclidean", "manhattan"])
def test_ties_across_tiles_put_the_lower_training_index_first(monkeypatch, metric):
    """Integer points: distances are exact and tie a lot, also between tiles of 16 points."""
    monkeypatch.setattr(knn, "_TILE_COLS", 16)
    monkeypatch.setattr(knn, "_CHUNK_BYTES", 8 * 16 * 5)  # 5 queries per tile
    rng = np.random.default_rng(0)
    X, Q = rng.integers(-2, 3, size=(300, 2)).astype(float), rng.integers(-2, 3, size=(40, 2))
    diff = Q[:, None, :] - X[None, :, :]
    direct = (diff**2).sum(axis=2) if metric == "euclidean" else np.abs(diff).sum(axis=2)
    ind = KNNClassifier(7, metric=metric).fit(X, np.arange(300) % 3).kneighbors(Q)[1]
    np.testing.assert_array_equal(ind, np.argsort(direct, axis=1, kind="stable")[:, :7])


def test_one_matrix_product_gives_the_squared_distances():
    """(-2q, |q|^2, 1) . (x, 1, |x|^2) is scikit-learn's (|q|^2 - 2 q.x) + |x|^2."""
    rng = np.random.default_rng(0)
    X, Q = rng.normal(size=(50, 6)), rng.normal(size=(20, 6))
    product = knn._euclidean_rows(Q) @ knn._euclidean_columns(X)
    three_steps = ((Q**2).sum(axis=1)[:, None] - 2 * Q @ X.T) + (X**2).sum(axis=1)
    np.testing.assert_allclose(product, three_steps, rtol=1e-12, atol=1e-12)


def test_predict_never_holds_the_full_distance_matrix():
    rng = np.random.default_rng(0)
    X_train, X_test = rng.normal(size=(20_000, 8)), rng.normal(size=(2_000, 8))
    clf = KNNClassifier().fit(X_train, rng.integers(0, 3, size=20_000))
    full_matrix = X_test.shape[0] * X_train.shape[0] * 8  # 320 MB
    tracemalloc.start()
    try:
        clf.predict(X_test)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * knn._CHUNK_BYTES < full_matrix / 5


def test_works_inside_sklearn_tools_like_sklearns_own():
    X, y = LOADERS["wine"](return_X_y=True)
    assert clone(KNNClassifier(7)).get_params()["n_neighbors"] == 7
    ours_pipe = make_pipeline(StandardScaler(), KNNClassifier())
    ref_pipe = make_pipeline(StandardScaler(), KNeighborsClassifier(algorithm="brute"))
    np.testing.assert_array_equal(
        cross_val_score(ours_pipe, X, y, cv=3), cross_val_score(ref_pipe, X, y, cv=3)
    )
    grid = {"n_neighbors": [1, 5, 9], "weights": ["uniform", "distance"]}
    ours = GridSearchCV(KNNClassifier(), grid, cv=3).fit(X, y)
    ref = GridSearchCV(KNeighborsClassifier(algorithm="brute"), grid, cv=3).fit(X, y)
    assert ours.best_params_ == ref.best_params_
    np.testing.assert_array_equal(
        ours.cv_results_["mean_test_score"], ref.cv_results_["mean_test_score"]
    )


# ------------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("X", "y", "match"),
    [
        ([[0.0, np.nan], [1.0, 2.0]], [0, 1], "NaN"),
        ([[0.0, np.inf], [1.0, 2.0]], [0, 1], "infinity"),
        (np.empty((3, 0)), [0, 1, 0], "0 feature"),
        ([[0.0], [1.0], [2.0]], [0, 1], "inconsistent numbers of samples"),
        ([[0.0], [1.0], [2.0]], [4, 4, 4], "1 class"),
    ],
)
def test_bad_training_input_raises(X, y, match):
    with pytest.raises(ValueError, match=match):
        KNNClassifier(1).fit(X, y)


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"n_neighbors": 0}, "n_neighbors must be a positive integer"),
        ({"n_neighbors": 2.5}, "n_neighbors must be a positive integer"),
        ({"weights": "gaussian"}, "weights must be"),
        ({"metric": "chebyshev"}, "metric must be one of"),
    ],
)
def test_bad_parameters_raise(params, match):
    with pytest.raises(ValueError, match=match):
        KNNClassifier(**params).fit([[0.0], [1.0]], [0, 1])


def test_bad_prediction_input_raises():
    with pytest.raises(NotFittedError):
        KNNClassifier().predict([[0.0, 1.0]])
    clf = KNNClassifier(2).fit([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]], [0, 1, 1])
    with pytest.raises(ValueError, match="X has 3 features, but KNNClassifier is expecting 2"):
        clf.predict([[0.0, 1.0, 2.0]])
    with pytest.raises(ValueError, match="NaN"):
        clf.predict([[np.nan, 1.0]])
    with pytest.raises(ValueError, match="n_neighbors=4 is more than the 3 training points"):
        clf.kneighbors([[0.0, 0.0]], n_neighbors=4)
    with pytest.raises(ValueError, match="left out of its own neighbours"):
        clf.kneighbors(n_neighbors=3)


# ------------------------------------------------------------------------ hypothesis properties
def _distinct_points(min_size=3, max_size=30):
    """Distinct points with small integer coordinates: distances come out exact."""
    point = st.tuples(*[st.integers(-50, 50)] * 3)
    return st.lists(point, min_size=min_size, max_size=max_size, unique=True).map(
        lambda rows: np.array(rows, dtype=float)
    )


LABEL_SETS = [["cat", "dog", "emu"], [-7, 3, 1000], [10, 20]]


@settings(max_examples=40, deadline=None)
@given(
    X=_distinct_points(),
    labels=st.sampled_from(LABEL_SETS),
    seed=st.integers(0, 2**16),
    k=st.integers(1, 5),
    weights=st.sampled_from(["uniform", "distance"]),
    metric=st.sampled_from(["euclidean", "manhattan", "cosine"]),
)
def test_probabilities_sum_to_one_and_labels_come_back(X, labels, seed, k, weights, metric):
    rng = np.random.default_rng(seed)
    y = np.array(labels)[np.arange(len(X)) % len(labels)]
    rng.shuffle(y)
    clf = KNNClassifier(min(k, len(X)), weights=weights, metric=metric).fit(X, y)
    queries = rng.integers(-60, 60, size=(10, 3)).astype(float)
    proba = clf.predict_proba(queries)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert ((proba >= 0) & (proba <= 1)).all()
    predicted = clf.predict(queries)
    assert predicted.dtype == y.dtype and set(predicted.tolist()) <= set(y.tolist())
    np.testing.assert_array_equal(predicted, clf.classes_[proba.argmax(axis=1)])


@settings(max_examples=40, deadline=None)
@given(
    X=_distinct_points(),
    seed=st.integers(0, 2**16),
    metric=st.sampled_from(["euclidean", "manhattan"]),
)
def test_one_nn_predicts_each_training_points_own_label(X, seed, metric):
    rng = np.random.default_rng(seed)
    y = rng.choice(np.array(["a", "b", "c"]), size=len(X))
    y[:2] = ["a", "b"]  # at least two classes
    clf = KNNClassifier(1, metric=metric).fit(X, y)
    np.testing.assert_array_equal(clf.predict(X), y)
