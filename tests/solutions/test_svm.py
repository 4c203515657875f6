"""SVMClassifier against LIBSVM (sklearn.svm.SVC), sklearn's estimator checks, and the math."""

import functools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.calibration import CalibratedClassifierCV
from sklearn.datasets import load_iris, make_blobs
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.metrics.pairwise import pairwise_kernels
from sklearn.model_selection import GridSearchCV, cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.utils.estimator_checks import parametrize_with_checks

from llmprep.solutions import _smo
from llmprep.solutions.svm import SVMClassifier, _one_vs_rest_scores, _vote
from tests.solutions.datasets import LOADERS


@functools.cache
def _dataset(name):
    X, y = LOADERS[name](return_X_y=True)
    return StandardScaler().fit_transform(X), y


@functools.cache
def _fitted_pair(name, kernel, C):
    """(ours, LIBSVM's) fitted on the same standardised data; cached, so each fit happens once."""
    X, y = _dataset(name)
    ours = SVMClassifier(C=C, kernel=kernel, decision_function_shape="ovo").fit(X, y)
    ref = SVC(C=C, kernel=kernel, decision_function_shape="ovo").fit(X, y)
    return ours, ref


def _pair_coefficients(model, p, q):
    """Support-vector rows and y_t alpha_t of the binary problem (p, q), read from dual_coef_.

    LIBSVM's layout: class-p SVs of that problem sit in row q - 1, class-q SVs in row p.
    """
    sv_class = _sv_class_index(model)
    on_p, on_q = sv_class == p, sv_class == q
    rows = np.concatenate([np.flatnonzero(on_p), np.flatnonzero(on_q)])
    coef = np.concatenate([model.dual_coef_[q - 1, on_p], model.dual_coef_[p, on_q]])
    return rows, coef


def _sv_class_index(model):
    """Class index of every support vector, from n_support_ (SVs are grouped by class)."""
    return np.repeat(np.arange(len(model.classes_)), model.n_support_)


def _dual_objectives(model, X, kernel):
    """1/2 a^T Q a - sum(a) of every binary problem, from dual_coef_ and support_vectors_."""
    gamma = 1.0 / (X.shape[1] * X.var())  # gamma="scale"
    params = {} if kernel == "linear" else {"gamma": gamma}
    if kernel == "poly":
        params.update(degree=3, coef0=0.0)
    values = []
    n_classes = len(model.classes_)
    for p in range(n_classes):
        for q in range(p + 1, n_classes):
            rows, coef = _pair_coefficients(model, p, q)
            K = pairwise_kernels(model.support_vectors_[rows], metric=kernel, **params)
            values.append(0.5 * coef @ K @ coef - np.abs(coef).sum())
    return np.array(values)


# -- agreement with LIBSVM --------------------------------------------------------------------

AGREEMENT_CASES = [
    (name, kernel, C)
    for name in LOADERS
    for kernel in ("rbf", "linear", "poly")
    for C in (1.0, 10.0)
]


@pytest.mark.parametrize(("name", "kernel", "C"), AGREEMENT_CASES)
def test_predictions_and_accuracy_match_libsvm(name, kernel, C):
    X, y = _dataset(name)
    ours, ref = _fitted_pair(name, kernel, C)
    assert np.mean(ours.predict(X) == ref.predict(X)) >= 0.995
    assert abs(ours.score(X, y) - ref.score(X, y)) <= 0.005


@pytest.mark.parametrize(("name", "kernel", "C"), AGREEMENT_CASES)
def test_dual_objective_matches_libsvm(name, kernel, C):
    X, _ = _dataset(name)
    ours, ref = _fitted_pair(name, kernel, C)
    libsvm = _dual_objectives(ref, X, kernel)
    np.testing.assert_allclose(ours.dual_objective_, libsvm, rtol=1e-3)
    # dual_objective_ is the objective of the coefficients we expose in sklearn's layout
    np.testing.assert_allclose(_dual_objectives(ours, X, kernel), ours.dual_objective_, rtol=1e-9)


@pytest.mark.parametrize("name", ["iris", "breast_cancer"])
def test_decision_function_intercept_and_layout_follow_sklearn(name):
    X, _ = _dataset(name)
    ours, ref = _fitted_pair(name, "rbf", 1.0)
    assert ours.decision_function(X).shape == ref.decision_function(X).shape
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), atol=0.05)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, atol=0.01)
    assert ours.dual_coef_.shape[0] == len(ours.classes_) - 1
    assert ours.dual_coef_.shape[1] == len(ours.support_) == len(ours.support_vectors_)
    np.testing.assert_array_equal(ours.support_vectors_, X[ours.support_])
    assert len(ours.n_iter_) == len(ours.intercept_) == len(ref.n_iter_)
    sv_class = np.searchsorted(ours.classes_, _dataset(name)[1][ours.support_])
    assert np.all(np.diff(sv_class) >= 0)  # grouped by class, as LIBSVM does
    np.testing.assert_array_equal(ours.n_support_, np.bincount(sv_class))
    # nearly the same support vectors (an alpha of ~1e-6 may be zero in one and not the other)
    assert len(np.setxor1d(ours.support_, ref.support_)) <= 2


def test_binary_decision_sign_means_second_class():
    X, y = _dataset("breast_cancer")
    ours, _ = _fitted_pair("breast_cancer", "rbf", 1.0)
    decision = ours.decision_function(X)
    assert decision.shape == (len(X),)
    np.testing.assert_array_equal(ours.predict(X), ours.classes_[(decision > 0).astype(int)])


def test_sigmoid_and_other_gammas_match_libsvm():
    X, y = _dataset("breast_cancer")
    for params in [{"kernel": "sigmoid"}, {"gamma": "auto"}, {"gamma": 0.02, "kernel": "poly"}]:
        ours = SVMClassifier(**params).fit(X, y)
        ref = SVC(**params).fit(X, y)
        assert np.mean(ours.predict(X) == ref.predict(X)) >= 0.99, params


def test_evicting_kernel_rows_gives_the_same_model(monkeypatch):
    X, y = _dataset("wine")
    full = SVMClassifier(C=10.0).fit(X, y)
    monkeypatch.setattr(_smo, "CACHE_MAX_BYTES", 8 * len(X) * 3)  # a cache of a few rows
    small = SVMClassifier(C=10.0).fit(X, y)
    np.testing.assert_array_equal(small.dual_coef_, full.dual_coef_)
    np.testing.assert_array_equal(small.n_iter_, full.n_iter_)


def test_ties_go_to_the_lowest_class_index():
    # pairs (0, 1), (0, 2), (1, 2): 0 beats 1, 2 beats 0, 1 beats 2 -> one vote each
    values = np.array([[1.0, -1.0, 1.0], [-1.0, 1.0, -1.0]])
    np.testing.assert_array_equal(_vote(values, 3), [0, 0])
    np.testing.assert_array_equal(_vote(np.array([[-1.0, -1.0, -1.0]]), 3), [2])


def test_max_iter_stops_early_with_a_warning():
    X, y = _dataset("iris")
    with pytest.warns(ConvergenceWarning, match="max_iter=3"):
        model = SVMClassifier(max_iter=3).fit(X, y)
    np.testing.assert_array_equal(model.n_iter_, [3, 3, 3])


def test_works_inside_pipeline_and_grid_search():
    X, y = load_iris(return_X_y=True)
    pipeline = make_pipeline(StandardScaler(), SVMClassifier())
    assert cross_val_score(pipeline, X, y, cv=3).mean() > 0.9
    search = GridSearchCV(SVMClassifier(), {"C": [0.1, 10.0]}, cv=3).fit(X, y)
    assert search.best_params_["C"] == 10.0


# -- scikit-learn's estimator checks ----------------------------------------------------------


@parametrize_with_checks([SVMClassifier()])
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)  # no expected failures: "ovr" gives one column per class, as checks assume


# -- the "ovr" decision function --------------------------------------------------------------


def test_calibration_keeps_svc_accuracy_on_four_blobs():
    # CalibratedClassifierCV reads decision_function as one column per class; with the six
    # one-vs-one columns it calibrated the wrong scores and lost accuracy without a warning.
    X, y = make_blobs(800, centers=4, random_state=0)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    ref = CalibratedClassifierCV(SVC()).fit(X_train, y_train).score(X_test, y_test)
    ours = CalibratedClassifierCV(SVMClassifier()).fit(X_train, y_train).score(X_test, y_test)
    assert ours >= ref - 0.01
    ovo = SVMClassifier(decision_function_shape="ovo")
    assert CalibratedClassifierCV(ovo).fit(X_train, y_train).score(X_test, y_test) < ref - 0.3


@pytest.mark.parametrize("name", ["iris", "wine", "digits"])
def test_ovr_decision_function_matches_svc_and_predict(name):
    X, y = _dataset(name)
    ours = SVMClassifier().fit(X, y)
    ref = SVC().fit(X, y)
    scores = ours.decision_function(X)
    assert scores.shape == (len(X), len(ours.classes_))
    # A pair value within the solver's tolerance of 0 may vote differently (a few rows in 1,800)
    close = np.all(np.abs(scores - ref.decision_function(X)) <= 0.01, axis=1)
    assert close.mean() >= 0.995
    votes = np.floor(scores + 1 / 3)  # the squeezed confidence is in (-1/3, 1/3)
    unique_winner = (votes == votes.max(axis=1, keepdims=True)).sum(axis=1) == 1
    predicted = ours.predict(X)
    np.testing.assert_array_equal(ours.classes_[scores.argmax(axis=1)][unique_winner],
                                  predicted[unique_winner])  # fmt: skip
    tied = SVMClassifier(break_ties=True).fit(X, y)
    np.testing.assert_array_equal(tied.predict(X), tied.classes_[scores.argmax(axis=1)])


def test_ovo_keeps_the_pairwise_values():
    X, y = _dataset("iris")
    ovo = SVMClassifier(decision_function_shape="ovo").fit(X, y)
    ref = SVC(decision_function_shape="ovo").fit(X, y)
    assert ovo.decision_function(X).shape == (len(X), 3)
    np.testing.assert_allclose(ovo.decision_function(X), ref.decision_function(X), atol=0.05)


def test_tied_votes_go_to_the_more_confident_class_with_break_ties():
    # pairs (0, 1), (0, 2), (1, 2): one vote each; class 2 has the largest confidence
    values = np.array([[0.1, -2.0, 0.5]])
    scores = _one_vs_rest_scores(values, 3)
    np.testing.assert_array_equal(np.floor(scores + 1 / 3), [[1, 1, 1]])
    assert scores.argmax() == 2 and _vote(values, 3)[0] == 0


# -- bad input --------------------------------------------------------------------------------

X_OK = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
Y_OK = np.array([0, 1, 1, 0])


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        (np.array([[np.nan, 1.0], [1.0, 0.0]]), np.array([0, 1]), "NaN"),
        (np.array([[np.inf, 1.0], [1.0, 0.0]]), np.array([0, 1]), "infinity"),
        (np.empty((4, 0)), Y_OK, "0 feature"),
        (X_OK, Y_OK[:3], "inconsistent numbers of samples"),
        (X_OK, np.ones(4), "at least two classes; got 1 class"),
        (X_OK, np.array([0.5, 1.5, 2.5, 3.5]), "Unknown label type"),
    ],
)
def test_bad_training_input_raises_a_clear_error(X, y, message):
    with pytest.raises(ValueError, match=message):
        SVMClassifier().fit(X, y)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"C": 0.0}, "C must be a positive number"),
        ({"kernel": "cubic"}, "kernel must be one of"),
        ({"gamma": "wide"}, "gamma must be"),
        ({"tol": -1.0}, "tol must be a positive number"),
        ({"max_iter": 0}, "max_iter must be -1 or a positive integer"),
        ({"degree": 1.5}, "degree must be an integer"),
        ({"decision_function_shape": "ova"}, "decision_function_shape must be 'ovr' or 'ovo'"),
        ({"decision_function_shape": "ovo", "break_ties": True}, "break_ties needs"),
    ],
)
def test_bad_hyperparameters_raise(params, message):
    with pytest.raises(ValueError, match=message):
        SVMClassifier(**params).fit(X_OK, Y_OK)


def test_predict_before_fit_raises_not_fitted():
    with pytest.raises(NotFittedError):
        SVMClassifier().predict(X_OK)


def test_wrong_number_of_features_at_predict_raises():
    model = SVMClassifier().fit(X_OK, Y_OK)
    with pytest.raises(ValueError, match="X has 3 features, but SVMClassifier is expecting 2"):
        model.predict(np.ones((2, 3)))
    with pytest.raises(ValueError, match="NaN"):
        model.decision_function(np.array([[np.nan, 0.0]]))


# -- properties -------------------------------------------------------------------------------


@st.composite
def classification_problems(draw):
    n_classes = draw(st.integers(2, 3))
    n_samples = draw(st.integers(2 * n_classes, 30))
    n_features = draw(st.integers(1, 4))
    X = draw(arrays(np.float64, (n_samples, n_features), elements=st.floats(-5, 5, width=32)))
    y = draw(st.permutations(list(np.arange(n_samples) % n_classes)))  # every class present
    return X, np.array(y)


@settings(max_examples=40, deadline=None)
@given(
    problem=classification_problems(),
    C=st.floats(0.01, 100.0),
    kernel=st.sampled_from(["rbf", "linear", "poly"]),
)
def test_dual_variables_are_feasible(problem, C, kernel):
    X, y = problem
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = SVMClassifier(C=C, kernel=kernel, max_iter=100_000).fit(X, y)
    # |dual_coef_| = alpha, so 0 <= alpha <= C; alpha = 0 exactly for non-support vectors
    assert np.all(np.abs(model.dual_coef_) <= C)
    n_classes = len(model.classes_)
    for p in range(n_classes):
        for q in range(p + 1, n_classes):
            rows, coef = _pair_coefficients(model, p, q)  # coef = y_t alpha_t
            y_pair = np.where(_sv_class_index(model)[rows] == p, 1.0, -1.0)
            if n_classes == 2:
                y_pair = -y_pair  # sklearn flips the binary problem: +1 means classes_[1]
            assert np.all(y_pair * coef >= 0)  # alpha_t = y_t * coef_t >= 0
            assert abs(coef.sum()) <= 1e-8 * C  # sum_t y_t alpha_t = 0


@settings(max_examples=25, deadline=None)
@given(
    problem=classification_problems(),
    labels=st.one_of(
        st.lists(st.text(min_size=1, max_size=4), min_size=3, max_size=3, unique=True),
        st.lists(st.integers(-1000, 1000), min_size=3, max_size=3, unique=True),
    ),
)
def test_labels_round_trip(problem, labels):
    X, y = problem
    labels = np.array(sorted(labels))  # order-preserving relabelling: the same binary problems
    by_index = SVMClassifier().fit(X, y)
    relabelled = SVMClassifier().fit(X, labels[y])
    np.testing.assert_array_equal(relabelled.classes_, labels[np.unique(y)])
    np.testing.assert_array_equal(relabelled.predict(X), labels[by_index.predict(X)])
