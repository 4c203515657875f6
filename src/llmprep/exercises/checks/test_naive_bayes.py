"""Checks of the `naive_bayes` exercise: the candidate's GaussianNaiveBayes against the reference.

Gaussian naive Bayes has a closed form (class frequencies, per-class means and maximum-likelihood
variances plus `var_smoothing` times the largest feature variance), so predictions must match the
reference exactly and probabilities to 1e-6.

PYTEST_DONT_REWRITE
"""

import numpy as np

from llmprep.exercises.checks._rules import check_numpy_only
from llmprep.exercises.checks._support import (
    SPARSE_LABELS,
    STRING_LABELS,
    blobs,
    check_models_keep_their_own_data,
    check_same_predictions,
    predictions,
    relabel,
    same,
    split,
    unchanged,
)
from llmprep.solutions import GaussianNaiveBayes as Reference

PROBA_TOLERANCE = 1e-6
SMALL_ERROR = 1e-4  # a probability off by less than this, yet more than the tolerance

# Three classes, four features, overlapping enough that the probabilities are not all 0 or 1.
X_train, y_train, X_test, y_test = split(
    *blobs(50, n_classes=3, n_features=4, spread=1.5, seed=11), 45
)


def fitted(Candidate, X, y, **params):
    model = Candidate(**params)
    model.fit(X, y)
    return model


# Why predict_proba is NaN or infinite, unless a check knows better.
NOT_FINITE = (
    "work with log densities and normalise with logsumexp, and keep every variance above zero"
)
# Why a variance can be zero, for the checks whose data has one.
ZERO_VARIANCE = (
    "a feature with zero variance divides by zero: add epsilon = var_smoothing x the largest "
    "feature variance (X.var(axis=0).max() over the whole training set) to every variance"
)


def probabilities(model, X, n_classes, not_finite=NOT_FINITE):
    """model.predict_proba(X), checked to be a finite (n_samples, n_classes) array of probabilities.

    `not_finite` says what probably went wrong when some probability is NaN or infinite.
    """
    proba = model.predict_proba(X)
    assert proba is not None, (
        "predict_proba returned None; it must return an array of probabilities"
    )
    proba = np.asarray(proba, dtype=float)
    assert proba.shape == (len(X), n_classes), (
        f"predict_proba must return one row per sample and one column per class, shape "
        f"({len(X)}, {n_classes}); got shape {proba.shape}"
    )
    assert np.isfinite(proba).all(), (
        f"predict_proba returned {np.count_nonzero(~np.isfinite(proba))} NaN or infinite values: "
        f"{not_finite}"
    )
    sums = proba.sum(axis=1)
    worst = int(np.argmax(np.abs(sums - 1)))
    assert np.allclose(sums, 1, atol=PROBA_TOLERANCE), (
        f"each row of predict_proba must sum to 1; row {worst} sums to {sums[worst]:.6g}. "
        "Normalise the joint likelihoods of each sample (in log space: subtract their logsumexp)"
    )
    return proba


def expect_reference(Candidate, X_fit, y_fit, X_query, what, not_finite=NOT_FINITE, **params):
    """Predictions equal to the reference's, and probabilities within PROBA_TOLERANCE.

    Probabilities that are NaN or infinite are reported first, with `not_finite`: they are the
    cause, and the wrong predictions that follow from them only a symptom.
    """
    reference = Reference(**params).fit(X_fit, y_fit)
    model = fitted(Candidate, X_fit, y_fit, **params)
    proba = probabilities(model, X_query, len(reference.classes_), not_finite)
    got = predictions(model, X_query, y_fit)
    check_same_predictions(got, reference.predict(X_query), what)
    check_same_proba(proba, reference.predict_proba(X_query), what)


def check_same_proba(proba, expected, what):
    error = np.abs(proba - expected)
    if error.max() <= PROBA_TOLERANCE:
        return
    row, column = np.unravel_index(int(np.argmax(error)), error.shape)
    for order in _column_orders(expected.shape[1]):
        assert not np.allclose(proba[:, order], expected, atol=PROBA_TOLERANCE), (
            f"predict_proba's columns are in the wrong order {what}: column j must be the "
            "probability of the j-th class in sorted order, np.unique(y)"
        )
    small = (
        ": a difference this small usually comes from the smoothing: epsilon = var_smoothing x the "
        "largest feature variance (X.var(axis=0).max() over the whole training set), added to every "
        "class's variance, not var_smoothing alone"
        if error.max() < SMALL_ERROR
        else ""
    )
    raise AssertionError(
        f"predict_proba differs from the reference {what}: sample {row}, class {column}: expected "
        f"{expected[row, column]:.6g}, got {proba[row, column]:.6g}{small}"
    )


def _column_orders(n_classes):
    from itertools import permutations

    return [
        list(order)
        for order in permutations(range(n_classes))
        if list(order) != list(range(n_classes))
    ]


def test_fit_returns_self(Candidate):
    """fit returns self"""
    model = Candidate()
    returned = model.fit(X_train, y_train)
    assert returned is model, (
        "fit must return self, so that GaussianNaiveBayes().fit(X, y).predict(X) works; "
        f"it returned {returned!r}"
    )


def test_predict_returns_one_label_per_sample(Candidate):
    """predict returns one label per sample"""
    predictions(fitted(Candidate, X_train, y_train), X_test, y_train)


def test_two_models_keep_their_own_data(Candidate):
    """two models fitted on different data keep their own"""
    second = (X_train + 20.0, relabel(y_train, ("p", "q", "r")))
    check_models_keep_their_own_data(Candidate, (X_train, y_train, X_test), second)


def test_matches_the_reference(Candidate):
    """predicts like the reference on three classes"""
    expected = Reference().fit(X_train, y_train).predict(X_test)
    got = predictions(fitted(Candidate, X_train, y_train), X_test, y_train)
    check_same_predictions(got, expected, "on three classes")


def test_predict_proba_is_a_distribution(Candidate):
    """predict_proba has one column per class and rows that sum to 1"""
    probabilities(fitted(Candidate, X_train, y_train), X_test, 3)


def test_predict_proba_matches_the_reference(Candidate):
    """predict_proba matches the reference (columns in sorted label order)"""
    # Labels whose order of first appearance in y is not their sorted order.
    first_seen = list(dict.fromkeys(y_train.tolist()))
    labels = np.array(["zebra", "ant", "mole"])[np.argsort(first_seen)][y_train]
    proba = probabilities(fitted(Candidate, X_train, labels), X_test, 3)
    check_same_proba(
        proba, Reference().fit(X_train, labels).predict_proba(X_test), "on three classes"
    )


def test_predict_is_the_most_probable_class(Candidate):
    """predict returns the class of highest predict_proba"""
    model = fitted(Candidate, X_train, y_train)
    got = predictions(model, X_test, y_train)
    proba = probabilities(model, X_test, 3)
    expected = np.unique(y_train)[proba.argmax(axis=1)]
    differ = int((~same(got, expected)).sum())
    assert not differ, (
        f"for {differ} samples predict disagrees with the highest column of predict_proba; "
        "both should come from the same joint log likelihood"
    )


def test_string_labels(Candidate):
    """predicts string labels ('cat', 'dog', 'fish')"""
    labels = relabel(y_train, STRING_LABELS[:3])
    expect_reference(Candidate, X_train, labels, X_test, "with string labels")


def test_integer_labels_that_are_not_0_to_k(Candidate):
    """predicts integer labels that are not 0..k-1 (3, 7, 42)"""
    labels = relabel(y_train, SPARSE_LABELS[:3])
    expect_reference(Candidate, X_train, labels, X_test, "with labels 3, 7 and 42")


def test_plain_python_lists(Candidate):
    """accepts plain Python lists for X and y"""
    labels = relabel(y_train, STRING_LABELS[:3]).tolist()
    reference = Reference().fit(X_train, labels)
    model = fitted(Candidate, X_train.tolist(), labels)
    got = predictions(model, X_test.tolist(), labels)
    check_same_predictions(got, reference.predict(X_test), "when X and y are lists")
    proba = probabilities(model, X_test.tolist(), 3)
    check_same_proba(proba, reference.predict_proba(X_test), "when X and y are lists")


def test_many_features_do_not_underflow(Candidate):
    """300 features: multiplying the densities would underflow to 0"""
    # Each density is about exp(-3.7), so the product over 300 features is far below 1e-308.
    X, y = blobs(40, n_classes=3, n_features=300, spread=10.0, seed=12)
    X_fit, y_fit, X_query, _ = split(X, y, 30)
    expect_reference(
        Candidate,
        X_fit,
        y_fit,
        X_query,
        "with 300 features",
        not_finite="multiplying 300 densities underflows to 0 (and 0 / 0 is NaN): add log "
        "densities instead, and normalise with logsumexp",
    )


def test_a_constant_feature(Candidate):
    """a feature with the same value everywhere (zero variance)"""
    X_fit, X_query = (np.column_stack([X, np.full(len(X), 5.0)]) for X in (X_train, X_test))
    expect_reference(
        Candidate, X_fit, y_train, X_query, "with a constant feature", not_finite=ZERO_VARIANCE
    )


def test_a_feature_constant_within_one_class(Candidate):
    """a feature that is constant within one class (zero variance in that class)"""
    X_fit, X_query = X_train.copy(), X_test.copy()
    X_fit[y_train == 0, 0] = 0.0
    X_query[y_test == 0, 0] = 0.0
    expect_reference(
        Candidate,
        X_fit,
        y_train,
        X_query,
        "with a feature constant within class 0",
        not_finite=ZERO_VARIANCE,
    )


def test_var_smoothing_is_used(Candidate):
    """var_smoothing=0.5 widens every variance by 0.5 x the largest feature variance"""
    X_fit, X_query = X_train * [1.0, 10.0, 0.1, 1.0], X_test * [1.0, 10.0, 0.1, 1.0]
    expect_reference(
        Candidate, X_fit, y_train, X_query, "with var_smoothing=0.5", var_smoothing=0.5
    )


def test_priors_are_the_class_frequencies(Candidate):
    """class priors are the class frequencies (90% / 10%)"""
    # Labels 0 and 1, so that only the priors are tested here: labels are the checks above.
    rng = np.random.default_rng(13)
    X_fit = rng.standard_normal((200, 3))
    y_fit = np.array([0] * 180 + [1] * 20)
    X_query = rng.standard_normal((40, 3))
    expect_reference(
        Candidate,
        X_fit,
        y_fit,
        X_query,
        "when the features say little and one class is 9x as common",
    )


def test_four_classes(Candidate):
    """four classes (labels 3, 7, 42, -1)"""
    X_fit, y_fit, X_query, _ = split(*blobs(30, n_classes=4, n_features=3, spread=1.5, seed=14), 40)
    expect_reference(Candidate, X_fit, relabel(y_fit, SPARSE_LABELS), X_query, "on four classes")


def test_inputs_are_not_modified(Candidate):
    """does not modify the arrays given to fit, predict and predict_proba"""
    X_fit, y_fit, X_query = X_train.copy(), y_train.copy(), X_test.copy()
    model = fitted(Candidate, X_fit, y_fit)
    model.predict(X_query)
    model.predict_proba(X_query)
    assert unchanged((X_fit, y_fit, X_query), (X_train, y_train, X_test)), (
        "fit, predict or predict_proba changed the arrays passed in; work on a copy"
    )


def test_uses_only_numpy_and_the_standard_library(Candidate, task_rules):
    """uses only numpy and the standard library (the task's rule)"""
    check_numpy_only(Candidate, task_rules, X_train, y_train)
