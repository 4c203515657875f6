"""Checks of the `logistic_regression` exercise: the candidate's LogisticRegression against the reference.

The task fixes the algorithm (n_iter full-batch gradient steps from w = 0, b = 0 on the mean log
loss plus (l2 / 2) ||w||^2), so the result is deterministic: coef_, intercept_ and predict_proba
must match the reference to 1e-6, whatever the order of the sums. When they do not, the checks
replay the classic mistakes (a summed gradient, a penalised intercept, one step too many...) and
name the one the candidate's numbers match. The numerical checks use logits up to about 1e6,
where the textbook sigmoid overflows and log(0) appears.

PYTEST_DONT_REWRITE
"""

import numpy as np
import pytest

from llmprep.exercises.checks._numerics import numpy_warnings
from llmprep.exercises.checks._rules import check_numpy_only
from llmprep.exercises.checks._support import (
    SEEDS,
    SPARSE_LABELS,
    STRING_LABELS,
    accuracy,
    blobs,
    check_models_keep_their_own_data,
    check_same_predictions,
    predictions,
    relabel,
    same,
    split,
    unchanged,
)
from llmprep.solutions import LogisticRegression as Reference

TOLERANCE = 1e-6  # on predict_proba, coef_ and intercept_ (absolute, or relative above 1)
LOSS_TOLERANCE = 1e-9  # relative, on loss(X, y) at the same coef_ and intercept_
GRADIENT_TOLERANCE = 1e-5  # largest finite-difference derivative of loss at the fitted model

# Two overlapping classes in 3-d: the weights stay finite and the probabilities are not all 0 or 1.
X_train, y_train, X_test, y_test = split(
    *blobs(80, n_classes=2, n_features=3, spread=2.0, seed=41), 60
)
# A smaller problem per seed, with 2, 3 and 5 features.
PROBLEMS = {
    seed: split(*blobs(50, n_classes=2, n_features=(2, 3, 5)[seed], spread=2.0, seed=50 + seed), 30)
    for seed in SEEDS
}
# Why a result differs from the reference when no replayed mistake explains it.
CAUSES = (
    "The usual causes: not exactly n_iter steps from w = 0 and b = 0; the gradient summed "
    "instead of averaged over the samples; the intercept penalised or left out; the L2 gradient "
    "not l2 * w; w updated before the gradient of b is computed; t = 1 not for the larger label"
)
NOT_FINITE = (
    "the sigmoid or the gradient overflowed: compute sigmoid(z) from exp(-|z|), which is at "
    "most 1 (1 / (1 + e) for z >= 0, e / (1 + e) for z < 0)"
)


# -- the mistakes the checks recognise --------------------------------------------------------------


def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _descend(X, t, learning_rate, n_iter, l2, mistake=None):
    """(w, b) after the task's gradient descent, or after the same loop with `mistake` made."""
    n = len(t)
    w, b = np.zeros(X.shape[1]), 0.0
    steps = n_iter + {"one step too many": 1, "one step too few": -1}.get(mistake, 0)
    for _ in range(max(steps, 0)):
        error = _sigmoid(X @ w + b) - t
        scale = 1.0 if mistake == "summed" else 1.0 / n
        l2_factor = {"half l2": 0.5, "double l2": 2.0}.get(mistake, 1.0)
        grad_w = scale * (X.T @ error) + l2_factor * l2 * w
        w = w - learning_rate * grad_w
        if mistake == "sequential":
            error = _sigmoid(X @ w + b) - t
        grad_b = scale * error.sum() + (l2 * b if mistake == "penalised intercept" else 0.0)
        b = 0.0 if mistake == "no intercept" else b - learning_rate * grad_b
    return w, b


DEFAULTS = {"learning_rate": 0.1, "n_iter": 1000, "l2": 0.0}  # in the order _descend takes them
MISTAKES = {
    "summed": "the gradient is summed over the samples, not averaged: divide X^T (p - t) and "
    "sum(p - t) by n_samples (the loss is the mean log loss)",
    "penalised intercept": "the intercept is penalised: the L2 term (l2 / 2) ||w||^2 has no b in "
    "it, so the gradient of b is mean(p - t) alone",
    "half l2": "the L2 gradient is (l2 / 2) * w: the derivative of (l2 / 2) ||w||^2 is l2 * w",
    "double l2": "the L2 gradient is 2 * l2 * w: the derivative of (l2 / 2) ||w||^2 is l2 * w",
    "no intercept": "the intercept never moves: fit b too (its gradient is mean(p - t))",
    "sequential": "w is updated before the gradient of b is computed: compute both gradients "
    "from the same p, then update both",
    "one step too many": "your loop makes n_iter + 1 steps: make exactly n_iter",
    "one step too few": "your loop makes n_iter - 1 steps: make exactly n_iter",
}


def _diagnosis(coef, intercept, X, y, params):
    """Which replayed mistake gives the candidate's (coef_, intercept_), else the usual causes."""
    X = np.asarray(X, dtype=float)
    labels = np.unique(np.asarray(y))
    t = (np.asarray(y) == labels[1]).astype(float)
    full = {**DEFAULTS, **params}
    steps = (full["learning_rate"], full["n_iter"], full["l2"])
    got, right = np.append(coef, intercept), np.append(*_descend(X, t, *steps))
    replays = [(advice, steps, mistake) for mistake, advice in MISTAKES.items()]
    for name, default in DEFAULTS.items():  # a hyperparameter ignored: its default used instead
        if full[name] != default:
            ignored = tuple(default if key == name else full[key] for key in DEFAULTS)
            advice = f"{name} is ignored ({name}={default} is used instead): read self.{name}"
            replays.append((advice, ignored, None))
    for advice, replay_steps, mistake in replays:
        with np.errstate(all="ignore"):
            replayed = np.append(*_descend(X, t, *replay_steps, mistake))
        if _close(replayed, right, 1e-4):
            continue  # this mistake changes nothing here (a penalised intercept when l2 = 0)
        if np.all(np.isfinite(replayed)) and _close(got, replayed, 1e-4):
            return f"Your numbers are those of a known mistake: {advice}"
    if _close(got, -right, 1e-4):
        return (
            "Your weights are the reference's with the sign flipped: t = 1 must mean the larger "
            "label, classes_[1] (np.unique sorts them), and p = sigmoid(X w + b) is its probability"
        )
    return CAUSES


def _close(got, expected, tolerance):
    return bool(np.all(np.abs(got - expected) <= tolerance * np.maximum(1.0, np.abs(expected))))


# -- looking at what the candidate returned -------------------------------------------------------


def fitted(Candidate, X, y, **params):
    model = Candidate(**params)
    model.fit(X, y)
    return model


def parameters(model, n_features):
    """(coef_, intercept_), checked to be a finite (n_features,) array and a float."""
    coef = getattr(model, "coef_", None)
    assert coef is not None, (
        "after fit, the model must have coef_, the weights w, shape (n_features,)"
    )
    coef = np.asarray(coef, dtype=float)
    assert coef.shape != (1, n_features), (
        f"coef_ must have shape ({n_features},), got (1, {n_features}) (scikit-learn's layout): "
        "keep w as a 1-d array"
    )
    assert coef.shape == (n_features,), (
        f"coef_ must have shape (n_features,) = ({n_features},), got {coef.shape}"
    )
    assert hasattr(model, "intercept_"), (
        "after fit, the model must have intercept_, the bias b (a float)"
    )
    intercept = model.intercept_
    assert np.ndim(intercept) == 0, (
        f"intercept_ must be a float, got an array of shape {np.shape(intercept)}: use float(b)"
    )
    intercept = float(intercept)
    assert np.isfinite(coef).all() and np.isfinite(intercept), (
        f"coef_ or intercept_ is NaN or infinite ({coef.tolist()}, {intercept}): {NOT_FINITE}"
    )
    return coef, intercept


def probabilities(model, X):
    """model.predict_proba(X), checked to be a finite (n_samples, 2) array of probabilities."""
    proba = model.predict_proba(X)
    assert proba is not None, (
        "predict_proba returned None; it must return an array of shape (n_samples, 2)"
    )
    proba = np.asarray(proba, dtype=float)
    n = len(X)
    assert proba.shape != (n,), (
        f"predict_proba must return two columns, shape ({n}, 2), got shape ({n},): return "
        "np.column_stack([1 - p, p]), where p is the probability of classes_[1]"
    )
    assert proba.shape == (n, 2), (
        f"predict_proba must return one row per sample and one column per class, shape ({n}, 2); "
        f"got shape {proba.shape}"
    )
    assert np.isfinite(proba).all(), (
        f"predict_proba returned {np.count_nonzero(~np.isfinite(proba))} NaN or infinite values: "
        f"{NOT_FINITE}"
    )
    assert ((proba >= 0) & (proba <= 1)).all(), (
        "predict_proba returned values outside [0, 1]: each entry must be a probability, "
        "sigmoid(z) for classes_[1] and 1 - sigmoid(z) for classes_[0]"
    )
    sums = proba.sum(axis=1)
    worst = int(np.argmax(np.abs(sums - 1)))
    assert np.allclose(sums, 1, atol=TOLERANCE), (
        f"each row of predict_proba must sum to 1; row {worst} sums to {sums[worst]:.6g}: "
        "the two columns are 1 - p and p"
    )
    return proba


def expect_reference(Candidate, X_fit, y_fit, X_query, what, **params):
    """coef_, intercept_ and predict_proba within TOLERANCE of the reference's, predict equal."""
    reference = Reference(**params).fit(X_fit, y_fit)
    model = fitted(Candidate, X_fit, y_fit, **params)
    coef, intercept = parameters(model, np.shape(X_fit)[1])
    expected = np.append(reference.coef_, reference.intercept_)
    if not _close(np.append(coef, intercept), expected, TOLERANCE):
        diagnosis = _diagnosis(coef, intercept, X_fit, y_fit, params)
        raise AssertionError(
            f"coef_ and intercept_ differ from the reference {what}: expected "
            f"{_shown(reference.coef_)} and {reference.intercept_:.6g}, got {_shown(coef)} and "
            f"{intercept:.6g} (tolerance {TOLERANCE:g}). {diagnosis}"
        )
    proba = probabilities(model, X_query)
    check_same_proba(proba, reference.predict_proba(X_query), what)
    got = predictions(model, X_query, y_fit)
    check_same_predictions(got, reference.predict(X_query), what)
    return model


def check_same_proba(proba, expected, what):
    error = np.abs(proba - expected)
    if error.max() <= TOLERANCE:
        return
    assert not np.allclose(proba[:, ::-1], expected, atol=TOLERANCE), (
        f"predict_proba's columns are swapped {what}: column 0 is the probability of "
        "classes_[0], the smaller label (np.unique(y) sorts them), column 1 that of classes_[1]"
    )
    row, column = np.unravel_index(int(np.argmax(error)), error.shape)
    raise AssertionError(
        f"predict_proba differs from the reference {what}, though coef_ and intercept_ match: "
        f"sample {row}, class {column}: expected {expected[row, column]:.6g}, got "
        f"{proba[row, column]:.6g}. Is it sigmoid(X @ coef_ + intercept_), with the same "
        "coef_ and intercept_ that fit stored?"
    )


def _shown(values):
    return "[" + ", ".join(f"{value:.6g}" for value in np.asarray(values).tolist()) + "]"


def reference_loss(coef, intercept, X, y, l2, classes):
    """The task's objective at (coef, intercept), computed by the reference."""
    reference = Reference(l2=l2)
    reference.classes_, reference.coef_, reference.intercept_ = classes, coef, intercept
    return reference.loss(X, y)


def no_numpy_warnings(action, what):
    """Run `action`; fail, naming it, if numpy warned of an overflow, a division by 0 or a NaN."""
    result, numeric = numpy_warnings(action)
    assert not numeric, (
        f"{what} made numpy warn: {str(numeric[0].message)!r}. A warning here means the maths "
        "went through inf: for the sigmoid, exponentiate only -|z| (1 / (1 + e) for z >= 0, "
        "e / (1 + e) for z < 0, with e = exp(-|z|)); for the loss, use log(1 + e^z) - t z with "
        "np.logaddexp(0, z), never log(p)"
    )
    return result


# -- the checks -------------------------------------------------------------------------------------


def test_fit_returns_self(Candidate):
    """fit returns self"""
    model = Candidate()
    returned = model.fit(X_train, y_train)
    assert returned is model, (
        "fit must return self, so that LogisticRegression().fit(X, y).predict(X) works; "
        f"it returned {returned!r}"
    )


def test_predict_returns_one_label_per_sample(Candidate):
    """predict returns one label per sample"""
    predictions(fitted(Candidate, X_train, y_train), X_test, y_train)


def test_two_models_keep_their_own_data(Candidate):
    """two models fitted on different data keep their own"""
    second = (X_train[:, ::-1] + 5.0, 1 - y_train)  # labels 0 and 1: only the state is tested here
    check_models_keep_their_own_data(Candidate, (X_train, y_train, X_test), second)


def test_coef_and_intercept_have_the_documented_shapes(Candidate):
    """coef_ has shape (n_features,) and intercept_ is a float"""
    parameters(fitted(Candidate, X_train, y_train), X_train.shape[1])


def test_predict_proba_is_a_distribution(Candidate):
    """predict_proba has two columns and rows that sum to 1"""
    probabilities(fitted(Candidate, X_train, y_train), X_test)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_matches_the_reference(Candidate, seed):
    """coef_, intercept_ and predict_proba match the reference with the defaults"""
    X_fit, y_fit, X_query, _ = PROBLEMS[seed]
    expect_reference(
        Candidate, X_fit, y_fit, X_query, f"with the defaults on {X_fit.shape[1]} features"
    )


def test_learning_rate_and_n_iter_are_used(Candidate):
    """learning_rate=0.3 and n_iter=25 are used (few steps: far from converged)"""
    expect_reference(
        Candidate, X_train, y_train, X_test, "with learning_rate=0.3 and n_iter=25",
        learning_rate=0.3, n_iter=25,
    )  # fmt: skip


def test_predict_is_the_more_probable_class(Candidate):
    """predict returns the class of highest predict_proba"""
    model = fitted(Candidate, X_train, y_train)
    got = predictions(model, X_test, y_train)
    proba = probabilities(model, X_test)
    expected = np.unique(y_train)[(proba[:, 1] > 0.5).astype(int)]
    differ = int((~same(got, expected)).sum())
    assert not differ, (
        f"for {differ} samples predict disagrees with predict_proba: predict classes_[1] where "
        "its probability is above 0.5 (where X @ coef_ + intercept_ > 0), else classes_[0]"
    )


def test_columns_follow_the_sorted_labels(Candidate):
    """predict_proba's columns follow the sorted labels ('dog' seen first, 'cat' sorted first)"""
    labels = np.where(y_train == y_train[0], "dog", "cat")  # the first label seen is 'dog'
    expect_reference(Candidate, X_train, labels, X_test, "with labels 'dog' (seen first) and 'cat'")


def test_string_labels(Candidate):
    """predicts string labels ('cat', 'dog')"""
    labels = relabel(y_train, STRING_LABELS[:2])
    expect_reference(Candidate, X_train, labels, X_test, "with string labels")


def test_integer_labels_that_are_not_0_and_1(Candidate):
    """predicts integer labels that are not 0 and 1 (3 and 7)"""
    labels = relabel(y_train, SPARSE_LABELS[:2])
    try:
        expect_reference(Candidate, X_train, labels, X_test, "with labels 3 and 7")
    except AssertionError as error:
        if CAUSES not in str(error):  # a replayed mistake explains it
            raise
        raise AssertionError(
            f"{error}. With labels 3 and 7 the targets of the log loss must still be 0 and 1: "
            "t = (y == classes_[1]), never y itself"
        ) from None


def test_plain_python_lists(Candidate):
    """accepts plain Python lists for X and y"""
    labels = relabel(y_train, STRING_LABELS[:2]).tolist()
    reference = Reference().fit(X_train, labels)
    model = fitted(Candidate, X_train.tolist(), labels)
    coef, intercept = parameters(model, X_train.shape[1])
    expected = np.append(reference.coef_, reference.intercept_)
    assert _close(np.append(coef, intercept), expected, TOLERANCE), (
        "when X and y are lists, coef_ and intercept_ differ from the reference's. "
        + _diagnosis(coef, intercept, X_train, labels, {}).replace(
            CAUSES, "Convert the inputs with np.asarray(X, dtype=float) and np.asarray(y) first"
        )
    )
    check_same_proba(
        probabilities(model, X_test.tolist()), reference.predict_proba(X_test), "when X is a list"
    )
    got = predictions(model, X_test.tolist(), labels)
    check_same_predictions(got, reference.predict(X_test), "when X and y are lists")


def test_l2_shrinks_the_weights(Candidate):
    """l2=1.0 shrinks the weights towards 0, and l2=0.1 and l2=1.0 match the reference"""
    free = parameters(fitted(Candidate, X_train, y_train, l2=0.0), X_train.shape[1])[0]
    shrunk = parameters(fitted(Candidate, X_train, y_train, l2=1.0), X_train.shape[1])[0]
    assert not np.allclose(shrunk, free, rtol=1e-12, atol=0), (
        f"with l2=1.0 the weights should be much smaller than with l2=0.0, got the same, ||w|| = "
        f"{np.linalg.norm(shrunk):.4g}: is l2 ignored? The gradient of w is "
        "X^T (p - t) / n + l2 * w"
    )
    for l2 in (0.1, 1.0):
        expect_reference(Candidate, X_train, y_train, X_test, f"with l2={l2}", l2=l2)
    assert np.linalg.norm(shrunk) < 0.8 * np.linalg.norm(free), (
        f"with l2=1.0 the weights should be much smaller than with l2=0.0, got ||w|| = "
        f"{np.linalg.norm(shrunk):.4g} against {np.linalg.norm(free):.4g}"
    )


def test_the_intercept_is_not_penalised(Candidate):
    """the intercept is not penalised: with l2=10 and useless features it still fits the 91% base rate"""
    rng = np.random.default_rng(13)
    X = rng.standard_normal((200, 3))
    y = (rng.random(200) < 0.9).astype(int)  # 91% ones; the features say nothing
    params = {"learning_rate": 0.05, "n_iter": 2000, "l2": 10.0}
    model = fitted(Candidate, X, y, **params)
    coef, intercept = parameters(model, 3)
    mean = float(_sigmoid(X @ coef + intercept).mean())
    assert abs(mean - y.mean()) < 0.05, (
        f"with useless features and l2=10 the weights go to 0, and the intercept alone should "
        f"make P(1) about the share of ones, {y.mean():.0%}; the mean of sigmoid(X @ coef_ + "
        f"intercept_) is {mean:.0%} (intercept_ = {intercept:.4g}, expected about log(0.91 / 0.09) = 2.3). Is the "
        "intercept penalised, or left out? The L2 term is on w only: the gradient of b is "
        "mean(p - t)"
    )
    expect_reference(Candidate, X, y, X, "with l2=10 and useless features", **params)


def test_huge_logits_do_not_overflow(Candidate):
    """X scaled by 1e3 (logits up to about 1e6): no overflow warning, no NaN, every point right"""
    X, y = blobs(30, n_classes=2, spread=0.5, seed=27)
    X = (X + np.where(y == 0, -3.0, 3.0)[:, None]) * 1e3  # two distant clouds, far from 0
    model = no_numpy_warnings(lambda: fitted(Candidate, X, y), "fit on X scaled by 1e3")
    parameters(model, 2)
    proba = no_numpy_warnings(lambda: probabilities(model, X), "predict_proba on X scaled by 1e3")
    got = no_numpy_warnings(lambda: predictions(model, X, y), "predict on X scaled by 1e3")
    assert accuracy(got, y) == 1.0, (
        f"two clouds far apart are separable, yet only {accuracy(got, y):.0%} of the training "
        "points were predicted right after fitting on X scaled by 1e3"
    )
    right = proba[np.arange(len(y)), y]
    assert (right > 0.99).all(), (
        "on two distant clouds scaled by 1e3 every training point should get a probability near 1 "
        f"for its own class (column 1 of predict_proba for classes_[1]); the lowest is "
        f"{right.min():.3g}"
    )


def test_loss_matches_the_reference(Candidate):
    """loss(X, y) is the mean log loss plus (l2 / 2) ||coef_||^2 (intercept not included)"""
    l2 = 0.5
    model = fitted(Candidate, X_train, y_train, l2=l2, n_iter=50)
    coef, intercept = parameters(model, X_train.shape[1])
    got = float(model.loss(X_test, y_test))
    classes = np.unique(y_train)
    expected = reference_loss(coef, intercept, X_test, y_test, l2, classes)
    if abs(got - expected) <= LOSS_TOLERANCE * max(1.0, abs(expected)):
        return
    penalty = 0.5 * l2 * float(coef @ coef)
    log_loss = expected - penalty
    hints = {
        "the log loss is summed over the samples, not averaged": log_loss * len(y_test) + penalty,
        "the L2 term is missing: add (l2 / 2) * ||coef_||^2": log_loss,
        "the L2 term is l2 * ||w||^2: it is (l2 / 2) * ||coef_||^2": log_loss + 2 * penalty,
        "the intercept is in the L2 term: it is (l2 / 2) * ||coef_||^2, without b": expected
        + 0.5 * l2 * intercept**2,
    }
    cause = next(
        (hint for hint, value in hints.items() if abs(got - value) <= 1e-6 * max(1.0, abs(value))),
        "the loss is mean(log(1 + e^z) - t z) + (l2 / 2) ||coef_||^2, with z = X @ coef_ + "
        "intercept_ and t = 1 for classes_[1]",
    )
    raise AssertionError(
        f"loss(X, y) with l2={l2} is {got:.10g}, expected {expected:.10g} (relative tolerance "
        f"{LOSS_TOLERANCE:g}): {cause}"
    )


def test_the_loss_of_huge_logits_is_exact(Candidate):
    """loss stays finite and exact when the logits are huge (X scaled by 1e3, confident mistakes)"""
    model = fitted(Candidate, X_train, y_train)
    coef, intercept = parameters(model, X_train.shape[1])
    classes = np.unique(y_train)
    X_big = X_test * 1e3
    y_wrong = classes[1 - np.searchsorted(classes, y_test)]  # every label swapped
    for y_query, what in ((y_test, "the true labels"), (y_wrong, "every label swapped")):
        got = no_numpy_warnings(
            lambda y=y_query: float(model.loss(X_big, y)), "loss on X scaled by 1e3"
        )
        expected = reference_loss(coef, intercept, X_big, y_query, 0.0, classes)
        assert np.isfinite(got), (
            f"loss on X scaled by 1e3 with {what} is {got}: log(p) of a p that rounded to 0 is "
            "-inf. Write the loss in the logits: log(1 + e^z) - t z = np.logaddexp(0, z) - t * z"
        )
        cause = (
            "clipping p to [eps, 1 - eps] caps the loss of a confident mistake at -log(eps). "
            "Write it in the logits: log(1 + e^z) - t z = np.logaddexp(0, z) - t * z"
            if got < expected
            else "the loss is mean(log(1 + e^z) - t z) + (l2 / 2) ||coef_||^2 (see the check "
            "of loss on ordinary data)"
        )
        assert abs(got - expected) <= 1e-6 * max(1.0, abs(expected)), (
            f"loss on X scaled by 1e3 with {what} is {got:.6g}, expected {expected:.6g}: {cause}"
        )


def test_fit_reaches_the_minimum_of_its_loss(Candidate):
    """the gradient fit follows is that of loss: at the fitted model, finite differences of loss are 0"""
    rng = np.random.default_rng(17)
    X = rng.standard_normal((150, 4))
    y = (rng.random(150) < _sigmoid(X @ [1.5, -2.0, 0.5, 0.0] + 0.3)).astype(int)
    model = fitted(Candidate, X, y, learning_rate=1.0, n_iter=2000, l2=0.1)
    coef, intercept = parameters(model, 4)
    h = 1e-5
    derivatives = []
    for j in range(5):  # w_0..w_3, then b
        values = []
        for sign in (1, -1):
            shifted = np.append(coef, intercept)
            shifted[j] += sign * h
            model.coef_, model.intercept_ = shifted[:4], float(shifted[4])
            values.append(float(model.loss(X, y)))
        derivatives.append((values[0] - values[1]) / (2 * h))
    model.coef_, model.intercept_ = coef, intercept
    worst = int(np.argmax(np.abs(derivatives)))
    name = f"w_{worst}" if worst < 4 else "b (intercept_)"
    assert abs(derivatives[worst]) <= GRADIENT_TOLERANCE, (
        f"after 2000 steps (learning_rate=1.0, l2=0.1) fit should sit at the minimum of the "
        f"objective, where every derivative of loss is 0; d loss / d {name} is "
        f"{derivatives[worst]:.3g} there (central finite differences, h = {h:g}; tolerance "
        f"{GRADIENT_TOLERANCE:g}). The gradient your fit follows is not the gradient of your "
        "loss: dJ/dw = X^T (p - t) / n + l2 * w and dJ/db = mean(p - t) for "
        "J = mean(log(1 + e^z) - t z) + (l2 / 2) ||w||^2. (Does loss read self.coef_ and "
        "self.intercept_?)"
    )


def test_a_second_fit_starts_again_from_zero(Candidate):
    """a second fit forgets the first (starts again from w = 0, b = 0)"""
    # Labels 0 and 1 both times, so that only the starting point is tested here.
    model = fitted(Candidate, X_train[:, ::-1] + 2.0, 1 - y_train)
    model.fit(X_train, y_train)
    reference = Reference().fit(X_train, y_train)
    coef, intercept = parameters(model, X_train.shape[1])
    assert _close(
        np.append(coef, intercept), np.append(reference.coef_, reference.intercept_), TOLERANCE
    ), (
        f"after fitting twice, coef_ {_shown(coef)} differs from the reference's "
        f"{_shown(reference.coef_)} for the second data set alone: start w and b from zero in "
        "every fit, not from the previous fit's coef_"
    )


def test_inputs_are_not_modified(Candidate):
    """does not modify the arrays given to fit, predict, predict_proba and loss"""
    X_fit, y_fit, X_query = X_train.copy(), y_train.copy(), X_test.copy()
    model = fitted(Candidate, X_fit, y_fit)
    model.predict(X_query)
    model.predict_proba(X_query)
    model.loss(X_fit, y_fit)
    assert unchanged((X_fit, y_fit, X_query), (X_train, y_train, X_test)), (
        "fit, predict, predict_proba or loss changed the arrays passed in (e.g. scaled X, or "
        "turned y into 0/1, in place); work on a copy"
    )


def test_uses_only_numpy_and_the_standard_library(Candidate, task_rules):
    """uses only numpy and the standard library (the task's rule)"""
    check_numpy_only(Candidate, task_rules, X_train, y_train)
