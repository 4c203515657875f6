"""Checks of the `multi_head_attention` exercise: the candidate's MultiHeadAttention against the reference.

Multi-head attention is a formula once the weights are fixed, so the checks assign their own
weights (w_q, w_k, w_v, w_o) after construction and compare the output with the reference to
1e-9. Beyond that they assert what the maths gives: one head is single-head attention followed by
w_o; with w_o the identity, head h's output fills columns h*d_head:(h+1)*d_head; equal value
vectors make every output the same; a causal output never depends on later tokens; grouped-query
attention is multi-head attention whose key and value columns repeat per group. When the output
differs, the checks replay the classic mistakes (reshape without transpose, heads merged in
another order, sqrt(d_model), the softmax over the queries, no w_o, h % n_kv_heads) and name the
one they match.

PYTEST_DONT_REWRITE
"""

import warnings

import numpy as np
import pytest

from llmprep.exercises.checks._rules import check_numpy_only
from llmprep.exercises.checks._support import SEEDS, unchanged
from llmprep.solutions.multi_head_attention import MultiHeadAttention as Reference

TOLERANCE = 1e-9  # on the output (absolute, or relative above 1)
INIT_TOLERANCE = 1e-12  # on the initial weights
NAMES = ("w_q", "w_k", "w_v", "w_o")

USUAL_CAUSES = (
    "The usual causes: heads cut by reshape(batch, seq, n_heads, d_head) then transpose(0, 2, 1, "
    "3) (head h = columns h*d_head:(h+1)*d_head); the scores divided by sqrt(d_head); the softmax "
    "over the keys (the last axis); the heads merged back by the inverse transpose before "
    "reshape(batch, seq, d_model); then @ w_o. forward must read self.w_q, self.w_k, self.w_v and "
    "self.w_o at every call: the grader assigns new arrays after construction"
)


def _close(got, expected, tolerance=TOLERANCE):
    return bool(np.all(np.abs(got - expected) <= tolerance * np.maximum(1.0, np.abs(expected))))


def _shown(row):
    return np.round(np.asarray(row, dtype=float)[:4], 6).tolist()


def draw_weights(seed, d_model, n_heads, n_kv_heads=None, scale=1.0):
    """Random weights of the task's shapes: standard normal * scale / sqrt(d_model)."""
    rng = np.random.default_rng(100 + seed)
    kv_width = (n_kv_heads or n_heads) * (d_model // n_heads)
    widths = (d_model, kv_width, kv_width, d_model)
    return {
        name: scale * rng.standard_normal((d_model, width)) / np.sqrt(d_model)
        for name, width in zip(NAMES, widths, strict=True)
    }


def draw_x(seed, batch, seq, d_model, scale=1.0):
    return scale * np.random.default_rng(200 + seed).standard_normal((batch, seq, d_model))


def build(Candidate, d_model, n_heads, n_kv_heads=None, weights=None):  # noqa: N803
    """Candidate(d_model, n_heads, n_kv_heads), with `weights` (copies) assigned after it."""
    model = Candidate(d_model, n_heads, n_kv_heads)
    for name, value in (weights or {}).items():
        setattr(model, name, value.copy())
    return model


def forward(model, x, causal=False, finite=True):
    """The candidate's output, checked to be a float array of the shape of x."""
    out = model.forward(x.copy(), causal=causal)
    assert out is not None, "forward returned None: return the output, shape (batch, seq, d_model)"
    out = np.asarray(out, dtype=float)
    assert out.shape == x.shape, (
        f"forward must return an array of the shape of x, (batch, seq, d_model) = {x.shape}; got "
        f"{out.shape}. After the heads are merged back to (batch, seq, d_model), multiply by w_o "
        "(d_model, d_model)"
    )
    if finite:
        bad = np.count_nonzero(~np.isfinite(out))
        assert not bad, (
            f"the output holds {bad} NaN or infinite values (causal={causal}). The usual causes: "
            "np.exp(scores) without subtracting each row's maximum first, or a causal mask that "
            "hides the diagonal too, so the first query has no key left (-inf - (-inf) = NaN)"
        )
    return out


def reference(weights, d_model, n_heads, n_kv_heads, x, causal=False):
    model = Reference(d_model, n_heads, n_kv_heads)
    for name, value in weights.items():
        setattr(model, name, value.copy())
    return model.forward(x, causal=causal)


# -- the classic mistakes, replayed --------------------------------------------------------------


def replay(x, w, n_heads, n_kv_heads, causal, mistake=None):
    """Multi-head attention as the task states it, or with one named mistake."""
    batch, seq, d_model = x.shape
    d_head = d_model // n_heads
    n_kv_heads = n_kv_heads or n_heads
    group = n_heads // n_kv_heads

    def cut(projected, n):
        if mistake == "reshape without transpose":
            return projected.reshape(batch, n, seq, d_head)
        return projected.reshape(batch, seq, n, d_head).transpose(0, 2, 1, 3)

    q = cut(x @ w["w_q"], n_heads)
    k, v = cut(x @ w["w_k"], n_kv_heads), cut(x @ w["w_v"], n_kv_heads)
    if mistake == "h % n_kv_heads":
        k, v = np.tile(k, (1, group, 1, 1)), np.tile(v, (1, group, 1, 1))
    else:
        k, v = np.repeat(k, group, axis=1), np.repeat(v, group, axis=1)
    scale = np.sqrt(d_model if mistake == "sqrt(d_model)" else d_head)
    scores = q @ np.swapaxes(k, -1, -2) / scale
    if causal and mistake == "diagonal masked":  # np.triu(k=0) as the mask, filled with -1e9
        scores = np.where(np.tril(np.ones((seq, seq), dtype=bool), k=-1), scores, -1e9)
    elif causal:
        scores = np.where(np.tril(np.ones((seq, seq), dtype=bool)), scores, -np.inf)
    axis = -2 if mistake == "softmax over the queries" else -1
    e = np.exp(scores - scores.max(axis=axis, keepdims=True))
    heads = e / e.sum(axis=axis, keepdims=True) @ v  # (batch, n_heads, seq, d_head)
    if mistake == "heads merged in the wrong order":
        merged = heads.transpose(0, 2, 3, 1).reshape(batch, seq, d_model)
    elif mistake == "heads merged without transpose":
        merged = heads.reshape(batch, seq, d_model)
    else:
        merged = heads.transpose(0, 2, 1, 3).reshape(batch, seq, d_model)
    return merged if mistake == "no w_o" else merged @ w["w_o"]


MISTAKES = {
    "reshape without transpose": "the heads were cut by reshape(batch, n_heads, seq, d_head) "
    "without a transpose: in memory x @ w_q is (batch, seq, d_model), so such a 'head' mixes "
    "tokens and heads. Use reshape(batch, seq, n_heads, d_head).transpose(0, 2, 1, 3)",
    "heads merged in the wrong order": "the heads were merged by transpose(0, 2, 3, 1): the "
    "columns interleave (d_head, n_heads) instead of putting head h in columns "
    "h*d_head:(h+1)*d_head. Merge with transpose(0, 2, 1, 3).reshape(batch, seq, d_model)",
    "heads merged without transpose": "the heads (batch, n_heads, seq, d_head) were merged by "
    "reshape(batch, seq, d_model) without transposing back first: that mixes tokens and heads. "
    "Merge with transpose(0, 2, 1, 3).reshape(batch, seq, d_model)",
    "sqrt(d_model)": "the scores are divided by sqrt(d_model): each head's dot product has d_head "
    "terms, so divide by sqrt(d_head) = sqrt(d_model / n_heads)",
    "softmax over the queries": "the softmax runs over the queries (axis -2); it must run over the "
    "keys, the last axis, so that each query's weights sum to 1",
    "no w_o": "the output projection is missing: multiply the merged heads by w_o",
    "diagonal masked": "the causal mask hides the diagonal too (np.triu(..., k=0) as the mask, "
    "filled with -1e9): position 0 sees nothing and averages every position. Position i may "
    "attend to j <= i, itself included: np.tril(np.ones((seq, seq), dtype=bool)) are the allowed "
    "keys",
    "h % n_kv_heads": "query head h uses kv head h % n_kv_heads (np.tile): the task groups "
    "consecutive query heads, so query head h uses kv head h // (n_heads // n_kv_heads) "
    "(np.repeat along the head axis)",
}


def diagnosis(got, x, w, n_heads, n_kv_heads, causal, d_model):
    """Which replayed mistake gives the candidate's output, else the usual causes."""
    for mistake, advice in MISTAKES.items():
        if mistake == "h % n_kv_heads" and (n_kv_heads or n_heads) in (1, n_heads):
            continue  # the same as the right mapping
        if mistake == "diagonal masked" and not causal:
            continue
        if _close(got, replay(x, w, n_heads, n_kv_heads, causal, mistake), 1e-6):
            return f"Your output is that of a known mistake: {advice}"
    initial = Reference(d_model, n_heads, n_kv_heads)
    initial_weights = {name: getattr(initial, name) for name in NAMES}
    if _close(got, replay(x, initial_weights, n_heads, n_kv_heads, causal), 1e-6):
        return (
            "Your output is that of the weights drawn in __init__ (seed=0), not of the ones the "
            "grader assigned afterwards: forward must read self.w_q, self.w_k, self.w_v, "
            "self.w_o at every call"
        )
    return USUAL_CAUSES


def expect_reference(Candidate, d_model, n_heads, n_kv_heads, w, x, causal, what):  # noqa: N803
    """The candidate's output, with weights `w`, within TOLERANCE of the reference's."""
    got = forward(build(Candidate, d_model, n_heads, n_kv_heads, w), x, causal)
    expected = reference(w, d_model, n_heads, n_kv_heads, x, causal)
    if not _close(got, expected):
        at = np.unravel_index(int(np.argmax(np.abs(got - expected))), got.shape)
        raise AssertionError(
            f"the output differs from the reference {what} (causal={causal}): at (batch, "
            f"position, feature) = {tuple(int(i) for i in at)} expected {expected[at]:.6g}, got "
            f"{got[at]:.6g} (tolerance {TOLERANCE:g}). "
            f"{diagnosis(got, x, w, n_heads, n_kv_heads, causal, d_model)}"
        )
    return got


def spread_kv_columns(w, n_heads, n_kv_heads):
    """w with w_k and w_v widened to (d_model, d_model): query head h gets kv head h // group."""
    d_head = w["w_q"].shape[1] // n_heads
    group = n_heads // n_kv_heads

    def spread(matrix):
        blocks = [matrix[:, g * d_head : (g + 1) * d_head] for g in range(n_kv_heads)]
        return np.concatenate([blocks[h // group] for h in range(n_heads)], axis=1)

    return {**w, "w_k": spread(w["w_k"]), "w_v": spread(w["w_v"])}


# -- the checks ----------------------------------------------------------------------------------


SHAPE_CASES = ((16, 4, None), (16, 4, 2), (16, 4, 1), (12, 3, None))


def test_weights_have_the_documented_shapes(Candidate):
    """w_q and w_o are (d_model, d_model), w_k and w_v (d_model, n_kv_heads * d_head); d_head and n_kv_heads are kept"""
    for d_model, n_heads, n_kv_heads in SHAPE_CASES:
        made = f"MultiHeadAttention({d_model}, {n_heads}, n_kv_heads={n_kv_heads})"
        model = Candidate(d_model, n_heads, n_kv_heads)
        kv = n_kv_heads or n_heads
        d_head = d_model // n_heads
        for name, expected in (("d_head", d_head), ("n_kv_heads", kv)):
            got = getattr(model, name, None)
            assert got == expected, f"{made}: self.{name} must be {expected}, got {got!r}" + (
                " (n_kv_heads=None means n_heads)" if name == "n_kv_heads" else ""
            )
        shapes = {
            "w_q": (d_model, d_model),
            "w_k": (d_model, kv * d_head),
            "w_v": (d_model, kv * d_head),
            "w_o": (d_model, d_model),
        }
        for name, shape in shapes.items():
            assert hasattr(model, name), (
                f"{made} has no attribute {name}: keep the weights as self.w_q, self.w_k, "
                "self.w_v and self.w_o"
            )
            got = np.shape(getattr(model, name))
            assert got == shape, f"{made}: {name} must have shape {shape}, got {got}" + (
                f"; with {kv} kv heads of width d_head = {d_head}, w_k and w_v have "
                f"n_kv_heads * d_head = {kv * d_head} columns"
                if name in ("w_k", "w_v")
                else "; the weights are used as x @ w"
            )


INIT_CASES = (((8, 2, None), 0), ((12, 4, 2), 1), ((16, 4, 1), 2))


def test_initial_weights_follow_the_stated_scheme(Candidate):
    """the initial weights: w_q, w_k, w_v, w_o drawn in that order from default_rng(seed), standard normal / sqrt(d_model)"""
    for (d_model, n_heads, n_kv_heads), seed in INIT_CASES:
        made = f"MultiHeadAttention({d_model}, {n_heads}, n_kv_heads={n_kv_heads}, seed={seed})"
        model = Candidate(d_model, n_heads, n_kv_heads, seed=seed)
        expected = Reference(d_model, n_heads, n_kv_heads, seed=seed)
        got = {name: np.asarray(getattr(model, name), dtype=float) for name in NAMES}
        for name in NAMES:
            assert got[name].shape == getattr(expected, name).shape, (
                f"{made}: {name} must have shape {getattr(expected, name).shape}, got "
                f"{got[name].shape}"
            )
        if all(_close(got[name], getattr(expected, name), INIT_TOLERANCE) for name in NAMES):
            continue
        rng = np.random.default_rng(seed)
        raw = [rng.standard_normal(getattr(expected, name).shape) for name in NAMES]
        if all(_close(got[n], r, 1e-9) for n, r in zip(NAMES, raw, strict=True)):
            cause = (
                "they are not divided by sqrt(d_model): std 1 / sqrt(fan_in) keeps x @ w of unit "
                "scale"
            )
        elif _close(got["w_q"], expected.w_q, 1e-9):
            cause = (
                "w_q is right but the others are not: draw w_k, then w_v, then w_o, in that "
                "order, from the same rng"
            )
        else:
            cause = (
                "rng = np.random.default_rng(seed); then w_q, w_k, w_v, w_o in that order, each "
                "rng.standard_normal((d_model, width)) / np.sqrt(d_model)"
            )  # fmt: skip
        wrong = next(n for n in NAMES if not _close(got[n], getattr(expected, n), INIT_TOLERANCE))
        raise AssertionError(
            f"{made}: {wrong} differs from the stated initialisation (tolerance "
            f"{INIT_TOLERANCE:g}); expected {wrong}[0] = {_shown(getattr(expected, wrong)[0])}, "
            f"got {_shown(got[wrong][0])}: {cause}"
        )
    assert not np.allclose(
        np.asarray(Candidate(8, 2, seed=1).w_q, dtype=float), Candidate(8, 2, seed=2).w_q
    ), "seed=1 and seed=2 gave the same w_q: draw from np.random.default_rng(seed)"


def test_head_counts_that_do_not_divide_raise_value_error(Candidate):
    """d_model not divisible by n_heads, or n_kv_heads not a divisor of n_heads, raises ValueError"""
    for args, why in (
        ((10, 4, None), "d_model=10 is not divisible by n_heads=4"),
        ((12, 4, 3), "n_kv_heads=3 does not divide n_heads=4"),
        ((12, 6, 4), "n_kv_heads=4 does not divide n_heads=6"),
        ((8, 4, 8), "n_kv_heads=8 does not divide n_heads=4 (more kv heads than query heads)"),
    ):
        try:
            Candidate(*args)
        except ValueError:
            continue
        except NotImplementedError:
            raise
        except Exception as error:  # noqa: BLE001 - named in the message
            raise AssertionError(
                f"MultiHeadAttention{args} raised {type(error).__name__} ({error}), not "
                f"ValueError: {why}; check it in __init__ and raise ValueError"
            ) from None
        raise AssertionError(
            f"MultiHeadAttention{args} did not raise ValueError: {why}. Check d_model % n_heads "
            "== 0 and n_heads % n_kv_heads == 0 in __init__"
        )


def test_forward_returns_the_shape_of_x(Candidate):
    """forward(x) returns (batch, seq, d_model), the shape of x, with causal=False and True (GQA too)"""
    for d_model, n_heads, n_kv_heads in SHAPE_CASES:
        model = Candidate(d_model, n_heads, n_kv_heads)
        for causal in (False, True):
            forward(model, draw_x(0, 3, 5, d_model), causal)


CONFIGS = {0: (2, 5, 12, 3), 1: (3, 6, 16, 4), 2: (1, 7, 24, 6)}  # batch, seq, d_model, n_heads


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_matches_the_reference(Candidate, seed):
    """the output matches the reference with weights assigned after construction (causal=False and True)"""
    batch, seq, d_model, n_heads = CONFIGS[seed]
    w = draw_weights(seed, d_model, n_heads, scale=1.5)
    x = draw_x(seed, batch, seq, d_model)
    what = f"with (batch, seq, d_model, n_heads) = {CONFIGS[seed]}"
    for causal in (False, True):
        expect_reference(Candidate, d_model, n_heads, None, w, x, causal, what)


def test_one_head_is_attention_followed_by_w_o(Candidate):
    """with n_heads=1, the output is softmax(q k^T / sqrt(d_model)) v @ w_o: single-head attention, then w_o"""
    d_model = 6
    w = draw_weights(3, d_model, 1, scale=1.5)
    x = draw_x(3, 2, 5, d_model)
    for causal in (False, True):
        got = forward(build(Candidate, d_model, 1, None, w), x, causal)
        q, k, v = x @ w["w_q"], x @ w["w_k"], x @ w["w_v"]
        scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d_model)
        if causal:
            scores = np.where(np.tril(np.ones((5, 5), dtype=bool)), scores, -np.inf)
        e = np.exp(scores - scores.max(axis=-1, keepdims=True))
        attended = e / e.sum(axis=-1, keepdims=True) @ v
        if _close(got, attended @ w["w_o"]):
            continue
        if _close(got, attended, 1e-6):
            cause = "the output projection is missing: multiply the merged heads by w_o"
        else:
            cause = diagnosis(got, x, w, 1, None, causal, d_model)
        raise AssertionError(
            f"with n_heads=1 (causal={causal}) the output is not single-head attention "
            f"softmax(x w_q (x w_k)^T / sqrt({d_model})) x w_v followed by @ w_o (tolerance "
            f"{TOLERANCE:g}). {cause}"
        )


def test_head_h_uses_columns_h_times_d_head(Candidate):
    """head h reads columns h*d_head:(h+1)*d_head of w_q, w_k, w_v and fills those columns before w_o"""
    d_model, n_heads, d_head, seq = 12, 3, 4, 6
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, seq, d_model))
    # Only head 1 has query and key weights: heads 0 and 2 get scores 0, a uniform average.
    w_q, w_k = np.zeros((d_model, d_model)), np.zeros((d_model, d_model))
    w_q[:, 4:8] = 2 * rng.standard_normal((d_model, d_head))
    w_k[:, 4:8] = 2 * rng.standard_normal((d_model, d_head))
    eye = np.eye(d_model)  # v = x, and w_o = I shows the merged heads as they are
    w = {"w_q": w_q, "w_k": w_k, "w_v": eye, "w_o": eye}
    got = forward(build(Candidate, d_model, n_heads, None, w), x)
    expected = reference(w, d_model, n_heads, None, x)
    if _close(got, expected):
        return
    cause = diagnosis(got, x, w, n_heads, None, False, d_model)
    for h in range(n_heads):
        block = slice(h * d_head, (h + 1) * d_head)
        if not _close(got[..., block], expected[..., block]):
            role = (
                "head 1 (the only head with query and key weights)"
                if h == 1
                else f"head {h}, whose query weights are 0, so it averages its values uniformly"
            )
            raise AssertionError(
                f"with w_v = w_o = identity, columns {h * d_head}:{(h + 1) * d_head} of the output "
                f"must be {role}: the mean over the keys of x[..., {h * d_head}:{(h + 1) * d_head}]"
                f"{' weighted by its attention' if h == 1 else ''}; got other values (e.g. "
                f"{_shown(got[0, 0, block])} for {_shown(expected[0, 0, block])}). {cause}"
            )
    raise AssertionError(f"the output differs from the reference. {cause}")


def test_scores_are_divided_by_sqrt_d_head(Candidate):
    """the scores are divided by sqrt(d_head), not sqrt(d_model) (d_model=64, 4 heads: sqrt(16) = 4, not 8)"""
    d_model, n_heads = 64, 4
    w = draw_weights(4, d_model, n_heads)
    x = draw_x(4, 2, 5, d_model)
    expect_reference(Candidate, d_model, n_heads, None, w, x, False, "with d_model=64, n_heads=4")


def test_equal_values_give_that_value_everywhere(Candidate):
    """when every token has the same value vector, every output row is that value @ w_o: each query's weights sum to 1 over the keys"""
    d_model, n_heads = 8, 2
    w = draw_weights(5, d_model, n_heads, scale=2.0)
    w["w_v"] = np.zeros((d_model, d_model))
    w["w_v"][0] = np.random.default_rng(5).standard_normal(d_model)  # v reads x[..., 0] alone
    x = draw_x(5, 2, 6, d_model)
    x[..., 0] = 1.0  # so every token's value vector is w_v[0]
    expected = w["w_v"][0] @ w["w_o"]
    for causal in (False, True):
        got = forward(build(Candidate, d_model, n_heads, None, w), x, causal)
        if np.allclose(got, expected, rtol=0, atol=TOLERANCE):
            continue
        cause = diagnosis(got, x, w, n_heads, None, causal, d_model)
        if cause == USUAL_CAUSES:
            cause = (
                "Each query's weights must be a softmax over the keys (the last axis of the "
                "scores), summing to 1, so averaging equal values gives that value"
            )
        raise AssertionError(
            f"every token has the same value vector v, yet (causal={causal}) the output at "
            f"position 0 is {_shown(got[0, 0])}, not v @ w_o = {_shown(expected)}. {cause}"
        )


def test_causal_output_ignores_later_tokens(Candidate):
    """with causal=True, the output at position t does not change when the tokens after t change"""
    d_model, n_heads, n_kv_heads, seq = 12, 4, 2, 7
    w = draw_weights(6, d_model, n_heads, n_kv_heads, scale=1.5)
    x = draw_x(6, 2, seq, d_model)
    before = forward(build(Candidate, d_model, n_heads, n_kv_heads, w), x, True)
    for t in (0, 3, 5):
        changed = x.copy()
        changed[:, t + 1 :] = 5 * np.random.default_rng(t).standard_normal(
            changed[:, t + 1 :].shape
        )
        after = forward(build(Candidate, d_model, n_heads, n_kv_heads, w), changed, True)
        if _close(after[:, : t + 1], before[:, : t + 1]):
            continue
        cause = diagnosis(before, x, w, n_heads, n_kv_heads, True, d_model)
        if cause == USUAL_CAUSES:
            cause = (
                "Position i may attend to j <= i only: keep the scores where "
                "np.tril(np.ones((seq, seq), dtype=bool)) is True, set the others to -inf"
            )
        raise AssertionError(
            f"with causal=True, changing the tokens after position {t} changed the output at "
            f"positions 0..{t} (by up to {np.abs(after - before)[:, : t + 1].max():.3g}): "
            f"information flows from later tokens. {cause}"
        )


def test_causal_first_token_attends_only_to_itself(Candidate):
    """with causal=True, the output at position 0 is token 0's own value @ w_o (the diagonal is allowed)"""
    d_model, n_heads = 12, 3
    w = draw_weights(8, d_model, n_heads, scale=1.5)
    x = draw_x(8, 2, 5, d_model)
    got = forward(build(Candidate, d_model, n_heads, None, w), x, True, finite=False)
    expected = x[:, 0] @ w["w_v"] @ w["w_o"]
    if np.isnan(got[:, 0]).any():
        cause = (
            "It is NaN: query 0 has no key left, so the causal mask hides the diagonal too "
            "(np.triu(..., k=0) as the mask, or np.tril(..., k=-1) as the allowed keys)"
        )
    else:
        cause = diagnosis(got, x, w, n_heads, None, True, d_model)
        if cause == USUAL_CAUSES:
            cause = (
                "Query 0 may see key 0 only, itself: the allowed keys are np.tril(np.ones((seq, "
                "seq), dtype=bool)), diagonal included"
            )
    assert _close(got[:, 0], expected), (
        f"with causal=True, the output at position 0 must be x[:, 0]'s value vector through w_o, "
        f"{_shown(expected[0])}; got {_shown(got[0, 0])}. {cause}"
    )
    expect_reference(Candidate, d_model, n_heads, None, w, x, True, "with n_heads=3")


def test_n_kv_heads_equal_to_n_heads_is_standard_mha(Candidate):
    """n_kv_heads=n_heads gives exactly the output of standard multi-head attention (n_kv_heads=None)"""
    d_model, n_heads = 16, 4
    w = draw_weights(9, d_model, n_heads, scale=1.5)
    x = draw_x(9, 2, 6, d_model)
    for causal in (False, True):
        gqa = forward(build(Candidate, d_model, n_heads, n_heads, w), x, causal)
        mha = forward(build(Candidate, d_model, n_heads, None, w), x, causal)
        assert _close(gqa, mha), (
            f"n_kv_heads={n_heads} and n_kv_heads=None give different outputs (causal={causal}): "
            "with as many kv heads as query heads, query head h uses kv head h, which is standard "
            "multi-head attention"
        )
    expect_reference(Candidate, d_model, n_heads, n_heads, w, x, True, "with n_kv_heads=n_heads")


GQA_CASES = {"n_heads=4, n_kv_heads=2": (16, 4, 2), "n_heads=6, n_kv_heads=3": (12, 6, 3),
             "n_heads=8, n_kv_heads=2": (32, 8, 2)}  # fmt: skip


@pytest.mark.parametrize("case", GQA_CASES)
def test_gqa_equals_mha_with_repeated_kv_columns(Candidate, case):
    """grouped-query attention equals MHA whose w_k, w_v repeat each kv head's columns for its group (query head h uses kv head h // (n_heads // n_kv_heads))"""
    d_model, n_heads, n_kv_heads = GQA_CASES[case]
    w = draw_weights(10 + n_heads, d_model, n_heads, n_kv_heads, scale=1.5)
    x = draw_x(10 + n_heads, 2, 6, d_model)
    wide = spread_kv_columns(w, n_heads, n_kv_heads)
    for causal in (False, True):
        got = forward(build(Candidate, d_model, n_heads, n_kv_heads, w), x, causal)
        expected = reference(wide, d_model, n_heads, None, x, causal)
        if _close(got, expected):
            continue
        raise AssertionError(
            f"with {case} (causal={causal}), the output is not that of standard multi-head "
            "attention whose w_k and w_v hold, for query head h, the columns of kv head "
            "h // (n_heads // n_kv_heads) (within "
            f"{TOLERANCE:g}). {diagnosis(got, x, w, n_heads, n_kv_heads, causal, d_model)}"
        )


def test_mqa_one_kv_head_serves_every_query_head(Candidate):
    """n_kv_heads=1 (multi-query attention): w_k and w_v are (d_model, d_head) and every query head uses that one kv head"""
    d_model, n_heads = 16, 4
    w = draw_weights(11, d_model, n_heads, 1, scale=1.5)
    x = draw_x(11, 2, 6, d_model)
    wide = spread_kv_columns(w, n_heads, 1)
    for causal in (False, True):
        got = forward(build(Candidate, d_model, n_heads, 1, w), x, causal)
        expected = reference(wide, d_model, n_heads, None, x, causal)
        assert _close(got, expected), (
            f"with n_heads=4 and n_kv_heads=1 (causal={causal}), the output is not that of "
            "multi-head attention whose four heads all use the one key and value head (within "
            f"{TOLERANCE:g}). {diagnosis(got, x, w, n_heads, 1, causal, d_model)}"
        )


def test_batch_items_are_independent(Candidate):
    """each sequence of the batch gets what forward on that sequence alone gives (GQA, causal)"""
    d_model, n_heads, n_kv_heads = 12, 6, 2
    w = draw_weights(12, d_model, n_heads, n_kv_heads, scale=1.5)
    x = draw_x(12, 4, 5, d_model)
    x[2] *= 20  # one sequence with large scores must not change the others
    model = build(Candidate, d_model, n_heads, n_kv_heads, w)
    together = forward(model, x, True)
    for b in range(4):
        alone = forward(model, x[b : b + 1], True)
        assert _close(together[b], alone[0]), (
            f"sequence {b} gets another output in the batch than alone: the sequences must not "
            "mix (take the softmax's max and sum over axis=-1 with keepdims=True, not over the "
            "whole array; keep the batch axis first when splitting and merging the heads)"
        )


def test_large_inputs_stay_finite_and_exact(Candidate):
    """x scaled by 100 (scores around 1e4): no overflow warning, no NaN, and the reference's output"""
    d_model, n_heads, n_kv_heads = 16, 4, 2
    w = draw_weights(13, d_model, n_heads, n_kv_heads)
    x = draw_x(13, 2, 5, d_model, scale=100.0)
    model = build(Candidate, d_model, n_heads, n_kv_heads, w)
    for causal in (False, True):
        with (
            warnings.catch_warnings(record=True) as caught,
            np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"),
        ):
            warnings.simplefilter("always", RuntimeWarning)
            forward(model, x, causal, finite=False)
        numeric = [each for each in caught if issubclass(each.category, RuntimeWarning)]
        assert not numeric, (
            f"scores around 1e4 (causal={causal}) made numpy warn: {str(numeric[0].message)!r}. "
            "The softmax went through inf: subtract each row's maximum from the scores before "
            "np.exp (scores.max(axis=-1, keepdims=True)), so every exponent is <= 0"
        )
        expect_reference(
            Candidate, d_model, n_heads, n_kv_heads, w, x, causal, "with x scaled by 100"
        )


def test_inputs_are_not_modified(Candidate):
    """forward modifies neither x nor the weights"""
    d_model, n_heads, n_kv_heads = 12, 4, 2
    w = draw_weights(14, d_model, n_heads, n_kv_heads)
    x = draw_x(14, 2, 5, d_model)
    model = build(Candidate, d_model, n_heads, n_kv_heads, w)
    given = x.copy()
    model.forward(given, causal=True)
    assert unchanged([given], [x]), (
        "forward changed the x passed in (e.g. x /= ..., or writing into a view of it); work on "
        "new arrays"
    )
    for name in NAMES:
        assert np.array_equal(getattr(model, name), w[name]), (
            f"forward changed self.{name}: the weights are read, never written, by forward"
        )


def test_uses_only_numpy_and_the_standard_library(Candidate, task_rules):
    """uses only numpy and the standard library (the task's rule)"""
    x = draw_x(15, 2, 4, 8)
    check_numpy_only(
        Candidate, task_rules, args=(8, 4, 2), use=lambda model: model.forward(x, causal=True)
    )
