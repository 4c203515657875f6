"""Checks of the `attention` exercise: the candidate's ScaledDotProductAttention against the reference.

Attention is a formula, so the output and the weights must match the reference to 1e-9 whatever
the order of the sums. Beyond that the checks assert what the maths gives: each row of weights is
a distribution over the keys, a masked key gets weight exactly 0, a causal output never depends
on later tokens, and a query with no allowed key gets zeros. The numerical checks use scores
around +-1e4, where exp overflows (or every exp underflows to 0) unless the row maximum is
subtracted first. When the weights differ from the reference, the checks replay the classic
mistakes (no 1 / sqrt(d_k), 1 / d_k, the softmax over the queries) and name the one they match.

PYTEST_DONT_REWRITE
"""

import numpy as np
import pytest

from llmprep.exercises.checks._numerics import numpy_warnings
from llmprep.exercises.checks._rules import check_numpy_only
from llmprep.exercises.checks._support import SEEDS, unchanged
from llmprep.solutions.attention import ScaledDotProductAttention as Reference
from llmprep.solutions.attention import masked_softmax

TOLERANCE = 1e-9  # on output and weights (absolute, or relative above 1)

NOT_FINITE = (
    "The usual causes: np.exp(scores) without subtracting each row's maximum first (exp(1e4) "
    "= inf, inf / inf = NaN), or masked scores set to -inf in a row with no allowed key (its "
    "maximum is -inf, and -inf - (-inf) = NaN)"
)


def draw(seed, batch, n_q, n_k, d_k, d_v, scale=1.0):
    """Random q, k, v: standard normal entries, q times `scale`."""
    rng = np.random.default_rng(seed)
    q = scale * rng.standard_normal((batch, n_q, d_k))
    return q, rng.standard_normal((batch, n_k, d_k)), rng.standard_normal((batch, n_k, d_v))


def right_padding(lengths, n):
    """A padding mask (len(lengths), n): row b is True for its first lengths[b] tokens."""
    return np.arange(n)[None, :] < np.asarray(lengths)[:, None]


# -- looking at what the candidate returned -------------------------------------------------------


def attend(Candidate, q, k, v, padding_mask=None, causal=False, finite=True):  # noqa: N803
    """(output, weights) of the candidate, checked to be two float arrays of the right shapes."""
    model = Candidate(causal=causal)
    if padding_mask is None:
        result = model.forward(q, k, v)
    else:
        result = model.forward(q, k, v, padding_mask=padding_mask)
    assert isinstance(result, tuple | list) and len(result) == 2, (
        "forward must return a pair (output, weights); got "
        f"{type(result).__name__}{'' if result is None else ' of shape ' + str(np.shape(result))}"
    )
    batch, n_q, n_k, d_v = q.shape[0], q.shape[1], k.shape[1], v.shape[2]
    output, weights = (np.asarray(part, dtype=float) for part in result)
    if output.shape == (batch, n_q, n_k) and weights.shape == (batch, n_q, d_v) and n_k != d_v:
        raise AssertionError(
            "forward returned (weights, output): return them as (output, weights), output of "
            f"shape (batch, n_q, d_v) = {(batch, n_q, d_v)} first"
        )
    assert output.shape == (batch, n_q, d_v), (
        f"output must have shape (batch, n_q, d_v) = {(batch, n_q, d_v)} (one d_v-vector per "
        f"query), got {output.shape}; it is weights @ v"
    )
    assert weights.shape == (batch, n_q, n_k), (
        f"weights must have shape (batch, n_q, n_k) = {(batch, n_q, n_k)} (one row per query, "
        f"one column per key), got {weights.shape}; the scores are q @ k.swapaxes(-1, -2), not "
        "q @ k.T (k.T reverses all three axes of a 3-d array)"
    )
    if finite:
        for name, array in (("weights", weights), ("output", output)):
            bad = np.count_nonzero(~np.isfinite(array))
            assert not bad, f"{name} holds {bad} NaN or infinite values. {NOT_FINITE}"
    return output, weights


def reference(q, k, v, padding_mask=None, causal=False):
    return Reference(causal=causal).forward(q, k, v, padding_mask)


def _close(got, expected, tolerance=TOLERANCE):
    return bool(np.all(np.abs(got - expected) <= tolerance * np.maximum(1.0, np.abs(expected))))


def _allowed(shape, padding_mask, causal, diagonal=0):
    """The task's mask of allowed (query, key) pairs; `diagonal` shifts the causal triangle."""
    allowed = np.ones(shape, dtype=bool)
    if padding_mask is not None:
        allowed &= np.asarray(padding_mask, dtype=bool)[:, None, :]
    if causal:
        allowed &= np.tril(np.ones(shape[-2:], dtype=bool), k=diagonal)
    return allowed


def _diagnosis(weights, q, k, padding_mask=None, causal=False):
    """Which replayed mistake gives the candidate's weights, else the usual causes."""
    dots = q @ np.swapaxes(k, -1, -2)
    d_k = q.shape[-1]
    allowed = _allowed(dots.shape, padding_mask, causal)
    replays = {
        "the scores are not divided by sqrt(d_k): softmax(q @ k^T / sqrt(d_k)). Without it "
        "the dot products grow like sqrt(d_k) and the softmax saturates": (dots, allowed),
        f"the scores are divided by d_k = {d_k}, not by sqrt(d_k) = {np.sqrt(d_k):g}": (
            dots / d_k,
            allowed,
        ),
    }
    if causal:
        replays["the causal mask hides the diagonal too: query i may see keys j <= i, itself "
                "included (np.tril with k=0)"] = (
            dots / np.sqrt(d_k), _allowed(dots.shape, padding_mask, causal, diagonal=-1),
        )  # fmt: skip
    for advice, (scores, mask) in replays.items():
        if _close(weights, masked_softmax(scores, mask), 1e-6):
            return f"Your weights are those of a known mistake: {advice}"
    if padding_mask is None and not causal:
        over_queries = masked_softmax(np.swapaxes(dots / np.sqrt(d_k), 1, 2), True)
        if _close(weights, np.swapaxes(over_queries, 1, 2), 1e-6):
            return (
                "Your weights are those of a known mistake: the softmax runs over the queries "
                "(axis 1); it must run over the keys, the last axis, so that each row of weights "
                "sums to 1"
            )
    return (
        "The usual causes: the scores are not q @ k^T / sqrt(d_k) (with d_k the last axis of q); "
        "the softmax is not over the last axis; a wrong mask: key j is allowed for query i when "
        "padding_mask[b, j] is True and, with causal=True, when j <= i (np.tril, diagonal "
        "included)"
    )


def expect_reference(Candidate, q, k, v, what, padding_mask=None, causal=False):  # noqa: N803
    """output and weights within TOLERANCE of the reference's."""
    output, weights = attend(Candidate, q, k, v, padding_mask, causal)
    expected_output, expected_weights = reference(q, k, v, padding_mask, causal)
    if not _close(weights, expected_weights):
        at = np.unravel_index(int(np.argmax(np.abs(weights - expected_weights))), weights.shape)
        diagnosis = _diagnosis(weights, q, k, padding_mask, causal)
        raise AssertionError(
            f"the weights differ from the reference {what}: at (batch, query, key) = "
            f"{tuple(int(i) for i in at)} expected {expected_weights[at]:.6g}, got "
            f"{weights[at]:.6g} (tolerance {TOLERANCE:g}). {diagnosis}"
        )
    if not _close(output, expected_output):
        at = np.unravel_index(int(np.argmax(np.abs(output - expected_output))), output.shape)
        raise AssertionError(
            f"the output differs from the reference {what}, though the weights match: at "
            f"{tuple(int(i) for i in at)} expected {expected_output[at]:.6g}, got "
            f"{output[at]:.6g}. The output is weights @ v, shape (batch, n_q, d_v)"
        )
    return output, weights


# -- the checks -------------------------------------------------------------------------------------


def test_forward_returns_output_and_weights_of_the_documented_shapes(Candidate):
    """forward returns (output, weights) of shapes (batch, n_q, d_v) and (batch, n_q, n_k)"""
    attend(Candidate, *draw(3, batch=2, n_q=3, n_k=5, d_k=4, d_v=6))


SHAPES = {0: (2, 3, 5, 4, 6), 1: (3, 7, 7, 8, 2), 2: (1, 1, 9, 16, 3)}  # batch, n_q, n_k, d_k, d_v


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_matches_the_reference_without_masks(Candidate, seed):
    """without masks, output and weights match the reference (d_v != d_k, n_q != n_k)"""
    shape = SHAPES[seed]
    q, k, v = draw(10 + seed, *shape, scale=2.0)
    names = "batch, n_q, n_k, d_k, d_v"
    expect_reference(Candidate, q, k, v, f"with ({names}) = {shape} and the default causal=False")


def test_each_row_of_weights_is_a_distribution_over_the_keys(Candidate):
    """each row of weights is non-negative and sums to 1 (no mask, causal, padding)"""
    q, k, v = draw(4, batch=3, n_q=6, n_k=6, d_k=5, d_v=2, scale=2.0)
    mask = right_padding([6, 4, 2], 6)
    for what, causal, padding in (
        ("without masks", False, None),
        ("with causal=True", True, None),
        ("with padding", False, mask),
    ):
        _, weights = attend(Candidate, q, k, v, padding, causal)
        assert (weights >= 0).all(), (
            f"{what}, some weights are negative ({weights.min():.3g}): weights are a softmax, "
            "exp(s) / sum(exp(s)), all >= 0"
        )
        sums = weights.sum(axis=-1)
        worst = np.unravel_index(int(np.argmax(np.abs(sums - 1))), sums.shape)
        assert np.allclose(sums, 1, atol=TOLERANCE), (
            f"{what}, the row of weights of (batch, query) = {tuple(int(i) for i in worst)} sums "
            f"to {sums[worst]:.6g}, not 1: the softmax runs over the keys (the last axis, "
            "keepdims=True when dividing by the sum), one distribution per query"
        )


def test_scores_are_divided_by_sqrt_d_k(Candidate):
    """the scores are q @ k^T / sqrt(d_k) (d_k=64: without the scaling the softmax saturates)"""
    q, k, v = draw(5, batch=2, n_q=4, n_k=6, d_k=64, d_v=3)
    expect_reference(Candidate, q, k, v, "with d_k=64")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_causal_matches_the_reference(Candidate, seed):
    """with causal=True, output and weights match the reference; weights above the diagonal are 0"""
    n = (4, 6, 8)[seed]
    q, k, v = draw(20 + seed, batch=2, n_q=n, n_k=n, d_k=4, d_v=3, scale=2.0)
    _, weights = attend(Candidate, q, k, v, causal=True)
    future = np.triu(np.ones((n, n), dtype=bool), k=1)
    leaked = np.argwhere(weights[:, future] != 0)
    assert not len(leaked), (
        f"with causal=True, {len(leaked)} weights above the diagonal are not 0 (key j > query "
        "i: the future). Allow key j for query i only when j <= i: "
        "np.tril(np.ones((n_q, n_k), dtype=bool)), and give the other scores -inf"
    )
    expect_reference(Candidate, q, k, v, f"with causal=True and n={n}", causal=True)


def test_causal_output_ignores_later_tokens(Candidate):
    """with causal=True, the output at position t does not change when the tokens after t change"""
    q, k, v = draw(6, batch=2, n_q=7, n_k=7, d_k=4, d_v=3, scale=2.0)
    before, _ = attend(Candidate, q, k, v, causal=True)
    for t in (0, 3, 5):
        changed = [array.copy() for array in (q, k, v)]
        rng = np.random.default_rng(t)
        for array in changed:
            array[:, t + 1 :] = 5 * rng.standard_normal(array[:, t + 1 :].shape)
        after, _ = attend(Candidate, *changed, causal=True)
        assert _close(after[:, : t + 1], before[:, : t + 1]), (
            f"with causal=True, changing the tokens after position {t} changed the output at "
            f"positions 0..{t} (by up to {np.abs(after - before)[:, : t + 1].max():.3g}): a "
            "query is looking at later keys. Query i may attend to keys j <= i only: the lower "
            "triangle, np.tril, not np.triu"
        )


def test_causal_first_query_attends_only_to_itself(Candidate):
    """with causal=True, query 0 puts weight 1 on key 0 (the diagonal is allowed)"""
    q, k, v = draw(7, batch=2, n_q=5, n_k=5, d_k=4, d_v=3)
    output, weights = attend(Candidate, q, k, v, causal=True)
    cause = (
        "Its row is all 0: the diagonal is masked too (np.tril(..., k=-1), or np.triu(..., k=0) "
        "taken as the allowed keys); query i may see keys j <= i, itself included"
        if not weights[:, 0].any()
        else "Query i may see keys j <= i only: for query 0, key 0 alone"
    )
    assert np.allclose(weights[:, 0], np.eye(5)[0], atol=TOLERANCE), (
        f"with causal=True, query 0 must put all its weight on key 0; got "
        f"{weights[0, 0].round(6).tolist()}. {cause}"
    )
    assert _close(output[:, 0], v[:, 0]), (
        "with causal=True, the output at position 0 must be v at position 0 (weight 1 on key 0)"
    )


def test_padding_keys_get_no_weight(Candidate):
    """padding keys get weight exactly 0, and the output is attention over the real keys alone"""
    q, k, v = draw(8, batch=3, n_q=6, n_k=6, d_k=4, d_v=3, scale=2.0)
    mask = np.array(
        [
            [True] * 6,
            [True, False, True, True, False, True],
            [True, True, True, False, False, False],
        ]
    )
    _, weights = attend(Candidate, q, k, v, mask)
    leaked = np.argwhere((weights != 0) & ~mask[:, None, :])
    if len(leaked):
        b, i, j = (int(x) for x in leaked[0])
        rows_masked = not weights[~mask].any()  # the rows of padding queries are all 0
        cause = (
            "You masked the queries (the rows of weights) instead of the keys (the columns): "
            "use padding_mask[:, None, :], so that every query ignores the same padding keys"
            if rows_masked
            else "A padding key's score must be -inf before the softmax (exp(-inf) = 0 exactly), "
            "for every query: allowed = padding_mask[:, None, :]"
        )
        raise AssertionError(
            f"{len(leaked)} weights on padding keys are not 0: e.g. query {i} of sequence {b} "
            f"gives key {j} (padding_mask False) weight {weights[b, i, j]:.3g}. {cause}"
        )
    output, _ = expect_reference(Candidate, q, k, v, "with padding masks", mask)
    for b in range(3):
        real = mask[b]
        expected, _ = reference(q[b : b + 1], k[b : b + 1, real], v[b : b + 1, real])
        assert _close(output[b], expected[0]), (
            f"the output of sequence {b} differs from attention over its {int(real.sum())} real "
            "keys alone (padding keys dropped): padding must act as if the keys were not there"
        )


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_padding_and_causal_together_match_the_reference(Candidate, seed):
    """padding and causal=True together match the reference (right padding)"""
    q, k, v = draw(30 + seed, batch=3, n_q=7, n_k=7, d_k=4, d_v=5, scale=2.0)
    lengths = ([7, 5, 2], [3, 7, 6], [1, 4, 7])[seed]
    mask = right_padding(lengths, 7)
    expect_reference(
        Candidate, q, k, v, f"with causal=True and lengths {lengths}", mask, causal=True
    )


def test_a_query_with_no_allowed_key_gets_zeros_never_nan(Candidate):
    """a query with no allowed key gets weights 0 and output 0, never NaN (all padding; causal + left padding)"""
    q, k, v = draw(9, batch=3, n_q=5, n_k=5, d_k=4, d_v=3, scale=2.0)
    cases = (
        ("sequence 1 is all padding", np.array([[True] * 5, [False] * 5, [True] * 3 + [False] * 2]), False),
        ("causal=True with left padding (queries 0 and 1 of sequence 1 see only padding)",
         np.array([[True] * 5, [False, False, True, True, True], [False] + [True] * 4]), True),
    )  # fmt: skip
    for what, mask, causal in cases:
        output, weights = attend(Candidate, q, k, v, mask, causal, finite=False)
        expected_output, expected_weights = reference(q, k, v, mask, causal)
        empty = ~expected_weights.any(axis=-1)  # (batch, query) rows with no allowed key
        rows = weights[empty]
        if np.isnan(rows).any() or np.isnan(output[empty]).any():
            raise AssertionError(
                f"{what}: a query with no allowed key got NaN. Setting every masked score to "
                "-inf makes its row all -inf: the row maximum is -inf and -inf - (-inf) = NaN (or "
                "the sum of exps is 0, and 0 / 0 = NaN). Such a row must get weights 0 and output "
                "0: e.g. replace a row maximum of -inf by 0 before subtracting it, and divide "
                "only where the sum is > 0 (np.divide(e, total, out=np.zeros_like(e), "
                "where=total > 0))"
            )
        n_k = weights.shape[-1]
        if len(rows) and np.allclose(rows, 1 / n_k):
            raise AssertionError(
                f"{what}: a query with no allowed key got uniform weights 1/{n_k} over keys it may "
                "not see. Filling masked scores with a large negative number (-1e9) leaves such a "
                "row's softmax uniform: its queries attend to padding. The row must get weights 0 "
                "and output 0"
            )
        assert not np.abs(rows).any() and not np.abs(output[empty]).any(), (
            f"{what}: a query with no allowed key must get weights 0 and output 0; got weights "
            f"{rows[0].round(6).tolist()}"
        )
        for name, got, expected in (
            ("weights", weights, expected_weights),
            ("output", output, expected_output),
        ):
            assert _close(got, expected), (
                f"{what}: the {name} of the queries that do have allowed keys differ from the "
                f"reference. {_diagnosis(weights, q, k, mask, causal)}"
            )


def no_numpy_warnings(action, what):
    """Run `action`; fail, naming it, if numpy warned of an overflow, a division by 0 or a NaN."""
    result, numeric = numpy_warnings(action)
    assert not numeric, (
        f"{what} made numpy warn: {str(numeric[0].message)!r}. The softmax went through inf or "
        "0 / 0: subtract each row's maximum (over its allowed keys) from the scores before "
        "np.exp, so that every exponent is <= 0 and the largest term is exp(0) = 1"
    )
    return result


def test_huge_scores_stay_finite_and_exact(Candidate):
    """scores around +-1e4 give no overflow warning, no NaN and the right weights"""
    q, k, v = draw(11, batch=2, n_q=3, n_k=4, d_k=4, d_v=3)
    q, k = 100 * q, 100 * k  # the scores q.k / 2 are about +-1e4
    q[1] = 100.0  # sequence 1: every score of every query is below -1e4
    k[1] = -np.arange(51.0, 55.0)[:, None] * np.ones(4)
    no_numpy_warnings(
        lambda: attend(Candidate, q, k, v, finite=False), "scores around +-1e4 (no mask)"
    )
    expect_reference(Candidate, q, k, v, "with scores around +-1e4 (no mask)")
    # causal: the later keys of each query have scores of 1e4, its own are small
    q2, k2, v2 = draw(12, batch=1, n_q=4, n_k=4, d_k=4, d_v=2)
    k2[0, 1:] += 2e4 * q2[0, 0] / (q2[0, 0] @ q2[0, 0])
    what = "causal=True with scores of 1e4 on the masked (later) keys"
    _, weights = no_numpy_warnings(
        lambda: attend(Candidate, q2, k2, v2, causal=True, finite=False), what
    )
    lost = ~np.isfinite(weights).all(axis=-1) | (weights.sum(axis=-1) == 0)
    assert not lost.any(), (
        f"{what}: query {int(np.argmax(lost[0]))} got NaN or all-zero weights, though it has "
        "allowed keys. The row maximum was taken over every key, the masked ones included: "
        "minus 1e4, every allowed score underflows to exp(-1e4) = 0. Take the maximum over the "
        "allowed keys only (mask with -inf first, then take the max)"
    )
    expect_reference(Candidate, q2, k2, v2, f"with {what}", causal=True)


def test_batch_elements_are_independent(Candidate):
    """each sequence of the batch gets what forward on that sequence alone gives"""
    q, k, v = draw(13, batch=4, n_q=5, n_k=5, d_k=3, d_v=2, scale=2.0)
    q[2] *= 30  # one sequence with large scores must not change the others
    mask = right_padding([5, 3, 4, 1], 5)
    output, weights = attend(Candidate, q, k, v, mask, causal=True)
    for b in range(4):
        alone, alone_weights = attend(
            Candidate, q[b : b + 1], k[b : b + 1], v[b : b + 1], mask[b : b + 1], causal=True
        )
        assert _close(weights[b], alone_weights[0]) and _close(output[b], alone[0]), (
            f"sequence {b} gets other weights in the batch than alone: the batch's sequences "
            "must not mix (take the max and the sum over axis=-1 with keepdims=True, not over "
            "the whole array)"
        )


def test_inputs_are_not_modified(Candidate):
    """does not modify q, k, v or padding_mask"""
    q, k, v = draw(14, batch=2, n_q=4, n_k=4, d_k=4, d_v=3)
    mask = right_padding([4, 2], 4)
    given = [array.copy() for array in (q, k, v, mask)]
    attend(Candidate, *given[:3], given[3], causal=True)
    assert unchanged(given, (q, k, v, mask)), (
        "forward changed the arrays passed in (e.g. q /= sqrt(d_k), or masked scores written "
        "into k, in place); work on new arrays"
    )


def test_uses_only_numpy_and_the_standard_library(Candidate, task_rules):
    """uses only numpy and the standard library (the task's rule)"""
    q, k, v = draw(15, batch=2, n_q=3, n_k=3, d_k=4, d_v=2)
    mask = right_padding([3, 2], 3)
    check_numpy_only(Candidate, task_rules, use=lambda model: model.forward(q, k, v, mask))
