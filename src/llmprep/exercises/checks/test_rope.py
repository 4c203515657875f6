"""Checks of the `rope` exercise: the candidate's RotaryEmbedding against the reference.

RoPE is a formula, so `frequencies` must match the reference to 1e-12 and `apply` to 1e-9
whatever the order of the operations. Beyond that the checks assert what the maths gives:
position 0 is the identity, a rotation keeps every vector's length, and the dot product of a
rotated query and a rotated key depends only on the offset between their positions. Those
properties hold for several classic mistakes too (turning by -angle, the GPT-NeoX pairing, wrong
frequencies), so the comparison with the reference replays them and names the one it sees.

PYTEST_DONT_REWRITE
"""

import numpy as np
import pytest

from llmprep.exercises.checks._rules import check_numpy_only
from llmprep.exercises.checks._support import SEEDS, unchanged
from llmprep.solutions.rope import RotaryEmbedding as Reference

TOLERANCE = 1e-9  # on apply's output (absolute, or relative above 1)
FREQUENCY_TOLERANCE = 1e-12  # relative, on frequencies()

INTERLEAVED = (
    "This exercise pairs the features as the RoFormer paper does (eq. 34): (x[..., 2i], "
    "x[..., 2i+1]), i = 0..dim/2-1, i.e. x[..., 0::2] with x[..., 1::2]"
)


def draw(seed, shape):
    return np.random.default_rng(seed).standard_normal(shape)


# -- looking at what the candidate returned -------------------------------------------------------


def frequencies_of(model, dim):
    theta = np.asarray(model.frequencies(), dtype=float)
    assert theta.shape == (dim // 2,), (
        f"frequencies() must have shape (dim // 2,) = ({dim // 2},), one per pair of features, "
        f"got {theta.shape}"
        + (
            ": i runs over the dim/2 pairs, i = 0..dim/2-1, not over all dim features"
            if theta.shape == (dim,)
            else ""
        )
    )
    return theta


def rotated(Candidate, x, positions, dim=None, base=None):  # noqa: N803
    """apply(x, positions) of a fresh candidate, checked to be a finite array of x's shape."""
    dim = x.shape[-1] if dim is None else dim
    model = Candidate(dim) if base is None else Candidate(dim, base=base)
    # The candidate works on copies, so that one which writes into x fails only the check that
    # x is not modified, and every other check still compares with the reference on the real x.
    out = model.apply(
        *(
            np.copy(given) if isinstance(given, np.ndarray) else list(given)
            for given in (x, positions)
        )
    )
    assert out is not None, "apply returned None; it must return the rotated array"
    out = np.asarray(out, dtype=float)
    assert out.shape == x.shape, (
        f"apply must return an array of the shape of x, {x.shape} (..., seq, dim), got "
        f"{out.shape}. Broadcast the angles, shape (seq, dim/2), against x[..., 0::2] and "
        "x[..., 1::2], shape (..., seq, dim/2), and write the results back into the even and odd "
        "features of a new array"
    )
    bad = np.count_nonzero(~np.isfinite(out))
    assert not bad, f"apply returned {bad} NaN or infinite values"
    return out


def _close(got, expected, tolerance=TOLERANCE):
    return bool(np.all(np.abs(got - expected) <= tolerance * np.maximum(1.0, np.abs(expected))))


def variant(x, positions, base=10000.0, *, pairs="interleaved", sign=1.0, shift=0, unit=1.0,
            exponent=2.0, overwrite=False):  # fmt: skip
    """RoPE as a classic mistake computes it: the other pairing, -angle, positions + shift, ...

    `positions=None` stands for np.arange(seq), the positions of a file that ignores them.
    """
    dim = x.shape[-1]
    if positions is None:
        positions = np.arange(x.shape[-2])
    theta = base ** (-exponent * np.arange(dim // 2) / dim)
    angles = sign * unit * (np.asarray(positions, dtype=float) + shift)[:, None] * theta
    cos, sin = np.cos(angles), np.sin(angles)
    if pairs == "half":  # GPT-NeoX: feature i with feature i + dim/2
        first, second = x[..., : dim // 2], x[..., dim // 2 :]
    else:
        first, second = x[..., 0::2], x[..., 1::2]
    a = first * cos - second * sin
    b = (a if overwrite else first) * sin + second * cos  # overwrite: `first` was written over
    if pairs != "interleaved":  # the NeoX layout, or interleaved pairs written out as [a, b]
        return np.concatenate([a, b], axis=-1)
    out = np.empty_like(x)
    out[..., 0::2], out[..., 1::2] = a, b
    return out


def _diagnosis(out, x, positions, base=10000.0):
    """Which replayed mistake gives the candidate's output, else the usual causes."""
    dim = x.shape[-1]
    replays = {
        "the features are paired i with i + dim/2 (the GPT-NeoX / Llama 'rotate half' layout). "
        f"{INTERLEAVED}": {"pairs": "half"},
        "every pair is turned by -angle (clockwise): out[2i] = x[2i] cos + x[2i+1] sin. The "
        "relative property holds for -angle too, so only this comparison catches it: use "
        "out[2i] = x[2i] cos - x[2i+1] sin, out[2i+1] = x[2i] sin + x[2i+1] cos": {"sign": -1.0},
        "the positions are shifted by 1 (counted from 1): use the positions as given, position 0 "
        "is the first token": {"shift": 1},
        "the angles are taken as degrees (converted with pi / 180): np.cos and np.sin take "
        "radians, and the angle is positions * theta_i as it is": {"unit": np.pi / 180},
        "the frequencies are base^(-i/dim): the exponent is -2i/dim, i = 0..dim/2-1 (np.arange"
        "(dim // 2) * 2 / dim, or np.arange(0, dim, 2) / dim)": {"exponent": 1.0},
        "the rotated pairs are written as [all first entries, all second entries]: write them "
        "back interleaved, out[..., 0::2] and out[..., 1::2]": {"pairs": "split-output"},
        "the second entry of each pair is computed from the already rotated first entry (x[..., "
        "0::2] is a view of the array written to): compute both new entries from the old ones "
        "before writing either": {"overwrite": True},
        "the positions argument is ignored and 0..seq-1 used instead: use positions[t] as the "
        "position of token t": {"positions": None},
    }
    if base != 10000.0:
        replays["the frequencies use base 10000 whatever the base argument: read self.base"] = {
            "base": 10000.0
        }
    for advice, mistake in replays.items():
        mistake = {"positions": positions, "base": base} | mistake
        if _close(out, variant(x, **mistake), 1e-6):
            return f"Your output is that of a known mistake: {advice}"
    expected = Reference(dim, base).apply(x, positions)
    half = dim // 2
    if np.allclose(out[..., half:], x[..., half:]) and not np.allclose(
        expected[..., half:], x[..., half:]
    ):
        return (
            f"Your output leaves the last dim/2 = {half} features unchanged: every one of the "
            f"dim/2 pairs must be rotated, so all {dim} features change (i runs over 0..dim/2-1)"
        )
    return (
        "The usual causes: frequencies other than theta_i = base^(-2i/dim); pairs other than "
        "(x[..., 2i], x[..., 2i+1]); the angle is not positions[t] * theta_i in radians; "
        "the second entry of a pair computed from the already rotated first one (x[..., 0::2] "
        "is a view: compute both new entries before writing either); float32 arithmetic"
    )


def expect_reference(Candidate, x, positions, what, base=None):  # noqa: N803
    """apply's output within TOLERANCE of the reference's."""
    out = rotated(Candidate, x, positions, base=base)
    expected = Reference(x.shape[-1], 10000.0 if base is None else base).apply(x, positions)
    if not _close(out, expected):
        at = np.unravel_index(int(np.argmax(np.abs(out - expected))), out.shape)
        diagnosis = _diagnosis(out, x, positions, 10000.0 if base is None else base)
        raise AssertionError(
            f"apply differs from the reference {what}: at index {tuple(int(i) for i in at)} "
            f"(position {int(positions[at[-2]])}, feature {int(at[-1])}) expected "
            f"{expected[at]:.6g}, got {out[at]:.6g} (tolerance {TOLERANCE:g}). {diagnosis}"
        )
    return out


# -- the checks -------------------------------------------------------------------------------------


def test_an_odd_dim_raises_value_error(Candidate):
    """RotaryEmbedding(dim) with an odd dim (3, 5, 7) raises ValueError; even dims are accepted"""
    for dim in (2, 4, 64):
        Candidate(dim)
    for dim in (3, 5, 7):
        try:
            Candidate(dim)
        except ValueError:
            continue
        except NotImplementedError:
            raise
        except Exception as error:  # noqa: BLE001 - any other exception is the wrong kind
            raise AssertionError(
                f"RotaryEmbedding({dim}) raised {type(error).__name__}, not ValueError: check "
                "`if dim % 2 != 0: raise ValueError(...)` (not an assert: python -O removes "
                "asserts, and the caller expects a ValueError)"
            ) from None
        raise AssertionError(
            f"RotaryEmbedding({dim}) must raise ValueError: features are rotated in pairs, so "
            "dim must be even. In __init__: if dim % 2 != 0: raise ValueError(...)"
        )


FREQUENCY_CASES = [(2, 10000.0), (8, 10000.0), (64, 10000.0), (128, 10000.0), (128, 500000.0),
                   (16, 100.0)]  # fmt: skip


def test_frequencies_are_base_to_the_minus_2i_over_dim(Candidate):
    """frequencies() is theta_i = base^(-2i/dim), i = 0..dim/2-1 (several dims; base 1e4, 5e5, 100)"""
    for dim, base in FREQUENCY_CASES:
        model = Candidate(dim) if base == 10000.0 else Candidate(dim, base=base)
        theta = frequencies_of(model, dim)
        i = np.arange(dim // 2)
        expected = base ** (-2.0 * i / dim)
        if np.allclose(theta, expected, rtol=FREQUENCY_TOLERANCE, atol=0):
            continue
        what = f"with dim={dim}, base={base:g}"
        replays = {
            "they are base^(-i/dim): the exponent is -2i/dim with i = 0..dim/2-1 (the pair's "
            "index), or equivalently -j/dim with j = 0, 2, 4, .. (np.arange(0, dim, 2))": base
            ** (-1.0 * i / dim),
            "they are 10000^(-2i/dim) whatever the base: read self.base": 10000.0
            ** (-2.0 * i / dim),
            "the exponent is +2i/dim: the frequencies must fall from theta_0 = 1, "
            "base^(-2i/dim)": base ** (2.0 * i / dim),
            "they start at i = 1 (base^(-2(i+1)/dim)): i = 0..dim/2-1, so theta_0 = 1": base
            ** (-2.0 * (i + 1) / dim),
        }
        advice = next(
            (
                f"Your frequencies are those of a known mistake: {text}"
                for text, replay in replays.items()
                if np.allclose(theta, replay, rtol=1e-9, atol=0)
            ),
            "theta_i = base ** (-2 * i / dim) for i = np.arange(dim // 2)",
        )
        at = int(np.argmax(np.abs(theta - expected) / expected))
        raise AssertionError(
            f"frequencies() {what}: theta_{at} must be {expected[at]:.10g}, got {theta[at]:.10g} "
            f"(relative tolerance {FREQUENCY_TOLERANCE:g}). {advice}"
        )


def test_position_zero_leaves_every_vector_unchanged(Candidate):
    """at position 0 apply is the identity (cos 0 = 1, sin 0 = 0), for every pair"""
    x = draw(1, (3, 4, 16))
    out = rotated(Candidate, x, np.zeros(4, dtype=int))
    if _close(out, x, 1e-12):
        return
    if _close(out, variant(x, np.zeros(4), shift=1), 1e-6):
        advice = (
            "Your output is x rotated for positions 1: use the positions as given (position 0 is "
            "the first token), do not add 1"
        )
    elif _close(out, variant(x, None), 1e-6):
        advice = (
            "Your output is x rotated for positions 0, 1, 2, 3: the positions argument is "
            "ignored; use positions[t] as the position of token t, not np.arange(seq)"
        )
    else:
        advice = (
            "The angle of pair i at position p is p * theta_i, so position 0 turns nothing; "
            "check the rotation: out[2i] = x[2i] cos - x[2i+1] sin, out[2i+1] = x[2i] sin + x[2i+1] "
            "cos"
        )
    worst = float(np.abs(out - x).max())
    raise AssertionError(
        f"with every position 0, apply must return x unchanged (within 1e-12); it changed it by "
        f"up to {worst:.3g}. {advice}"
    )


def test_pairs_are_interleaved_features_2i_and_2i_plus_1(Candidate):
    """pair i is (x[..., 2i], x[..., 2i+1]) as in the paper, not (x[i], x[i + dim/2]) as in NeoX"""
    dim = 8
    for feature in range(dim):
        x = np.zeros((1, dim))
        x[0, feature] = 1.0
        out = rotated(Candidate, x, np.array([1]))[0]
        partner = feature ^ 1  # 2i <-> 2i+1
        moved = sorted(int(j) for j in np.flatnonzero(np.abs(out) > 1e-9))
        if set(moved) <= {feature, partner} and abs(out[partner]) > 1e-6:
            continue
        neox = (feature + dim // 2) % dim
        if set(moved) <= {feature, neox} and abs(out[neox]) > 1e-6:
            cause = (
                f"it went into feature {neox} = {feature} +- dim/2: that is the GPT-NeoX / "
                "Llama half-split pairing (feature i with i + dim/2), a permutation of the same "
                f"idea. {INTERLEAVED}"
            )
        elif moved == [feature] and abs(out[feature] - 1) < 1e-9:
            cause = (
                "it came back unchanged, so this pair was not rotated at all: every pair i = "
                "0..dim/2-1 is rotated, all dim features"
            )
        elif moved == [feature]:
            cause = "it was only rescaled, not rotated into its partner"
        else:
            cause = f"{INTERLEAVED}, and only the two entries of a pair mix"
        raise AssertionError(
            f"with dim={dim} at position 1, the unit vector on feature {feature} must turn "
            f"within the pair ({min(feature, partner)}, {max(feature, partner)}): only features "
            f"{feature} and {partner} may be non-zero. Your output is non-zero at features "
            f"{moved}: {cause}"
        )


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_apply_matches_the_reference(Candidate, seed):
    """apply matches the reference on random x (2-, 3- and 4-d) and positions"""
    shape, positions = {
        0: ((5, 8), np.arange(5)),
        1: ((2, 6, 32), np.array([0, 3, 4, 17, 100, 2047])),
        2: ((2, 3, 4, 64), np.array([37, 38, 39, 40]) * 1000),
    }[seed]
    x = draw(10 + seed, shape)
    expect_reference(
        Candidate, x, positions, f"with x of shape {shape} and positions {positions.tolist()}"
    )


def test_base_sets_the_frequencies_apply_uses(Candidate):
    """apply with base=500000.0 (Llama 3's rope_theta) matches the reference"""
    x = draw(3, (2, 5, 16))
    positions = np.array([1, 10, 100, 1000, 10000])
    expect_reference(Candidate, x, positions, "with base=500000.0", base=500000.0)


def test_rotation_keeps_the_length_of_every_vector(Candidate):
    """every rotated vector has the length of x's (rotations are orthogonal), within 1e-9"""
    x = draw(4, (2, 3, 6, 16)) * 3.0
    positions = np.array([0, 1, 2, 5, 50, 999])
    out = rotated(Candidate, x, positions)
    before, after = np.linalg.norm(x, axis=-1), np.linalg.norm(out, axis=-1)
    worst = np.unravel_index(int(np.argmax(np.abs(after - before) / before)), before.shape)
    assert np.allclose(after, before, rtol=TOLERANCE, atol=0), (
        f"the vector at index {tuple(int(i) for i in worst)} (position "
        f"{int(positions[worst[-1]])}) has length {before[worst]:.9g} before apply and "
        f"{after[worst]:.9g} after: a rotation keeps lengths. The usual cause: the second entry "
        "of each pair is computed from the already rotated first entry (x[..., 0::2] is a view "
        "of the array written to; compute both new entries from the old ones before writing), "
        "or cos and sin are not of the same angle"
    )


SHIFTS = (1, 7, 100, 4096)
OFFSET_PAIRS = ((0, 0), (3, 1), (10, 25), (1000, 7))


def test_query_key_dot_product_depends_only_on_the_offset(Candidate):
    """<apply(q, m), apply(k, n)> depends only on m - n (shifts 1, 7, 100, 4096), and does change with it"""
    dim = 16
    q, k = draw(5, (2, dim))

    def score(m, n):
        rotated_q = rotated(Candidate, q[None], np.array([m]))[0]
        rotated_k = rotated(Candidate, k[None], np.array([n]))[0]
        return float(rotated_q @ rotated_k)

    for m, n in OFFSET_PAIRS:
        at = score(m, n)
        for shift in SHIFTS:
            moved = score(m + shift, n + shift)
            assert abs(moved - at) <= TOLERANCE * max(1.0, abs(at)), (
                f"the score of q at position {m} and k at position {n} is {at:.9g}, but moving "
                f"both by {shift} (to {m + shift} and {n + shift}) gives {moved:.9g}: the score "
                "must depend only on the offset m - n. The usual causes: q and k rotated with "
                "different frequencies or pairs, or a transform that is not a rotation by "
                "position * theta_i"
            )
    offsets = [score(0, n) for n in range(6)]
    assert max(offsets) - min(offsets) > 1e-3, (
        f"the score of q at position 0 and k at positions 0..5 is always {offsets[0]:.6g}: the "
        "positions make no difference. Use the positions argument as the angle of each token "
        "(not np.arange(seq), which is 0 for a single token), and rotate every pair"
    )


def test_any_leading_shape_works_like_one_sequence_at_a_time(Candidate):
    """x of shape (seq, dim), (batch, seq, dim) and (batch, heads, seq, dim) works like each sequence alone"""
    positions = np.array([2, 3, 5, 8, 13])
    x = draw(6, (2, 3, 5, 8))
    whole = rotated(Candidate, x, positions)
    for index in np.ndindex(2, 3):
        alone = rotated(Candidate, x[index], positions)
        assert _close(whole[index], alone), (
            f"the sequence (batch, head) = {index} of a (batch, heads, seq, dim) input is rotated "
            "differently from the same sequence given alone as (seq, dim): the positions run "
            "along axis -2 and the pairs along axis -1 whatever the leading axes. Index with "
            "x[..., 0::2] and broadcast angles of shape (seq, dim/2)"
        )
    three = rotated(Candidate, x[0], positions)
    assert _close(three, whole[0]), (
        "a (batch, seq, dim) input is rotated differently from the same data with a heads axis: "
        "use x[..., 0::2] and x[..., 1::2] (the ellipsis keeps every leading axis)"
    )


def test_inputs_are_not_modified(Candidate):
    """apply does not modify x or positions"""
    x = draw(7, (2, 4, 8))
    positions = np.array([0, 1, 2, 3])
    given = [x.copy(), positions.copy()]
    Candidate(8).apply(*given)
    assert unchanged(given, (x, positions)), (
        "apply changed the arrays passed in (e.g. x[..., 0::2] = ... written into x itself): "
        "write the rotated values into a new array, np.empty_like(x)"
    )


def test_uses_only_numpy_and_the_standard_library(Candidate, task_rules):
    """uses only numpy and the standard library (the task's rule)"""
    x = draw(8, (2, 3, 8))
    check_numpy_only(
        Candidate, task_rules, args=(8,), use=lambda model: model.apply(x, np.arange(3))
    )
