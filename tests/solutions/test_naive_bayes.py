"""GaussianNaiveBayes against scikit-learn's GaussianNB, its estimator checks, and the math."""

import functools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, cross_val_score, train_test_split
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from llmprep.solutions.naive_bayes import GaussianNaiveBayes, _update_mean_variance
from tests.solutions.datasets import LOADERS


@functools.cache
def _split(name, constant_feature=False):
    """Standardised (X_train, X_test, y_train, y_test), optionally with a zero-variance column."""
    X, y = LOADERS[name](return_X_y=True)
    X = StandardScaler().fit_transform(X)
    if constant_feature:
        X = np.hstack([X, np.full((len(X), 1), 3.0)])
    return train_test_split(X, y, test_size=0.3, random_state=0)


# ---------------------------------------------------------------- scikit-learn's estimator suite
@parametrize_with_checks([GaussianNaiveBayes(), GaussianNaiveBayes(var_smoothing=1e-3)])
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


# ---------------------------------------------------------------------- identical to GaussianNB
@pytest.mark.parametrize("name", list(LOADERS))
@pytest.mark.parametrize("constant_feature", [False, True])
def test_matches_sklearn_gaussian_nb(name, constant_feature):
    X_train, X_test, y_train, _ = _split(name, constant_feature)
    ours = GaussianNaiveBayes().fit(X_train, y_train)
    ref = GaussianNB().fit(X_train, y_train)

    np.testing.assert_array_equal(ours.predict(X_test), ref.predict(X_test))
    np.testing.assert_allclose(ours.predict_proba(X_test), ref.predict_proba(X_test), atol=1e-6)
    np.testing.assert_allclose(
        ours.predict_log_proba(X_test), ref.predict_log_proba(X_test), rtol=1e-9, atol=1e-9
    )
    for attr in ("classes_", "theta_", "var_", "class_prior_", "class_count_", "epsilon_"):
        np.testing.assert_array_equal(getattr(ours, attr), getattr(ref, attr), err_msg=attr)


def test_constant_feature_gets_epsilon_as_its_variance():
    X_train, X_test, y_train, _ = _split("wine", constant_feature=True)
    ours = GaussianNaiveBayes(var_smoothing=1e-6).fit(X_train, y_train)
    assert ours.epsilon_ == 1e-6 * np.var(X_train, axis=0).max()
    np.testing.assert_array_equal(ours.var_[:, -1], ours.epsilon_)
    assert np.isfinite(ours.predict_log_proba(X_test)).all()


def test_every_feature_constant_raises_instead_of_dividing_by_zero():
    clf = GaussianNaiveBayes().fit(np.ones((4, 2)), [0, 0, 1, 1])
    assert clf.epsilon_ == 0.0
    with pytest.raises(ValueError, match="zero variance"):
        clf.predict([[1.0, 1.0]])


def test_priors_are_used_and_validated():
    X_train, X_test, y_train, _ = _split("iris")
    priors = [0.6, 0.3, 0.1]
    ours = GaussianNaiveBayes(priors=priors).fit(X_train, y_train)
    ref = GaussianNB(priors=priors).fit(X_train, y_train)
    np.testing.assert_array_equal(ours.class_prior_, priors)
    np.testing.assert_array_equal(ours.predict(X_test), ref.predict(X_test))
    np.testing.assert_allclose(ours.predict_proba(X_test), ref.predict_proba(X_test), atol=1e-6)

    bad = [
        ([0.5, 0.5], "Number of priors must match number of classes: got 2 priors for 3"),
        ([0.5, 0.3, 0.3], "The sum of the priors should be 1"),
        ([1.2, -0.1, -0.1], "Priors must be non-negative"),
    ]
    for priors, match in bad:
        with pytest.raises(ValueError, match=match):
            GaussianNaiveBayes(priors=priors).fit(X_train, y_train)


def test_log_space_survives_where_densities_underflow():
    """500 features far from both classes: every density product is 0.0, the logs are not."""
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (50, 500)), rng.normal(1, 1, (50, 500))])
    y = np.repeat(["near", "far"], 50)
    ours, ref = GaussianNaiveBayes().fit(X, y), GaussianNB().fit(X, y)
    query = np.full((1, 500), 8.0)
    jll = ours._joint_log_likelihood(query)
    assert (jll < -745).all()  # exp(jll) == 0.0 for both classes: a naive product would tie
    log_proba = ours.predict_log_proba(query)
    np.testing.assert_allclose(log_proba, ref.predict_log_proba(query), rtol=1e-9)
    np.testing.assert_allclose(np.exp(log_proba).sum(), 1.0)
    assert ours.predict(query).tolist() == ref.predict(query).tolist()


def test_predict_and_probabilities_derive_from_the_joint_log_likelihood():
    X_train, X_test, y_train, _ = _split("digits")
    clf = GaussianNaiveBayes().fit(X_train, y_train)
    jll = clf._joint_log_likelihood(X_test)
    np.testing.assert_array_equal(clf.predict(X_test), clf.classes_[jll.argmax(axis=1)])
    np.testing.assert_allclose(
        np.exp(clf.predict_log_proba(X_test)), clf.predict_proba(X_test), rtol=1e-12
    )
    # Bayes' rule: P(c | x) is proportional to exp(jll); check it on the well-scaled rows.
    shifted = np.exp(jll - jll.max(axis=1, keepdims=True))
    np.testing.assert_allclose(
        clf.predict_proba(X_test), shifted / shifted.sum(axis=1, keepdims=True), atol=1e-12
    )


# --------------------------------------------------------------------------------- partial_fit
def test_update_mean_variance_merges_batches_exactly():
    rng = np.random.default_rng(0)
    a, b = rng.normal(3, 2, (40, 5)), rng.normal(-1, 5, (25, 5))
    n, mean, var = _update_mean_variance(*_update_mean_variance(0.0, None, None, a), b)
    both = np.vstack([a, b])
    assert n == 65
    np.testing.assert_allclose(mean, both.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(var, both.var(axis=0), rtol=1e-12)


def test_partial_fit_in_batches_equals_fit():
    X_train, X_test, y_train, _ = _split("digits")
    whole = GaussianNaiveBayes().fit(X_train, y_train)
    batched, sk_batched = GaussianNaiveBayes(), GaussianNB()
    for rows in np.array_split(np.arange(len(X_train)), 5):
        batched.partial_fit(X_train[rows], y_train[rows], classes=np.unique(y_train))
        sk_batched.partial_fit(X_train[rows], y_train[rows], classes=np.unique(y_train))
    for attr in ("theta_", "var_", "class_count_", "class_prior_", "epsilon_"):
        np.testing.assert_allclose(getattr(batched, attr), getattr(whole, attr), rtol=1e-9)
    np.testing.assert_allclose(batched.theta_, sk_batched.theta_, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(batched.predict(X_test), whole.predict(X_test))


def test_partial_fit_errors():
    X, y = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]]), np.array([0, 1, 1])
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        GaussianNaiveBayes().partial_fit(X, y)
    with pytest.raises(ValueError, match=r"y has labels \[7\] not in classes"):
        GaussianNaiveBayes().partial_fit(X, [0, 1, 7], classes=[0, 1])
    clf = GaussianNaiveBayes().partial_fit(X, y, classes=[0, 1])
    with pytest.raises(ValueError, match="differs from classes_"):
        clf.partial_fit(X, y, classes=[0, 1, 2])
    with pytest.raises(ValueError, match="X has 3 features, but GaussianNaiveBayes is expecting 2"):
        clf.partial_fit(np.ones((2, 3)), [0, 1])
    with pytest.raises(ValueError, match="1 class"):
        GaussianNaiveBayes().partial_fit(X, [0, 0, 0], classes=[0])


def test_works_inside_sklearn_tools_like_sklearns_own():
    X, y = LOADERS["wine"](return_X_y=True)
    np.testing.assert_allclose(
        cross_val_score(make_pipeline(StandardScaler(), GaussianNaiveBayes()), X, y, cv=3),
        cross_val_score(make_pipeline(StandardScaler(), GaussianNB()), X, y, cv=3),
    )
    grid = {"var_smoothing": [1e-9, 1e-3, 1.0]}
    ours = GridSearchCV(GaussianNaiveBayes(), grid, cv=3).fit(X, y)
    ref = GridSearchCV(GaussianNB(), grid, cv=3).fit(X, y)
    assert ours.best_params_ == ref.best_params_


# ------------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("X", "y", "match"),
    [
        ([[0.0, np.nan], [1.0, 2.0]], [0, 1], "NaN"),
        ([[0.0, np.inf], [1.0, 2.0]], [0, 1], "infinity"),
        (np.empty((3, 0)), [0, 1, 0], "0 feature"),
        ([[0.0], [1.0], [2.0]], [0, 1], "inconsistent numbers of samples"),
        ([[0.0], [1.0], [2.0]], ["a", "a", "a"], "1 class"),
        ([[0.0], [1.0], [2.0]], [0.5, 1.5, 2.5], "Unknown label type"),
    ],
)
def test_bad_training_input_raises(X, y, match):
    with pytest.raises(ValueError, match=match):
        GaussianNaiveBayes().fit(X, y)


def test_bad_var_smoothing_raises():
    with pytest.raises(ValueError, match="var_smoothing must be a number >= 0"):
        GaussianNaiveBayes(var_smoothing=-1.0).fit([[0.0], [1.0]], [0, 1])


def test_bad_prediction_input_raises():
    for method in ("predict", "predict_proba", "predict_log_proba"):
        with pytest.raises(NotFittedError):
            getattr(GaussianNaiveBayes(), method)([[0.0, 1.0]])
    clf = GaussianNaiveBayes().fit([[0.0, 1.0], [1.0, 0.0], [2.0, 2.5]], [0, 1, 1])
    with pytest.raises(ValueError, match="X has 3 features, but GaussianNaiveBayes is expecting 2"):
        clf.predict([[0.0, 1.0, 2.0]])
    with pytest.raises(ValueError, match="infinity"):
        clf.predict_proba([[np.inf, 1.0]])


# ------------------------------------------------------------------------ hypothesis properties
LABEL_SETS = [["cat", "dog", "emu"], [-7, 3, 1000], [10, 20]]
_features = arrays(
    np.float64,
    st.tuples(st.integers(6, 40), st.integers(1, 4)),
    elements=st.floats(-1e3, 1e3, allow_nan=False, allow_subnormal=False),
)


def _labelled(X, labels, seed):
    y = np.array(labels)[np.arange(len(X)) % len(labels)]
    np.random.default_rng(seed).shuffle(y)
    return y


@settings(max_examples=50, deadline=None)
@given(X=_features, labels=st.sampled_from(LABEL_SETS), seed=st.integers(0, 2**16))
def test_probabilities_sum_to_one_and_labels_come_back(X, labels, seed):
    X = X + np.arange(len(X))[:, None]  # not every feature constant
    y = _labelled(X, labels, seed)
    clf = GaussianNaiveBayes().fit(X, y)
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert ((proba >= 0) & (proba <= 1)).all()
    predicted = clf.predict(X)
    assert predicted.dtype == y.dtype and set(predicted.tolist()) <= set(labels)


@settings(max_examples=50, deadline=None)
@given(X=_features, labels=st.sampled_from(LABEL_SETS), seed=st.integers(0, 2**16))
def test_model_does_not_depend_on_the_order_of_training_rows(X, labels, seed):
    X = X + np.arange(len(X))[:, None]
    y = _labelled(X, labels, seed)
    order = np.random.default_rng(seed + 1).permutation(len(X))
    a, b = GaussianNaiveBayes().fit(X, y), GaussianNaiveBayes().fit(X[order], y[order])
    for attr in ("classes_", "class_count_", "class_prior_"):
        np.testing.assert_array_equal(getattr(a, attr), getattr(b, attr))
    # Float sums depend on the order of the terms, so means and variances agree to rounding.
    np.testing.assert_allclose(a.theta_, b.theta_, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(a.var_, b.var_, rtol=1e-9, atol=1e-12)
    jll_a, jll_b = a._joint_log_likelihood(X), b._joint_log_likelihood(X)
    np.testing.assert_allclose(jll_a, jll_b, rtol=1e-6, atol=1e-6)
    top2 = np.sort(jll_a, axis=1)[:, -2:]
    clear = top2[:, 1] - top2[:, 0] > 1e-6 * (1 + np.abs(top2[:, 1]))  # not a near-tie
    np.testing.assert_array_equal(a.predict(X)[clear], b.predict(X)[clear])
