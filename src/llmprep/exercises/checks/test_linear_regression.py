"""Checks of the `linear_regression` exercise: the candidate's LinearRegression against the reference.

The closed form has a unique answer whenever alpha > 0 or the columns are independent, so coef_,
intercept_ and the predictions must match the reference to CLOSE (relative). With alpha = 0 and
collinear columns many weight vectors fit equally well, and only the predictions are compared.
Gradient descent from zero is deterministic too: a few steps must match the reference's steps,
and the default 1000 steps on standardised features must reach the closed form within CONVERGED.

When a result differs, the check replays the classic mistakes (sum of squares instead of the
mean, the intercept in the penalty, the sum of the gradient instead of its mean, ...) and names
the one the result matches.

PYTEST_DONT_REWRITE
"""

import numpy as np
import pytest

from llmprep.exercises.checks._rules import check_numpy_only
from llmprep.exercises.checks._support import unchanged
from llmprep.exercises.isolation import SharedState, shared_state_note
from llmprep.solutions import LinearRegression as Reference

CLOSE = 1e-6  # relative: |got - expected| <= CLOSE * (1 + |expected|), element-wise
CONVERGED = 1e-5  # gradient descent's defaults against the closed form, standardised features
SEEDS = (0, 1, 2)


def regression(n, d, seed, centre=3.0, spread=2.0, bias=5.0, noise=0.5):
    """X (n, d) around `centre` (not centred, so a missing intercept shows), y = X w + bias + noise."""
    rng = np.random.default_rng(seed)
    X = rng.normal(centre, spread, size=(n, d))
    w = rng.normal(0.0, 2.0, size=d)
    return X, X @ w + bias + noise * rng.standard_normal(n)


def split(X, y, n_test=20):
    return X[n_test:], y[n_test:], X[:n_test]


def standardised(n, d, seed):
    """Features with mean 0 and variance 1 each, the data gradient descent's defaults are for."""
    X, y = regression(n, d, seed)
    return (X - X.mean(axis=0)) / X.std(axis=0), y


def with_copies(X):
    """X with a copy of column 1 and three times column 2 appended: X^T X is singular."""
    return np.column_stack([X, X[:, 1], 3.0 * X[:, 2]])


# -- looking at what the candidate learned ----------------------------------------------------


def own(data):
    """A copy of an array, so that a candidate changing its inputs fails only the check of that
    (the reference fits on the same arrays); lists are passed as they are."""
    return data.copy() if isinstance(data, np.ndarray) else data


def fitted(Candidate, X, y, **params):
    model = Candidate(**params)
    model.fit(own(X), own(y))
    return model


def learned(model, n_features):
    """(coef_, intercept_) of a fitted model, checked to be a (n_features,) array and a number."""
    for name in ("coef_", "intercept_"):
        assert hasattr(model, name), (
            f"fit must set self.{name} (the weights w and the bias b), as the task's API says"
        )
    coef = np.asarray(model.coef_, dtype=float)
    assert coef.shape != (n_features, 1) and coef.shape != (1, n_features), (
        f"coef_ must be a 1-d array of shape ({n_features},), got shape {coef.shape}: flatten it"
    )
    assert coef.shape == (n_features,), (
        f"coef_ must have one weight per feature, shape ({n_features},); got shape {coef.shape}"
    )
    intercept = np.asarray(model.intercept_, dtype=float)
    assert intercept.size == 1, (
        f"intercept_ must be a single number, got an array of shape {intercept.shape}"
    )
    return coef, float(intercept.reshape(()))


def predicted(model, X):
    """model.predict(X), checked to be a finite array of one number per row."""
    got = model.predict(own(X))
    assert got is not None, f"predict returned None; it must return an array of {len(X)} numbers"
    got = np.asarray(got, dtype=float)
    assert got.shape != (len(X), 1), (
        f"predict must return a 1-d array of shape ({len(X)},), got a column ({len(X)}, 1): "
        "flatten it (X @ coef_ with coef_ of shape (n_features,) is already 1-d)"
    )
    assert got.shape == (len(X),), (
        f"predict must return one number per sample, shape ({len(X)},); got shape {got.shape}"
    )
    return got


def worst(got, expected):
    """Index and size of the largest relative error |got - expected| / (1 + |expected|)."""
    got, expected = np.atleast_1d(np.asarray(got, dtype=float)), np.atleast_1d(expected)
    error = np.abs(got - expected) / (1.0 + np.abs(expected))
    index = int(np.argmax(error))
    return index, float(error[index])


def close(got, expected, tolerance=CLOSE):
    return worst(got, expected)[1] <= tolerance


def check_close(got, expected, what, advice="", tolerance=CLOSE):
    got, expected = np.atleast_1d(np.asarray(got, dtype=float)), np.atleast_1d(expected)
    assert np.isfinite(got).all(), (
        f"{what} holds {np.count_nonzero(~np.isfinite(got))} NaN or infinite values"
        f"{'. ' + advice if advice else ''}"
    )
    index, error = worst(got, expected)
    assert error <= tolerance, (
        f"{what} differs from the reference: at index {index} expected {expected[index]:.8g}, got "
        f"{got[index]:.8g} (relative error {error:.2g}, at most {tolerance:g} allowed)"
        f"{'. ' + advice if advice else ''}"
    )


def check_model(model, reference, X_query, what, advice=""):
    """coef_, intercept_ and predictions of `model` equal the reference's."""
    coef, intercept = learned(model, len(reference.coef_))
    check_close(coef, reference.coef_, f"coef_ {what}", advice)
    check_close(intercept, reference.intercept_, f"intercept_ {what}", advice)
    check_close(predicted(model, X_query), reference.predict(X_query), f"predict {what}", advice)


# -- the classic mistakes, replayed so that a failed check can name the one it saw ------------


def ridge(X, y, penalty, fit_intercept=True, penalise_intercept=False):
    """(w, b) minimising ||y - X w - b||^2 + penalty ||w||^2 (and + penalty b^2 if asked)."""
    n, d = X.shape
    if penalise_intercept:
        A = np.column_stack([np.ones(n), X])
        theta = np.linalg.lstsq(
            np.vstack([A, np.sqrt(penalty) * np.eye(d + 1)]), np.r_[y, np.zeros(d + 1)], rcond=None
        )[0]
        return theta[1:], theta[0]
    x_mean = X.mean(axis=0) if fit_intercept else np.zeros(d)
    y_mean = y.mean() if fit_intercept else 0.0
    A = np.vstack([X - x_mean, np.sqrt(penalty) * np.eye(d)])
    w = np.linalg.lstsq(A, np.r_[y - y_mean, np.zeros(d)], rcond=None)[0]
    return w, y_mean - x_mean @ w


def closed_form_mistake(coef, intercept, X, y, alpha):
    """What the candidate's closed-form (coef, intercept) matches among the classic mistakes."""
    n = len(y)
    mistakes = [
        (
            ridge(X, y, alpha),
            "you solved (Xc^T Xc + alpha I) w = Xc^T yc, the sum-of-squares ridge of scikit-learn; "
            "the objective here is the MEAN squared error + alpha ||w||^2, whose normal equations "
            "carry n * alpha: (Xc^T Xc + n alpha I) w = Xc^T yc",
        ),
        (
            ridge(X, y, 2 * n * alpha),
            "your penalty is twice the task's: J = (1/n)||r||^2 + alpha ||w||^2 gives "
            "(Xc^T Xc + n alpha I) w = Xc^T yc (the 2 of the square cancels on both sides)",
        ),
        (
            ridge(X, y, n * alpha / 2),
            "your penalty is half the task's (alpha/2 ||w||^2?): J = (1/n)||r||^2 + alpha ||w||^2 "
            "gives (Xc^T Xc + n alpha I) w = Xc^T yc",
        ),
        (
            ridge(X, y, n * alpha, penalise_intercept=True),
            "the intercept is penalised (a column of ones inside the ridge term): centre X and y, "
            "solve for w alone, then b = mean(y) - mean(X) . w",
        ),
        (
            ridge(X, y, n * alpha, fit_intercept=False),
            "no intercept was fitted: with fit_intercept=True, centre X and y, solve for w, then "
            "b = mean(y) - mean(X) . w",
        ),
    ]
    return matching(coef, intercept, mistakes, ridge(X, y, n * alpha))


def descent(
    X, y, alpha, lr, n_iter, mean=True, two=True, penalty=2.0, penalise_b=False, b_after=False
):
    """Gradient descent from zero with one of the classic mistakes switched on."""
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    scale = (2.0 if two else 1.0) / (n if mean else 1.0)
    for _ in range(n_iter):
        r = y - X @ w - b
        new_w = w - lr * (-scale * (X.T @ r) + penalty * alpha * w)
        if b_after:
            r = y - X @ new_w - b
        b = b - lr * (-scale * r.sum() + (2.0 * alpha * b if penalise_b else 0.0))
        w = new_w
    return w, b


def descent_mistake(coef, intercept, X, y, alpha, lr, n_iter):
    mistakes = [
        (
            descent(X, y, alpha, lr, n_iter, mean=False),
            "your steps match the gradient of the SUM of squared residuals; the objective is the "
            "MEAN, so dJ/dw = -(2/n) X^T r + 2 alpha w and dJ/db = -(2/n) sum(r)",
        ),
        (
            descent(X, y, alpha, lr, n_iter, two=False),
            "your steps are half as long as the task's: the derivative of the square brings a 2, "
            "dJ/dw = -(2/n) X^T r + 2 alpha w and dJ/db = -(2/n) sum(r)",
        ),
        (
            descent(X, y, alpha, lr, n_iter, penalty=1.0),
            "the penalty's gradient must be 2 alpha w (the derivative of alpha ||w||^2), not alpha w",
        ),
        (
            descent(X, y, alpha, lr, n_iter, penalise_b=True),
            "the intercept is penalised: dJ/db = -(2/n) sum(r) has no alpha term",
        ),
        (
            descent(X, y, alpha, lr, n_iter, b_after=True),
            "b was updated with residuals of the NEW w: take both gradients at the same (w, b), "
            "then update both",
        ),
        (
            ridge(X, y, len(y) * alpha),
            "this is the closed form: with solver='gradient_descent', take n_iter gradient steps "
            "from w = 0, b = 0 instead",
        ),
    ]
    return matching(coef, intercept, mistakes, descent(X, y, alpha, lr, n_iter))


def matching(coef, intercept, mistakes, right):
    """The note of the first mistake that (coef, intercept) matches and the right answer does not
    (with alpha = 0, say, the penalty's mistakes give the right answer)."""
    for (w, b), note in mistakes:
        if close(right[0], w, 1e-4) and close(right[1], b, 1e-4):
            continue
        if close(coef, w, 1e-4) and close(intercept, b, 1e-4):
            return note
    return ""


# -- the checks -----------------------------------------------------------------------------


X_train, y_train, X_test = split(*regression(80, 4, seed=21))


def test_fit_returns_self(Candidate):
    """fit returns self"""
    model = Candidate()
    returned = model.fit(own(X_train), own(y_train))
    assert returned is model, (
        "fit must return self, so that LinearRegression().fit(X, y).predict(X) works; "
        f"it returned {returned!r}"
    )


def test_predict_returns_x_times_coef_plus_intercept(Candidate):
    """predict returns X @ coef_ + intercept_, one number per sample"""
    model = fitted(Candidate, X_train, y_train, alpha=0.1)
    coef, intercept = learned(model, X_train.shape[1])
    got = predicted(model, X_test)
    check_close(
        got,
        X_test @ coef + intercept,
        "predict (compared with X @ coef_ + intercept_ of your own model)",
        "predict must use the coef_ and intercept_ that fit stored",
    )


def test_recovers_an_exact_line(Candidate):
    """alpha=0 on noiseless data recovers the true weights and intercept"""
    rng = np.random.default_rng(22)
    X = rng.normal(3.0, 2.0, size=(30, 3))
    w, b = np.array([1.5, -2.0, 0.25]), 7.0
    model = fitted(Candidate, X, X @ w + b)
    coef, intercept = learned(model, 3)
    advice = (
        "with fit_intercept=True the bias is fitted too: centre X and y, solve for w, then "
        "b = mean(y) - mean(X) . w"
    )
    check_close(coef, w, "coef_ for y = 1.5 x1 - 2 x2 + 0.25 x3 + 7 (no noise)", advice)
    check_close(intercept, b, "intercept_ for y = 1.5 x1 - 2 x2 + 0.25 x3 + 7 (no noise)", advice)


@pytest.mark.parametrize(
    ("alpha", "seed"),
    [(0.0, 0), (0.1, 1), (10.0, 2)],
    ids=["alpha=0, seed=0", "alpha=0.1, seed=1", "alpha=10, seed=2"],
)
def test_closed_form_matches_the_reference(Candidate, alpha, seed):
    """the closed form matches the reference"""
    X_fit, y_fit, X_query = split(*regression(70, 5, seed=seed))
    model = fitted(Candidate, X_fit, y_fit, alpha=alpha)
    reference = Reference(alpha=alpha).fit(X_fit, y_fit)
    coef, intercept = learned(model, 5)
    advice = closed_form_mistake(coef, intercept, X_fit, y_fit, alpha)
    check_model(model, reference, X_query, f"with alpha={alpha}", advice)


def test_a_large_alpha_shrinks_the_weights_but_not_the_intercept(Candidate):
    """alpha=1e8 shrinks coef_ to about 0, and intercept_ goes to the mean of y (not 0)"""
    X_fit, y_fit = regression(60, 3, seed=23, bias=50.0)
    coef, intercept = learned(fitted(Candidate, X_fit, y_fit, alpha=1e8), 3)
    assert np.isfinite(coef).all() and np.abs(coef).max() < 1e-4, (
        f"with alpha=1e8 the weights must be about 0 (each below 1e-4), got {coef.tolist()}: "
        "is alpha used, and multiplied by n in (Xc^T Xc + n alpha I) w = Xc^T yc?"
    )
    assert abs(intercept - y_fit.mean()) <= 1e-3 * (1 + abs(y_fit.mean())), (
        f"with alpha=1e8 the weights are about 0, so the best intercept is the mean of y, "
        f"{y_fit.mean():.6g}; got {intercept:.6g}. The intercept must not be penalised: centre X "
        "and y, solve for w alone, then b = mean(y) - mean(X) . w"
    )


def test_a_duplicated_column_with_ridge(Candidate):
    """alpha=1 with a duplicated and a proportional column: the unique ridge solution"""
    X, y = regression(60, 3, seed=25)
    X_fit, y_fit, X_query = split(with_copies(X), y)
    model = fitted(Candidate, X_fit, y_fit, alpha=1.0)
    check_model(
        model,
        Reference(alpha=1.0).fit(X_fit, y_fit),
        X_query,
        "with alpha=1 and collinear columns",
        "with alpha > 0, Xc^T Xc + n alpha I is positive definite: np.linalg.solve gives the "
        "one answer",
    )


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_collinear_columns_without_ridge(Candidate, seed):
    """alpha=0 with a duplicated and a proportional column (X^T X singular): right predictions"""
    X, y = regression(60, 3, seed=30 + seed)
    X_fit, y_fit, X_query = split(with_copies(X), y)
    advice = (
        "with alpha=0 and collinear columns Xc^T Xc is singular: np.linalg.inv and "
        "np.linalg.solve fail or return huge, meaningless weights. Use "
        "np.linalg.lstsq(Xc, yc, rcond=None)[0], the least-squares solution of minimum norm"
    )
    try:
        model = fitted(Candidate, X_fit, y_fit)
    except np.linalg.LinAlgError as error:
        raise AssertionError(f"fit raised LinAlgError ({error}): {advice}") from None
    coef, _ = learned(model, X_fit.shape[1])
    assert np.isfinite(coef).all(), f"coef_ holds NaN or infinite values: {advice}"
    expected = Reference().fit(X_fit, y_fit).predict(X_query)
    check_close(
        predicted(model, X_query), expected, "predict with alpha=0 and collinear columns", advice
    )


def test_features_far_from_zero(Candidate):
    """features around 1e6 that vary by about 1 (ill-conditioned unless centred)"""
    rng = np.random.default_rng(26)
    X = rng.normal(1e6, 1.0, size=(60, 3))
    y = (X - 1e6) @ np.array([1.0, -2.0, 0.5]) + 4.0 + 0.3 * rng.standard_normal(60)
    X_fit, y_fit, X_query = split(X, y)
    check_model(
        fitted(Candidate, X_fit, y_fit),
        Reference().fit(X_fit, y_fit),
        X_query,
        "with features around 1e6",
        "X^T X with a column of ones (or of raw features far from 0) has a condition number "
        "near 1e24, and solving it loses every digit: centre X and y first (Xc = X - mean(X)), "
        "or use np.linalg.lstsq, which never forms X^T X",
    )


@pytest.mark.parametrize("n_iter", [1, 25], ids=lambda n: f"n_iter={n}")
def test_gradient_descent_takes_the_tasks_steps(Candidate, n_iter):
    """gradient descent from w=0, b=0 takes the task's steps (alpha=0.3, learning_rate=0.02)"""
    X_fit, y_fit, X_query = split(*regression(60, 4, seed=27, centre=1.0, spread=1.0))
    params = {"alpha": 0.3, "solver": "gradient_descent", "learning_rate": 0.02, "n_iter": n_iter}
    model = fitted(Candidate, X_fit, y_fit, **params)
    coef, intercept = learned(model, 4)
    advice = descent_mistake(coef, intercept, X_fit, y_fit, 0.3, 0.02, n_iter) or (
        "start from w = 0, b = 0; per step r = y - X w - b, dJ/dw = -(2/n) X^T r + 2 alpha w, "
        "dJ/db = -(2/n) sum(r), then w -= learning_rate dJ/dw, b -= learning_rate dJ/db; "
        "n_iter steps exactly"
    )
    check_model(
        model, Reference(**params).fit(X_fit, y_fit), X_query, f"after {n_iter} step(s)", advice
    )


@pytest.mark.parametrize(
    ("alpha", "seed"),
    [(0.0, 0), (0.1, 1), (1.0, 2)],
    ids=["alpha=0, seed=0", "alpha=0.1, seed=1", "alpha=1, seed=2"],
)
def test_gradient_descent_reaches_the_closed_form(Candidate, alpha, seed):
    """gradient descent with the defaults reaches the closed form on standardised features"""
    X_fit, y_fit = standardised(200, 5, seed=40 + seed)
    model = fitted(Candidate, X_fit, y_fit, alpha=alpha, solver="gradient_descent")
    coef, intercept = learned(model, 5)
    expected = Reference(alpha=alpha).fit(X_fit, y_fit)
    advice = (
        "with learning_rate=0.01 and n_iter=1000 the steps of the task's gradient come within "
        "1e-7 of the closed form here; check the gradient (the mean, the 2, 2 alpha w) and that "
        "the defaults are learning_rate=0.01, n_iter=1000"
    )
    check_close(coef, expected.coef_, f"coef_ (gradient descent, alpha={alpha})", advice, CONVERGED)
    check_close(
        intercept,
        expected.intercept_,
        f"intercept_ (gradient descent, alpha={alpha})",
        advice,
        CONVERGED,
    )


@pytest.mark.parametrize("solver", ["closed_form", "gradient_descent"])
def test_fit_intercept_false_fits_no_intercept(Candidate, solver):
    """fit_intercept=False: intercept_ is 0 and coef_ matches the reference"""
    X_fit, y_fit = regression(60, 3, seed=24, centre=1.0, spread=1.0, bias=4.0)
    params = {"alpha": 0.5, "solver": solver, "fit_intercept": False, "n_iter": 50}
    model = fitted(Candidate, X_fit, y_fit, **params)
    coef, intercept = learned(model, 3)
    assert intercept == 0.0, (
        f"with fit_intercept=False, intercept_ must be 0.0, got {intercept:.6g}: do not centre "
        "X and y, and keep b at 0"
    )
    reference = Reference(**params).fit(X_fit, y_fit)
    check_close(
        coef,
        reference.coef_,
        f"coef_ with fit_intercept=False ({solver})",
        "without an intercept, solve (X^T X + n alpha I) w = X^T y on X itself (not centred); "
        "gradient descent takes the same steps with b kept at 0. If the checks of alpha or of "
        "gradient descent fail too, fix those first",
    )


@pytest.mark.parametrize("solver", ["closed_form", "gradient_descent"])
def test_plain_python_lists(Candidate, solver):
    """accepts plain Python lists for X and y (and fits as it does on arrays)"""
    params = {"alpha": 0.1, "solver": solver, "n_iter": 30}
    on_arrays = predicted(fitted(Candidate, X_train, y_train, **params), X_test)
    model = fitted(Candidate, X_train.tolist(), y_train.tolist(), **params)
    advice = "convert with np.asarray(X, dtype=float) (and y likewise) before any arithmetic"
    for query in (X_test.tolist(), X_test):
        got = predicted(model, query)
        assert close(got, on_arrays, 1e-9), (
            "fitted on lists, your model predicts differently from your own model fitted on the "
            f"same numbers as arrays (largest difference {np.abs(got - on_arrays).max():.3g}): "
            f"{advice}"
        )


def test_two_models_keep_their_own_data(Candidate):
    """two models fitted on different data keep their own"""
    model = fitted(Candidate, X_train, y_train, alpha=0.1)
    before = predicted(model, X_test)
    state = SharedState(Candidate)
    fitted(Candidate, X_train + 10.0, -3.0 * y_train, alpha=0.1)
    changed = state.changed()
    after = predicted(model, X_test)
    if close(after, before, 1e-12):
        return
    cause = (
        shared_state_note(changed)
        if changed
        else "the two models share state: keep what fit learns on self, not in the class"
    )
    raise AssertionError(
        f"fitting a second model on other data changed the first model's predictions: {cause}"
    )


def test_a_second_fit_replaces_the_first(Candidate):
    """a second fit (on 3 features instead of 4) replaces the first"""
    X_other, y_other, X_query = split(*regression(50, 3, seed=28))
    for solver in ("closed_form", "gradient_descent"):
        params = {"alpha": 0.1, "solver": solver, "n_iter": 30}
        model = fitted(Candidate, X_train, y_train, **params)
        model.fit(own(X_other), own(y_other))
        coef, intercept = learned(model, 3)
        fresh_coef, fresh_intercept = learned(fitted(Candidate, X_other, y_other, **params), 3)
        assert close(coef, fresh_coef, 1e-9) and close(intercept, fresh_intercept, 1e-9), (
            f"({solver}) after fitting on other data, coef_ and intercept_ differ from those of "
            "a new model fitted on that data alone: fit must start afresh each time (gradient "
            "descent from w = 0, b = 0), keeping nothing of the previous fit"
        )
        check_close(
            predicted(model, X_query),
            X_query @ coef + intercept,
            f"predict after fitting twice ({solver}), compared with X @ coef_ + intercept_",
        )


@pytest.mark.parametrize("solver", ["closed_form", "gradient_descent"])
def test_inputs_are_not_modified(Candidate, solver):
    """does not modify the arrays given to fit and predict"""
    X_fit, y_fit, X_query = X_train.copy(), y_train.copy(), X_test.copy()
    model = Candidate(alpha=0.1, solver=solver, n_iter=20)
    model.fit(X_fit, y_fit)  # the arrays themselves, not the copies `fitted` passes
    model.predict(X_query)
    assert unchanged((X_fit, y_fit, X_query), (X_train, y_train, X_test)), (
        "fit or predict changed the arrays passed in (e.g. centred X with X -= X.mean(axis=0)): "
        "work on new arrays, Xc = X - X.mean(axis=0)"
    )


def test_uses_only_numpy_and_the_standard_library(Candidate, task_rules):
    """uses only numpy and the standard library (the task's rule)"""
    check_numpy_only(Candidate, task_rules, X_train.copy(), y_train.copy())
