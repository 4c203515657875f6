"""Checks of the `svm` exercise: the candidate's SVMClassifier against the reference solution.

Two correct SMO solvers stop at slightly different points of the same optimum, so where the
predictions are compared with the reference, 95% agreement is enough. The solver-heavy checks run
once per seed of the candidate's random draws (see `seeded`): a solver that loops forever on some
draws fails there, every time, instead of one run in five. Any multiclass scheme
(one-vs-one, one-vs-rest) passes: the multiclass checks use clusters evenly spaced on a
circle, where the schemes agree.

PYTEST_DONT_REWRITE
"""

import numpy as np
import pytest

from llmprep.exercises.checks._rules import check_numpy_only
from llmprep.exercises.checks._support import (
    SEEDS,
    SPARSE_LABELS,
    STRING_LABELS,
    accuracy,
    blobs,
    check_agreement,
    check_consistent,
    check_models_keep_their_own_data,
    circles,
    clusters_on_a_circle,
    four_corners,
    predictions,
    relabel,
    seeded,
    split,
    unchanged,
)
from llmprep.solutions import SVMClassifier as Reference

# Two overlapping classes: C and gamma change a good share of the predictions.
X_train, y_train, X_test, y_test = split(*blobs(60, n_classes=2, spread=2.5, seed=25), 60)
# Two rings, one inside the other: only a non-linear kernel separates them.
RINGS = split(*circles(200, seed=21), 60)
# XOR-like overlapping clouds: a straight line agrees with the reference on about 2 points in 3,
# and most support vectors sit at the bound C, so a wrong bias changes many predictions.
CORNERS = split(*four_corners(180, spread=1.5, seed=0), 60)
# What usually makes a hand-written SMO disagree with the reference; ends every agreement failure.
CAUSES = (
    "If kernel, C and gamma are used as given, the usual causes: the solver stops before the KKT conditions hold (tol too loose, too few "
    "passes without a change, a cap on iterations); b is updated after a step in which alpha "
    "did not move; b comes from a single support vector (use Platt's b1/b2 rule, or average "
    "y_k - f(x_k) over the margin vectors, 0 < alpha_k < C)"
)


def fitted(Candidate, X, y, **params):
    model = Candidate(**params)
    model.fit(X, y)
    return model


def expect_reference(Candidate, X_fit, y_fit, X_query, what, **params):
    """At least 95% of the predictions on X_query agree with the reference's."""
    expected = Reference(**params).fit(X_fit, y_fit).predict(X_query)
    got = predictions(fitted(Candidate, X_fit, y_fit, **params), X_query, y_fit)
    check_agreement(got, expected, what, advice=CAUSES)
    return got


def expect_relabelled(Candidate, data, labels, what, as_lists=False):
    """Classes renamed `labels` (and X, y as lists): like the reference, and like the candidate's own run.

    Both fits run under one seed, one after the other, so a fit whose result rests on its random
    draws (b from one support vector picked at random) differs from the other and fails.
    """
    X_fit, y_fit, X_query, _ = data
    named = relabel(y_fit, labels)
    if as_lists:
        X_fit, named, X_query = X_fit.tolist(), named.tolist(), X_query.tolist()
    with seeded(0):
        own = predictions(fitted(Candidate, data[0], y_fit), data[2], y_fit)
        got = predictions(fitted(Candidate, X_fit, named), X_query, named)
    check_consistent(got, own, labels, what[0].upper() + what[1:], advice=CAUSES)
    expected = Reference().fit(data[0], relabel(y_fit, labels)).predict(data[2])
    check_agreement(got, expected, what, advice=CAUSES)


def test_fit_returns_self(Candidate):
    """fit returns self"""
    model = Candidate()
    returned = model.fit(X_train, y_train)
    assert returned is model, (
        f"fit must return self, so that SVMClassifier().fit(X, y).predict(X) works; it returned {returned!r}"
    )


def test_predict_returns_one_label_per_sample(Candidate):
    """predict returns one label per sample"""
    predictions(fitted(Candidate, X_train, y_train), X_test, y_train)


def test_two_models_keep_their_own_data(Candidate):
    """two models fitted on different data keep their own"""
    second = (X_train + 20.0, relabel(y_train, ("p", "q")))
    check_models_keep_their_own_data(Candidate, (X_train, y_train, X_test), second)


def test_a_linear_kernel_separates_separable_classes(Candidate):
    """kernel='linear' classifies two distant clouds perfectly"""
    X, y = blobs(40, n_classes=2, spread=0.5, seed=27)
    X = X + np.where(y == 0, -3.0, 3.0)[:, None]  # at least ~4 apart: a wide margin
    got = predictions(fitted(Candidate, X, y, kernel="linear", C=1.0), X, y)
    assert accuracy(got, y) == 1.0, (
        f"two clouds far apart are linearly separable, yet only {accuracy(got, y):.0%} of the "
        "training points were classified correctly with kernel='linear'"
    )


def test_an_rbf_kernel_separates_two_rings(Candidate):
    """kernel='rbf' separates a ring from the ring around it"""
    X_fit, y_fit, X_query, y_query = RINGS
    got = predictions(fitted(Candidate, X_fit, y_fit, kernel="rbf"), X_query, y_fit)
    assert accuracy(got, y_query) >= 0.9, (
        f"an RBF kernel separates two rings, but only {accuracy(got, y_query):.0%} of the test points were right"
    )
    expected = Reference(kernel="rbf").fit(X_fit, y_fit).predict(X_query)
    check_agreement(got, expected, "on two rings (kernel='rbf')", advice=CAUSES)


def test_a_linear_kernel_cannot_separate_two_rings(Candidate):
    """kernel='linear' cannot separate two rings (the kernel argument is used)"""
    X_fit, y_fit, X_query, y_query = RINGS
    got = predictions(fitted(Candidate, X_fit, y_fit, kernel="linear"), X_query, y_fit)
    assert accuracy(got, y_query) <= 0.75, (
        f"no straight line separates two rings, yet kernel='linear' got {accuracy(got, y_query):.0%} "
        "of the test points right: is the kernel argument ignored?"
    )


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_default_hyperparameters(Candidate, seed):
    """the defaults C=1.0, kernel='rbf', gamma='scale' match the reference (XOR-like data)"""
    X_fit, y_fit, X_query, _ = CORNERS
    with seeded(seed):
        expect_reference(Candidate, X_fit, y_fit, X_query, "with the default hyperparameters")


def test_string_labels(Candidate):
    """predicts string labels ('cat', 'dog') as it predicts 0 and 1"""
    expect_relabelled(Candidate, CORNERS, STRING_LABELS[:2], "with string labels")


def test_integer_labels_that_are_not_0_and_1(Candidate):
    """predicts integer labels that are not 0 and 1 (3 and 7) as it predicts 0 and 1"""
    expect_relabelled(Candidate, CORNERS, SPARSE_LABELS[:2], "with labels 3 and 7")


def test_plain_python_lists(Candidate):
    """accepts plain Python lists for X and y"""
    expect_relabelled(
        Candidate, CORNERS, STRING_LABELS[:2], "when X and y are lists", as_lists=True
    )


def test_three_classes(Candidate):
    """three classes (labels 3, 7, 42)"""
    data = split(*clusters_on_a_circle(50, n_classes=3, seed=23), 60)
    expect_relabelled(Candidate, data, SPARSE_LABELS[:3], "on three classes")


def test_four_classes(Candidate):
    """four classes ('cat', 'dog', 'fish', 'bird')"""
    data = split(*clusters_on_a_circle(40, n_classes=4, seed=30), 60)
    expect_relabelled(Candidate, data, STRING_LABELS, "on four classes")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_a_small_c(Candidate, seed):
    """C=0.05 (a wide, soft margin) matches the reference"""
    with seeded(seed):
        expect_reference(Candidate, X_train, y_train, X_test, "with C=0.05", C=0.05)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_a_large_c(Candidate, seed):
    """C=100 (a hard margin) matches the reference"""
    with seeded(seed):
        expect_reference(Candidate, X_train, y_train, X_test, "with C=100", C=100.0)


def test_a_numeric_gamma(Candidate):
    """gamma=5.0 (a narrow RBF kernel) matches the reference"""
    expect_reference(Candidate, X_train, y_train, X_test, "with gamma=5.0", gamma=5.0)


def test_gamma_scale_adapts_to_the_data(Candidate):
    """gamma='scale' is 1 / (n_features * X.var()): rings 100 times larger still work"""
    X_fit, y_fit, X_query, y_query = (
        part * 100 if index % 2 == 0 else part for index, part in enumerate(RINGS)
    )
    got = predictions(fitted(Candidate, X_fit, y_fit), X_query, y_fit)
    assert accuracy(got, y_query) >= 0.9, (
        f"with gamma='scale' the RBF kernel adapts to the data's scale, but only {accuracy(got, y_query):.0%} "
        "of the test points on rings of radius 100 were right: is gamma='scale' computed as "
        "1 / (n_features * X.var()) on the training data?"
    )
    expected = Reference().fit(X_fit, y_fit).predict(X_query)
    check_agreement(got, expected, "on rings of radius 100 (gamma='scale')", advice=CAUSES)


def test_inputs_are_not_modified(Candidate):
    """does not modify the arrays given to fit and predict"""
    X_fit, y_fit, X_query = X_train.copy(), y_train.copy(), X_test.copy()
    predictions(fitted(Candidate, X_fit, y_fit), X_query, y_fit)
    assert unchanged((X_fit, y_fit, X_query), (X_train, y_train, X_test)), (
        "fit or predict changed the arrays passed in; work on a copy"
    )


def test_uses_only_numpy_and_the_standard_library(Candidate, task_rules):
    """uses only numpy and the standard library (the task's rule)"""
    check_numpy_only(Candidate, task_rules, X_train, y_train)
