"""Checks of the `pca` exercise: the candidate's PCA against the reference and the algebra it obeys.

PCA has a closed form (the SVD of the centred data), so every number must match the reference to
TOLERANCE, relative to the size of the quantity compared. A singular vector's sign is arbitrary,
so the comparisons match each component's sign first; one check holds the sign rule the task
states (each row of components_ has its entry of largest absolute value positive). The data have
well separated variances along random directions and a mean far from 0, so that each component
is well defined and a forgotten centring shows.

PYTEST_DONT_REWRITE
"""

import numpy as np
import pytest

from llmprep.exercises.checks._rules import check_numpy_only
from llmprep.exercises.checks._support import SEEDS, unchanged
from llmprep.exercises.isolation import SharedState, shared_state_note
from llmprep.solutions import PCA as Reference

TOLERANCE = 1e-6  # relative: differences are divided by the size of the largest expected value
N_FEATURES = 5


def correlated(n_samples, n_features=N_FEATURES, seed=0):
    """Gaussian data whose standard deviations (4 down to 0.5) lie along random orthogonal
    directions, centred at a random point with coordinates in [-8, 8]."""
    rng = np.random.default_rng(seed)
    scales = np.geomspace(4.0, 0.5, n_features)
    rotation = np.linalg.qr(rng.standard_normal((n_features, n_features)))[0]
    centre = rng.uniform(-8, 8, n_features)
    return (rng.standard_normal((n_samples, n_features)) * scales) @ rotation.T + centre


def data(seed):
    """80 training rows and 20 new rows of the same distribution."""
    X = correlated(100, seed=seed)
    return X[:80], X[80:]


X_train, X_new = data(0)


def given(X):
    """A copy of X for the candidate: code that changes its input (a mistake one check names)
    then cannot change the data of the checks that follow."""
    return X.copy() if isinstance(X, np.ndarray) else X


def fitted(Candidate, X, **params):
    model = Candidate(**params)
    model.fit(given(X))
    return model


# -- reading what the candidate returned ----------------------------------------------------------


def attribute(model, name, shape, hint=""):
    """model.<name> after fit, as a finite float array of `shape`; a failed check says why."""
    assert hasattr(model, name), (
        f"after fit the model has no attribute {name}: set self.{name} in fit"
    )
    value = getattr(model, name)
    try:
        array = np.asarray(value, dtype=float)
    except Exception as error:  # noqa: BLE001 - anything that is not numbers
        raise AssertionError(
            f"{name} must be an array of numbers, got {type(value).__name__}"
        ) from error
    assert array.shape == shape, (
        f"{name} must have shape {shape}, got {array.shape}{': ' + hint if hint else ''}"
    )
    assert np.isfinite(array).all(), f"{name} holds NaN or infinite values"
    return array


def components(model, k, d=N_FEATURES):
    return attribute(
        model,
        "components_",
        (k, d),
        f"one row per component (k = {k}), one column per feature ({d}); the rows of Vt from "
        "np.linalg.svd(X - mean, full_matrices=False), not its columns, and only the first k",
    )


def vector(model, name, k):
    return attribute(model, name, (k,), f"one value per component kept (k = {k})")


def output(result, shape, method):
    """What transform / inverse_transform returned, as a finite float array of `shape`."""
    assert result is not None, f"{method} returned None; it must return an array of shape {shape}"
    array = np.asarray(result, dtype=float)
    assert array.shape == shape, (
        f"{method} must return an array of shape {shape}, got {array.shape}"
    )
    assert np.isfinite(array).all(), f"{method} returned NaN or infinite values"
    return array


def scores(model, X, k, method="transform"):
    return output(getattr(model, method)(given(X)), (len(X), k), method)


# -- comparing ------------------------------------------------------------------------------------


def close(got, expected, tolerance=TOLERANCE):
    """Equal to `tolerance` relative to the largest |expected| (at least 1)."""
    scale = max(1.0, float(np.abs(expected).max()))
    return np.abs(np.asarray(got) - expected) <= tolerance * scale


def match_signs(got, expected, axis):
    """`got` with each row (axis=1) or column (axis=0) flipped to point the way `expected` does."""
    signs = np.where((got * expected).sum(axis=axis, keepdims=True) < 0, -1.0, 1.0)
    return got * signs


def svd_rows(X):
    return np.linalg.svd(X, full_matrices=False)[2]


def same_rows(got, candidates):
    """Whether `got` equals `candidates` (rows, up to sign) where the shapes allow it."""
    return (
        got.shape == candidates.shape and close(match_signs(got, candidates, 1), candidates).all()
    )


def components_cause(got, X):
    """The usual reason why components_ differ from the reference on data X."""
    centred = X - X.mean(axis=0)
    rows = svd_rows(centred)
    k = len(got)
    if same_rows(got, svd_rows(X)[:k]):
        return (
            "they are the directions of X without centring: subtract the mean of each feature "
            "(mean_) before the SVD, or the first component points at the mean"
        )
    if same_rows(got, rows[::-1][:k]):
        return (
            "they come in increasing order of variance: np.linalg.eigh returns eigenvalues in "
            "ascending order, so reverse them and the eigenvector columns"
        )
    if got.shape == (rows.shape[1], rows.shape[0]) and same_rows(got.T, rows):
        return "they are the columns of Vt: the components are its rows"
    if k == len(rows) and same_rows(got.T, rows[:, :k]):
        return "they are the columns of Vt: the components are its rows"
    lengths = np.linalg.norm(got, axis=1, keepdims=True)
    if not close(lengths, 1).all() and same_rows(got / lengths, rows[:k]):
        return (
            "they point the right way but are not of length 1 (loadings scaled by a standard "
            "deviation or a singular value): keep the rows of Vt as they are"
        )
    if same_rows(got, svd_rows(centred / centred.std(axis=0))[:k]):
        return "you scaled each feature to unit variance: PCA only centres the data"
    return (
        "the components are the rows of Vt from np.linalg.svd(X - mean, full_matrices=False), "
        "sorted by decreasing singular value"
    )


def check_components(got, expected, X, what, rows=None):
    """`got` equals `expected` row by row (the first `rows` rows), up to each row's sign."""
    rows = len(expected) if rows is None else rows
    got, expected = got[:rows], expected[:rows]
    aligned = match_signs(got, expected, axis=1)
    wrong = np.flatnonzero(~close(aligned, expected).all(axis=1))
    if len(wrong):
        row = int(wrong[0])
        difference = float(np.abs(aligned[row] - expected[row]).max())
        raise AssertionError(
            f"{len(wrong)} of {rows} rows of components_ differ from the reference {what} even "
            f"with their signs matched; e.g. row {row}: expected "
            f"{np.round(expected[row], 4).tolist()}, got {np.round(got[row], 4).tolist()} "
            f"(largest difference {difference:.2g}, tolerance {TOLERANCE:g}): "
            f"{components_cause(got, X)}"
        )


def check_values(got, expected, name, what, cause=""):
    wrong = np.flatnonzero(~close(got, expected))
    if len(wrong):
        i = int(wrong[0])
        raise AssertionError(
            f"{name} differs from the reference {what}: expected "
            f"{np.round(expected, 6).tolist()}, got {np.round(got, 6).tolist()} (first at "
            f"index {i}; tolerance {TOLERANCE:g} relative){': ' + cause if cause else ''}"
        )


def check_scores(got, expected, what, cause=""):
    """transform's output equals the reference's, each column's sign matched first."""
    aligned = match_signs(got, expected, axis=0)
    wrong = np.argwhere(~close(aligned, expected))
    if len(wrong):
        row, column = (int(i) for i in wrong[0])
        raise AssertionError(
            f"{len(np.unique(wrong[:, 0]))} of {len(expected)} rows of transform differ from the "
            f"reference {what}, even with the sign of each column matched; e.g. row {row}, column "
            f"{column}: expected {expected[row, column]:.6g}, got {got[row, column]:.6g}"
            f"{': ' + cause if cause else ''}"
        )


def variance_cause(got, X):
    """The usual reason why explained_variance_ differs from the reference on data X."""
    n = len(X)
    singular = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)[: len(got)]
    expected = singular**2 / (n - 1)
    if close(got, expected * (n - 1) / n).all():
        return (
            f"that is the variance divided by n = {n}; scikit-learn's explained_variance_ is the "
            f"sample variance, divided by n - 1 = {n - 1}: S**2 / (n_samples - 1)"
        )
    if close(got, singular).all():
        return "those are the singular values S: the variances are S**2 / (n_samples - 1)"
    if close(got, singular**2).all():
        return "those are the squared singular values: divide them by n_samples - 1"
    if close(got, expected[::-1]).all():
        return "they are in increasing order: sort the components by decreasing variance"
    return "explained_variance_ is S**2 / (n_samples - 1), S the singular values of X - mean"


# -- the checks -----------------------------------------------------------------------------------


def test_fit_returns_self(Candidate):
    """fit returns self"""
    model = Candidate(n_components=2)
    returned = model.fit(X_train)
    assert returned is model, (
        "fit must return self, so that PCA(n_components=2).fit(X).transform(X) works; "
        f"it returned {returned!r}"
    )


def test_attributes_and_outputs_have_their_shapes(Candidate):
    """with n_components=2 of 5 features, the attributes and outputs have the task's shapes"""
    model = fitted(Candidate, X_train, n_components=2)
    components(model, 2)
    for name in ("explained_variance_", "explained_variance_ratio_", "singular_values_"):
        vector(model, name, 2)
    attribute(model, "mean_", (N_FEATURES,), "one mean per feature")
    Z = scores(model, X_new, 2)
    output(model.inverse_transform(Z), X_new.shape, "inverse_transform")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_components_match_the_reference(Candidate, seed):
    """components_ match the reference up to the sign of each row (n_components=None)"""
    X, _ = data(seed)
    got = components(fitted(Candidate, X), N_FEATURES)
    check_components(got, Reference().fit(X).components_, X, f"on data set {seed}")


def test_components_follow_the_sign_rule(Candidate):
    """each row of components_ has its entry of largest absolute value positive (the sign rule)"""
    for seed in SEEDS:
        got = components(fitted(Candidate, data(seed)[0]), N_FEATURES)
        magnitudes = np.sort(np.abs(got), axis=1)
        clear = magnitudes[:, -1] - magnitudes[:, -2] > 1e-6  # a near tie could go either way
        largest = got[np.arange(len(got)), np.abs(got).argmax(axis=1)]
        wrong = np.flatnonzero(clear & (largest < 0))
        assert not len(wrong), (
            f"on data set {seed}, {len(wrong)} of {len(got)} rows of components_ have their entry "
            f"of largest absolute value negative (row {int(wrong[0])}: "
            f"{np.round(got[wrong[0]], 4).tolist()}). A singular vector's sign is arbitrary "
            "(LAPACK may return either), so the task fixes it: flip every row whose entry of "
            "largest |value| is negative, Vt *= np.sign(Vt[range(len(Vt)), abs(Vt).argmax(1)])[:, None]"
        )


def test_components_are_orthonormal(Candidate):
    """the rows of components_ have length 1 and are perpendicular to each other"""
    got = components(fitted(Candidate, X_train), N_FEATURES)
    gram = got @ got.T
    lengths = np.sqrt(np.diag(gram))
    assert np.allclose(lengths, 1, atol=TOLERANCE), (
        f"every row of components_ must have length 1; their lengths are "
        f"{np.round(lengths, 4).tolist()}. Rows scaled by the singular values or by the standard "
        "deviations are loadings, not directions: keep the rows of Vt as they are"
    )
    off = np.abs(gram - np.diag(np.diag(gram))).max()
    assert off <= TOLERANCE, (
        f"the rows of components_ must be perpendicular (row i . row j = 0), but a dot product is "
        f"{off:.2g}: take them all from one SVD (or one eigh) of the centred data"
    )


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_explained_variance_is_the_sample_variance(Candidate, seed):
    """explained_variance_ is the sample variance (divided by n - 1) along each component"""
    X, _ = data(seed)
    got = vector(fitted(Candidate, X), "explained_variance_", N_FEATURES)
    expected = Reference().fit(X).explained_variance_
    check_values(
        got, expected, "explained_variance_", f"on data set {seed}", variance_cause(got, X)
    )


def test_explained_variance_is_sorted_and_belongs_to_its_component(Candidate):
    """explained_variance_ decreases, and entry i is the variance along row i of components_"""
    model = fitted(Candidate, X_train)
    variance = vector(model, "explained_variance_", N_FEATURES)
    assert (np.diff(variance) <= TOLERANCE * variance.max()).all(), (
        f"explained_variance_ must be sorted from largest to smallest, got "
        f"{np.round(variance, 4).tolist()}: np.linalg.eigh returns eigenvalues in ascending order; "
        "reverse the eigenvalues and the eigenvector columns together (np.linalg.svd already "
        "sorts the singular values in decreasing order)"
    )
    along = ((X_train - X_train.mean(axis=0)) @ components(model, N_FEATURES).T).var(axis=0, ddof=1)
    assert close(variance, along).all(), (
        f"explained_variance_[i] must be the sample variance of the centred data along row i of "
        f"components_: along the rows, the variances are {np.round(along, 4).tolist()}, but "
        f"explained_variance_ is {np.round(variance, 4).tolist()}; sort the variances and the "
        "components with the same order"
    )


def test_ratios_sum_to_one_with_every_component(Candidate):
    """explained_variance_ratio_ matches the reference and sums to 1 when every component is kept"""
    got = vector(fitted(Candidate, X_train), "explained_variance_ratio_", N_FEATURES)
    check_values(
        got,
        Reference().fit(X_train).explained_variance_ratio_,
        "explained_variance_ratio_",
        "with n_components=None",
        "explained_variance_ratio_ is explained_variance_ / the sum of all the variances",
    )
    assert abs(got.sum() - 1) <= TOLERANCE, (
        f"with every component kept, explained_variance_ratio_ must sum to 1, got {got.sum():.6g}"
    )


def test_ratios_of_two_components_are_shares_of_the_total_variance(Candidate):
    """with n_components=2, explained_variance_ratio_ is each variance over the total variance"""
    got = vector(fitted(Candidate, X_train, n_components=2), "explained_variance_ratio_", 2)
    expected = Reference(n_components=2).fit(X_train).explained_variance_ratio_
    cause = (
        "they sum to 1, so you divided by the variance of the 2 components kept: divide by the "
        "total variance of the data, the sum over all min(n_samples, n_features) components "
        "(equal to X.var(axis=0, ddof=1).sum()), computed before dropping any"
        if abs(got.sum() - 1) <= TOLERANCE
        else "each ratio is explained_variance_[i] / the total variance of the data"
    )
    check_values(got, expected, "explained_variance_ratio_", "with n_components=2", cause)


def test_singular_values_match_the_reference(Candidate):
    """singular_values_ are the singular values of the centred data (n_components=3)"""
    model = fitted(Candidate, X_train, n_components=3)
    got = vector(model, "singular_values_", 3)
    expected = Reference(n_components=3).fit(X_train).singular_values_
    cause = (
        "those are the variances: singular_values_ are S from the SVD of X - mean"
        if close(got, expected**2 / (len(X_train) - 1)).all()
        else "singular_values_ are the first k of S from np.linalg.svd(X - mean)"
    )
    check_values(got, expected, "singular_values_", "with n_components=3", cause)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_transform_matches_the_reference(Candidate, seed):
    """transform of new data matches the reference up to each column's sign (n_components=3)"""
    X, X_other = data(seed)
    got = scores(fitted(Candidate, X, n_components=3), X_other, 3)
    reference = Reference(n_components=3).fit(X)
    expected = reference.transform(X_other)
    directions = reference.components_.T
    if close(match_signs(got, X_other @ directions, 0), X_other @ directions).all():
        cause = "you did not subtract mean_ (the training mean) before projecting"
    elif close(
        match_signs(got, (X_other - X_other.mean(axis=0)) @ directions, 0),
        (X_other - X_other.mean(axis=0)) @ directions,
    ).all():
        cause = "you centred the new data with its own mean: subtract mean_, the training mean"
    else:
        cause = "transform(X) is (X - mean_) @ components_.T"
    check_scores(got, expected, f"on data set {seed}", cause)


def test_transform_centres_new_data_with_the_training_mean(Candidate):
    """mean_ is the training mean, and transform of one new row equals that row of a batch"""
    model = fitted(Candidate, X_train, n_components=3)
    mean = attribute(model, "mean_", (N_FEATURES,), "one mean per feature")
    assert close(mean, X_train.mean(axis=0)).all(), (
        f"mean_ must be the mean of each feature of the training data, "
        f"{np.round(X_train.mean(axis=0), 4).tolist()}; got {np.round(mean, 4).tolist()}"
    )
    batch = scores(model, X_new, 3)
    alone = scores(model, X_new[:1], 3)
    assert close(alone, batch[:1]).all(), (
        f"transform of the first new row alone gives {np.round(alone[0], 4).tolist()}, but "
        f"{np.round(batch[0], 4).tolist()} among the other new rows: transform must subtract "
        "mean_, the mean learnt in fit, not the mean of the data it is given (which is the row "
        "itself when there is one row)"
    )


def test_fit_transform_equals_fit_then_transform(Candidate):
    """fit_transform(X) equals fit(X).transform(X)"""
    model = Candidate(n_components=3)
    got = scores(model, X_train, 3, method="fit_transform")
    expected = scores(model, X_train, 3)
    if close(np.linalg.norm(got, axis=0), 1).all():
        cause = "its columns have length 1, like U's: the scores are U * S"
    else:
        cause = "fit_transform must give the same scores as fit then transform"
    wrong = np.argwhere(~close(got, expected))
    assert not len(wrong), (
        f"fit_transform(X) differs from fit(X).transform(X) at row {int(wrong[0][0])}, column "
        f"{int(wrong[0][1])}: {got[tuple(wrong[0])]:.6g} against "
        f"{expected[tuple(wrong[0])]:.6g}: {cause}"
    )


def test_keeping_every_component_reconstructs_exactly(Candidate):
    """with every component kept, inverse_transform(transform(X)) gives X back"""
    model = fitted(Candidate, X_train)
    back = output(
        model.inverse_transform(scores(model, X_new, N_FEATURES)), X_new.shape, "inverse_transform"
    )
    if close(back, X_new - X_train.mean(axis=0)).all():
        cause = "the result is X - mean_: add mean_ back in inverse_transform"
    else:
        cause = "inverse_transform(Z) is Z @ components_ + mean_"
    wrong = np.flatnonzero(~close(back, X_new).all(axis=1))
    assert not len(wrong), (
        f"with all {N_FEATURES} components the projection loses nothing, so "
        f"inverse_transform(transform(X)) must be X; {len(wrong)} of {len(X_new)} rows differ, "
        f"e.g. row {int(wrong[0])}: expected {np.round(X_new[wrong[0]], 4).tolist()}, got "
        f"{np.round(back[wrong[0]], 4).tolist()}: {cause}"
    )


def test_reconstruction_from_two_components_matches_the_reference(Candidate):
    """with n_components=2, inverse_transform(transform(X)) matches the reference's projection"""
    model = fitted(Candidate, X_train, n_components=2)
    back = output(
        model.inverse_transform(scores(model, X_new, 2)), X_new.shape, "inverse_transform"
    )
    reference = Reference(n_components=2).fit(X_train)
    expected = reference.inverse_transform(reference.transform(X_new))
    wrong = np.flatnonzero(~close(back, expected).all(axis=1))
    assert not len(wrong), (
        f"{len(wrong)} of {len(X_new)} reconstructed rows differ from the reference; e.g. row "
        f"{int(wrong[0])}: expected {np.round(expected[wrong[0]], 4).tolist()}, got "
        f"{np.round(back[wrong[0]], 4).tolist()}: the reconstruction is "
        "transform(X) @ components_ + mean_, with the 2 components kept"
    )


def test_whitening_gives_unit_variance(Candidate):
    """with whiten=True, every column of transform(X_train) has sample variance 1"""
    model = fitted(Candidate, X_train, whiten=True)
    variance = scores(model, X_train, N_FEATURES).var(axis=0, ddof=1)
    n = len(X_train)
    if np.allclose(variance, 1 / (n - 1), rtol=1e-3):
        cause = (
            "you divided by the singular values S; divide by sqrt(explained_variance_) = "
            "S / sqrt(n_samples - 1)"
        )
    elif np.allclose(variance, n / (n - 1), rtol=1e-3):
        cause = (
            "you divided by the standard deviation with ddof=0; divide by "
            "sqrt(explained_variance_), the sample standard deviation"
        )
    elif np.allclose(variance, Reference().fit(X_train).explained_variance_, rtol=1e-3):
        cause = "is whiten ignored? divide each column of scores by sqrt(explained_variance_)"
    else:
        cause = "divide each column of scores by sqrt(explained_variance_)"
    assert np.allclose(variance, 1, atol=TOLERANCE), (
        f"with whiten=True the transformed training data must have sample variance 1 (ddof=1) in "
        f"every column; got {np.round(variance, 6).tolist()}: {cause}"
    )


def test_whitening_keeps_the_components_and_variances(Candidate):
    """with whiten=True, components_ and explained_variance_ are those without whitening"""
    model = fitted(Candidate, X_train, whiten=True)
    reference = Reference().fit(X_train)
    check_components(
        components(model, N_FEATURES), reference.components_, X_train, "with whiten=True"
    )
    check_values(
        vector(model, "explained_variance_", N_FEATURES),
        reference.explained_variance_,
        "explained_variance_",
        "with whiten=True",
        "whitening only rescales the output of transform; keep the attributes as they are",
    )


def test_whitened_reconstruction_is_exact(Candidate):
    """with whiten=True and every component kept, inverse_transform undoes transform"""
    model = fitted(Candidate, X_train, whiten=True)
    back = output(
        model.inverse_transform(scores(model, X_new, N_FEATURES)), X_new.shape, "inverse_transform"
    )
    wrong = np.flatnonzero(~close(back, X_new).all(axis=1))
    assert not len(wrong), (
        f"with whiten=True, inverse_transform(transform(X)) must be X; {len(wrong)} of "
        f"{len(X_new)} rows differ, e.g. row {int(wrong[0])}: expected "
        f"{np.round(X_new[wrong[0]], 4).tolist()}, got {np.round(back[wrong[0]], 4).tolist()}: "
        "multiply each column of Z by sqrt(explained_variance_) before Z @ components_ + mean_"
    )


def test_more_features_than_samples(Candidate):
    """30 features, 10 samples: 10 components by default, the first 9 as the reference's"""
    X = correlated(10, n_features=30, seed=4)
    model = fitted(Candidate, X)
    got = attribute(
        model,
        "components_",
        (10, 30),
        "n_components=None keeps min(n_samples, n_features) = 10 components; the SVD of the "
        "(10, 30) centred data with full_matrices=False gives 10 rows (an eigendecomposition of "
        "the 30 x 30 covariance gives 30: keep the first 10)",
    )
    reference = Reference().fit(X)
    # Centring leaves rank 9: the 10th direction (variance 0) can be any unit vector left over.
    check_components(got, reference.components_, X, "with 30 features and 10 samples", rows=9)
    check_values(
        vector(model, "explained_variance_", 10)[:9],
        reference.explained_variance_[:9],
        "explained_variance_ (its first 9 entries)",
        "with 30 features and 10 samples",
        variance_cause(vector(model, "explained_variance_", 10)[:9], X),
    )
    scores(model, X, 10)


def test_plain_python_lists(Candidate):
    """accepts plain Python lists in fit, transform and inverse_transform"""
    model = fitted(Candidate, X_train.tolist(), n_components=3)
    got = scores(model, X_new.tolist(), 3)
    check_scores(got, Reference(n_components=3).fit(X_train).transform(X_new), "with lists")
    back = output(model.inverse_transform(got.tolist()), X_new.shape, "inverse_transform")
    own = model.inverse_transform(got)
    assert close(back, own).all(), (
        "inverse_transform of a list differs from inverse_transform of the same numbers as an "
        "array: convert with np.asarray(Z, dtype=float) first"
    )


def test_two_models_keep_their_own_data(Candidate):
    """two models fitted on different data keep their own"""
    model = fitted(Candidate, X_train, n_components=2)
    before = scores(model, X_new, 2)
    state = SharedState(Candidate)
    fitted(Candidate, correlated(60, seed=9) + 20.0, n_components=2)
    changed = state.changed()
    after = scores(model, X_new, 2)
    if close(before, after).all():
        return
    cause = (
        shared_state_note(changed)
        if changed
        else "the two models share state: keep what fit learns on self, not in the class"
    )
    raise AssertionError(
        f"fitting a second model on other data changed what the first one's transform returns: "
        f"{cause}"
    )


def test_inputs_are_not_modified(Candidate):
    """does not modify the arrays given to fit, transform, fit_transform and inverse_transform"""
    X_fit, X_query = X_train.copy(), X_new.copy()
    model = Candidate(whiten=True)
    model.fit(X_fit)
    Z = output(model.transform(X_query), (len(X_new), N_FEATURES), "transform")
    Z_given = Z.copy()
    model.inverse_transform(Z_given)
    Candidate(n_components=2).fit_transform(X_fit)
    assert unchanged((X_fit, X_query), (X_train, X_new)), (
        "fit, transform or fit_transform changed the array passed in (e.g. X -= X.mean(axis=0) "
        "on np.asarray(X), which is the caller's array): centre a copy, X - mean"
    )
    assert unchanged((Z_given,), (Z,)), (
        "inverse_transform changed the array passed in (e.g. Z *= np.sqrt(explained_variance_)): "
        "compute Z * scale, a new array"
    )


def test_uses_only_numpy_and_the_standard_library(Candidate, task_rules):
    """uses only numpy and the standard library (the task's rule)"""
    check_numpy_only(Candidate, task_rules, X_train.copy(), apply="transform")
