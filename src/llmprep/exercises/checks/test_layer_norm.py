"""Checks of the `layer_norm` exercise: the candidate's LayerNorm (and RMSNorm) against the reference.

Forward is a closed formula, so the candidate's output must match the reference's to 1e-9 on
2-, 3- and 4-d inputs with random gamma and beta; when it does not, the checks replay the classic
mistakes (eps outside the square root, the unbiased variance, statistics over the batch axis...)
and name the one the candidate's numbers match. Backward is checked against central finite
differences of the candidate's own forward, so a backward that does not differentiate forward
fails whatever forward is; rows of variance below eps and constant rows tell where eps goes.

PYTEST_DONT_REWRITE
"""

import numpy as np
import pytest

from llmprep.exercises.checks._numerics import central_differences
from llmprep.exercises.checks._rules import check_numpy_only
from llmprep.exercises.checks._support import SEEDS, unchanged
from llmprep.solutions import LayerNorm as Reference

TOLERANCE = 1e-9  # forward against the reference (absolute, or relative above 1)
REPLAY_TOLERANCE = 1e-8  # how close the output must be to a replayed mistake to name it
STEP = 1e-6  # h of the central differences (f(v + h) - f(v - h)) / (2 h)
GRADIENT_TOLERANCE = 1e-6  # backward against those differences (absolute, or relative above 1)
EPS = 1e-5  # the default eps
SHAPES = {0: (6, 16), 1: (2, 5, 12), 2: (3, 2, 4, 8)}  # the reference checks' input per seed
MODES = {"LayerNorm": False, "RMSNorm": True}
FORMULAS = {
    False: "y = (x - mean) / sqrt(var + eps) * gamma + beta, with the mean and the biased "
    "variance (divided by dim) of each row, over the last axis",
    True: "y = x / sqrt(mean(x^2) + eps) * gamma, with the mean of x^2 over each row (the last "
    "axis), no mean subtracted and no beta",
}
GRADIENTS = {
    False: "with g = grad_out * gamma: grad_x = (g - mean(g) - x_hat * mean(g * x_hat)) / "
    "sqrt(var + eps), the means over the last axis",
    True: "with g = grad_out * gamma: grad_x = (g - x_hat * mean(g * x_hat)) / sqrt(mean(x^2) + "
    "eps), the means over the last axis",
}


# -- data and the mistakes the checks recognise ---------------------------------------------------


def data(shape, seed, loc=0.7, scale=1.5):
    """x of `shape`, and gamma, beta of shape (shape[-1],), all random from `seed`."""
    rng = np.random.default_rng(seed)
    x = loc + scale * rng.standard_normal(shape)
    gamma = 1.0 + 0.5 * rng.standard_normal(shape[-1])
    return x, gamma, rng.standard_normal(shape[-1])


def _normalised(x, rms, eps, axis=-1, ddof=0, eps_outside=False):
    """x_hat: each slice along `axis` normalised, with the task's formula or a mistaken one."""
    centred = x if rms else x - x.mean(axis=axis, keepdims=True)
    square = np.mean(centred * centred, axis=axis, keepdims=True)
    if ddof:
        n = x.size // square.size
        square = square * n / (n - ddof)
    if eps_outside:
        return centred / (np.sqrt(square) + eps)
    return centred / np.sqrt(square + eps)


def replays(x, gamma, beta, rms, eps):
    """The outputs of the classic forward mistakes, each with the advice that fixes it."""
    x_hat = _normalised(x, rms, eps)
    leading = tuple(range(x.ndim - 1))

    def affine(normalised):
        return normalised * gamma if rms else normalised * gamma + beta

    mistakes = [
        (
            affine(_normalised(x, rms, eps, eps_outside=True)),
            "eps is outside the square root: divide by sqrt(var + eps), not by std + eps",
        ),
        (
            affine(_normalised(x, rms, 0.0)),
            "eps is ignored: divide by sqrt(var + eps), with eps = self.eps",
        ),
        (
            affine(_normalised(x, rms, eps, ddof=1)),
            "the variance is the unbiased one (divided by dim - 1, ddof=1): LayerNorm, like "
            "PyTorch, divides by dim (np.var's default ddof=0)",
        ),
        (
            affine(_normalised(x, rms, eps, axis=0)),
            "each column is normalised over axis 0, the batch (that is BatchNorm): normalise each "
            "row over the LAST axis, with axis=-1 and keepdims=True",
        ),
        (
            affine(_normalised(x, rms, eps, axis=leading)),
            "each feature is normalised over all the leading axes (that is BatchNorm): normalise "
            "each row over the LAST axis, with axis=-1 and keepdims=True",
        ),
        (
            affine(_normalised(x, rms, eps, axis=None)),
            "the whole array is normalised with one mean and one variance: each row gets its own, "
            "over the last axis (axis=-1, keepdims=True)",
        ),
        (x_hat, "gamma and beta are not applied: multiply by self.gamma, then add self.beta"),
    ]
    if rms:
        mistakes += [
            (
                _normalised(x, False, eps) * gamma,
                "the mean is subtracted: RMSNorm does not centre, it only divides x by "
                "sqrt(mean(x^2) + eps)",
            ),
            (
                x / np.sqrt(np.sum(x * x, axis=-1, keepdims=True) + eps) * gamma,
                "x is divided by its norm sqrt(sum(x^2)): the root mean square takes the MEAN of "
                "x^2 over the row",
            ),
            (x_hat * gamma + beta, "beta is added: RMSNorm has no shift, y = x_hat * gamma"),
        ]
    else:
        mistakes += [
            (
                (x_hat + beta) * gamma,
                "beta is added before the scaling: y = x_hat * gamma + beta",
            ),
            (x_hat * gamma, "beta is not added: y = x_hat * gamma + beta"),
        ]
    if eps != EPS:
        mistakes.append(
            (
                affine(_normalised(x, rms, EPS)),
                f"eps is fixed at {EPS:g}: use self.eps, the eps given to the constructor",
            )
        )
    return mistakes


def _close(got, expected, tolerance):
    return bool(np.all(np.abs(got - expected) <= tolerance * np.maximum(1.0, np.abs(expected))))


def diagnosis(got, x, gamma, beta, rms, eps):
    """Which replayed mistake gives the candidate's output, else the formula to follow."""
    expected = _expected(x, gamma, beta, rms, eps)
    for output, advice in replays(x, gamma, beta, rms, eps):
        if output.shape != got.shape or _close(output, expected, REPLAY_TOLERANCE):
            continue  # the mistake changes nothing here
        if _close(got, output, REPLAY_TOLERANCE):
            return f"Your numbers are those of a known mistake: {advice}"
    return f"The task's formula: {FORMULAS[rms]}"


def _expected(x, gamma, beta, rms, eps):
    reference = Reference(x.shape[-1], eps=eps, rms=rms)
    reference.gamma, reference.beta = gamma.copy(), beta.copy()
    return reference.forward(x)


# -- putting the candidate to work ----------------------------------------------------------------


def layer(Candidate, dim, rms=False, gamma=None, beta=None, **params):  # noqa: N803
    """Candidate(dim, rms=rms, ...) with gamma and beta set when given."""
    model = Candidate(dim, rms=rms, **params)
    if gamma is not None:
        model.gamma = gamma.copy()
    if beta is not None:
        model.beta = beta.copy()
    return model


def forward(model, x, what=""):
    """model.forward(x), checked to be a finite array of x's shape."""
    y = model.forward(x)
    assert y is not None, f"forward returned None{what}; it must return y, of x's shape {x.shape}"
    y = np.asarray(y, dtype=float)
    assert y.shape == x.shape, (
        f"forward must return an array of the input's shape {x.shape}{what}, got {y.shape}: "
        "normalise over the last axis with keepdims=True, so that the mean and variance of shape "
        "(..., 1) broadcast against x"
    )
    bad = np.count_nonzero(~np.isfinite(y))
    assert not bad, (
        f"forward returned {bad} NaN or infinite values{what}: is eps added inside the square "
        "root, sqrt(var + eps)?"
    )
    return y


def backward(model, grad_out, rms, what="", parameters=True):
    """model.backward(grad_out): grad_x of grad_out's shape, and (when `parameters`) grad_gamma
    and grad_beta of shape (dim,)."""
    dim = grad_out.shape[-1]
    grad_x = model.backward(grad_out)
    assert grad_x is not None, (
        f"backward returned None{what}; it must return grad_x, of the input's shape "
        f"{grad_out.shape}, and set self.grad_gamma and self.grad_beta"
    )
    grad_x = np.asarray(grad_x, dtype=float)
    assert grad_x.shape == grad_out.shape, (
        f"backward must return grad_x of the input's shape {grad_out.shape}{what}, got "
        f"{grad_x.shape}"
    )
    grads = {}
    for name in ("grad_gamma", "grad_beta") if parameters else ():
        value = getattr(model, name, None)
        assert value is not None, (
            f"after backward, the layer must have {name}, of shape ({dim},)"
            + (" (zeros: RMSNorm has no beta)" if rms and name == "grad_beta" else "")
        )
        value = np.asarray(value, dtype=float)
        assert value.shape == (dim,), (
            f"{name} must have shape (dim,) = ({dim},){what}, got {value.shape}: gamma and beta "
            "are shared by every row, so sum over EVERY axis but the last, e.g. "
            f"(grad_out * x_hat).reshape(-1, {dim}).sum(axis=0), not .sum(axis=0) alone"
        )
        grads[name] = value
    return grad_x, grads.get("grad_gamma"), grads.get("grad_beta")


def differences(loss, value):
    """Central differences of loss() with respect to each entry of the array `value`."""
    return central_differences(loss, value, STEP)


def worst_entry(got, expected):
    """The index (a tuple of ints) of the largest error, absolute or relative above 1, and it."""
    error = np.abs(got - expected) / np.maximum(1.0, np.abs(expected))
    index = tuple(int(i) for i in np.unravel_index(int(np.argmax(error)), error.shape))
    return index, float(error[index])


def gradient_replays(x, grad_out, gamma, rms, eps):
    """grad_x of the classic backward mistakes, each with its advice."""
    x_hat = _normalised(x, rms, eps)
    centred = x if rms else x - x.mean(axis=-1, keepdims=True)
    r = 1.0 / np.sqrt(np.mean(centred * centred, axis=-1, keepdims=True) + eps)
    g = grad_out * gamma

    def full(g, centre):
        projected = g - x_hat * np.mean(g * x_hat, axis=-1, keepdims=True)
        return r * (projected - np.mean(g, axis=-1, keepdims=True) if centre else projected)

    mistakes = [
        (
            r * g,
            "the mean and the variance are treated as constants: they depend on every x of "
            "the row, which adds the terms - mean(g) and - x_hat * mean(g * x_hat)",
        ),
        (
            full(grad_out, not rms),
            "gamma is left out: the gradient reaching x_hat is grad_out * gamma",
        ),
    ]
    if rms:
        mistakes.append(
            (
                full(g, True),
                "RMSNorm's gradient has LayerNorm's - mean(g) term: RMSNorm subtracts no mean, so "
                "grad_x = (g - x_hat * mean(g * x_hat)) / sqrt(mean(x^2) + eps)",
            )
        )
    else:
        mistakes += [
            (
                r * (g - np.mean(g, axis=-1, keepdims=True)),
                "the variance is treated as a constant: it depends on every x of the row, which "
                "adds the term - x_hat * mean(g * x_hat)",
            ),
            (
                full(g, False),
                "the mean is treated as a constant: it depends on every x of the row, which adds "
                "the term - mean(g)",
            ),
        ]
    return mistakes


def gradient_diagnosis(grad_x, x, grad_out, gamma, rms, eps):
    expected = full_gradient(x, grad_out, gamma, rms, eps)
    for replayed, advice in gradient_replays(x, grad_out, gamma, rms, eps):
        if not _close(replayed, expected, 1e-6) and _close(grad_x, replayed, 1e-6):
            return f"Your grad_x is that of a known mistake: {advice}"
    return f"The chain rule through the mean and the variance gives, {GRADIENTS[rms]}"


def full_gradient(x, grad_out, gamma, rms, eps):
    reference = Reference(x.shape[-1], eps=eps, rms=rms)
    reference.gamma = gamma.copy()
    reference.forward(x)
    return reference.backward(grad_out)


def expect_reference(Candidate, x, gamma, beta, rms, what, eps=None):  # noqa: N803
    """forward(x) within TOLERANCE of the reference's, or the mistake it makes, named."""
    params = {} if eps is None else {"eps": eps}
    model = layer(Candidate, x.shape[-1], rms, gamma, beta, **params)
    got = forward(model, x, f" {what}")
    eps = EPS if eps is None else eps
    expected = _expected(x, gamma, beta, rms, eps)
    if _close(got, expected, TOLERANCE):
        return model
    index, _ = worst_entry(got, expected)
    raise AssertionError(
        f"forward differs from the reference {what}: at index {index} expected "
        f"{expected[index]:.10g}, got {got[index]:.10g} (tolerance {TOLERANCE:g}). "
        f"{diagnosis(got, x, gamma, beta, rms, eps)}"
    )


# -- the checks -------------------------------------------------------------------------------------


def test_forward_keeps_the_shape(Candidate):
    """forward returns an array of the input's shape: (16,), (8, 16) and (2, 5, 12)"""
    for shape in ((16,), (8, 16), (2, 5, 12)):
        for name, rms in MODES.items():
            forward(layer(Candidate, shape[-1], rms), data(shape, 3)[0], f" ({name}, x {shape})")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_layer_norm_matches_the_reference(Candidate, seed):
    """LayerNorm forward matches the reference (random gamma and beta; 2-, 3- and 4-d x)"""
    x, gamma, beta = data(SHAPES[seed], seed, loc=(-2.0, 0.5, 3.0)[seed])
    expect_reference(Candidate, x, gamma, beta, False, f"for x of shape {x.shape}")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_rms_norm_matches_the_reference(Candidate, seed):
    """RMSNorm forward (rms=True) matches the reference (random gamma and beta; 2-, 3- and 4-d x)"""
    x, gamma, beta = data(SHAPES[seed], 10 + seed, loc=(-2.0, 0.5, 3.0)[seed])
    expect_reference(Candidate, x, gamma, beta, True, f"with rms=True for x of shape {x.shape}")


def test_rows_have_mean_0_and_variance_1(Candidate):
    """with the initial gamma=1 and beta=0, every LayerNorm output row has mean 0 and variance 1"""
    x = data((10, 16), 4, loc=2.0, scale=2.0)[0]
    y = forward(Candidate(16), x)
    means, variances = y.mean(axis=-1), y.var(axis=-1)
    row = int(np.argmax(np.abs(means)))
    column_means = np.abs(y.mean(axis=0)).max()
    assert np.abs(means[row]) <= TOLERANCE, (
        f"with gamma=1 and beta=0 (their initial values) every row of the output should have "
        f"mean 0; row {row} has mean {means[row]:.6g}"
        + (
            ": the columns have mean 0 instead, so you normalised over axis 0 (the batch, as "
            "BatchNorm does); LayerNorm normalises each row over the last axis (axis=-1)"
            if column_means <= 1e-9
            else ". Subtract each row's mean, x.mean(axis=-1, keepdims=True); are gamma and beta "
            "initialised to np.ones(dim) and np.zeros(dim)?"
        )
    )
    row = int(np.argmax(np.abs(variances - 1)))
    variance = x.var(axis=-1)[row]
    ddof_1 = variance / (variance * 16 / 15 + EPS)  # what dividing by the ddof=1 deviation gives
    # var(y) = var(x) / (var(x) + eps), within 1e-5 of 1 when var(x) >= 1 as here
    assert abs(variances[row] - 1) <= 1e-5, (
        f"with gamma=1 and beta=0 every row of the output should have variance 1 (ddof=0, within "
        f"1e-5: eps takes a little off); row {row} has variance {variances[row]:.6g}"
        + (
            ": that is 15/16, so you divided by the unbiased standard deviation (ddof=1); "
            "LayerNorm, like PyTorch, uses the biased variance mean((x - mean)^2), divided by dim"
            if abs(variances[row] - ddof_1) <= 1e-9
            else f". {FORMULAS[False]}"
        )
    )


def test_rms_norm_only_rescales(Candidate):
    """with gamma=1, RMSNorm rescales each row (y / x is constant along it) to mean square 1"""
    x = data((10, 16), 5, loc=3.0)[0]  # rows of mean about 3: centring them would show
    y = forward(Candidate(16, rms=True), x, " (rms=True)")
    ratios = y / x
    spread = np.abs(ratios - ratios.mean(axis=-1, keepdims=True)).max()
    assert spread <= TOLERANCE, (
        "RMSNorm only divides each row by a number, its root mean square, so y / x should be the "
        f"same for every feature of a row; it varies by up to {spread:.3g}"
        + (
            ": the rows of your output have mean 0, so you subtracted the mean. RMSNorm does not "
            "centre: y = x / sqrt(mean(x^2) + eps) * gamma"
            if np.abs(y.mean(axis=-1)).max() <= 1e-9
            else f". {FORMULAS[True]}"
        )
    )
    squares = np.mean(y * y, axis=-1)
    row = int(np.argmax(np.abs(squares - 1)))
    assert abs(squares[row] - 1) <= 1e-5, (
        f"with gamma=1, every row of RMSNorm's output should have mean square 1 (within 1e-5: "
        f"eps takes a little off); row {row} has {squares[row]:.6g}: divide by "
        "sqrt(mean(x^2) + eps), the mean over the last axis"
        + (
            " (not by sqrt(sum(x^2)), the norm)"
            if abs(squares[row] - 1 / x.shape[-1]) <= 1e-3
            else ""
        )
    )


def test_eps_goes_inside_the_square_root(Candidate):
    """eps goes inside the square root: rows whose variance (1e-6) is below eps match the reference"""
    for name, rms in MODES.items():
        for eps, scale in ((EPS, 1e-3), (0.1, 0.1)):
            x, gamma, beta = data((4, 8), 6, loc=0.0 if rms else 5.0, scale=scale)
            expect_reference(
                Candidate, x, gamma, beta, rms,
                f"({name}, eps={eps:g}) on rows of variance about {scale**2:g}", eps=eps,
            )  # fmt: skip


def test_constant_rows_stay_finite(Candidate):
    """a constant row (all 0 for RMSNorm) gives beta (0), and backward a finite, exact grad_x"""
    rng = np.random.default_rng(7)
    for name, rms in MODES.items():
        x, gamma, beta = data((3, 8), 8)
        x[1] = 0.0 if rms else 2.5  # one row with no variance (RMSNorm: no mean square)
        model = layer(Candidate, 8, rms, gamma, beta)
        y = forward(model, x, f" ({name}) for a constant row")
        expected_row = np.zeros(8) if rms else beta
        assert np.allclose(y[1], expected_row, rtol=0, atol=1e-9), (
            f"{name} of a constant row should be {'0' if rms else 'beta'} (x - mean is 0 "
            f"there), got {np.round(y[1], 6).tolist()}"
        )
        grad_out = rng.standard_normal(x.shape)
        grad_x = backward(model, grad_out, rms, f" ({name})", parameters=False)[0][1]
        bad = np.count_nonzero(~np.isfinite(grad_x))
        assert not bad, (
            f"backward gave {bad} NaN or infinite values in grad_x ({name}) for a constant row: "
            "it divides by sqrt(var + eps), never by the standard deviation alone, which is 0 "
            "there"
        )
        expected = full_gradient(x, grad_out, gamma, rms, EPS)[1]
        size = np.abs(grad_x).max() / np.abs(expected).max()
        assert _close(grad_x, expected, GRADIENT_TOLERANCE), (
            f"grad_x ({name}) differs from the reference for a constant row (x_hat is 0 there, so "
            f"grad_x = {'g' if rms else '(g - mean(g))'} / sqrt(eps)): yours is "
            f"{size:.3g} times as large"
            + (
                "; 1 / eps against 1 / sqrt(eps) is about 316 times: eps goes inside the square "
                "root, 1 / sqrt(var + eps), in forward and backward"
                if 200 < size < 500
                else f". The gradient, {GRADIENTS[rms]}"
            )
        )


@pytest.mark.parametrize("name", MODES)
def test_grad_x_matches_finite_differences(Candidate, name):
    """backward's grad_x is the gradient of sum(forward(x) * grad_out) (central differences, x of shape (2, 3, 5))"""
    rms = MODES[name]
    x, gamma, beta = data((2, 3, 5), 20 + rms)
    grad_out = np.random.default_rng(30 + rms).standard_normal(x.shape)
    model = layer(Candidate, 5, rms, gamma, beta)
    forward(model, x, f" ({name})")
    grad_x = backward(model, grad_out, rms, f" ({name})", parameters=False)[0]
    probe = x.copy()
    numeric = differences(lambda: float(np.sum(forward(model, probe) * grad_out)), probe)
    index, error = worst_entry(grad_x, numeric)
    assert error <= GRADIENT_TOLERANCE, (
        f"grad_x ({name}) is not the gradient of sum(forward(x) * grad_out): at index {index} "
        f"central differences (h = {STEP:g}) give {numeric[index]:.8g}, backward gave "
        f"{grad_x[index]:.8g} (tolerance {GRADIENT_TOLERANCE:g}). "
        f"{gradient_diagnosis(grad_x, x, grad_out, gamma, rms, EPS)}"
    )


@pytest.mark.parametrize("name", MODES)
def test_parameter_gradients_match_finite_differences(Candidate, name):
    """grad_gamma and grad_beta have shape (dim,), summed over all leading axes, and match central differences (x of shape (2, 3, 5))"""
    rms = MODES[name]
    x, gamma, beta = data((2, 3, 5), 40 + rms)
    grad_out = np.random.default_rng(50 + rms).standard_normal(x.shape)
    model = layer(Candidate, 5, rms, gamma, beta)
    forward(model, x, f" ({name})")
    _, grad_gamma, grad_beta = backward(model, grad_out, rms, f" ({name}, x of shape (2, 3, 5))")
    for attribute, got in (("gamma", grad_gamma), ("beta", grad_beta)):
        value = getattr(model, attribute)

        def loss(attribute=attribute, value=value):
            setattr(model, attribute, value)
            return float(np.sum(forward(model, x) * grad_out))

        numeric = differences(loss, value)
        index, error = worst_entry(got, numeric)
        if error <= GRADIENT_TOLERANCE:
            continue
        raise AssertionError(
            f"grad_{attribute} ({name}) is not the gradient of sum(forward(x) * grad_out): at "
            f"index {index} central differences (h = {STEP:g}) give {numeric[index]:.8g}, "
            f"backward gave {got[index]:.8g} (tolerance {GRADIENT_TOLERANCE:g}). "
            + (
                "RMSNorm has no beta: grad_beta is np.zeros(dim)"
                if rms and attribute == "beta"
                else "grad_gamma = sum(grad_out * x_hat) and grad_beta = sum(grad_out), summed "
                "over every axis but the last, with x_hat the normalised x before gamma and beta"
            )
        )


def test_inputs_are_not_modified(Candidate):
    """forward and backward do not modify x or grad_out"""
    for name, rms in MODES.items():
        x, gamma, beta = data((4, 6), 60)
        grad_out = np.random.default_rng(61).standard_normal(x.shape)
        x_kept, grad_kept = x.copy(), grad_out.copy()
        model = layer(Candidate, 6, rms, gamma, beta)
        forward(model, x, f" ({name})")
        backward(model, grad_out, rms, f" ({name})", parameters=False)
        assert unchanged((x, grad_out), (x_kept, grad_kept)), (
            f"forward or backward ({name}) changed the array passed in (e.g. x -= mean, or "
            "grad_out *= gamma, in place): compute new arrays instead"
        )


def test_uses_only_numpy_and_the_standard_library(Candidate, task_rules):
    """uses only numpy and the standard library (the task's rule)"""
    x, _, _ = data((4, 8), 70)

    def use(model):
        model.forward(x)
        model.backward(np.ones_like(x))

    check_numpy_only(Candidate, task_rules, use=use, args=(8,))
