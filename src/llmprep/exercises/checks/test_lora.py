"""Checks of the `lora` exercise: the candidate's LoRALinear against the reference and the math.

The grader sets A and B itself (random, so that the update B A is not 0) and then calls
`forward`, `backward`, `step`, `merge` and `unmerge`; the initialisation has checks of its own.
Forward is a closed formula, so it must match the reference within 1e-10 whatever the order of
the products. Backward is checked against central differences of the candidate's own forward, so
a backward that does not differentiate forward fails whatever forward is, and `step` against the
candidate's own backward. Merging must keep the output; unmerging must give the original weight
back bit for bit: subtracting the update again leaves rounding errors in most entries. When a
number is wrong, the checks replay the classic mistakes (alpha instead of alpha / rank, a
gradient without the scale, the transposed update...) and name the one the candidate's numbers
match.

PYTEST_DONT_REWRITE
"""

import numpy as np
import pytest

from llmprep.exercises.checks._numerics import central_differences
from llmprep.exercises.checks._rules import check_numpy_only
from llmprep.exercises.checks._support import SEEDS, unchanged
from llmprep.solutions import LoRALinear as Reference

TOLERANCE = 1e-10  # forward against the reference (absolute, or relative above 1)
WEIGHT_TOLERANCE = 1e-12  # the merged weight and the initial A (absolute, or relative above 1)
STEP = 1e-6  # h of the central differences (f(v + h) - f(v - h)) / (2 h)
GRADIENT_TOLERANCE = 1e-6  # backward against those differences (absolute, or relative above 1)
STEP_TOLERANCE = 1e-12  # step against p - learning_rate * grad (absolute, or relative above 1)
# (d_out, d_in, rank, alpha, with a bias) of each seed's layer
LAYERS = {0: (6, 10, 3, 6.0, True), 1: (12, 4, 2, 16.0, False), 2: (5, 5, 5, 2.5, True)}
FORMULA = "h = x @ weight.T + (alpha / rank) * (x @ A.T) @ B.T + bias"
GRADIENTS = (
    "With s = alpha / rank: grad A = s * (grad_out @ B).T @ x, of shape (rank, d_in), and "
    "grad B = s * grad_out.T @ (x @ A.T), of shape (d_out, rank)"
)


def problem(seed, d_out, d_in, rank, bias=True, n=7):
    """weight (d_out, d_in), bias (d_out,) or None, A (rank, d_in), B (d_out, rank), x, grad_out."""
    rng = np.random.default_rng(200 + seed)
    weight = rng.standard_normal((d_out, d_in))
    b = rng.standard_normal(d_out) if bias else None
    A = rng.standard_normal((rank, d_in))
    B = rng.standard_normal((d_out, rank))
    return weight, b, A, B, rng.standard_normal((n, d_in)), rng.standard_normal((n, d_out))


def _close(got, expected, tolerance):
    return bool(np.all(np.abs(got - expected) <= tolerance * np.maximum(1.0, np.abs(expected))))


def worst_entry(got, expected):
    """The index (a tuple of ints) of the largest error, absolute or relative above 1, and it."""
    error = np.abs(got - expected) / np.maximum(1.0, np.abs(expected))
    index = tuple(int(i) for i in np.unravel_index(int(np.argmax(error)), error.shape))
    return index, float(error[index])


# -- putting the candidate to work ------------------------------------------------------------------


def layer(Candidate, weight, bias=None, rank=4, alpha=8.0, A=None, B=None, seed=0):  # noqa: N803
    """Candidate(copy of weight, bias=copy of bias, rank, alpha, seed), with A and B set when given."""
    model = Candidate(
        weight.copy(), bias=None if bias is None else bias.copy(), rank=rank, alpha=alpha, seed=seed
    )
    if A is not None:
        model.A = A.copy()
    if B is not None:
        model.B = B.copy()
    return model


def forward(model, x, d_out, what=""):
    """model.forward(x), checked to be a finite array of shape (n, d_out)."""
    h = model.forward(x)
    assert h is not None, f"forward returned None{what}; it must return h, of shape (n, d_out)"
    h = np.asarray(h, dtype=float)
    expected = (len(x), d_out)
    assert h.shape == expected, (
        f"forward must return an array of shape (n, d_out) = {expected}{what}, got {h.shape}: "
        "weight is (d_out, d_in), so the base output is x @ weight.T, and the update "
        "(x @ A.T) @ B.T, with A (rank, d_in) and B (d_out, rank)"
    )
    bad = np.count_nonzero(~np.isfinite(h))
    assert not bad, f"forward returned {bad} NaN or infinite values{what}"
    return h


def backward(model, x, grad_out, what=""):
    """model.backward(x, grad_out): a dict with exactly the keys "A" and "B", of their shapes."""
    grads = model.backward(x, grad_out)
    assert isinstance(grads, dict), (
        f"backward must return a dict {{'A': ..., 'B': ...}}{what}, got {type(grads).__name__}"
    )
    extra = sorted(set(grads) - {"A", "B"}, key=str)
    assert not extra, (
        f"backward returned gradients for {extra}{what}: only A and B train in LoRA, the base "
        "weight and the bias are frozen and get no gradient; return exactly {'A': ..., 'B': ...}"
    )
    for name in ("A", "B"):
        assert name in grads, f"backward's dict has no key {name!r}{what}: return {{'A', 'B'}}"
    shapes = {"A": np.shape(model.A), "B": np.shape(model.B)}
    result = {}
    for name in ("A", "B"):
        value = np.asarray(grads[name], dtype=float)
        assert value.shape == shapes[name], (
            f"the gradient of {name} must have {name}'s shape {shapes[name]}{what}, got "
            f"{value.shape}. {GRADIENTS}"
        )
        result[name] = value.copy()
    return result


def reference(weight, bias, rank, alpha, A, B):  # noqa: N803
    """The reference solution's layer with these A and B."""
    model = Reference(weight, bias, rank=rank, alpha=alpha)
    model.A, model.B = A.copy(), B.copy()
    return model


def expected_output(weight, bias, A, B, scaling, x):  # noqa: N803
    """The task's formula with `scaling` (alpha / rank, or a mistaken one)."""
    h = x @ weight.T + scaling * (x @ A.T) @ B.T
    return h if bias is None else h + bias


def forward_diagnosis(got, weight, bias, A, B, rank, alpha, x):
    """Which classic mistake gives the candidate's output, else the formula to follow."""
    expected = expected_output(weight, bias, A, B, alpha / rank, x)
    mistakes = [
        (expected_output(weight, bias, A, B, alpha, x),
         "the update is scaled by alpha: it is scaled by alpha / rank"),
        (expected_output(weight, bias, A, B, 1 / rank, x),
         "the update is scaled by 1 / rank: it is scaled by alpha / rank"),
        (expected_output(weight, bias, A, B, 1.0, x),
         "the update is not scaled: multiply (x @ A.T) @ B.T by alpha / rank"),
        (expected_output(weight, bias, A, B, rank / alpha, x),
         "the update is scaled by rank / alpha: it is alpha / rank"),
        (expected_output(weight, bias, A, B, 0.0, x),
         "the update is missing: forward must add (alpha / rank) * (x @ A.T) @ B.T, reading "
         "self.A and self.B at every call (the grader sets them)"),
        (expected_output(weight, bias, A, B, 2 * alpha / rank, x),
         "the update is added twice"),
    ]  # fmt: skip
    if bias is not None:
        mistakes.append((expected - bias, "the bias is not added: + bias at the end"))
    for output, advice in mistakes:
        if not _close(output, expected, TOLERANCE) and _close(got, output, TOLERANCE):
            return f"Your numbers are those of a known mistake: {advice}"
    return f"The task's formula: {FORMULA}"


def expect_reference(Candidate, weight, bias, A, B, rank, alpha, x, what):  # noqa: N803
    """A layer with these A and B whose forward(x) is within TOLERANCE of the formula's."""
    model = layer(Candidate, weight, bias, rank, alpha, A, B)
    got = forward(model, x, len(weight), f" {what}")
    expected = reference(weight, bias, rank, alpha, A, B).forward(x)
    if not _close(got, expected, TOLERANCE):
        index, _ = worst_entry(got, expected)
        raise AssertionError(
            f"forward differs from the reference {what}: at index {index} expected "
            f"{expected[index]:.10g}, got {got[index]:.10g} (tolerance {TOLERANCE:g}). "
            f"{forward_diagnosis(got, weight, bias, A, B, rank, alpha, x)}"
        )
    return model


# -- the checks -------------------------------------------------------------------------------------


def test_a_rank_out_of_range_raises_value_error(Candidate):
    """rank <= 0 or rank > min(d_out, d_in) raises ValueError; rank = min(d_out, d_in) is allowed"""
    for shape, bad_ranks, full in (((3, 5), (0, -2, 4, 6), 3), ((6, 2), (0, 3), 2)):
        weight = np.ones(shape)
        for rank in bad_ranks:
            try:
                Candidate(weight.copy(), rank=rank)
            except ValueError:
                continue
            reason = (
                "a rank of at least 1 is needed for A and B to hold anything"
                if rank <= 0
                else f"B A, of shape {shape}, has rank at most min(d_out, d_in) = {full}, so a "
                "larger rank only adds parameters that can never be used"
            )
            raise AssertionError(
                f"LoRALinear(weight of shape {shape}, rank={rank}) must raise ValueError: "
                f"{reason}. Check 1 <= rank <= min(d_out, d_in) in __init__"
            )
        try:
            Candidate(weight.copy(), rank=full)
        except ValueError as error:
            raise AssertionError(
                f"LoRALinear(weight of shape {shape}, rank={full}) raised ValueError ({error}); "
                f"rank = min(d_out, d_in) = {full} is allowed (a full-rank update)"
            ) from error


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_initial_a_and_b(Candidate, seed):
    """A = default_rng(seed).standard_normal((rank, d_in)) / sqrt(d_in) and B = zeros((d_out, rank)) at first"""
    d_out, d_in, rank, alpha, _ = LAYERS[seed]
    weight = problem(seed, d_out, d_in, rank)[0]
    model = layer(Candidate, weight, rank=rank, alpha=alpha, seed=seed)
    A, B = np.asarray(model.A, dtype=float), np.asarray(model.B, dtype=float)
    assert A.shape == (rank, d_in) and B.shape == (d_out, rank), (
        f"A must have shape (rank, d_in) = {(rank, d_in)} and B (d_out, rank) = {(d_out, rank)}; "
        f"got A {A.shape} and B {B.shape} (weight is (d_out, d_in) = {(d_out, d_in)})"
    )
    assert not B.any(), (
        "B must start at zeros: then B A = 0 and the layer starts as the pretrained one. With B "
        "random too, a random update is added to the model before any training"
    )
    assert A.any(), (
        "A must start random, not at zeros: with A = 0 and B = 0 both gradients are 0 (each is "
        "a product with the other), so nothing would ever train"
    )
    assert model.merged is False, "a new layer is not merged: set self.merged = False"
    draws = np.random.default_rng(seed).standard_normal((rank, d_in))
    expected = draws / np.sqrt(d_in)
    if _close(A, expected, WEIGHT_TOLERANCE):
        return
    mistakes = [
        (draws, "A is not divided by sqrt(d_in)"),
        (draws / np.sqrt(d_out), "A is divided by sqrt(d_out): divide by sqrt(d_in), A's fan-in"),
        (draws / rank, "A is divided by rank: divide by sqrt(d_in)"),
        (
            np.random.default_rng(seed).standard_normal((d_in, rank)).T / np.sqrt(d_in),
            "A was drawn with shape (d_in, rank) and transposed: draw (rank, d_in) directly",
        ),
    ]
    cause = next(
        (advice for values, advice in mistakes if _close(A, values, WEIGHT_TOLERANCE)),
        "draw it first from the generator, before anything else",
    )
    raise AssertionError(
        f"the initial A (seed={seed}) is not rng.standard_normal((rank, d_in)) / np.sqrt(d_in) "
        f"with rng = np.random.default_rng(seed): {cause}"
    )


def test_starts_as_the_base_layer(Candidate):
    """at first (B = 0) forward equals the base layer x @ weight.T + bias, with and without a bias"""
    for bias in (True, False):
        weight, b, _, _, x, _ = problem(3, 5, 8, 2, bias=bias)
        what = " with a bias" if bias else " without a bias"
        got = forward(layer(Candidate, weight, b, rank=2, alpha=16.0), x, 5, what)
        base = x @ weight.T + (0.0 if b is None else b)
        if _close(got, base, WEIGHT_TOLERANCE):
            continue
        cause = (
            "the bias is not added"
            if b is not None and _close(got, base - b, WEIGHT_TOLERANCE)
            else "B must start at zeros, so that the update (alpha / rank) B A is 0 and the layer "
            "starts as the pretrained one (A is random, B is 0)"
        )
        index, _ = worst_entry(got, base)
        raise AssertionError(
            f"a new layer{what} must give the pretrained layer's output x @ weight.T + bias: at "
            f"index {index} expected {base[index]:.10g}, got {got[index]:.10g}. {cause}"
        )


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_forward_matches_the_reference(Candidate, seed):
    """forward matches the reference with A and B set (with and without a bias; rank 2 to 5)"""
    d_out, d_in, rank, alpha, bias = LAYERS[seed]
    weight, b, A, B, x, _ = problem(seed, d_out, d_in, rank, bias)
    expect_reference(
        Candidate, weight, b, A, B, rank, alpha, x,
        f"(weight {weight.shape}, rank={rank}, alpha={alpha:g}, {'a' if bias else 'no'} bias)",
    )  # fmt: skip


def test_the_update_is_scaled_by_alpha_over_rank(Candidate):
    """the update is scaled by alpha / rank (rank=3, alpha=6.0: by 2, not by 6, 1/3 or 1)"""
    rank, alpha = 3, 6.0
    weight, b, A, B, x, _ = problem(4, 4, 6, rank)
    model = layer(Candidate, weight, b, rank, alpha, A, B)
    got = forward(model, x, 4, " (rank=3, alpha=6.0)")
    update = (x @ A.T) @ B.T
    measured = float(np.sum((got - x @ weight.T - b) * update) / np.sum(update * update))
    names = {6.0: "alpha", 1 / 3: "1 / rank", 1.0: "1 (no scaling)", 0.5: "rank / alpha"}
    named = next((name for value, name in names.items() if abs(measured - value) < 1e-9), None)
    assert abs(measured - alpha / rank) < 1e-9, (
        f"with rank=3 and alpha=6.0 the update (x @ A.T) @ B.T must be multiplied by alpha / rank "
        f"= 2; yours is multiplied by {measured:.6g}"
        + (f", that is by {named}" if named else "")
        + ". The alpha / rank scaling keeps the update's size about the same when the rank changes"
    )
    scaling = getattr(model, "scaling", None)
    assert scaling is not None and abs(float(scaling) - 2.0) < 1e-12, (
        f"the attribute scaling must be alpha / rank = 2.0 (rank=3, alpha=6.0), got {scaling!r}"
    )


def test_backward_returns_gradients_of_a_and_b_only(Candidate):
    """backward returns {"A": ..., "B": ...}: exactly those keys, of A's and B's shapes (the base weight is frozen)"""
    weight, b, A, B, x, grad_out = problem(5, 4, 6, 2)
    model = layer(Candidate, weight, b, 2, 4.0, A, B)
    forward(model, x, 4)
    backward(model, x, grad_out)


def differences(loss, value):
    """Central differences of loss() with respect to each entry of the array `value`."""
    return central_differences(loss, value, STEP)


def gradient_diagnosis(name, got, A, B, scaling, alpha, x, grad_out):
    """Which classic mistake gives the candidate's gradient of `name`, else the formulas."""
    exact = {
        "A": lambda s: s * (grad_out @ B).T @ x,
        "B": lambda s: s * grad_out.T @ (x @ A.T),
    }[name]
    for factor, advice in (
        (1.0, f"the gradient of {name} is missing the factor alpha / rank"),
        (alpha, f"the gradient of {name} is scaled by alpha: it is scaled by alpha / rank"),
        (2 * scaling, f"the gradient of {name} is twice what it should be"),
        (-scaling, f"the gradient of {name} has the wrong sign"),
    ):
        if not np.isclose(factor, scaling) and _close(got, exact(factor), 1e-8):
            return f"Your gradient is that of a known mistake: {advice}. {GRADIENTS}"
    return GRADIENTS


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_gradients_match_finite_differences(Candidate, seed):
    """backward's gradients are those of sum(forward(x) * grad_out) with respect to A and B (central differences)"""
    d_out, d_in, rank, alpha = ((4, 6, 2, 8.0), (3, 5, 3, 1.5), (6, 3, 1, 4.0))[seed]
    weight, b, A, B, x, grad_out = problem(10 + seed, d_out, d_in, rank)
    model = layer(Candidate, weight, b, rank, alpha, A, B)
    forward(model, x, d_out)
    grads = backward(model, x, grad_out)
    for name in ("A", "B"):
        value = getattr(model, name)
        numeric = differences(lambda: float(np.sum(forward(model, x, d_out) * grad_out)), value)
        index, error = worst_entry(grads[name], numeric)
        if error <= GRADIENT_TOLERANCE:
            continue
        raise AssertionError(
            f"the gradient of {name} is not the gradient of sum(forward(x) * grad_out) (weight "
            f"{weight.shape}, rank={rank}, alpha={alpha:g}): at index {index} central differences "
            f"(h = {STEP:g}) give {numeric[index]:.8g}, backward gave {grads[name][index]:.8g} "
            f"(tolerance {GRADIENT_TOLERANCE:g}). "
            + gradient_diagnosis(name, grads[name], A, B, alpha / rank, alpha, x, grad_out)
        )


def test_step_subtracts_the_gradients(Candidate):
    """step(x, grad_out, 0.1) sets A -= 0.1 * grad A and B -= 0.1 * grad B, both taken before either changes"""
    learning_rate = 0.1
    weight, b, A, B, x, grad_out = problem(6, 5, 7, 3)
    model = layer(Candidate, weight, b, 3, 6.0, A, B)
    grads = backward(model, x, grad_out)  # the candidate's own, at the parameters before the step
    model.step(x, grad_out, learning_rate)
    new = {name: np.asarray(getattr(model, name), dtype=float) for name in ("A", "B")}
    before = {"A": A, "B": B}
    for name, other in (("A", "B"), ("B", "A")):
        expected = before[name] - learning_rate * grads[name]
        if new[name].shape == expected.shape and _close(new[name], expected, STEP_TOLERANCE):
            continue
        assert new[name].shape == expected.shape, (
            f"after step, {name} has shape {new[name].shape}; it must keep {expected.shape}"
        )
        if np.array_equal(new[name], before[name]):
            cause = f"{name} did not change: step must update both A and B"
        elif _close(new[name], before[name] + learning_rate * grads[name], STEP_TOLERANCE):
            cause = "you added the gradient: gradient descent subtracts it"
        else:
            changed = {"A": A, "B": B, other: new[other]}
            replay = layer(Candidate, weight, b, 3, 6.0, changed["A"], changed["B"])
            late = before[name] - learning_rate * backward(replay, x, grad_out)[name]
            cause = (
                f"{name}'s gradient was taken after {other} had changed: compute both gradients "
                "first (one call to backward), then update A and B"
                if _close(new[name], late, STEP_TOLERANCE)
                else f"expected {name} - learning_rate * (your backward's gradient of {name})"
            )
        raise AssertionError(f"step(x, grad_out, {learning_rate}) gave a wrong {name}: {cause}")


def test_training_changes_neither_weight_nor_bias(Candidate):
    """after 25 steps the base weight and the bias are unchanged, bit for bit (only A and B train)"""
    weight, b, A, B, x, grad_out = problem(7, 4, 6, 2)
    model = layer(Candidate, weight, b, 2, 4.0, A, B)
    for _ in range(25):  # the same small step each time: nothing can blow up
        model.step(x, grad_out, 0.01)
    for name, value in (("weight", weight), ("bias", b)):
        now = np.asarray(getattr(model, name), dtype=float)
        assert np.array_equal(now, value), (
            f"training changed self.{name}: in LoRA the pretrained weight and bias are frozen "
            "(they get no gradient and no update); step must change A and B only"
        )
    assert not np.array_equal(np.asarray(model.A), A) and not np.array_equal(
        np.asarray(model.B), B
    ), "25 steps left A or B unchanged: step must update both"


def test_training_fits_a_low_rank_change(Candidate):
    """from the initial A and B, 300 steps (learning_rate=0.05) fit a rank-2 change of the weight: the mean squared error falls below 1e-8 of its start"""
    rng = np.random.default_rng(3)  # the reference's error falls to about 1e-23 of its start
    weight = rng.standard_normal((4, 6))
    target = weight + 0.5 * rng.standard_normal((4, 2)) @ rng.standard_normal((2, 6))
    x = rng.standard_normal((64, 6))
    y = x @ target.T
    model = layer(Candidate, weight, rank=2, alpha=4.0, seed=0)
    first = float(np.mean((forward(model, x, 4) - y) ** 2))
    for _ in range(300):
        model.step(x, (forward(model, x, 4) - y) / len(x), 0.05)
    last = float(np.mean((forward(model, x, 4) - y) ** 2))
    assert last <= 1e-8 * first, (
        f"300 gradient-descent steps on the mean squared error should fit a rank-2 change of the "
        f"weight (rank=2, alpha=4.0); the error went from {first:.4g} to {last:.4g} only. Does "
        "step subtract learning_rate times the gradients, and are A random and B zero at first?"
    )


def merged_layer(Candidate, shape, rank, alpha, seed, bias=True):  # noqa: N803
    """A layer with random A and B, its output before merge, the expected merged weight."""
    weight, b, A, B, x, _ = problem(seed, *shape, rank, bias)
    model = layer(Candidate, weight, b, rank, alpha, A, B)
    before = forward(model, x, shape[0])
    merged = reference(weight, b, rank, alpha, A, B)
    merged.merge()
    return model, weight, A, B, x, before, merged.weight


def test_merge_keeps_the_output(Candidate):
    """merge() folds (alpha / rank) B A into weight, sets merged, and forward's output stays the same (square and non-square weights)"""
    for shape, rank, alpha in (((6, 6), 2, 8.0), ((4, 7), 3, 1.5)):
        model, weight, A, B, x, before, expected = merged_layer(Candidate, shape, rank, alpha, 11)
        what = f" (weight {shape}, rank={rank}, alpha={alpha:g})"
        model.merge()
        merged = np.asarray(model.weight, dtype=float)
        assert merged.shape == shape, (
            f"after merge, weight has shape {merged.shape}{what}; it must keep {shape}: B A is "
            "(d_out, d_in), like the weight"
        )
        if not _close(merged, expected, WEIGHT_TOLERANCE):
            mistakes = (
                (weight, "merge left self.weight unchanged: it must set self.weight to "
                 "weight + (alpha / rank) * B @ A"),
                (weight + alpha / rank * (B @ A).T, "you added the transposed update (B A)^T "
                 "(or A.T @ B.T): the update is B @ A, of the weight's shape (d_out, d_in)"),
                (weight + alpha * (B @ A), "the update is scaled by alpha, not alpha / rank"),
                (weight + B @ A, "the update is not scaled by alpha / rank"),
            )  # fmt: skip
            cause = next(
                (advice for value, advice in mistakes if _close(merged, value, WEIGHT_TOLERANCE)),
                "after merge, weight must be weight + (alpha / rank) * B @ A",
            )
            raise AssertionError(f"merge gave a wrong weight{what}: {cause}")
        assert model.merged is True, f"after merge, merged must be True{what}"
        after = forward(model, x, shape[0], " after merge")
        if _close(after, before, TOLERANCE):
            continue
        update = alpha / rank * (x @ A.T) @ B.T
        cause = (
            "forward added the adapter on top of the merged weight, so the update counts twice: "
            "once merged, forward is x @ weight.T + bias alone"
            if _close(after, before + update, TOLERANCE)
            else "once merged, forward is x @ weight.T + bias, with the merged weight"
        )
        raise AssertionError(f"merge changed forward's output{what}: {cause}")


def test_merging_twice_adds_the_update_once(Candidate):
    """a second merge() is a no-op: weight and output are those of one merge"""
    weight, b, A, B, x, _ = problem(12, 5, 8, 3)
    once, twice = (layer(Candidate, weight, b, 3, 4.0, A, B) for _ in range(2))
    once.merge()
    twice.merge()
    twice.merge()
    merged_once = np.asarray(once.weight, dtype=float)
    merged_twice = np.asarray(twice.weight, dtype=float)
    if not _close(merged_twice, merged_once, WEIGHT_TOLERANCE):
        cause = (
            "merging twice added the update twice: merge must do nothing when the layer is "
            "merged already (if self.merged: return)"
            if _close(merged_twice - weight, 2 * (merged_once - weight), 1e-9)
            else "a second merge changed weight: it must do nothing when the layer is merged "
            "already (if self.merged: return)"
        )
        raise AssertionError(cause)
    assert _close(forward(twice, x, 5, " after two merges"), forward(once, x, 5), TOLERANCE), (
        "two merges give another output than one: the second merge must be a no-op"
    )


def test_unmerge_restores_the_weight_exactly(Candidate):
    """unmerge() gives the original weight back bit for bit, and forward's output of before merge"""
    model, weight, A, B, x, before, expected = merged_layer(Candidate, (6, 9), 3, 6.0, 13)
    model.unmerge()
    assert np.array_equal(np.asarray(model.weight, dtype=float), weight), (
        "unmerge on a layer that is not merged must do nothing; it changed weight"
    )
    for cycle in (1, 2):
        model.merge()
        model.unmerge()
        now = np.asarray(model.weight, dtype=float)
        if not np.array_equal(now, weight):
            differ = now != weight
            if _close(now, expected, WEIGHT_TOLERANCE):
                cause = (
                    "weight is still the merged one. Either unmerge does not put the original "
                    "back, or the array you kept is the merged one: kept = self.weight, then "
                    "self.weight += ..., changes that same array in place. Make the merged weight "
                    "a new array (self.weight = self.weight + delta) and put the kept one back"
                )
            elif _close(now, weight, 1e-12):
                cause = (
                    f"{int(differ.sum())} of its {weight.size} entries differ by up to "
                    f"{np.abs(now - weight).max():.2g}: you subtracted the update again, and in "
                    "floating point (W0 + D) - D is not W0, only within a rounding error. Keep "
                    "the original weight at merge and put that array back at unmerge"
                )
            else:
                cause = "unmerge must give back the weight of before merge"
            raise AssertionError(f"after merge and unmerge (cycle {cycle}) {cause}")
        assert model.merged is False, f"after unmerge, merged must be False (cycle {cycle})"
        assert _close(forward(model, x, 6, " after unmerge"), before, TOLERANCE), (
            f"after merge and unmerge (cycle {cycle}) forward's output differs from before merge: "
            "unmerged, forward adds the update (alpha / rank) * (x @ A.T) @ B.T again"
        )


def test_a_merged_layer_refuses_to_train(Candidate):
    """step() on a merged layer raises RuntimeError and leaves A and B alone (unmerge first)"""
    weight, b, A, B, x, grad_out = problem(14, 4, 5, 2)
    model = layer(Candidate, weight, b, 2, 4.0, A, B)
    model.merge()
    try:
        model.step(x, grad_out, 0.1)
    except RuntimeError:
        pass
    else:
        raise AssertionError(
            "step on a merged layer must raise RuntimeError: its update is folded into weight, "
            "so changing A and B would not change the output, and the layer would no longer be "
            "W0 + (alpha / rank) B A. Check self.merged at the start of step"
        )
    assert np.array_equal(np.asarray(model.A), A) and np.array_equal(np.asarray(model.B), B), (
        "step on a merged layer raised RuntimeError, but only after changing A or B: raise first"
    )


def test_inputs_are_not_modified(Candidate):
    """no method modifies the arrays passed in (weight, bias, x, grad_out)"""
    weight, b, A, B, x, grad_out = problem(15, 5, 6, 2)
    given = [weight.copy(), b.copy(), x.copy(), grad_out.copy()]
    model = Candidate(given[0], bias=given[1], rank=2, alpha=4.0, seed=0)
    model.A, model.B = A.copy(), B.copy()
    model.forward(given[2])
    model.backward(given[2], given[3])
    model.step(given[2], given[3], 0.1)
    model.merge()
    model.forward(given[2])
    model.unmerge()
    assert unchanged(given[2:], (x, grad_out)), (
        "forward, backward or step changed x or grad_out, the arrays passed in: compute new arrays"
    )
    assert unchanged(given[:2], (weight, b)), (
        "the layer changed the weight or bias array it was given (e.g. merge's self.weight += "
        "..., with self.weight the caller's array): copy them in __init__, "
        "np.array(weight, dtype=float), and make the merged weight a new array"
    )


def test_uses_only_numpy_and_the_standard_library(Candidate, task_rules):
    """uses only numpy and the standard library (the task's rule)"""
    weight, _, _, _, x, grad_out = problem(16, 4, 5, 2)

    def use(model):
        model.forward(x)
        model.step(x, grad_out, 0.1)
        model.merge()
        model.unmerge()

    check_numpy_only(Candidate, task_rules, use=use, args=(weight,))
