"""Checks of the `kv_cache` exercise: incremental decoding with a KV cache equals the full pass.

The grader writes its own weights into w_q, w_k, w_v and w_o (the initialisation has a check of
its own), so every other check compares the candidate with the reference at the same weights.
The point of the exercise is one identity: stepping a sequence through `step`, one token or a
few at a time, gives at every position what one causal `forward` over the whole sequence gives.
Both are the same sums in another order, so they must agree within 1e-9. Beyond that the checks
look at the cache itself: it grows by t_new at each step, holds exactly the projected keys and
values, is what `step` attends to (the grader swaps in another prompt's cache, as prefix caching
does), is the only state that grows, and `reset` empties it. When outputs differ, the checks
replay the classic mistakes (a replaced cache, an unshifted or missing mask in a prefill, the
scores over sqrt(d_model), heads split by a bare reshape) and name the one that matches.

PYTEST_DONT_REWRITE
"""

from collections.abc import Mapping

import numpy as np
import pytest

from llmprep.exercises.checks._rules import check_numpy_only
from llmprep.exercises.checks._support import SEEDS, unchanged
from llmprep.solutions.kv_cache import CachedSelfAttention as Reference

TOLERANCE = 1e-9  # on outputs (absolute, or relative above 1): step against forward, or reference
CACHE_TOLERANCE = 1e-10  # on k_cache and v_cache against the projected keys and values
INIT_TOLERANCE = 1e-12  # on the initial weights: the same draws from default_rng(seed)
WEIGHTS = ("w_q", "w_k", "w_v", "w_o")
SHAPES = {0: (2, 7, 8, 2), 1: (3, 9, 12, 3), 2: (1, 10, 16, 4)}  # batch, seq, d_model, n_heads
# The steps each seed's sequence is cut into: a prefill, then single tokens and a few short chunks.
CHUNKS = {0: (4, 1, 1, 1), 1: (3, 2, 1, 3), 2: (6, 1, 1, 2)}


def problem(seed, batch=None, seq=None, d_model=None, n_heads=None):
    """A sequence x (batch, seq, d_model) and the grader's weights {name: (d_model, d_model)}."""
    shape = dict(zip(("batch", "seq", "d_model", "n_heads"), SHAPES[seed % 3], strict=True))
    given = {"batch": batch, "seq": seq, "d_model": d_model, "n_heads": n_heads}
    shape |= {name: value for name, value in given.items() if value is not None}
    rng = np.random.default_rng(40 + seed)
    x = 1.5 * rng.standard_normal((shape["batch"], shape["seq"], shape["d_model"]))
    scale = 1.5 / np.sqrt(shape["d_model"])  # softmaxes neither uniform nor one-hot
    weights = {name: scale * rng.standard_normal((shape["d_model"],) * 2) for name in WEIGHTS}
    return x, weights, shape["n_heads"]


def build(Candidate, weights, n_heads):  # noqa: N803
    """The candidate's layer with the grader's weights written into its attributes."""
    d_model = len(weights["w_q"])
    model = Candidate(d_model, n_heads, seed=0)
    for name, value in weights.items():
        setattr(model, name, value.copy())
    return model


def reference(weights, n_heads):
    model = Reference(len(weights["w_q"]), n_heads)
    for name, value in weights.items():
        setattr(model, name, value.copy())
    return model


def _close(got, expected, tolerance=TOLERANCE):
    return bool(np.all(np.abs(got - expected) <= tolerance * np.maximum(1.0, np.abs(expected))))


def outputs(result, shape, method):
    """`result` as a float array of `shape`; a failed check says what is wrong with it."""
    assert result is not None, f"{method} returned None; it must return an array of shape {shape}"
    array = np.asarray(result, dtype=float)
    assert array.shape == shape, (
        f"{method} must return one d_model-vector per token it was given, shape (batch, tokens, "
        f"d_model) = {shape}; got {array.shape}. Merge the heads back: (batch, n_heads, tokens, "
        "d_head) -> transpose(0, 2, 1, 3) -> reshape(batch, tokens, d_model), then @ w_o"
    )
    bad = np.count_nonzero(~np.isfinite(array))
    assert not bad, (
        f"{method} returned {bad} NaN or infinite values: subtract each row's maximum score "
        "before np.exp, and mask with -inf only the keys after the query (a token always sees "
        "itself, so no row is all -inf)"
    )
    return array


def cache_length(model):
    """model.cache_len as an int (a property or a plain attribute), checked to be one."""
    length = model.cache_len
    if callable(length):
        raise AssertionError(
            "cache_len must be a read-only property (or an attribute) holding an int, not a "
            "method: put @property above `def cache_len(self)`"
        )
    assert isinstance(length, int | np.integer) and not isinstance(length, bool), (
        f"cache_len must be an int, the number of cached positions; got {length!r}"
    )
    return int(length)


# -- replaying the right computation and the classic mistakes -------------------------------------


def _heads(x, w, n_heads, bare_reshape=False):
    """x @ w split into heads, (batch, n_heads, seq, d_head); bare_reshape replays the mistake."""
    batch, seq, d_model = x.shape
    projected = x @ w
    if bare_reshape:
        return projected.reshape(batch, n_heads, seq, d_model // n_heads)
    return projected.reshape(batch, seq, n_heads, d_model // n_heads).transpose(0, 2, 1, 3)


def _attention(x_new, x_seen, weights, n_heads, allowed, scale=None, bare_reshape=False):
    """Outputs of x_new's queries over the keys and values of x_seen under `allowed` (t, n)."""
    q = _heads(x_new, weights["w_q"], n_heads, bare_reshape)
    k = _heads(x_seen, weights["w_k"], n_heads, bare_reshape)
    v = _heads(x_seen, weights["w_v"], n_heads, bare_reshape)
    scale = np.sqrt(q.shape[-1]) if scale is None else scale
    scores = np.where(allowed, q @ np.swapaxes(k, -1, -2) / scale, -np.inf)
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    heads = (e / e.sum(axis=-1, keepdims=True)) @ v
    batch, t, d_model = x_new.shape
    if bare_reshape:
        return heads.reshape(batch, t, d_model) @ weights["w_o"]
    return heads.transpose(0, 2, 1, 3).reshape(batch, t, d_model) @ weights["w_o"]


def _step_mistakes(x, start, t, weights, n_heads):
    """{advice: what a step of tokens start..start+t-1 gives} for the classic cache mistakes."""
    new, seen = x[:, start : start + t], x[:, : start + t]
    n = start + t
    return {
        "your step attends to its new tokens only, as if the cache were empty: append the new "
        "keys and values to the cache (np.concatenate along axis 2), do not replace it": (
            _attention(new, new, weights, n_heads, np.tril(np.ones((t, t), dtype=bool)))
        ),
        "the step's causal mask is np.tril without its offset, so new token i sees keys 0..i "
        "only, not the cache. New token i sits at position cache_len + i and may see every key "
        "j <= cache_len + i: the mask must be shifted by cache_len (the length before the "
        "append)": _attention(new, seen, weights, n_heads, np.tril(np.ones((t, n), dtype=bool))),
        "the step has no causal mask among its new tokens, so a new token can see the new tokens "
        "after it. New token i may see key j only when j <= cache_len + i": (
            _attention(new, seen, weights, n_heads, np.ones((t, n), dtype=bool))
        ),
    }


def _forward_mistakes(x, weights, n_heads):
    """{advice: what forward gives} for the classic mistakes of multi-head attention."""
    seq, d_model = x.shape[1:]
    causal = np.tril(np.ones((seq, seq), dtype=bool))
    d_head = d_model // n_heads
    return {
        f"the scores are divided by sqrt(d_model) = {np.sqrt(d_model):.3g}, not by the width of "
        f"a head, sqrt(d_head) = sqrt({d_model} / {n_heads}) = {np.sqrt(d_head):.3g}": (
            _attention(x, x, weights, n_heads, causal, scale=np.sqrt(d_model))
        ),
        "the heads are split by a bare reshape to (batch, n_heads, seq, d_head), which puts "
        "parts of several positions in one head; reshape to (batch, seq, n_heads, d_head), then "
        "transpose(0, 2, 1, 3) (and back the same way before w_o)": (
            _attention(x, x, weights, n_heads, causal, bare_reshape=True)
        ),
        "there is no causal mask: position i may see positions j <= i only": (
            _attention(x, x, weights, n_heads, np.ones((seq, seq), dtype=bool))
        ),
    }


def _diagnosis(got, mistakes, fallback):
    for advice, replay in mistakes.items():
        if replay.shape == got.shape and _close(got, replay, 1e-6):
            return f"Your outputs are those of a known mistake: {advice}"
    return fallback


STEP_CAUSES = (
    "The usual causes: the cache replaced instead of appended to; the step's causal mask not "
    "shifted by cache_len (new token i sees key j when j <= cache_len + i, cache_len taken "
    "before the append); the queries of the new tokens attending to anything but the whole cache"
)


def decode(model, x, chunks, method="step"):
    """The candidate's step outputs for x cut into `chunks`, concatenated along the tokens."""
    pieces, start = [], 0
    for t in chunks:
        given = x[:, start : start + t].copy()
        pieces.append(outputs(model.step(given), given.shape, f"step on {t} token(s)"))
        start += t
    return np.concatenate(pieces, axis=1)


def expect_steps_match_forward(Candidate, x, weights, n_heads, chunks, what):  # noqa: N803
    """Stepping x in `chunks` gives the reference's forward(x) at every position."""
    model = build(Candidate, weights, n_heads)
    expected = reference(weights, n_heads).forward(x)
    start = 0
    for t in chunks:
        given = x[:, start : start + t].copy()
        got = outputs(model.step(given), given.shape, f"step on {t} token(s)")
        if not _close(got, expected[:, start : start + t]):
            error = np.abs(got - expected[:, start : start + t])
            b, i, _ = np.unravel_index(int(np.argmax(error)), error.shape)
            diagnosis = _diagnosis(got, _step_mistakes(x, start, t, weights, n_heads), STEP_CAUSES)
            own = np.asarray(build(Candidate, weights, n_heads).forward(x.copy()), dtype=float)
            if own.shape == expected.shape and not _close(own, expected):
                diagnosis = (
                    "Your forward differs from the reference as well, so the attention itself "
                    "is off, not only the cache: make 'forward matches the reference' pass "
                    f"first. {diagnosis}"
                )
            raise AssertionError(
                f"{what}: the step on positions {start}..{start + t - 1} (cache_len {start} "
                f"before it) differs from forward on the whole sequence, by up to {error.max():.3g} "
                f"(sequence {int(b)}, position {start + int(i)}; tolerance {TOLERANCE:g}). "
                f"{diagnosis}"
            )
        start += t
    return model


# -- the checks -------------------------------------------------------------------------------------


def test_initial_weights_follow_the_seeded_scheme_and_the_cache_starts_empty(Candidate):
    """w_q, w_k, w_v, w_o are drawn from default_rng(seed) in that order; a new layer's cache is empty"""
    drawn = {}
    for seed in SEEDS:
        model, expected = Candidate(12, 3, seed=seed), Reference(12, 3, seed=seed)
        for name in WEIGHTS:
            got = np.asarray(getattr(model, name), dtype=float)
            assert got.shape == (12, 12), (
                f"{name} must have shape (d_model, d_model) = (12, 12), got {got.shape}"
            )
            assert _close(got, getattr(expected, name), INIT_TOLERANCE), (
                f"with seed={seed}, {name} differs from the scheme: rng = "
                "np.random.default_rng(seed), then w_q, w_k, w_v, w_o in that order, each "
                "rng.standard_normal((d_model, d_model)) / np.sqrt(d_model), one rng for all four"
            )
        drawn[seed] = np.asarray(model.w_q, dtype=float)
        assert cache_length(model) == 0 and model.k_cache is None and model.v_cache is None, (
            "a new layer's cache must be empty: k_cache = v_cache = None and cache_len 0"
        )
    assert not np.array_equal(drawn[0], drawn[1]), "different seeds must give different weights"


def test_forward_returns_one_vector_per_token(Candidate):
    """forward(x) returns (batch, seq, d_model) and leaves the cache empty"""
    x, weights, n_heads = problem(0, batch=2, seq=5, d_model=6, n_heads=3)
    model = build(Candidate, weights, n_heads)
    outputs(model.forward(x), x.shape, "forward")
    assert cache_length(model) == 0 and model.k_cache is None, (
        "forward filled the cache: forward is the full pass without the cache; only step appends"
    )


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_forward_matches_the_reference(Candidate, seed):
    """forward matches the reference (causal multi-head attention with the grader's weights)"""
    x, weights, n_heads = problem(seed)
    got = outputs(build(Candidate, weights, n_heads).forward(x.copy()), x.shape, "forward")
    expected = reference(weights, n_heads).forward(x)
    if not _close(got, expected):
        error = np.abs(got - expected)
        at = tuple(int(i) for i in np.unravel_index(int(np.argmax(error)), error.shape))
        diagnosis = _diagnosis(
            got,
            _forward_mistakes(x, weights, n_heads),
            "The usual causes: the scores not divided by sqrt(d_head); head h not columns "
            "h * d_head to (h + 1) * d_head of x @ w; the heads not merged back in order before "
            "@ w_o; the causal mask (position i sees j <= i) missing or shifted; the weights not "
            "read from self.w_q, self.w_k, self.w_v, self.w_o at each call (the grader sets them)",
        )
        raise AssertionError(
            f"forward differs from the reference with (batch, seq, d_model, n_heads) = "
            f"{SHAPES[seed]}: at (sequence, position, feature) = {at} expected "
            f"{expected[at]:.6g}, got {got[at]:.6g} (tolerance {TOLERANCE:g}). {diagnosis}"
        )


def test_forward_is_causal(Candidate):
    """forward's output at position t does not change when the tokens after t change"""
    x, weights, n_heads = problem(3)
    model = build(Candidate, weights, n_heads)
    before = outputs(model.forward(x.copy()), x.shape, "forward")
    for t in (0, 3, 5):
        changed = x.copy()
        changed[:, t + 1 :] = 3 * np.random.default_rng(t).standard_normal(
            changed[:, t + 1 :].shape
        )
        after = outputs(model.forward(changed), x.shape, "forward")
        assert _close(after[:, : t + 1], before[:, : t + 1]), (
            f"changing the tokens after position {t} changed forward's output at positions "
            f"0..{t}: a position is looking ahead. Position i may attend to j <= i only: mask the "
            "scores above the diagonal with -inf (np.tril(np.ones((seq, seq), dtype=bool)) is "
            "the allowed part)"
        )


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_one_token_at_a_time_matches_forward(Candidate, seed):
    """stepping one token at a time gives forward's output at every position"""
    x, weights, n_heads = problem(seed)
    chunks = (1,) * x.shape[1]
    expect_steps_match_forward(Candidate, x, weights, n_heads, chunks, "one token per step")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_a_prefill_then_short_steps_match_forward(Candidate, seed):
    """a prefill of several tokens, then steps of one or more tokens, match forward"""
    x, weights, n_heads = problem(seed)
    chunks = CHUNKS[seed]
    expect_steps_match_forward(Candidate, x, weights, n_heads, chunks, f"steps of {chunks} tokens")


def test_the_cache_grows_by_t_new_and_holds_the_projected_keys_and_values(Candidate):
    """after each step, cache_len grows by t_new and k_cache, v_cache hold x @ w_k, x @ w_v split into heads"""
    x, weights, n_heads = problem(1, batch=2, seq=8, d_model=12, n_heads=3)
    model = build(Candidate, weights, n_heads)
    batch, _, d_model = x.shape
    total = 0
    for t in (3, 1, 2, 1, 1):
        model.step(x[:, total : total + t].copy())
        total += t
        length = cache_length(model)
        assert length != t or total == t, (
            f"after steps of {total - t} and then {t} tokens, cache_len is {t}, the last step's "
            "tokens alone: the cache was replaced, not appended to. Concatenate the new keys "
            "and values to the old ones along the positions axis (axis 2)"
        )
        assert length == total, (
            f"after steps of {total} tokens in all, cache_len must be {total}; got {length}"
        )
        for name, w in (("k_cache", "w_k"), ("v_cache", "w_v")):
            cached = getattr(model, name)
            expected = _heads(x[:, :total], weights[w], n_heads)
            assert cached is not None, f"{name} is None after a step: step must fill it"
            cached = np.asarray(cached, dtype=float)
            if cached.shape == (batch, total, d_model) and _close(cached, x[:, :total]):
                raise AssertionError(
                    f"{name} holds the inputs x themselves: cache the keys and values after the "
                    f"projection, {w[-1]} = x @ {w}, split into heads; caching x before the "
                    "projection means projecting every past token again at every step"
                )
            assert cached.shape == expected.shape, (
                f"{name} must have shape (batch, n_heads, cache_len, d_head) = {expected.shape}; "
                f"got {cached.shape}. Split x @ {w} into heads: reshape(batch, seq, n_heads, "
                "d_head).transpose(0, 2, 1, 3)"
            )
            assert _close(cached, expected, CACHE_TOLERANCE), (
                f"{name} must hold exactly x @ {w} of every token stepped so far, split into "
                f"heads, in order (within {CACHE_TOLERANCE:g}); it differs by up to "
                f"{np.abs(cached - expected).max():.3g}. Head h is columns h * d_head to (h + 1) * "
                "d_head of x @ w; append the new positions at the end of axis 2"
            )


def test_step_continues_from_the_cache_it_holds(Candidate):
    """step attends to whatever k_cache and v_cache hold (another prompt's cache, as prefix caching loads it)"""
    x, weights, n_heads = problem(2, batch=2, seq=8, d_model=8, n_heads=2)
    other = np.random.default_rng(9).standard_normal((2, 5, 8))
    given = x[:, 5:6].copy()
    # What the candidate's own layer gives for `other` followed by the token, stepped as usual.
    own = decode(build(Candidate, weights, n_heads), np.concatenate([other, given], axis=1), (5, 1))
    model = build(Candidate, weights, n_heads)
    decode(model, x, (5,))  # the cache of x's first 5 tokens
    model.k_cache = _heads(other, weights["w_k"], n_heads)  # replaced by the cache of `other`
    model.v_cache = _heads(other, weights["w_v"], n_heads)
    got = outputs(model.step(given), given.shape, "step on 1 token")
    assert _close(got, own[:, 5:]), (
        "the grader put the cache of another 5-token prompt into k_cache and v_cache (as prefix "
        "caching does), then stepped one token: its output must be what your layer gives for "
        "that prompt followed by the token, but differs from it by up to "
        f"{np.abs(got - own[:, 5:]).max():.3g}. step must read the past keys and values from "
        "self.k_cache and self.v_cache at each call, not recompute them from past inputs it "
        "kept (the work the cache exists to avoid), nor keep a private copy"
    )
    length = cache_length(model)
    assert length == 6, (
        f"after the grader's 5-position cache and a 1-token step, cache_len must be 6; got "
        f"{length}: step appends to the cache it finds in k_cache and v_cache, and cache_len is "
        "k_cache.shape[2]"
    )


def _held(value):
    """How many numbers `value` holds: arrays, and containers of arrays or numbers."""
    if isinstance(value, np.ndarray):
        return value.size
    if isinstance(value, str | bytes):
        return 0
    if isinstance(value, Mapping):
        return sum(_held(item) for item in value.values())
    if isinstance(value, list | tuple | set | frozenset) or type(value).__name__ == "deque":
        return sum(_held(item) if not isinstance(item, int | float) else 1 for item in value)
    return 0


def test_only_the_keys_and_values_grow_with_the_sequence(Candidate):
    """nothing but k_cache and v_cache grows with the sequence (no cached queries, no kept inputs)"""
    x, weights, n_heads = problem(0, batch=2, seq=12, d_model=8, n_heads=2)
    model = build(Candidate, weights, n_heads)
    decode(model, x[:, :4], (1,) * 4)
    skip = set(WEIGHTS) | {"k_cache", "v_cache"}
    before = {name: _held(value) for name, value in vars(model).items() if name not in skip}
    decode(model, x[:, 4:], (1,) * 8)
    after = {name: _held(value) for name, value in vars(model).items() if name not in skip}
    grown = [name for name in after if after[name] > before.get(name, 0)]
    assert not grown, (
        f"self.{grown[0]} grows with the sequence (from {before.get(grown[0], 0)} numbers after 4 "
        f"tokens to {after[grown[0]]} after 12): only k_cache and v_cache may grow. Past queries "
        "are never read again (each query is used at its own step only), and past inputs need "
        "not be kept, since their keys and values are already in the cache"
    )


def test_reset_empties_the_cache_for_a_new_sequence(Candidate):
    """reset empties the cache; a new sequence (another batch size) then gives what a new layer gives"""
    x, weights, n_heads = problem(1, batch=2, seq=6, d_model=12, n_heads=3)
    model = build(Candidate, weights, n_heads)
    decode(model, x, (4, 1, 1))
    model.reset()
    length = cache_length(model)
    cached = model.k_cache
    if cached is not None and np.size(cached) and not np.any(cached):
        raise AssertionError(
            "after reset, k_cache is all zeros: reset must empty the cache (k_cache = v_cache = "
            "None), not zero it. Zero keys still take part in the softmax (exp(0) = 1), so the "
            "new sequence would attend to them and their zero values"
        )
    assert length == 0 and (cached is None or np.shape(cached)[2] == 0), (
        f"after reset, cache_len must be 0 and k_cache None; got cache_len {length}: reset must "
        "set k_cache and v_cache back to None"
    )
    values = model.v_cache
    assert values is None or np.shape(values)[2] == 0, (
        f"after reset, v_cache still holds {np.shape(values)[2]} position(s) while k_cache is "
        "empty: reset must empty both, k_cache = v_cache = None"
    )
    other, _, _ = problem(2, batch=3, seq=5, d_model=12, n_heads=3)
    got = decode(model, other, (2, 1, 2))
    fresh = decode(build(Candidate, weights, n_heads), other, (2, 1, 2))
    assert _close(got, fresh), (
        "after reset, a new sequence of 3 items (the first had 2) does not give what a new layer "
        "of yours gives: something of the first sequence is left. reset must empty the cache, "
        "and step must keep nothing else between calls"
    )


def test_batch_items_are_independent(Candidate):
    """each sequence of a batch, decoded in steps, gets what it gets alone"""
    x, weights, n_heads = problem(2, batch=3, seq=6, d_model=8, n_heads=4)
    x[1] *= 10  # large scores in one sequence must not change the others
    together = decode(build(Candidate, weights, n_heads), x, (2, 1, 1, 2))
    for b in range(3):
        alone = decode(build(Candidate, weights, n_heads), x[b : b + 1], (2, 1, 1, 2))
        assert _close(together[b], alone[0]), (
            f"sequence {b} gets other outputs in a batch of 3 than alone: the sequences of a "
            "batch must not mix. Keep the batch axis first everywhere, take the softmax's max "
            "and sum over the last axis (keepdims=True), and concatenate the cache along axis 2"
        )


def test_forward_leaves_the_cache_alone(Candidate):
    """forward in the middle of decoding neither reads nor changes the cache"""
    x, weights, n_heads = problem(0, batch=2, seq=7, d_model=8, n_heads=2)
    other = np.random.default_rng(5).standard_normal((4, 9, 8))
    alone = outputs(build(Candidate, weights, n_heads).forward(other), other.shape, "forward")
    uninterrupted = decode(build(Candidate, weights, n_heads), x, (3, 1, 1, 2))
    model = build(Candidate, weights, n_heads)
    first = decode(model, x, (3,))
    kept = [np.array(model.k_cache, dtype=float), np.array(model.v_cache, dtype=float)]
    got = outputs(model.forward(other), other.shape, "forward")
    assert _close(got, alone), (
        "forward on a new sequence of 4 items, called while a cache of 2 items holds 3 "
        "positions, differs from forward on a new layer: forward must use only its own x, never "
        "the cache"
    )
    assert cache_length(model) == 3 and unchanged(kept, (model.k_cache, model.v_cache)), (
        "forward changed the cache: only step appends to it (and reset empties it)"
    )
    rest = decode(model, x[:, 3:], (1, 1, 2))
    assert _close(np.concatenate([first, rest], axis=1), uninterrupted), (
        "decoding with a forward call in the middle gives other outputs than decoding without "
        "it: forward must leave the cache (and anything step keeps) as it was"
    )


def test_inputs_are_not_modified(Candidate):
    """forward and step do not modify the arrays passed in"""
    x, weights, n_heads = problem(1, batch=2, seq=5, d_model=12, n_heads=3)
    model = build(Candidate, weights, n_heads)
    given = x.copy()
    model.forward(given)
    model.step(given[:, :3])
    model.step(given[:, 3:])
    assert unchanged([given], [x]), (
        "forward or step changed the array passed in (e.g. x /= ..., or x[...] = ... in place); "
        "work on new arrays"
    )


def test_uses_only_numpy_and_the_standard_library(Candidate, task_rules):
    """uses only numpy and the standard library (the task's rule)"""
    x, weights, n_heads = problem(0, batch=2, seq=4, d_model=8, n_heads=2)

    def use(model):
        model.forward(x)
        model.step(x[:, :2])
        model.step(x[:, 2:3])
        model.reset()

    check_numpy_only(Candidate, task_rules, use=use, args=(8, 2))
