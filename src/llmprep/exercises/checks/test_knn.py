"""Checks of the `knn` exercise: the candidate's KNNClassifier against the reference solution.

KNN has no training to differ in, so predictions must match the reference exactly, except on the
test points where the vote is tied or the k-th and (k+1)-th neighbours are equally far: there any
tie-breaking rule is fine, and those points are left out (found with scikit-learn's NearestNeighbors).

PYTEST_DONT_REWRITE
"""

import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors

from llmprep.exercises.checks._rules import check_numpy_only
from llmprep.exercises.checks._support import (
    SPARSE_LABELS,
    STRING_LABELS,
    blobs,
    check_known_labels,
    check_models_keep_their_own_data,
    check_same_predictions,
    predictions,
    relabel,
    same,
    split,
    unchanged,
)
from llmprep.solutions import KNNClassifier as Reference

# Three overlapping classes in 2-d: the value of k changes many predictions.
X_train, y_train, X_test, y_test = split(*blobs(60, n_classes=3, spread=1.8, seed=3), n_test=60)


def clear_votes(X_fit, y_fit, X_query, k):
    """Query points whose k nearest neighbours are unambiguous and elect a single class."""
    n_neighbors = min(k + 1, len(X_fit))
    distances, indices = NearestNeighbors(n_neighbors=n_neighbors).fit(X_fit).kneighbors(X_query)
    labels = np.unique(y_fit, return_inverse=True)[1][indices[:, :k]]
    votes = np.sort(np.apply_along_axis(np.bincount, 1, labels, minlength=labels.max() + 1), axis=1)
    clear = votes[:, -1] > votes[:, -2] if votes.shape[1] > 1 else np.ones(len(X_query), bool)
    if k < len(X_fit):
        clear &= ~np.isclose(distances[:, k - 1], distances[:, k])
    return clear


def fitted(Candidate, X, y, **params):
    model = Candidate(**params)
    model.fit(X, y)
    return model


def expect_reference(Candidate, X_fit, y_fit, X_query, what, k=5):
    """Fit both models on the same data and compare their predictions on X_query."""
    expected = Reference(n_neighbors=k).fit(X_fit, y_fit).predict(X_query)
    model = fitted(Candidate, X_fit, y_fit, n_neighbors=k)
    got = predictions(model, X_query, y_fit)
    check_same_predictions(got, expected, what, clear_votes(X_fit, y_fit, X_query, k))


def test_fit_returns_self(Candidate):
    """fit returns self"""
    model = Candidate(n_neighbors=3)
    returned = model.fit(X_train, y_train)
    assert returned is model, (
        "fit must return self, so that KNNClassifier().fit(X, y).predict(X) works; "
        f"it returned {returned!r}"
    )


def test_predict_returns_one_label_per_sample(Candidate):
    """predict returns one label per sample"""
    predictions(fitted(Candidate, X_train, y_train, n_neighbors=3), X_test, y_train)


def test_two_models_keep_their_own_data(Candidate):
    """two models fitted on different data keep their own"""
    second = (X_train + 20.0, relabel(y_train, ("p", "q", "r")))
    check_models_keep_their_own_data(Candidate, (X_train, y_train, X_test), second, n_neighbors=3)


def test_one_neighbour_memorises_the_training_set(Candidate):
    """with n_neighbors=1, every training point gets its own label"""
    got = predictions(fitted(Candidate, X_train, y_train, n_neighbors=1), X_train, y_train)
    wrong = int((~same(got, y_train)).sum())
    assert not wrong, (
        "with n_neighbors=1 the nearest neighbour of a training point is the point itself, so "
        f"each must be predicted as its own label; {wrong} of {len(y_train)} were not. "
        "Is n_neighbors ignored, or are the neighbours sorted the wrong way? If you take the "
        "square root of |a|^2 - 2a.b + |b|^2, rounding can make it slightly negative and sqrt "
        "gives NaN, which sorts last: clip at 0 first, or rank the squared distances"
    )


@pytest.mark.parametrize("k", [1, 3, 7], ids=lambda k: f"k={k}")
def test_matches_the_reference(Candidate, k):
    """matches the reference on three overlapping classes"""
    expect_reference(Candidate, X_train, y_train, X_test, f"with n_neighbors={k}", k=k)


def test_default_is_five_neighbours(Candidate):
    """n_neighbors defaults to 5"""
    expected = Reference(n_neighbors=5).fit(X_train, y_train).predict(X_test)
    got = predictions(fitted(Candidate, X_train, y_train), X_test, y_train)
    clear = clear_votes(X_train, y_train, X_test, 5)
    check_same_predictions(got, expected, "with n_neighbors=5 (KNNClassifier() must mean 5)", clear)


def test_string_labels(Candidate):
    """predicts string labels ('cat', 'dog', 'fish')"""
    labels = relabel(y_train, STRING_LABELS[:3])
    expect_reference(Candidate, X_train, labels, X_test, "with string labels", k=3)


def test_integer_labels_that_are_not_0_to_k(Candidate):
    """predicts integer labels that are not 0..k-1 (3, 7, 42)"""
    labels = relabel(y_train, SPARSE_LABELS[:3])
    expect_reference(Candidate, X_train, labels, X_test, "with labels 3, 7 and 42", k=3)


def test_plain_python_lists(Candidate):
    """accepts plain Python lists for X and y"""
    labels = relabel(y_train, STRING_LABELS[:3]).tolist()
    expected = Reference(n_neighbors=3).fit(X_train, labels).predict(X_test)
    model = fitted(Candidate, X_train.tolist(), labels, n_neighbors=3)
    got = predictions(model, X_test.tolist(), labels)
    clear = clear_votes(X_train, np.asarray(labels), X_test, 3)
    check_same_predictions(got, expected, "when X and y are lists", clear)


def test_many_features(Candidate):
    """works with many features (200)"""
    X_fit, y_fit, X_query, _ = split(
        *blobs(40, n_classes=3, n_features=200, spread=4.0, seed=5), 30
    )
    expect_reference(Candidate, X_fit, y_fit, X_query, "with 200 features", k=5)


def test_a_single_sample(Candidate):
    """predicts a single sample (X of shape (1, n_features))"""
    index = int(np.flatnonzero(clear_votes(X_train, y_train, X_test, 3))[0])
    expected = Reference(n_neighbors=3).fit(X_train, y_train).predict(X_test[index : index + 1])
    got = predictions(
        fitted(Candidate, X_train, y_train, n_neighbors=3), X_test[index : index + 1], y_train
    )
    check_same_predictions(got, expected, "for a single sample")


def test_the_minority_class_near_its_own_points(Candidate):
    """predicts a rare class (1, 10% of the points) next to its own points, not the majority 0"""
    # Labels 0 and 1, so that only the vote is tested here: labels are the checks above.
    rng = np.random.default_rng(7)
    X_fit = np.concatenate([rng.normal(0, 1, (90, 2)), rng.normal(10, 1, (10, 2))])
    y_fit = np.array([0] * 90 + [1] * 10)
    X_query = rng.normal(10, 0.5, (5, 2))
    got = predictions(fitted(Candidate, X_fit, y_fit, n_neighbors=3), X_query, y_fit)
    assert same(got, [1] * 5).all(), (
        "points in the middle of the 10 training points of the rare class 1 must be predicted 1 "
        f"with n_neighbors=3, got {got.tolist()}: each vote must count the query's own nearest "
        "neighbours, not the class counts of the whole training set"
    )


def test_a_second_fit_replaces_the_first(Candidate):
    """a second fit forgets the first training set"""
    model = fitted(Candidate, X_train, relabel(y_train, ("x", "y", "z")), n_neighbors=3)
    model.fit(X_train, y_train)
    got = predictions(model, X_test, y_train)
    check_known_labels(got, y_train)
    expected = Reference(n_neighbors=3).fit(X_train, y_train).predict(X_test)
    check_same_predictions(
        got, expected, "after fitting twice", clear_votes(X_train, y_train, X_test, 3)
    )


def test_inputs_are_not_modified(Candidate):
    """does not modify the arrays given to fit and predict"""
    X_fit, y_fit, X_query = X_train.copy(), y_train.copy(), X_test.copy()
    predictions(fitted(Candidate, X_fit, y_fit, n_neighbors=3), X_query, y_fit)
    assert unchanged((X_fit, y_fit, X_query), (X_train, y_train, X_test)), (
        "fit or predict changed the arrays passed in (e.g. scaled X in place); work on a copy"
    )


def test_uses_only_numpy_and_the_standard_library(Candidate, task_rules):
    """uses only numpy and the standard library (the task's rule)"""
    check_numpy_only(Candidate, task_rules, X_train, y_train)
