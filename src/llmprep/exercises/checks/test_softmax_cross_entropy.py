"""Checks of the `softmax_cross_entropy` exercise: the candidate's SoftmaxCrossEntropy against the
reference and the maths.

Every method is a closed formula, so on random logits the candidate's numbers must match the
reference's within a rounding error: softmax and the gradient to 1e-12, log_softmax and the loss
to 1e-10 (relative above 1). When they do not, the checks replay the classic mistakes (softmax
over axis 0, the loss summed instead of averaged, `log_p[:, y]` instead of one entry per row, the
gradient's sign flipped or its 1 / n missing...) and name the one the candidate's numbers match.
Properties the maths must give are checked on their own: rows summing to 1 (softmax) and to 0
(the gradient), invariance to a constant added to a row, logits of 1e4 with no numpy warning,
a loss that tends to 0 for a right prediction by a wide margin, the mean over the batch, and the
gradient against central finite differences of the candidate's own loss.

PYTEST_DONT_REWRITE
"""

import numpy as np
import pytest

from llmprep.exercises.checks._numerics import numpy_warnings
from llmprep.exercises.checks._rules import check_numpy_only
from llmprep.exercises.checks._support import SEEDS, unchanged
from llmprep.solutions import SoftmaxCrossEntropy as Reference

PROBABILITY_TOLERANCE = 1e-12  # softmax and the gradient: absolute, on values in [-1, 1]
LOG_TOLERANCE = 1e-10  # log_softmax and the loss: absolute, or relative above 1
REPLAY_TOLERANCE = 1e-8  # how close the candidate's numbers must be to a replayed mistake
STEP = 1e-6  # h of the central differences (L(z + h) - L(z - h)) / (2 h)
FD_TOLERANCE = 1e-7  # the gradient against those differences (absolute)
# The shapes of the logits each seed's softmax / log_softmax checks use: any leading shape.
SHAPES = {0: (6, 10), 1: (3, 4, 5), 2: (9,)}
# (n, k) of each seed's loss / gradient problem.
PROBLEMS = {0: (8, 3), 1: (20, 5), 2: (33, 10)}
FORMULAS = {
    "softmax": "softmax(z) = exp(z - m) / sum(exp(z - m)), with m the row's maximum and the sum "
    "over the LAST axis (axis=-1, keepdims=True)",
    "log_softmax": "log_softmax(z) = (z - m) - log(sum(exp(z - m))), with m the row's maximum and "
    "the sum over the LAST axis (axis=-1, keepdims=True)",
    "loss": "loss = -mean over the n rows of log_softmax(logits)[np.arange(n), y] (if a "
    "log_softmax check fails too, fix that first: the loss is built on it)",
    "gradient": "gradient = (softmax(logits) - onehot(y)) / n, with onehot(y)[r, y[r]] = 1",
}
PICK_ONE_PER_ROW = (
    "take one entry per row, log_p[np.arange(n), y] (shape (n,)); log_p[:, y] is an (n, n) array "
    "with every row's value in every column y"
)


# -- data ----------------------------------------------------------------------------------------


def logits_of(shape, seed, scale=3.0):
    """Random logits of `shape`: each row spread over several units, around its own offset."""
    rng = np.random.default_rng(seed)
    offsets = rng.uniform(-5.0, 5.0, size=(*shape[:-1], 1))
    return offsets + scale * rng.standard_normal(shape)


def problem(seed):
    """Logits (n, k) and class indices y (n,) in which every class occurs, shuffled."""
    n, k = PROBLEMS[seed]
    rng = np.random.default_rng(100 + seed)
    y = rng.permutation(np.arange(n) % k)
    return 2.0 * rng.standard_normal((n, k)), y


# -- the reference's numbers, and those of the mistakes the checks recognise ---------------------

REFERENCE = Reference()


def _exp_normalised(z, axis):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@np.errstate(all="ignore")  # a replayed mistake may overflow: that is its point
def softmax_replays(z):
    """The softmax of the classic mistakes, each with the advice that fixes it."""
    mistakes = [
        (
            _exp_normalised(z, None),
            "the whole array is normalised at once (e / e.sum()): each row gets its own sum, "
            "e.sum(axis=-1, keepdims=True)",
        ),
        (np.exp(z), "the exponentials are not normalised: divide by their sum over the row"),
    ]
    if z.ndim >= 2:
        mistakes.insert(
            0,
            (
                _exp_normalised(z, 0),
                "it is normalised over axis 0 (the batch): softmax runs over the LAST axis, the "
                "classes of one row (axis=-1, keepdims=True)",
            ),
        )
    return mistakes


@np.errstate(all="ignore")
def log_softmax_replays(z):
    """The log_softmax of the classic mistakes, each with the advice that fixes it."""
    m = z.max(axis=-1, keepdims=True)
    lse_shifted = np.log(np.exp(z - m).sum(axis=-1, keepdims=True))
    mistakes = [
        (
            z - lse_shifted,
            "each row is off by its maximum m: log(sum(exp(z - m))) is the log-sum-exp of the "
            "SHIFTED logits, so subtract it from z - m (or add m back: lse = m + "
            "log(sum(exp(z - m))))",
        ),
        (
            z - m - np.log(np.exp(z - z.max()).sum()),
            "the whole array shares one log-sum-exp: each row gets its own, over the last axis "
            "(axis=-1, keepdims=True)",
        ),
        (z - m, "the log-sum-exp is not subtracted: log_softmax = (z - m) - log(sum(exp(z - m)))"),
    ]
    if z.ndim >= 2:
        mistakes.insert(
            0,
            (
                np.log(_exp_normalised(z, 0)),
                "it is normalised over axis 0 (the batch): log_softmax runs over the LAST axis, "
                "the classes of one row (axis=-1, keepdims=True)",
            ),
        )
    return mistakes


@np.errstate(all="ignore")
def loss_replays(z, y):
    """The loss of the classic mistakes, each with the advice that fixes it."""
    n, k = z.shape
    log_p = REFERENCE.log_softmax(z)
    rows = np.arange(n)
    right = -log_p[rows, y].mean()
    return [
        (
            n * right,
            f"the loss is summed over the samples, not averaged: it is {n} (= n) times the mean",
        ),
        (-log_p[:, y].mean(), f"log_p[:, y] was used: {PICK_ONE_PER_ROW}"),
        (
            -log_p[rows, y].mean() / k,
            "the mean is taken over all n * k entries of onehot * log_p: sum over the classes "
            "first, then average over the n rows (or pick log_p[np.arange(n), y] and .mean())",
        ),
        (-right, "the sign is flipped: the loss is MINUS the mean log-probability (>= 0)"),
        (
            -log_p[rows, (y - 1) % k].mean(),
            "the log-probability of class y - 1 was taken: y holds 0-based class indices, so "
            "pick log_p[np.arange(n), y]",
        ),
        (
            -log_p[rows, (y + 1) % k].mean(),
            "the log-probability of class y + 1 was taken: y holds 0-based class indices, so "
            "pick log_p[np.arange(n), y]",
        ),
        (
            -np.exp(log_p[rows, y]).mean(),
            "the probabilities were averaged, not their logarithms: loss = -mean(log p[y])",
        ),
    ]


@np.errstate(all="ignore")
def gradient_replays(z, y):
    """The gradient of the classic mistakes, each with the advice that fixes it."""
    n, k = z.shape
    p = REFERENCE.softmax(z)
    onehot = np.eye(k)[y]
    right = (p - onehot) / n
    columns = p.copy()
    columns[:, y] -= 1.0
    return [
        (
            n * right,
            f"it is {n} (= n) times the reference's: the loss is a MEAN over the n rows, so "
            "divide softmax - onehot by n",
        ),
        (
            -right,
            "the sign is flipped: the gradient is softmax - onehot(y), not onehot(y) - softmax",
        ),
        (p / n, "onehot(y) is not subtracted: the gradient is (softmax - onehot(y)) / n"),
        (
            columns / n,
            "p[:, y] -= 1 subtracts 1 from every row in every column that some y names: "
            "subtract it once per row, p[np.arange(n), y] -= 1",
        ),
        (
            (p - np.eye(k)[(y - 1) % k]) / n,
            "the one-hot vector is off by one (class y - 1): y holds 0-based class indices, "
            "onehot[np.arange(n), y] = 1",
        ),
        (
            (p - np.eye(k)[(y + 1) % k]) / n,
            "the one-hot vector is off by one (class y + 1): y holds 0-based class indices, "
            "onehot[np.arange(n), y] = 1",
        ),
        (
            (_exp_normalised(z, 0) - onehot) / n,
            "its softmax is taken over axis 0 (the batch): over the LAST axis, the classes",
        ),
    ]


@np.errstate(all="ignore")
def _close(got, expected, tolerance):
    got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    if got.shape != expected.shape:
        return False
    return bool(np.all(np.abs(got - expected) <= tolerance * np.maximum(1.0, np.abs(expected))))


@np.errstate(all="ignore")
def diagnosis(got, expected, replays, what):
    """Which replayed mistake gives the candidate's numbers, else the formula to follow."""
    for replayed, advice in replays:
        if _close(replayed, expected, REPLAY_TOLERANCE):
            continue  # the mistake changes nothing on these data
        if _close(got, replayed, REPLAY_TOLERANCE):
            return f"Your numbers are those of a known mistake: {advice}"
    return f"The task's formula: {FORMULAS[what]}"


def worst_entry(got, expected):
    """The index (a tuple of ints) of the largest error, absolute or relative above 1."""
    error = np.abs(got - expected) / np.maximum(1.0, np.abs(expected))
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(error)), error.shape))


# -- putting the candidate to work ----------------------------------------------------------------


def array_of(model, method, *args, shape, what=""):
    """model.<method>(*args), checked to be an array of `shape` with no NaN or inf."""
    value = getattr(model, method)(*args)
    assert value is not None, (
        f"{method} returned None{what}; it must return an array of shape {shape}"
    )
    value = np.asarray(value, dtype=float)
    assert value.shape == shape, (
        f"{method} must return an array of shape {shape}{what}, got {value.shape}"
        + (
            ": keep the reduced axis with keepdims=True, so that the row sums of shape (..., 1) "
            "broadcast against the logits"
            if method in ("softmax", "log_softmax")
            else ": one row per sample, one column per class"
        )
    )
    bad = np.count_nonzero(~np.isfinite(value))
    assert not bad, (
        f"{method} returned {bad} NaN or infinite values{what}: subtract each row's maximum "
        "before np.exp (no exponent then exceeds 0), and compute log_softmax as "
        "(z - m) - log(sum(exp(z - m))), never np.log(softmax), which is log(0) = -inf where a "
        "probability underflows"
    )
    return value


def loss_of(model, logits, y, what=""):
    """model.loss(logits, y), checked to be one finite number."""
    value = model.loss(logits, y)
    assert value is not None, f"loss returned None{what}; it must return the mean loss, a float"
    assert np.ndim(value) == 0, (
        f"loss must return one number{what}, the mean over the batch; got an array of shape "
        f"{np.shape(value)}"
        + (f": {PICK_ONE_PER_ROW}" if np.shape(value) == (len(y), len(y)) else ": take .mean()")
    )
    value = float(value)
    assert np.isfinite(value), (
        f"loss{what} is {value}: a probability underflowed to 0 and its log is -inf. Compute "
        "the log-probabilities with log_softmax, (z - m) - log(sum(exp(z - m))), never "
        "np.log(softmax(z))"
    )
    return value


def no_numpy_warnings(action, what):
    """Run `action`; fail, naming it, when numpy warns of an overflow, a log(0) or a NaN."""
    result, numeric = numpy_warnings(action)
    assert not numeric, f"{what} made numpy warn: {str(numeric[0].message)!r}. " + (
        "exp(1e4) is inf: subtract each row's maximum before np.exp, so that every exponent "
        "is <= 0 and the largest term is exp(0) = 1"
        if "overflow" in str(numeric[0].message)
        else "log(0) is -inf: a probability that underflows to 0 has a finite log-probability, "
        "so compute log_softmax as (z - m) - log(sum(exp(z - m))) and never np.log(softmax), "
        "nor log of a probability in the loss"
    )
    return result


def expect(got, expected, tolerance, replays, what, context):
    """got within `tolerance` of expected, or the mistake it makes, named."""
    if _close(got, expected, tolerance):
        return
    index = worst_entry(got, expected)
    raise AssertionError(
        f"{what} differs from the reference {context}: at index {index} expected "
        f"{expected[index]:.12g}, got {got[index]:.12g} (tolerance {tolerance:g}"
        f"{'' if tolerance == PROBABILITY_TOLERANCE else ', relative above 1'}). "
        f"{diagnosis(got, expected, replays, what)}"
    )


# -- softmax and log_softmax -----------------------------------------------------------------------


def test_softmax_rows_are_distributions(Candidate):
    """softmax keeps the logits' shape, and each row (the last axis) is >= 0 and sums to 1: shapes (7,), (5, 7), (2, 3, 4)"""
    for shape in ((7,), (5, 7), (2, 3, 4)):
        z = logits_of(shape, 1)
        p = array_of(Candidate(), "softmax", z, shape=shape, what=f" for logits of shape {shape}")
        assert p.min() >= 0, f"softmax gave a negative value {p.min():.6g} for logits {shape}"
        sums = p.sum(axis=-1)
        index = tuple(int(i) for i in np.unravel_index(np.argmax(np.abs(sums - 1)), sums.shape))
        if abs(sums[index] - 1) <= PROBABILITY_TOLERANCE:
            continue
        wrong_axis = len(shape) >= 2 and np.allclose(p.sum(axis=0), 1.0)
        raise AssertionError(
            f"each row of softmax (the last axis) must sum to 1; for logits of shape {shape} "
            f"row {index} sums to {sums[index]:.12g}"
            + (
                ": your columns sum to 1, so you normalised over axis 0 (the batch). Softmax "
                "runs over the LAST axis, the classes: e.sum(axis=-1, keepdims=True)"
                if wrong_axis
                else f". {FORMULAS['softmax']}"
            )
        )


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_softmax_matches_the_reference(Candidate, seed):
    """softmax matches the reference within 1e-12 (logits of shape (6, 10), (3, 4, 5), (9,))"""
    z = logits_of(SHAPES[seed], seed)
    got = array_of(Candidate(), "softmax", z, shape=z.shape, what=f" for logits {z.shape}")
    expected = REFERENCE.softmax(z)
    expect(got, expected, PROBABILITY_TOLERANCE, softmax_replays(z), "softmax",
           f"for logits of shape {z.shape}")  # fmt: skip


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_log_softmax_matches_the_reference(Candidate, seed):
    """log_softmax matches the reference within 1e-10, relative above 1 (logits of shape (6, 10), (3, 4, 5), (9,))"""
    z = logits_of(SHAPES[seed], 10 + seed)
    got = array_of(Candidate(), "log_softmax", z, shape=z.shape, what=f" for logits {z.shape}")
    expected = REFERENCE.log_softmax(z)
    expect(got, expected, LOG_TOLERANCE, log_softmax_replays(z), "log_softmax",
           f"for logits of shape {z.shape}")  # fmt: skip


def test_adding_a_constant_to_a_row_changes_nothing(Candidate):
    """adding a constant to each row of logits (from -500 to 500) changes neither softmax, log_softmax, loss nor gradient"""
    z, y = problem(0)
    shifts = np.linspace(-500.0, 500.0, len(y))[:, None]
    model = Candidate()
    for method, tolerance in (("softmax", PROBABILITY_TOLERANCE), ("log_softmax", LOG_TOLERANCE)):
        before = array_of(model, method, z, shape=z.shape)
        after = array_of(model, method, z + shifts, shape=z.shape, what=" for shifted logits")
        if _close(after, before, tolerance):
            continue
        row = int(np.argmax(np.abs(after - before).max(axis=1)))
        moved = after[row] - before[row]
        raise AssertionError(
            f"{method} changed when a constant was added to each row of the logits: row {row}, "
            f"shifted by {shifts[row, 0]:g}, moved by up to {np.abs(moved).max():.6g}"
            + (
                ": by exactly the constant added, so the row's maximum m is missing from your "
                "log-sum-exp. log(sum(exp(z - m))) is the log-sum-exp of the SHIFTED logits: "
                "subtract it from z - m, not from z"
                if method == "log_softmax" and np.allclose(moved, shifts[row, 0])
                else f". {FORMULAS[method]}"
            )
        )
    loss_before, loss_after = loss_of(model, z, y), loss_of(model, z + shifts, y, " (shifted)")
    assert abs(loss_after - loss_before) <= LOG_TOLERANCE * max(1.0, abs(loss_before)), (
        f"the loss changed from {loss_before:.12g} to {loss_after:.12g} when a constant was added "
        f"to each row of the logits: it depends only on log_softmax, which does not change. "
        f"{FORMULAS['loss']}"
    )
    grad_before = array_of(model, "gradient", z, y, shape=z.shape)
    grad_after = array_of(model, "gradient", z + shifts, y, shape=z.shape, what=" (shifted)")
    assert _close(grad_after, grad_before, PROBABILITY_TOLERANCE), (
        "the gradient changed when a constant was added to each row of the logits, by up to "
        f"{np.abs(grad_after - grad_before).max():.6g}: it depends only on softmax, which does not "
        f"change. {FORMULAS['gradient']}"
    )


HUGE = np.array([[1e4, 0.0, -1e4], [1e4, 1e4 - 1.0, 1e4 - 2.0], [-1e4, -1e4 + 1.0, -1e4 + 3.0]])


def test_softmax_of_huge_logits_is_exact(Candidate):
    """softmax of logits around +-1e4: no overflow warning, no NaN, exact (within 1e-12)"""
    no_numpy_warnings(lambda: Candidate().softmax(HUGE), "softmax of logits around 1e4")
    got = array_of(Candidate(), "softmax", HUGE, shape=HUGE.shape, what=" for logits around 1e4")
    expect(got, REFERENCE.softmax(HUGE), PROBABILITY_TOLERANCE, softmax_replays(HUGE), "softmax",
           "for logits around +-1e4")  # fmt: skip


def test_log_softmax_is_finite_where_softmax_underflows(Candidate):
    """log_softmax stays finite and exact where softmax underflows to 0 (logits 1e4 and 800 apart), with no numpy warning"""
    z = np.vstack([HUGE, [[0.0, -800.0, 5.0]]])
    no_numpy_warnings(lambda: Candidate().log_softmax(z), "log_softmax of logits 1e4 apart")
    got = array_of(Candidate(), "log_softmax", z, shape=z.shape, what=" for logits 1e4 apart")
    expect(got, REFERENCE.log_softmax(z), LOG_TOLERANCE, log_softmax_replays(z), "log_softmax",
           "for logits 1e4 and 800 apart (exp underflows to 0 there)")  # fmt: skip


def test_loss_and_gradient_of_confident_mistakes(Candidate):
    """loss and gradient of logits around +-1e4 (confident mistakes): no numpy warning, finite and exact"""
    y = np.array([2, 0, 1])  # row 0's true class is 2e4 below the top, row 2's is 2 below
    expected = REFERENCE.loss(
        HUGE, y
    )  # (2e4 + log(1 + e^-1 + e^-2) + 2 + log(1 + e^-2 + e^-3)) / 3
    no_numpy_warnings(lambda: Candidate().loss(HUGE, y), "loss of logits around 1e4")
    value = loss_of(Candidate(), HUGE, y, " for logits around 1e4")
    capped = value < 0.01 * expected
    assert abs(value - expected) <= LOG_TOLERANCE * expected, (
        f"the loss of logits around 1e4 (the true class of row 0 is 2e4 below the top) should be "
        f"{expected:.12g}, got {value:.12g}"
        + (
            ": clipping p to [eps, 1] (or log(p + eps)) caps the loss of a confident mistake at "
            "-log(eps). Take the loss from log_softmax, which needs no clipping"
            if capped
            else f". {diagnosis(value, expected, loss_replays(HUGE, y), 'loss')}"
        )
    )
    no_numpy_warnings(lambda: Candidate().gradient(HUGE, y), "gradient of logits around 1e4")
    got = array_of(Candidate(), "gradient", HUGE, y, shape=HUGE.shape, what=" for logits 1e4")
    expect(got, REFERENCE.gradient(HUGE, y), PROBABILITY_TOLERANCE, gradient_replays(HUGE, y),
           "gradient", "for logits around +-1e4")  # fmt: skip


# -- the loss --------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_loss_matches_the_reference(Candidate, seed):
    """loss is the mean cross-entropy: it matches the reference within 1e-10, relative (n, k = 8, 3; 20, 5; 33, 10)"""
    z, y = problem(seed)
    value = loss_of(Candidate(), z, y)
    expected = REFERENCE.loss(z, y)
    assert abs(value - expected) <= LOG_TOLERANCE * max(1.0, abs(expected)), (
        f"loss differs from the reference for logits of shape {z.shape}: expected "
        f"{expected:.12g}, got {value:.12g} (tolerance {LOG_TOLERANCE:g}, relative). "
        f"{diagnosis(value, expected, loss_replays(z, y), 'loss')}"
    )


def test_the_loss_is_the_mean_over_the_batch(Candidate):
    """the loss is the mean over the batch: the same batch twice gives the same loss"""
    z, y = problem(1)
    once = loss_of(Candidate(), z, y)
    twice = loss_of(Candidate(), np.vstack([z, z]), np.concatenate([y, y]), " (the batch twice)")
    if abs(twice - once) <= LOG_TOLERANCE * max(1.0, abs(once)):
        return
    raise AssertionError(
        f"the loss of the same batch twice should equal the loss of the batch ({once:.10g}), got "
        f"{twice:.10g}"
        + (
            ": twice as much, so the loss is summed over the samples, not averaged. Return the "
            "mean, -log_p[np.arange(n), y].mean()"
            if abs(twice - 2 * once) <= 1e-8 * abs(once)
            else f". {FORMULAS['loss']}"
        )
    )


@pytest.mark.parametrize("margin", (5.0, 20.0, 100.0), ids=lambda m: f"margin={m:g}")
def test_a_confident_right_prediction_has_a_loss_near_0(Candidate, margin):
    """a right prediction by a margin m has loss log(1 + (k - 1) e^-m), which tends to 0 (within 1e-12)"""
    n, k = 6, 4
    y = np.arange(n) % k
    z = np.random.default_rng(int(margin)).uniform(-1.0, 1.0, size=(n, 1)) + np.zeros((n, k))
    z[np.arange(n), y] += margin  # the true class is `margin` above every other one
    expected = np.log1p((k - 1) * np.exp(-margin))
    value = loss_of(Candidate(), z, y, f" (a right prediction by a margin of {margin:g})")
    if abs(value - expected) <= 1e-6 * expected + 1e-12:
        return
    raise AssertionError(
        f"when the true class's logit is {margin:g} above the {k - 1} others in every row, the "
        f"loss is log(1 + {k - 1} e^-{margin:g}) = {expected:.6g}; got {value:.6g}"
        + (
            ": that is about the margin, so the loss took the log-probability of another class "
            "than y. y holds 0-based class indices: log_p[np.arange(n), y]"
            if value > 0.5 * margin
            else ": the loss must never be negative, it is MINUS the mean log-probability"
            if value < 0
            else f": {n} (= n) times too large, so the loss is summed over the samples, not "
            "averaged"
            if abs(value - n * expected) <= 1e-6 * n * expected
            else f". {FORMULAS['loss']}"
        )
    )


# -- the gradient ----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_gradient_matches_the_reference(Candidate, seed):
    """gradient is (softmax - onehot(y)) / n: it matches the reference within 1e-12 (n, k = 8, 3; 20, 5; 33, 10)"""
    z, y = problem(seed)
    got = array_of(Candidate(), "gradient", z, y, shape=z.shape, what=f" for logits {z.shape}")
    expect(got, REFERENCE.gradient(z, y), PROBABILITY_TOLERANCE, gradient_replays(z, y),
           "gradient", f"for logits of shape {z.shape}")  # fmt: skip


def test_gradient_matches_finite_differences(Candidate):
    """gradient matches central finite differences of your loss (h = 1e-6, within 1e-7)"""
    z, y = problem(0)
    model = Candidate()
    got = array_of(model, "gradient", z, y, shape=z.shape)
    probe = z.copy()
    numeric = np.zeros_like(z)
    for index in np.ndindex(z.shape):
        probe[index] = z[index] + STEP
        above = loss_of(model, probe, y)
        probe[index] = z[index] - STEP
        below = loss_of(model, probe, y)
        probe[index] = z[index]
        numeric[index] = (above - below) / (2 * STEP)
    index = tuple(int(i) for i in np.unravel_index(np.argmax(np.abs(got - numeric)), z.shape))
    if abs(got[index] - numeric[index]) <= FD_TOLERANCE:
        return
    ratio = np.sum(got * numeric) / max(np.sum(numeric * numeric), 1e-300)
    advice = {
        -1: "it has the wrong sign: the gradient of the loss is softmax - onehot(y), not "
        "onehot(y) - softmax",
        len(y): f"it is {len(y)} (= n) times the slope of your loss: the loss is a MEAN, so "
        "divide softmax - onehot(y) by n",
    }
    found = next(
        (text for factor, text in advice.items() if _close(got, factor * numeric, 1e-5)), None
    )
    raise AssertionError(
        f"gradient is not the derivative of loss: at index {index} central differences of your "
        f"loss (h = {STEP:g}) give {numeric[index]:.8g}, gradient gave {got[index]:.8g} "
        f"(tolerance {FD_TOLERANCE:g}); the two agree up to a factor of about {ratio:.4g}. "
        + (found if found else FORMULAS["gradient"])
    )


def test_gradient_rows_sum_to_0(Candidate):
    """each row of the gradient sums to 0 (softmax and onehot(y) both sum to 1)"""
    z, y = problem(1)
    n = len(y)
    got = array_of(Candidate(), "gradient", z, y, shape=z.shape)
    sums = got.sum(axis=1)
    row = int(np.argmax(np.abs(sums)))
    if abs(sums[row]) <= PROBABILITY_TOLERANCE:
        return
    hints = [
        (1.0 / n, "onehot(y) is not subtracted: the gradient is (softmax - onehot(y)) / n"),
        (1.0, "onehot(y) is not subtracted: the gradient is (softmax - onehot(y)) / n"),
        (
            (1.0 - len(set(y.tolist()))) / n,
            "p[:, y] -= 1 subtracts 1 in every row from every column some y names: subtract it "
            "once per row, p[np.arange(n), y] -= 1",
        ),
    ]
    found = next((text for value, text in hints if np.allclose(sums, value, atol=1e-9)), None)
    raise AssertionError(
        f"each row of the gradient must sum to 0 (softmax sums to 1, so does onehot(y)); row "
        f"{row} sums to {sums[row]:.8g}. " + (found if found else FORMULAS["gradient"])
    )


def test_the_gradient_is_that_of_the_mean(Candidate):
    """the gradient is that of the mean loss: the same batch twice halves every row's gradient"""
    z, y = problem(2)
    once = array_of(Candidate(), "gradient", z, y, shape=z.shape)
    twice = array_of(
        Candidate(), "gradient", np.vstack([z, z]), np.concatenate([y, y]),
        shape=(2 * len(y), z.shape[1]), what=" (the batch twice)",
    )  # fmt: skip
    if _close(twice[: len(y)], once / 2, PROBABILITY_TOLERANCE):
        return
    raise AssertionError(
        "for the same batch twice (2n rows) each row's gradient should be half what it is for the "
        "batch alone (n rows): the loss is a mean, so every row carries 1 / n"
        + (
            "; yours does not change, so it is not divided by n: (softmax - onehot(y)) / n"
            if _close(twice[: len(y)], once, 1e-9)
            else f". {FORMULAS['gradient']}"
        )
    )


# -- the inputs ------------------------------------------------------------------------------------


def test_plain_python_lists(Candidate):
    """accepts plain Python lists (of ints) for the logits and for y"""
    z, y = [[2, 1, 0], [0, 3, 1]], [0, 2]
    expected = REFERENCE.softmax(np.array(z, dtype=float))
    model = Candidate()
    got = array_of(model, "softmax", z, shape=(2, 3), what=" for a list of lists of ints")
    assert _close(got, expected, PROBABILITY_TOLERANCE), (
        f"softmax of the list {z} should be {np.round(expected, 6).tolist()}, got "
        f"{np.round(got, 6).tolist()}: read the logits as np.asarray(logits, dtype=float)"
    )
    array_of(model, "log_softmax", z, shape=(2, 3), what=" for a list of lists of ints")
    value = loss_of(model, z, y, " for lists")
    assert abs(value - REFERENCE.loss(np.array(z, dtype=float), y)) <= LOG_TOLERANCE, (
        f"the loss of the lists logits={z}, y={y} should be "
        f"{REFERENCE.loss(np.array(z, dtype=float), y):.10g}, got {value:.10g}"
    )
    grad = array_of(model, "gradient", z, y, shape=(2, 3), what=" for lists")
    assert _close(grad, REFERENCE.gradient(np.array(z, dtype=float), y), PROBABILITY_TOLERANCE), (
        f"the gradient of the lists logits={z}, y={y} differs from the reference: read y as "
        "np.asarray(y) and the logits as np.asarray(logits, dtype=float)"
    )


def test_inputs_are_not_modified(Candidate):
    """softmax, log_softmax, loss and gradient do not modify the arrays passed in"""
    z, y = problem(0)
    model = Candidate()
    for method, args in (
        ("softmax", (z,)), ("log_softmax", (z,)), ("loss", (z, y)), ("gradient", (z, y)),
    ):  # fmt: skip
        kept = tuple(np.copy(arg) for arg in args)
        getattr(model, method)(*args)
        assert unchanged(args, kept), (
            f"{method} changed the array passed in (for example z -= z.max(...) on the caller's "
            "logits, or p[...] -= 1 on an array that is the input): compute new arrays, "
            "z = z - z.max(axis=-1, keepdims=True)"
        )


def test_uses_only_numpy_and_the_standard_library(Candidate, task_rules):
    """uses only numpy and the standard library (the task's rule)"""
    z, y = problem(0)

    def use(model):
        model.softmax(z)
        model.log_softmax(z)
        model.loss(z, y)
        model.gradient(z, y)

    check_numpy_only(Candidate, task_rules, use=use)
