"""Checks of the `mlp_backprop` exercise: the candidate's TwoLayerNet against the reference and the math.

The grader sets the parameters itself (the attributes W1, b1, W2, b2) and then calls `loss`,
`gradients` and `step`, so every check of the forward and backward pass is independent of the
initialisation, which has a check of its own. Loss and gradients are deterministic functions of
the parameters and the data: they must match the reference within 1e-9 (relative) and 1e-8,
whatever the order of the sums. The gradients must also match central finite differences of the
candidate's own `loss`, on data whose hidden pre-activations all stay far from ReLU's kink at 0.
When a result differs, the checks replay the classic mistakes (a summed loss, a missing ReLU
derivative, the bias gradient averaged twice...) and name the one the candidate's numbers match.

PYTEST_DONT_REWRITE
"""

import numpy as np
import pytest

from llmprep.exercises.checks._numerics import numpy_warnings
from llmprep.exercises.checks._rules import check_numpy_only
from llmprep.exercises.checks._support import SEEDS, blobs, unchanged
from llmprep.solutions import TwoLayerNet as Reference

LOSS_TOLERANCE = 1e-9  # relative, on loss(X, y) at the same parameters
GRADIENT_TOLERANCE = 1e-8  # on each gradient entry (absolute, or relative above 1)
STEP = 1e-6  # h of the central finite differences (L(p + h) - L(p - h)) / 2h
FD_TOLERANCE = 1e-6  # analytic against finite-difference gradient (absolute, or relative above 1)
INIT_TOLERANCE = 1e-12  # on the initial W1, W2: the same draws from default_rng(seed)
NAMES = ("W1", "b1", "W2", "b2")
# (n_in, n_hidden, n_out, n_samples) of each seed's problem.
SHAPES = {0: (3, 5, 3, 20), 1: (4, 7, 4, 33), 2: (2, 16, 5, 50)}
FORMULAS = (
    "dZ2 = (softmax(Z2) - onehot(y)) / n, dW2 = H^T dZ2, db2 = dZ2.sum(axis=0), "
    "dZ1 = (dZ2 @ W2.T) * (Z1 > 0), dW1 = X^T dZ1, db1 = dZ1.sum(axis=0)"
)
READS_PARAMETERS = (
    "loss and gradients must read the parameters from self.W1, self.b1, self.W2 and self.b2 at "
    "each call (the grader sets them), not from a copy made in __init__"
)


def problem(seed):
    """X (n, n_in), labels y (n,) covering every class, and parameters with non-zero biases."""
    n_in, n_hidden, n_out, n = SHAPES[seed]
    rng = np.random.default_rng(100 + seed)
    X = rng.standard_normal((n, n_in))
    y = rng.permutation(np.arange(n) % n_out)
    params = {
        "W1": rng.standard_normal((n_in, n_hidden)),
        "b1": 0.5 * rng.standard_normal(n_hidden),
        "W2": rng.standard_normal((n_hidden, n_out)),
        "b2": 0.5 * rng.standard_normal(n_out),
    }
    return X, y, params


# -- the reference's numbers, and those of the mistakes the checks recognise ---------------------


def _log_softmax(logits):
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def replayed_loss(params, X, y, mistake=None):
    """The task's loss at `params`, or the same with `mistake` made."""
    Z1 = X @ params["W1"] + params["b1"]
    H = Z1 if mistake == "no relu" else np.maximum(Z1, 0.0)
    per_sample = -_log_softmax(H @ params["W2"] + params["b2"])[np.arange(len(y)), y]
    return float(per_sample.sum() if mistake == "summed" else per_sample.mean())


def replayed_gradients(params, X, y, mistake=None):
    """The task's gradients at `params`, or the same backward pass with `mistake` made."""
    Z1 = X @ params["W1"] + params["b1"]
    H = np.maximum(Z1, 0.0)
    dZ2 = np.exp(_log_softmax(H @ params["W2"] + params["b2"]))
    dZ2[np.arange(len(y)), y] -= 1.0
    if mistake == "y minus p":
        dZ2 = -dZ2
    if mistake != "summed":
        dZ2 /= len(y)
    dH = dZ2 @ params["W2"].T
    dZ1 = {"no relu derivative": dH, "relu'(0) = 1": dH * (Z1 >= 0)}.get(mistake, dH * (Z1 > 0))
    bias = (lambda d: d.mean(axis=0)) if mistake == "bias averaged" else (lambda d: d.sum(axis=0))
    return {"W1": X.T @ dZ1, "b1": bias(dZ1), "W2": H.T @ dZ2, "b2": bias(dZ2)}


GRADIENT_MISTAKES = {
    "summed": "your gradients are n times the reference's: the loss is a MEAN over the n "
    "samples, so divide dZ2 = softmax(Z2) - onehot(y) by n",
    "no relu derivative": "the ReLU's derivative is missing from the backward pass: "
    "dZ1 = (dZ2 @ W2.T) * (Z1 > 0), not dZ2 @ W2.T alone",
    "relu'(0) = 1": "the ReLU's derivative at exactly 0 is taken as 1 (Z1 >= 0): the task takes "
    "it as 0, the mask is Z1 > 0",
    "bias averaged": "b1's and b2's gradients are divided by n twice: dZ already carries the "
    "1 / n of the mean, so db = dZ.sum(axis=0), not dZ.mean(axis=0)",
    "y minus p": "your gradients have the wrong sign: the derivative of the cross-entropy with "
    "respect to the logits is softmax(Z2) - onehot(y), not onehot(y) - softmax(Z2)",
}


def _close(got, expected, tolerance):
    got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    return bool(np.all(np.abs(got - expected) <= tolerance * np.maximum(1.0, np.abs(expected))))


def _all_close(got, expected, tolerance):
    return all(_close(got[name], expected[name], tolerance) for name in NAMES)


def _gradient_diagnosis(got, params, X, y):
    """Which replayed mistake gives the candidate's gradients, else where they go wrong."""
    right = replayed_gradients(params, X, y)
    for mistake, advice in GRADIENT_MISTAKES.items():
        replay = replayed_gradients(params, X, y, mistake)
        if not _all_close(replay, right, 1e-6) and _all_close(got, replay, 1e-6):
            return f"Your numbers are those of a known mistake: {advice}"
    wrong = [name for name in NAMES if not _close(got[name], right[name], GRADIENT_TOLERANCE)]
    if wrong == ["W1", "b1"]:
        return (
            "W2 and b2 are right, W1 and b1 are not: the error is in the backward pass through "
            "the hidden layer, dZ1 = (dZ2 @ W2.T) * (Z1 > 0) (use W2 before any update, and the "
            "pre-activation Z1 = X W1 + b1 for the mask)"
        )
    return f"The backward pass is: {FORMULAS}"


# -- looking at what the candidate returned -------------------------------------------------------


def network(Candidate, params, seed=0):
    """Candidate of the parameters' sizes, with the parameters set to (copies of) `params`."""
    n_in, n_hidden = params["W1"].shape
    model = Candidate(n_in, n_hidden, params["W2"].shape[1], seed=seed)
    for name in NAMES:
        setattr(model, name, params[name].copy())
    return model


def loss_of(model, X, y, what=""):
    """model.loss(X, y), checked to be one finite number."""
    return checked_loss(model.loss(X, y), what)


def checked_loss(value, what=""):
    """A value loss returned, checked to be one finite number."""
    assert value is not None, "loss returned None; it must return the mean loss, a float"
    assert np.ndim(value) == 0, (
        f"loss must return one number, the mean over the batch; got an array of shape "
        f"{np.shape(value)}: take .mean() of the per-sample losses"
    )
    value = float(value)
    assert np.isfinite(value), (
        f"loss{what} is {value}: the softmax overflowed or took log(0). Subtract each row's "
        "maximum from the logits, then log_softmax = shifted - log(sum(exp(shifted)))"
    )
    return value


def gradients_of(model, X, y, what=""):
    """model.gradients(X, y), checked to be a dict of finite arrays of the parameters' shapes."""
    got = model.gradients(X, y)
    assert isinstance(got, dict), (
        f"gradients must return a dict with the keys 'W1', 'b1', 'W2', 'b2'; got "
        f"{type(got).__name__}"
    )
    missing = [name for name in NAMES if name not in got]
    assert not missing, (
        f"gradients' dict lacks {', '.join(missing)}: it must have exactly the keys 'W1', 'b1', "
        f"'W2', 'b2' (got {sorted(map(str, got))})"
    )
    result = {}
    for name in NAMES:
        value = np.asarray(got[name], dtype=float)
        shape = np.shape(getattr(model, name))
        if name.startswith("b") and value.shape == (len(y), *shape):
            raise AssertionError(
                f"gradients['{name}'] has shape {value.shape}, one row per sample: a bias is "
                f"shared by every sample, so its gradient is summed over the rows, "
                f"d{name} = dZ.sum(axis=0), shape {shape}"
            )
        assert value.shape == shape, (
            f"gradients['{name}'] must have the shape of {name}, {shape}; got {value.shape}"
            + (
                ": it is transposed (dW1 = X^T dZ1, dW2 = H^T dZ2)"
                if value.T.shape == shape
                else ""
            )
        )
        assert np.isfinite(value).all(), (
            f"gradients['{name}']{what} holds NaN or infinite values: the softmax overflowed. "
            "Subtract each row's maximum from the logits before exp"
        )
        result[name] = value
    return result


def parameters_of(model):
    return {name: np.array(getattr(model, name), dtype=float) for name in NAMES}


def no_numpy_warnings(action, what):
    """Run `action`; fail, naming it, if numpy warned of an overflow, a division by 0 or a NaN."""
    result, numeric = numpy_warnings(action)
    assert not numeric, (
        f"{what} made numpy warn: {str(numeric[0].message)!r}. The maths went through inf: "
        "subtract each row's maximum from the logits before exp (softmax does not change, and "
        "no exp exceeds 1), and take log-probabilities as shifted - log(sum(exp(shifted))), "
        "never np.log(softmax), which is log(0) for a confident mistake"
    )
    return result


def _index(flat, shape):
    """The entry `flat` of an array of `shape`, as a tuple of plain ints."""
    return tuple(int(i) for i in np.unravel_index(flat, shape))


def _shown(values):
    return np.array2string(np.asarray(values), precision=6, threshold=8, separator=", ")


# -- the checks -------------------------------------------------------------------------------------


def test_the_initial_parameters_follow_the_stated_scheme(Candidate):
    """the initial parameters: He-normal W1 then W2 from default_rng(seed), zero biases"""
    for (n_in, n_hidden, n_out), seed in (((3, 5, 3), 0), ((4, 7, 4), 1), ((2, 16, 5), 2)):
        sizes = f"TwoLayerNet({n_in}, {n_hidden}, {n_out}, seed={seed})"
        model = Candidate(n_in, n_hidden, n_out, seed=seed)
        reference = Reference(n_in, n_hidden, n_out, seed=seed)
        for name in NAMES:
            assert hasattr(model, name), (
                f"{sizes} has no attribute {name}: keep the parameters as self.W1, self.b1, "
                "self.W2 and self.b2"
            )
            shape = getattr(reference, name).shape
            got = np.asarray(getattr(model, name), dtype=float)
            assert got.shape == shape, f"{sizes}: {name} must have shape {shape}, got {got.shape}"
        got = parameters_of(model)
        for name in ("b1", "b2"):
            assert not got[name].any(), (
                f"{sizes}: {name} must start at zero, got {_shown(got[name])}"
            )
        if _close(got["W1"], reference.W1, INIT_TOLERANCE) and _close(
            got["W2"], reference.W2, INIT_TOLERANCE
        ):
            continue
        rng = np.random.default_rng(seed)
        first, second = (
            rng.standard_normal((n_in, n_hidden)),
            rng.standard_normal((n_hidden, n_out)),
        )
        causes = {
            "the standard deviation is sqrt(1 / fan_in) (LeCun): He's is sqrt(2 / fan_in), the "
            "2 making up for ReLU zeroing half of its inputs": (
                first / np.sqrt(n_in),
                second / np.sqrt(n_hidden),
            ),
            "this is Glorot (Xavier) initialisation, std sqrt(2 / (fan_in + fan_out)), made for "
            "tanh; for ReLU use He's, sqrt(2 / fan_in)": (
                first * np.sqrt(2 / (n_in + n_hidden)),
                second * np.sqrt(2 / (n_hidden + n_out)),
            ),
            "W2 is scaled by sqrt(2 / n_in): each matrix's fan_in is its own number of rows, so "
            "W2's is n_hidden": (first * np.sqrt(2 / n_in), second * np.sqrt(2 / n_in)),
            "seed is ignored (these are seed=0's draws): rng = np.random.default_rng(seed)": (
                Reference(n_in, n_hidden, n_out, seed=0).W1,
                Reference(n_in, n_hidden, n_out).W2,
            ),
        }
        cause = next(
            (
                text
                for text, (w1, w2) in causes.items()
                if _close(got["W1"], w1, 1e-9) and _close(got["W2"], w2, 1e-9)
            ),
            "draw W1 first, then W2, both from rng = np.random.default_rng(seed): "
            "W1 = rng.standard_normal((n_in, n_hidden)) * np.sqrt(2 / n_in), "
            "W2 = rng.standard_normal((n_hidden, n_out)) * np.sqrt(2 / n_hidden)",
        )
        raise AssertionError(
            f"{sizes}: W1 and W2 differ from the stated initialisation (tolerance "
            f"{INIT_TOLERANCE:g}); expected W1[0] = {_shown(reference.W1[0])}, got "
            f"{_shown(got['W1'][0])}: {cause}"
        )
    assert not np.allclose(
        np.asarray(Candidate(3, 5, 3, seed=1).W1, dtype=float), Candidate(3, 5, 3, seed=2).W1
    ), "seed=1 and seed=2 gave the same W1: draw from np.random.default_rng(seed)"


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_loss_matches_the_reference(Candidate, seed):
    """loss is the mean softmax cross-entropy of relu(X W1 + b1) W2 + b2"""
    X, y, params = problem(seed)
    got = loss_of(network(Candidate, params), X, y)
    expected = replayed_loss(params, X, y)
    if abs(got - expected) <= LOSS_TOLERANCE * max(1.0, abs(expected)):
        return
    n_in, n_hidden, n_out, n = SHAPES[seed]
    initial = parameters_of(Reference(n_in, n_hidden, n_out, seed=0))
    causes = {
        "the loss is summed over the samples, not averaged: take the mean over the batch": (
            replayed_loss(params, X, y, "summed")
        ),
        "the ReLU is missing: H = np.maximum(X @ W1 + b1, 0)": replayed_loss(
            params, X, y, "no relu"
        ),
        f"it is the loss at the initial parameters: {READS_PARAMETERS}": replayed_loss(
            initial, X, y
        ),
    }
    cause = next(
        (text for text, value in causes.items() if abs(got - value) <= 1e-6 * max(1.0, value)),
        "the loss is mean over the samples of logsumexp(Z2_i) - Z2_i[y_i], with "
        "Z2 = relu(X @ W1 + b1) @ W2 + b2 and y the index of each sample's class",
    )
    raise AssertionError(
        f"loss on {n} samples ({n_in} inputs, {n_hidden} hidden, {n_out} classes) is {got:.10g}, "
        f"expected {expected:.10g} (relative tolerance {LOSS_TOLERANCE:g}): {cause}"
    )


def test_the_loss_is_the_mean_over_the_batch(Candidate):
    """the loss is the mean over the batch: the same batch twice gives the same loss"""
    X, y, params = problem(0)
    model = network(Candidate, params)
    once = loss_of(model, X, y)
    twice = loss_of(model, np.vstack([X, X]), np.concatenate([y, y]))
    per_sample = [loss_of(model, X[i : i + 1], y[i : i + 1]) for i in range(len(y))]
    if abs(twice - once) <= LOSS_TOLERANCE * max(1.0, once) and abs(
        once - np.mean(per_sample)
    ) <= LOSS_TOLERANCE * max(1.0, once):
        return
    summed = abs(twice - 2 * once) <= 1e-6 * max(1.0, twice)
    raise AssertionError(
        f"the loss of a batch must be the mean of its samples' losses ({np.mean(per_sample):.6g} "
        f"here), so the same batch twice gives the same loss; got {once:.6g} for the batch and "
        f"{twice:.6g} for it twice"
        + (
            ": the loss is summed over the samples, not averaged. Take the mean, and divide "
            "dZ2 = softmax(Z2) - onehot(y) by n in the backward pass to match"
            if summed
            else ""
        )
    )


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_gradients_match_the_reference(Candidate, seed):
    """gradients match the reference's backward pass"""
    X, y, params = problem(seed)
    got = gradients_of(network(Candidate, params), X, y)
    expected = replayed_gradients(params, X, y)
    if _all_close(got, expected, GRADIENT_TOLERANCE):
        return
    name = next(name for name in NAMES if not _close(got[name], expected[name], GRADIENT_TOLERANCE))
    error = np.abs(got[name] - expected[name]).ravel()
    at = int(np.argmax(error))
    raise AssertionError(
        f"gradients['{name}'] differs from the reference on {len(y)} samples (tolerance "
        f"{GRADIENT_TOLERANCE:g}): entry {_index(at, expected[name].shape)} is "
        f"{got[name].ravel()[at]:.6g}, expected {expected[name].ravel()[at]:.6g}. "
        f"{_gradient_diagnosis(got, params, X, y)}"
    )


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_gradients_match_finite_differences_of_loss(Candidate, seed):
    """gradients match central finite differences of loss (h = 1e-6) for every parameter entry"""
    X, y, params = problem(seed)
    model = network(Candidate, params)
    got = gradients_of(model, X, y)
    for name in NAMES:
        numeric = np.zeros_like(params[name])
        for index in np.ndindex(params[name].shape):
            values = []
            for sign in (1.0, -1.0):
                shifted = params[name].copy()
                shifted[index] += sign * STEP
                setattr(model, name, shifted)
                values.append(loss_of(model, X, y))
            numeric[index] = (values[0] - values[1]) / (2 * STEP)
        setattr(model, name, params[name].copy())
        error = np.abs(got[name] - numeric) / np.maximum(1.0, np.abs(numeric))
        if error.max() <= FD_TOLERANCE:
            continue
        if not np.any(numeric):
            raise AssertionError(
                f"changing {name} does not change loss (every finite difference is 0): "
                f"{READS_PARAMETERS}"
            )
        at = _index(int(np.argmax(error)), error.shape)
        raise AssertionError(
            f"gradients['{name}'] is not the derivative of your loss: at entry {at}, "
            f"gradients gives {got[name][at]:.8g} and (loss(p + h) - loss(p - h)) / 2h with "
            f"h = {STEP:g} gives {numeric[at]:.8g} (tolerance {FD_TOLERANCE:g}). "
            f"{_gradient_diagnosis(got, params, X, y)}"
        )


def test_relu_derivative_at_zero_is_zero(Candidate):
    """ReLU's derivative at exactly 0 is 0 (rows of zeros with b1 = 0 give Z1 = 0)"""
    X, y, params = problem(0)
    X = X.copy()
    X[::2] = 0.0  # every other sample is all zeros, so with b1 = 0 its Z1 is exactly 0
    params = {**params, "b1": np.zeros_like(params["b1"])}
    got = gradients_of(network(Candidate, params), X, y)
    expected = replayed_gradients(params, X, y)
    if _all_close(got, expected, GRADIENT_TOLERANCE):
        return
    if _all_close(got, replayed_gradients(params, X, y, "relu'(0) = 1"), 1e-6):
        raise AssertionError(
            "where Z1 is exactly 0 your backward pass lets the gradient through, as if ReLU's "
            "derivative there were 1 (the mask Z1 >= 0, or np.heaviside(Z1, 1)): the task takes "
            "it as 0, so use the mask Z1 > 0. (ReLU has no derivative at 0; frameworks pick 0.)"
        )
    raise AssertionError(
        "with every other sample all zeros and b1 = 0 (Z1 = 0 for those samples), gradients "
        f"differ from the reference's. {_gradient_diagnosis(got, params, X, y)}"
    )


def test_batch_gradient_is_the_mean_of_per_sample_gradients(Candidate):
    """the gradient of a batch is the mean of the per-sample gradients (b1, b2 summed over rows)"""
    X, y, params = problem(0)
    model = network(Candidate, params)
    batch = gradients_of(model, X, y)
    singles = [gradients_of(model, X[i : i + 1], y[i : i + 1]) for i in range(len(y))]
    n = len(y)
    for name in ("b2", "b1", "W2", "W1"):
        mean = np.mean([single[name] for single in singles], axis=0)
        if _close(batch[name], mean, GRADIENT_TOLERANCE):
            continue
        if _close(batch[name], mean / n, 1e-6):
            cause = (
                f"the batch's is the mean divided by n = {n} again: dZ already carries the 1 / n "
                "of the mean loss, so sum it over the rows, db = dZ.sum(axis=0), not "
                "dZ.mean(axis=0). It is divided by n twice"
            )
        elif _close(batch[name], mean * n, 1e-6):
            cause = (
                "the batch's is their sum, n times the mean: the loss is a mean, so divide "
                "dZ2 = softmax(Z2) - onehot(y) by n"
            )
        else:
            cause = f"the backward pass is: {FORMULAS}"
        raise AssertionError(
            f"gradients['{name}'] of the batch of {n} samples must be the mean of the {n} "
            f"gradients of one sample each (the loss is a mean): expected {_shown(mean)}, got "
            f"{_shown(batch[name])}; {cause}"
        )


def test_huge_logits_do_not_overflow(Candidate):
    """logits around 1e4 (confident mistakes): no overflow warning, no NaN, loss and gradients exact"""
    X, y, params = problem(0)
    params = {**params, "W2": params["W2"] * 1e4, "b2": params["b2"] * 1e4}
    model = network(Candidate, params)
    value = no_numpy_warnings(lambda: model.loss(X, y), "loss with logits around 1e4")
    got = checked_loss(value, " with logits around 1e4")
    expected = replayed_loss(params, X, y)
    if abs(got - expected) > LOSS_TOLERANCE * expected:
        summed = abs(got - replayed_loss(params, X, y, "summed")) <= 1e-6 * got
        raise AssertionError(
            f"with logits around 1e4 loss is {got:.10g}, expected {expected:.10g} (relative "
            f"tolerance {LOSS_TOLERANCE:g}): "
            + (
                "the loss is summed over the samples, not averaged"
                if summed
                else "per sample the loss is logsumexp(z) - z[y], with logsumexp(z) = max(z) + "
                "log(sum(exp(z - max(z)))); do not clip the probabilities"
            )
        )
    grads = no_numpy_warnings(
        lambda: gradients_of(model, X, y, " with logits around 1e4"), "gradients"
    )
    right = replayed_gradients(params, X, y)
    wrong = [name for name in NAMES if not _close(grads[name], right[name], GRADIENT_TOLERANCE)]
    if not wrong:
        return
    X_plain, y_plain, plain = problem(0)
    ordinary = gradients_of(network(Candidate, plain), X_plain, y_plain)
    raise AssertionError(
        f"with logits around 1e4, gradients {', '.join(wrong)} differ from the reference's "
        f"(tolerance {GRADIENT_TOLERANCE:g}, relative above 1). "
        + (
            f"They differ on ordinary logits too: {_gradient_diagnosis(ordinary, plain, X_plain, y_plain)}"
            if not _all_close(
                ordinary, replayed_gradients(plain, X_plain, y_plain), GRADIENT_TOLERANCE
            )
            else "softmax(z) = exp(z - max(z)) / sum(exp(z - max(z))) is exact for any logits; "
            "then follow the ordinary backward pass"
        )
    )


def test_step_moves_every_parameter_against_its_gradient(Candidate):
    """step(X, y, 0.1) subtracts 0.1 x each of your gradients and returns the loss before it"""
    X, y, params = problem(1)
    own = network(Candidate, params)  # your own gradients and loss: step is tested alone here
    grads, expected_loss = gradients_of(own, X, y), loss_of(own, X, y)
    model = network(Candidate, params)
    returned = model.step(X, y, 0.1)
    after = parameters_of(model)
    for name in NAMES:
        expected = params[name] - 0.1 * grads[name]
        if _close(after[name], expected, GRADIENT_TOLERANCE):
            continue
        if _close(after[name], params[name], 1e-12):
            cause = f"{name} did not change: update all four parameters, W1, b1, W2 and b2"
        elif _close(after[name], params[name] + 0.1 * grads[name], 1e-6):
            cause = "it moved along the gradient: descend, p = p - learning_rate * gradient"
        else:
            cause = (
                "compute all four gradients at the parameters before the step (call "
                "gradients(X, y) once), then update each, p = p - learning_rate * gradient"
            )
        raise AssertionError(
            f"after step(X, y, learning_rate=0.1), {name} differs from {name} - 0.1 x "
            f"gradients(X, y)['{name}'] (your own gradients): {cause}"
        )
    assert returned is not None and np.ndim(returned) == 0, (
        f"step must return the loss before the update, a float; it returned {returned!r}"
    )
    assert abs(float(returned) - expected_loss) <= LOSS_TOLERANCE * max(1.0, expected_loss), (
        f"step returned {float(returned):.10g}; it must return the loss at the parameters "
        f"before the update, {expected_loss:.10g}"
        + (
            " (you returned the loss after it)"
            if np.isclose(float(returned), loss_of(model, X, y))
            else ""
        )
    )


def test_training_lowers_the_loss(Candidate):
    """300 steps (learning_rate=0.5) on three separable clouds: the loss falls below 0.05"""
    X, y = blobs(20, n_classes=3, n_features=2, spread=0.4, seed=7)
    model = Candidate(2, 16, 3, seed=0)
    start = loss_of(model, X, y)
    for _ in range(300):
        model.step(X, y, 0.5)
    end = loss_of(model, X, y, " after 300 steps")
    p = parameters_of(model)
    logits = np.maximum(X @ p["W1"] + p["b1"], 0.0) @ p["W2"] + p["b2"]
    accuracy = float((logits.argmax(axis=1) == y).mean())
    if end < 0.05 and accuracy == 1.0:
        return
    cause = (
        "The loss went up: the steps overshoot. Is the loss, and so its gradient, summed over the "
        "batch instead of averaged? That makes every step n times too long"
        if end >= start
        else "Does step update the attributes W1, b1, W2, b2 that loss reads, against the "
        "gradient, by learning_rate times it?"
    )
    raise AssertionError(
        f"three well-separated clouds of 20 points: 300 steps of step(X, y, 0.5) from "
        f"TwoLayerNet(2, 16, 3, seed=0) should bring the loss from {start:.3g} to below 0.05 "
        f"and classify every point; got loss {end:.3g} and {accuracy:.0%} right. {cause}"
    )


def test_inputs_are_not_modified(Candidate):
    """loss, gradients and step leave X and y alone; loss and gradients leave the parameters alone"""
    X, y, params = problem(2)
    X_in, y_in = X.copy(), y.copy()
    model = network(Candidate, params)
    model.loss(X_in, y_in)
    model.gradients(X_in, y_in)
    changed = [name for name in NAMES if not np.array_equal(getattr(model, name), params[name])]
    assert not changed, (
        f"loss or gradients changed {', '.join(changed)}: only step updates the parameters; "
        "gradients must return the gradient and leave the model as it was"
    )
    model.step(X_in, y_in, 0.1)
    assert unchanged((X_in, y_in), (X, y)), (
        "loss, gradients or step changed the X or y passed in (e.g. shifted X, or turned y into "
        "one-hot, in place); work on new arrays"
    )


def test_uses_only_numpy_and_the_standard_library(Candidate, task_rules):
    """uses only numpy and the standard library (the task's rule)"""
    X, y, params = problem(0)

    class Sized(Candidate):  # the rule check builds Candidate(): give it the sizes of X
        def __init__(self):
            super().__init__(*SHAPES[0][:3])

    Sized.__name__, Sized.__qualname__ = Candidate.__name__, Candidate.__qualname__
    Sized.__module__ = Candidate.__module__

    def use(model):
        model.loss(X, y)
        model.step(X, y, 0.1)

    check_numpy_only(Sized, task_rules, use=use)
