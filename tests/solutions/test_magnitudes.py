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

from llmprep.solutions import GaussianNaiveBayes, KNNClassifier

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
