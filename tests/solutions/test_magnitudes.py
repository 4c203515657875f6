"""Every solution on data from 1e-300 to 1e300: finite outputs, probabilities that sum to 1, and
scikit-learn's answers wherever scikit-learn's own are defined (finite)."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier

from llmprep.solutions import GaussianNaiveBayes, KNNClassifier, SVMClassifier

MAGNITUDES = st.integers(-300, 300).map(lambda e: 10.0**e)


@st.composite
def problems(draw):
    """(X_train, y, X_query, scale): small integer-grid data times 10^e, every class present."""
    n_samples = draw(st.integers(6, 20))
    n_features = draw(st.integers(1, 3))
    grid = st.integers(-8, 8).map(float)
    X = draw(arrays(np.float64, (n_samples, n_features), elements=grid))
    Q = draw(arrays(np.float64, (draw(st.integers(1, 6)), n_features), elements=grid))
    y = np.array(draw(st.permutations(list(np.arange(n_samples) % 3))))
    scale = draw(MAGNITUDES)
    return X * scale, y, Q * scale, scale


def _assert_probabilities(proba, n_rows):
    assert proba.shape[0] == n_rows
    assert np.isfinite(proba).all(), proba
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-9)


@settings(max_examples=30, deadline=None)
@given(
    problem=problems(),
    weights=st.sampled_from(["uniform", "distance"]),
    metric=st.sampled_from(["euclidean", "manhattan", "cosine"]),
)
def test_knn_at_any_magnitude(problem, weights, metric):
    X, y, Q, _ = problem
    ours = KNNClassifier(3, weights=weights, metric=metric).fit(X, y)
    proba = ours.predict_proba(Q)
    _assert_probabilities(proba, len(Q))
    assert np.isfinite(ours.kneighbors(Q)[0]).all()
    ref = KeighborsOrNone(weights, metric, X, y)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref_dist, _ = ref.kneighbors(Q, n_neighbors=4)
        ref_proba = ref.predict_proba(Q)
    defined = np.isfinite(ref_dist).all(axis=1) & np.isfinite(ref_proba).all(axis=1)
    defined &= ref_dist[:, 2] < ref_dist[:, 3] * (1 - 1e-9)  # no tie for the third neighbour
    # where scikit-learn's answer is finite and does not hang on the order of tied neighbours
    np.testing.assert_allclose(proba[defined], ref_proba[defined], rtol=1e-6, atol=1e-9)


def KeighborsOrNone(weights, metric, X, y):  # noqa: N802 - reads as the class it builds
    return KNeighborsClassifier(3, weights=weights, metric=metric, algorithm="brute").fit(X, y)


def test_knn_distance_weights_treat_an_overflowing_inverse_as_zero_distance():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    model = KNNClassifier(3, weights="distance", metric="manhattan").fit(X, [0, 0, 1, 1])
    ref = KNeighborsClassifier(3, weights="distance", metric="manhattan").fit(X, [0, 0, 1, 1])
    query = [[1e-310]]  # 1 / 1e-310 overflows to inf: inf / inf was NaN
    np.testing.assert_array_equal(model.predict_proba(query), [[1.0, 0.0]])
    np.testing.assert_array_equal(model.predict_proba(query), ref.predict_proba(query))


@settings(max_examples=30, deadline=None)
@given(problem=problems())
def test_naive_bayes_at_any_magnitude(problem):
    X, y, Q, scale = problem
    if np.ptp(X, axis=0).max() == 0:
        return  # every feature constant: the density is undefined at any scale (a clear error)
    ours = GaussianNaiveBayes().fit(X, y)
    proba = ours.predict_proba(Q)
    _assert_probabilities(proba, len(Q))
    # the same model as on the unscaled grid: scaling moves every class's likelihood alike
    unscaled = GaussianNaiveBayes().fit(X / scale, y)
    np.testing.assert_allclose(proba, unscaled.predict_proba(Q / scale), rtol=1e-6, atol=1e-9)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = GaussianNB().fit(X, y)
        ref_proba = ref.predict_proba(Q)
    # scikit-learn squares the data unscaled: compare only where no square can overflow or
    # underflow (its probabilities can look finite while a term inside was inf)
    if 1e-100 <= scale <= 1e100:
        np.testing.assert_allclose(proba, ref_proba, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("scale", [1e-300, 1e-150, 1.0, 1e150, 1e300])
def test_naive_bayes_attributes_stay_in_the_datas_units(scale):
    X = np.array([[1.0, 2.0], [1.5, 2.5], [4.0, 7.0], [4.5, 6.0]]) * scale
    model = GaussianNaiveBayes().fit(X, [0, 0, 1, 1])
    np.testing.assert_allclose(model.theta_, [[1.25 * scale, 2.25 * scale],
                                              [4.25 * scale, 6.5 * scale]])  # fmt: skip
    assert model.predict(X).tolist() == [0, 0, 1, 1]


def _three_blobs():
    rng = np.random.default_rng(3)
    centres = np.array([[0.0, 0.0], [3.0, 0.5], [1.0, 3.0]])
    X = np.vstack([c + rng.normal(size=(20, 2)) for c in centres])
    return X, np.repeat([0, 1, 2], 20), rng.normal(1.0, 1.5, size=(15, 2))


@pytest.mark.parametrize("scale", [1e-300, 1e-150, 1e150, 1e300])
def test_svm_with_gamma_scale_gives_the_same_answers_at_any_magnitude(scale):
    """With gamma="scale", multiplying the data by s multiplies every distance by s^2 and divides
    gamma by s^2: the kernel, and so the whole model, does not change."""
    X, y, Q = _three_blobs()
    base = SVMClassifier().fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow, underflow or invalid-value warnings
        scaled = SVMClassifier().fit(X * scale, y)
        values = scaled.decision_function(Q * scale)
        predicted = scaled.predict(Q * scale)
    assert np.isfinite(values).all()
    assert predicted.tolist() == base.predict(Q).tolist()
    # Equal up to where SMO stops (tol=1e-3): the rounding of X * s differs from that of X.
    np.testing.assert_allclose(values, base.decision_function(Q), atol=1e-3)
    np.testing.assert_array_equal(scaled.support_, base.support_)
    np.testing.assert_allclose(scaled.support_vectors_, base.support_vectors_ * scale, rtol=1e-12)


@pytest.mark.parametrize(
    ("kernel", "scale", "unit_gamma"), [("linear", 1e-150, 1.0), ("rbf", 2.0**-400, 0.5)]
)
def test_svm_with_numeric_parameters_is_exact_where_a_float_can_hold_them(
    kernel, scale, unit_gamma
):
    """gamma (and C for the linear kernel) carry the units of the data squared: the model on
    X * s with gamma / s^2 (C / s^2) is the model on X, wherever those are doubles."""
    X, y, Q = _three_blobs()
    base = SVMClassifier(kernel=kernel, gamma=unit_gamma).fit(X, y)
    gamma, C = (unit_gamma, 1.0 / scale**2) if kernel == "linear" else (unit_gamma / scale**2, 1.0)
    scaled = SVMClassifier(kernel=kernel, gamma=gamma, C=C).fit(X * scale, y)
    assert scaled.predict(Q * scale).tolist() == base.predict(Q).tolist()


@pytest.mark.parametrize(
    ("kernel", "scale", "what"),
    [("linear", 1e300, "C cannot"), ("rbf", 1e-300, "gamma cannot"), ("poly", 1e300, "gamma")],
)
def test_an_svm_whose_parameters_cannot_follow_the_data_is_refused_with_what_to_do(
    kernel, scale, what
):
    X, y, _ = _three_blobs()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=f"{what}.*StandardScaler"):
            SVMClassifier(kernel=kernel, gamma=0.5).fit(X * scale, y)
