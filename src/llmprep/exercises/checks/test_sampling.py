"""Checks of the `sampling` exercise: the candidate's Sampler against the reference solution.

The task fixes the distribution completely (temperature, then top-k, then top-p on the
renormalised top-k tokens, ties to the smaller token id), so `probabilities` must match the
reference within 1e-12 on every logit vector. When it does not, the checks replay the classic
mistakes (the logits multiplied by T, the token that crosses top_p dropped, the nucleus taken
before the temperature...) and name the one the candidate's numbers match. The random logits'
top_p thresholds lie at least 1e-6 from every cumulative sum, so rounding never decides a token.

`sample` is not compared draw by draw (any correct way of drawing from the distribution with
the instance's generator is fine): its draws must stay inside the kept tokens, their
frequencies must be within 5 binomial standard deviations of the probabilities (fixed seeds, so
the check gives the same verdict every run), and a seed must give the same draws again.

PYTEST_DONT_REWRITE
"""

import warnings
from numbers import Integral

import numpy as np
import pytest

from llmprep.exercises.checks._numerics import numpy_warnings
from llmprep.exercises.checks._rules import check_numpy_only
from llmprep.exercises.checks._support import SEEDS
from llmprep.solutions import Sampler as Reference

TOLERANCE = 1e-12  # absolute, on every probability
SIGMAS = 5  # sample frequencies: |count - n p| <= 5 sqrt(n p (1 - p)) + 1 for every token
N_DRAWS = 10_000

WORKED = [2.0, 1.0, 0.5, -1.0]  # the question bank's worked example: about [0.61, 0.22, 0.14, 0.03]
# Random logits: 8, 50 and 200 tokens, as a model's would be, spread over several units.
LOGITS = {
    seed: np.random.default_rng(100 + seed).normal(0.0, 2.0, size=(8, 50, 200)[seed])
    for seed in SEEDS
}
TOP_PS = (0.5, 0.9, 0.95)
TEMPERATURES = (0.25, 0.5, 2.0, 5.0)
CAUSES = (
    "The usual causes: the softmax of logits / T (divide, do not multiply); top-k not the k "
    "most probable tokens; the nucleus not the smallest set whose probability reaches top_p (a "
    "token is kept while the tokens ranked above it hold less than top_p); the nucleus taken "
    "before the temperature, or over the whole vocabulary instead of the renormalised top-k "
    "tokens; ties not going to the smaller token id; the result not renormalised to sum to 1"
)


# -- the task's distribution, and the mistakes the checks recognise ----------------------------


def _softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def _distribution(logits, temperature=1.0, top_k=None, top_p=None, mistake=None):
    """The task's distribution, or the one `mistake` gives (None when it gives no distribution)."""
    z = np.asarray(logits, dtype=float)
    if temperature == 0:
        p = np.zeros(len(z))
        p[np.argmax(z)] = 1.0
        return p
    scaled = z * temperature if mistake == "multiplied" else z / temperature
    p = _softmax(scaled)
    ranked = _softmax(z) if mistake == "nucleus before temperature" else p
    if mistake == "ties to the larger id":
        order = np.argsort(ranked, kind="stable")[::-1]
    else:
        order = np.argsort(-ranked, kind="stable")
    if top_k is not None:
        order = order[:top_k]
    if top_p is not None:
        whole = mistake == "nucleus of the whole vocabulary"
        q = ranked[order] if whole else ranked[order] / ranked[order].sum()
        total = np.cumsum(q)
        before = np.concatenate([[0.0], total[:-1]])  # the mass ranked above each token
        order = order[(total if mistake == "crossing token dropped" else before) < top_p]
        if not len(order):
            return None
    kept = np.zeros(len(p))
    kept[order] = p[order]
    return kept if mistake == "not renormalised" else kept / kept.sum()


MISTAKES = {
    "multiplied": "you multiplied the logits by the temperature: divide them, softmax(logits / T) "
    "(T < 1 must sharpen the distribution, not flatten it)",
    "crossing token dropped": "you dropped the token whose probability crosses top_p: the nucleus "
    "is the smallest set whose probability REACHES top_p, so keep a token while the tokens ranked "
    "above it hold less than top_p (cumsum - p < top_p, not cumsum < top_p)",
    "nucleus before temperature": "you chose the nucleus from the probabilities before the "
    "temperature: divide the logits by T first, then take top-k and top-p of that distribution",
    "nucleus of the whole vocabulary": "you took the nucleus of the whole distribution: with top_k "
    "set, renormalise the k tokens kept first, and take the nucleus of that distribution",
    "ties to the larger id": "your ties go to the larger token id: among tokens of equal "
    "probability the smaller id comes first (np.argsort(-p, kind='stable'), not argsort(p)[::-1])",
    "not renormalised": "the kept probabilities are not renormalised: divide them by their sum",
}


def _diagnosis(got, logits, params):
    right = _distribution(logits, **params)
    for mistake, advice in MISTAKES.items():
        with np.errstate(all="ignore"):
            replayed = _distribution(logits, **params, mistake=mistake)
        if replayed is None or np.allclose(replayed, right, rtol=0, atol=1e-9):
            continue  # this mistake changes nothing here
        if got.shape == replayed.shape and np.allclose(got, replayed, rtol=0, atol=1e-9):
            return f"Your numbers are those of a known mistake: {advice}"
    return CAUSES


# -- looking at what the candidate returned -------------------------------------------------------


def _shown(values, digits=4):
    return "[" + ", ".join(f"{value:.{digits}g}" for value in np.asarray(values).tolist()) + "]"


def _settings(params):
    return ", ".join(f"{key}={value}" for key, value in params.items()) or "the defaults"


def distribution(sampler, logits, what):
    """sampler.probabilities(logits), checked to be a probability vector over the vocabulary."""
    n = len(logits)
    result = sampler.probabilities(logits)
    assert result is not None, (
        f"probabilities returned None {what}; it must return an array of shape ({n},)"
    )
    p = np.asarray(result, dtype=float)
    assert p.shape == (n,), (
        f"probabilities must return one probability per token, shape ({n},), got shape "
        f"{p.shape} {what}"
    )
    assert np.isfinite(p).all(), (
        f"probabilities returned {np.count_nonzero(~np.isfinite(p))} NaN or infinite values "
        f"{what}: subtract the largest logit before np.exp (softmax(z) = softmax(z - max z)), "
        "and never divide by a sum of 0 (the nucleus always keeps the most probable token)"
    )
    assert (p >= 0).all(), f"probabilities returned negative values {what}: {_shown(p)}"
    assert abs(p.sum() - 1) <= 1e-9, (
        f"probabilities must sum to 1 {what}, got {p.sum():.12g}: after zeroing the tokens "
        "top-k and top-p leave out, divide what is left by its sum"
    )
    return p


def expect_reference(Candidate, logits, what="", **params):
    """probabilities(logits) within TOLERANCE of the reference's; returns them."""
    what = what or f"with {_settings(params)}"
    got = distribution(Candidate(**params), logits, what)
    expected = Reference(**params).probabilities(logits)
    if np.abs(got - expected).max() <= TOLERANCE:
        return got
    kept, expected_kept = np.flatnonzero(got), np.flatnonzero(expected)
    if len(expected) <= 12:
        shown = f"expected {_shown(expected)}, got {_shown(got)}"
    elif not np.array_equal(kept, expected_kept):
        only_reference = np.setdiff1d(expected_kept, kept)[:5].tolist()
        only_yours = np.setdiff1d(kept, expected_kept)[:5].tolist()
        parts = [f"token ids {only_reference} kept only by the reference"] * bool(only_reference)
        parts += [f"token ids {only_yours} kept only by you"] * bool(only_yours)
        shown = (
            f"the reference keeps {len(expected_kept)} tokens, you keep {len(kept)} "
            f"({'; '.join(parts)})"
        )
    else:
        worst = int(np.argmax(np.abs(got - expected)))
        shown = f"token {worst}: expected {expected[worst]:.12g}, got {got[worst]:.12g}"
    raise AssertionError(
        f"probabilities differs from the reference {what} (tolerance {TOLERANCE:g}): {shown}. "
        f"{_diagnosis(got, logits, params)}"
    )


def token(result, n, what):
    """What sample returned, checked to be an int token id in range(n)."""
    assert isinstance(result, Integral) and not isinstance(result, bool), (
        f"sample must return one token id, an int, {what}; got {type(result).__name__} "
        f"{result!r}: return int(self.rng.choice(len(p), p=p))"
    )
    assert 0 <= result < n, f"sample returned {result} {what}: a token id is in range({n})"
    return int(result)


def draws(sampler, logits, count, what):
    return [token(sampler.sample(logits), len(logits), what) for _ in range(count)]


def no_numpy_warnings(action, what):
    """Run `action`; fail, naming it, if numpy warned of an overflow, a division by 0 or a NaN."""
    result, numeric = numpy_warnings(action)
    assert not numeric, (
        f"{what} made numpy warn: {str(numeric[0].message)!r}. The maths went through inf or "
        "0/0: subtract the largest logit before np.exp (every exponent is then <= 0), and "
        "handle temperature=0 (greedy) before dividing by the temperature"
    )
    return result


# -- the distribution -------------------------------------------------------------------------------


def test_probabilities_is_a_distribution(Candidate):
    """probabilities returns one probability per token, summing to 1"""
    for seed, logits in LOGITS.items():
        distribution(Candidate(), logits, f"for {len(logits)} random logits [seed={seed}]")
    p = distribution(Candidate(), WORKED, f"for the logits {WORKED}")
    assert (p > 0).all(), (
        f"with the defaults (no top-k, no top-p) every token has a probability above 0; got "
        f"{_shown(p)} for the logits {WORKED}"
    )


def test_the_defaults_give_the_softmax(Candidate):
    """with the defaults, probabilities is softmax(logits) (within 1e-12)"""
    for seed, logits in LOGITS.items():
        expect_reference(Candidate, logits, f"with the defaults [seed={seed}]")
    expect_reference(Candidate, WORKED, f"with the defaults, for the logits {WORKED}")


@pytest.mark.parametrize("temperature", TEMPERATURES, ids=lambda t: f"T={t}")
def test_temperature_divides_the_logits(Candidate, temperature):
    """temperature T gives softmax(logits / T) (within 1e-12)"""
    for seed, logits in LOGITS.items():
        expect_reference(
            Candidate,
            logits,
            f"with temperature={temperature} [seed={seed}]",
            temperature=temperature,
        )


def test_lower_temperature_sharpens(Candidate):
    """a lower temperature sharpens the distribution, a higher one flattens it"""
    temperatures = (0.25, 0.5, 1.0, 2.0, 4.0)
    tops = []
    for temperature in temperatures:
        p = distribution(Candidate(temperature=temperature), WORKED, f"at T={temperature}")
        tops.append(p[0])
    assert all(a > b for a, b in zip(tops, tops[1:], strict=False)), (
        f"the probability of the most probable token of {WORKED} must fall as the temperature "
        f"rises through {list(temperatures)}; got {_shown(tops, 3)}. softmax(logits / T): T < 1 "
        "widens the gaps between the logits (sharper), T > 1 narrows them (flatter)"
    )


def test_greedy_at_temperature_zero(Candidate):
    """temperature=0 is greedy: all the probability on the argmax (ties: the smallest id)"""
    logits = [1.0, 5.0, 5.0, -2.0]  # a tie between tokens 1 and 2: the argmax is token 1
    for params in ({"temperature": 0}, {"temperature": 0, "top_k": 3, "top_p": 0.5}):
        sampler = Candidate(**params)
        what = f"with {_settings(params)} for the logits {logits}"
        p = no_numpy_warnings(lambda s=sampler, w=what: distribution(s, logits, w), what)
        assert p.tolist() == [0.0, 1.0, 0.0, 0.0], (
            f"{what}, probabilities must be [0, 1, 0, 0] (greedy: everything on the argmax, the "
            f"smaller id of a tie, as np.argmax gives), got {_shown(p)}: check for "
            "temperature == 0 before dividing by it"
        )
        got = no_numpy_warnings(lambda s=sampler, w=what: draws(s, logits, 20, w), what)
        assert set(got) == {1}, f"{what}, sample must always return 1 (the argmax), got {got}"


# -- top-k and top-p ---------------------------------------------------------------------------


@pytest.mark.parametrize("top_k", (1, 3, 10, 60), ids=lambda k: f"top_k={k}")
def test_top_k_keeps_the_k_most_probable(Candidate, top_k):
    """top_k keeps the k most probable tokens, renormalised, and gives the others exactly 0"""
    for seed in (1, 2):  # 50 and 200 tokens
        logits = LOGITS[seed]
        what = f"with top_k={top_k} for {len(logits)} tokens [seed={seed}]"
        p = distribution(Candidate(top_k=top_k), logits, what)
        kept = np.count_nonzero(p)
        expected = min(top_k, len(logits))
        assert kept == expected, (
            f"{what}, exactly {expected} tokens must have a probability above 0 (the others "
            f"exactly 0), got {kept}"
            + (
                ": a top_k larger than the vocabulary keeps every token"
                if top_k > len(logits)
                else ""
            )
        )
        top = np.argsort(-np.asarray(logits), kind="stable")[:expected]
        assert set(np.flatnonzero(p)) == set(top.tolist()), (
            f"{what}, the tokens kept must be the {expected} with the largest logits; you kept "
            f"others (e.g. sorted ascending, the k least probable?)"
        )
        expect_reference(Candidate, logits, what, top_k=top_k)
    expect_reference(Candidate, LOGITS[1], top_k=top_k, temperature=0.5)


def test_top_k_ties_go_to_the_smaller_id(Candidate):
    """top_k ties go to the smaller token id (logits [1, 3, 3, 3, 0], top_k=2)"""
    logits = [1.0, 3.0, 3.0, 3.0, 0.0]
    p = distribution(Candidate(top_k=2), logits, "with top_k=2")
    if p.tolist() == [0.0, 0.5, 0.5, 0.0, 0.0]:
        return
    kept = np.count_nonzero(p)
    cause = {
        2: "you kept two tokens, but not the two with the smallest ids: sort with "
        "np.argsort(-p, kind='stable') (np.argsort(p)[::-1] puts the larger id of a tie first)",
        3: "you kept every tied token, three: a threshold p >= (the k-th largest p) keeps all "
        "the ties; keep exactly k, order[:k] of np.argsort(-p, kind='stable')",
    }.get(kept, "keep exactly the first 2 of np.argsort(-p, kind='stable')")
    raise AssertionError(
        f"with top_k=2, the logits {logits} must give [0, 0.5, 0.5, 0, 0]: tokens 1, 2 and 3 "
        f"tie, and ties go to the smaller id, so exactly tokens 1 and 2 are kept; got "
        f"{_shown(p)}: {cause}"
    )


@pytest.mark.parametrize("top_p", TOP_PS, ids=lambda p: f"top_p={p}")
def test_top_p_keeps_the_nucleus(Candidate, top_p):
    """top_p keeps the nucleus, renormalised (within 1e-12)"""
    for seed, logits in LOGITS.items():
        what = f"with top_p={top_p} for {len(logits)} tokens [seed={seed}]"
        expect_reference(Candidate, logits, what, top_p=top_p)


def test_the_nucleus_is_the_smallest_set_reaching_top_p(Candidate):
    """the nucleus is the smallest set whose probability reaches top_p (the crossing token is kept)"""
    # softmax(WORKED) is about [0.610, 0.224, 0.136, 0.030]: 0.61 -> 0.83 -> 0.97
    for top_p, size in ((0.9, 3), (0.6, 1), (0.8, 2), (0.99, 4)):
        what = f"with top_p={top_p} for the logits {WORKED}"
        p = distribution(Candidate(top_p=top_p), WORKED, what)
        kept = np.count_nonzero(p)
        if kept < size:
            raise AssertionError(
                f"{what} (probabilities about [0.610, 0.224, 0.136, 0.030], running totals 0.610, "
                f"0.834, 0.970, 1), the nucleus holds {size} token(s), you kept {kept}: you "
                "dropped the token whose probability crosses top_p. The nucleus is the smallest "
                "set whose probability REACHES top_p: keep a token while the tokens ranked above "
                "it hold less than top_p (cumsum - p < top_p, not cumsum < top_p)"
            )
        assert kept == size, (
            f"{what} (running totals 0.610, 0.834, 0.970, 1), the nucleus is the smallest set "
            f"reaching top_p: {size} token(s); you kept {kept}: stop at the first token that "
            "brings the total to top_p"
        )
        expect_reference(Candidate, WORKED, what, top_p=top_p)


def test_the_nucleus_is_never_empty(Candidate):
    """a top_p below the top probability keeps the most probable token alone"""
    logits = [0.0, 10.0, 0.0]  # token 1 has 0.9999
    what = f"with top_p=0.1 for the logits {logits}"
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        raw = np.asarray(Candidate(top_p=0.1).probabilities(logits), dtype=float)
    assert not (raw.shape == (3,) and (np.isnan(raw).any() or raw.sum() == 0)), (
        f"{what}, your nucleus came out empty ({_shown(raw)}, the renormalisation was 0/0): "
        "token 1 alone holds 0.9999, more than top_p, and the nucleus must still keep it. Keep "
        "a token while the tokens ranked above it hold less than top_p (the first always stays), "
        "not while the running total including it is below top_p"
    )
    p = no_numpy_warnings(lambda: distribution(Candidate(top_p=0.1), logits, what), what)
    assert p.tolist() == [0.0, 1.0, 0.0], (
        f"{what}, probabilities must be [0, 1, 0]: token 1 alone already holds more than top_p, "
        f"so the nucleus is that one token (it is never empty); got {_shown(p)}"
    )


def test_top_p_ties_go_to_the_smaller_id(Candidate):
    """top_p ties go to the smaller token id (four equal logits, top_p=0.4)"""
    logits = [2.0, 2.0, 2.0, 2.0]
    p = distribution(Candidate(top_p=0.4), logits, "with top_p=0.4")
    if p.tolist() == [0.5, 0.5, 0.0, 0.0]:
        return
    if np.count_nonzero(p) == 2:
        cause = (
            "you kept two tokens, but not the two with the smallest ids: sort with "
            "np.argsort(-p, kind='stable') (np.argsort(p)[::-1] puts the larger id of a tie first)"
        )
    else:
        cause = (
            "the nucleus has two tokens: one holds 0.25 < 0.4, the second brings the total to "
            "0.5 >= 0.4 (the token that crosses top_p is kept)"
        )
    raise AssertionError(
        f"with top_p=0.4, the logits {logits} (each 0.25) must give [0.5, 0.5, 0, 0]; got "
        f"{_shown(p)}: {cause}"
    )


def test_temperature_comes_before_the_nucleus(Candidate):
    """the nucleus is taken after the temperature (temperature=0.5, top_p=0.9)"""
    # At T=0.5 the worked example is about [0.84, 0.11, 0.04, 0.002]: 2 tokens reach 0.9, not 3.
    expect_reference(
        Candidate, WORKED, f"for the logits {WORKED} with temperature=0.5, top_p=0.9",
        temperature=0.5, top_p=0.9,
    )  # fmt: skip
    for seed in (1, 2):
        expect_reference(
            Candidate, LOGITS[seed], f"with temperature=2.0, top_p=0.5 [seed={seed}]",
            temperature=2.0, top_p=0.5,
        )  # fmt: skip


def test_top_k_comes_before_the_nucleus(Candidate):
    """with top_k and top_p, the nucleus is that of the renormalised top-k distribution"""
    logits = np.log([0.4, 0.3, 0.2, 0.1]).tolist()  # top 3 renormalised: 0.444, 0.333, 0.222
    expect_reference(
        Candidate, logits, "for probabilities [0.4, 0.3, 0.2, 0.1] with top_k=3, top_p=0.75",
        top_k=3, top_p=0.75,
    )  # fmt: skip
    for seed in (1, 2):
        expect_reference(
            Candidate, LOGITS[seed], f"with temperature=0.7, top_k=10, top_p=0.9 [seed={seed}]",
            temperature=0.7, top_k=10, top_p=0.9,
        )  # fmt: skip


# -- numbers and inputs --------------------------------------------------------------------------


def test_huge_logits_do_not_overflow(Candidate):
    """logits of 1e4, and logits of 10 at temperature=0.01: no overflow warning, no NaN, exact"""
    cases = [
        ([1e4, 1e4 - 1.0, 1e4 - 3.0, 0.0, -1e4], {}),
        ([1e4, 1e4 - 1.0, 1e4 - 3.0, 0.0, -1e4], {"top_p": 0.9}),
        ([10.0, 9.99, 9.9, 0.0], {"temperature": 0.01}),
    ]
    for logits, params in cases:
        what = f"with {_settings(params)} for the logits {logits}"
        sampler = Candidate(**params)
        no_numpy_warnings(lambda s=sampler, lo=logits: s.probabilities(lo), f"probabilities {what}")
        expect_reference(Candidate, logits, what, **params)
        no_numpy_warnings(lambda s=sampler, lo=logits, w=what: draws(s, lo, 5, w), f"sample {what}")


def test_plain_python_lists(Candidate):
    """logits may be a plain Python list (of ints or of floats)"""
    for logits in ([3, 1, 2, 0, -1], [0.5, 2.5, -1.0, 2.0]):
        for params in ({}, {"temperature": 0.5, "top_k": 3, "top_p": 0.9}):
            what = f"for the list {logits} with {_settings(params)}"
            expect_reference(Candidate, logits, what, **params)
            draws(Candidate(**params), logits, 3, what)


def test_the_logits_are_not_modified(Candidate):
    """does not modify the logits array it is given"""
    logits = LOGITS[1].copy()
    sampler = Candidate(temperature=0.5, top_k=10, top_p=0.9)
    sampler.probabilities(logits)
    sampler.sample(logits)
    assert np.array_equal(logits, LOGITS[1]), (
        "probabilities or sample changed the logits array passed in (e.g. logits /= T, or "
        "logits -= logits.max(), in place; np.asarray(logits, dtype=float) returns the same "
        "array when it is already float): compute a new array, z = np.asarray(logits) / T"
    )


# -- sampling -------------------------------------------------------------------------------------


def test_sample_returns_a_token_id(Candidate):
    """sample returns one int token id in range(vocab_size)"""
    for seed, logits in LOGITS.items():
        draws(Candidate(seed=seed), logits, 3, f"for {len(logits)} logits")


@pytest.mark.parametrize(
    "params", [{"top_k": 3}, {"top_p": 0.5}, {"temperature": 2.0, "top_k": 10, "top_p": 0.8}],
    ids=_settings,
)  # fmt: skip
def test_sampled_tokens_stay_inside_the_kept_tokens(Candidate, params):
    """sampled tokens never fall outside the top-k / nucleus (2000 draws)"""
    logits = LOGITS[1]
    allowed = set(np.flatnonzero(Reference(**params).probabilities(logits)).tolist())
    got = draws(Candidate(**params, seed=3), logits, 2000, f"with {_settings(params)}")
    outside = [i for i in got if i not in allowed]
    if not outside:
        return
    most = max(set(outside), key=outside.count)
    raise AssertionError(
        f"with {_settings(params)}, {len(outside)} of 2000 draws fell outside the "
        f"{len(allowed)} tokens kept, {sorted(allowed)[:12]}: e.g. token {most}, drawn "
        f"{outside.count(most)} times, which probabilities gives 0. Draw from "
        "probabilities(logits), the filtered distribution, not from the softmax of all the logits"
    )


@pytest.mark.parametrize(
    "params", [{}, {"temperature": 0.7, "top_k": 6, "top_p": 0.9}], ids=_settings
)
def test_sample_frequencies_match_the_probabilities(Candidate, params):
    """over 10000 draws, each token's count is within 5 binomial sigmas of n p"""
    logits = LOGITS[0]  # 8 tokens
    p = Reference(**params).probabilities(logits)
    counts = np.bincount(
        draws(Candidate(**params, seed=11), logits, N_DRAWS, f"with {_settings(params)}"),
        minlength=len(p),
    )
    expected = N_DRAWS * p
    bound = SIGMAS * np.sqrt(N_DRAWS * p * (1 - p)) + 1
    off = np.flatnonzero(np.abs(counts - expected) > bound)
    if not len(off):
        return
    same = " (every draw is the same token: is the generator made anew at each draw?)"
    worst = int(off[np.argmax(np.abs(counts - expected)[off] / bound[off])])
    if p[worst] == 0:
        found = f"token {worst} {counts[worst]} times, though probabilities gives it 0"
    else:
        found = (
            f"token {worst} {counts[worst]} times; its probability {p[worst]:.4f} makes about "
            f"{expected[worst]:.0f} expected (at most {bound[worst]:.0f} away, {SIGMAS} "
            "standard deviations)"
        )
    raise AssertionError(
        f"with {_settings(params)}, {N_DRAWS} draws gave {found}. Counts {counts.tolist()}, "
        f"expected {np.round(expected).astype(int).tolist()}"
        f"{same if np.count_nonzero(counts) == 1 else ''}. Draw each token with probability "
        "probabilities(logits)[token]: self.rng.choice(len(p), p=p)"
    )


def test_the_same_seed_gives_the_same_draws(Candidate):
    """the same seed gives the same draws, another seed other draws"""
    logits = np.zeros(10)  # ten equally likely tokens
    first = draws(Candidate(seed=7), logits, 200, "with seed=7")
    assert len(set(first)) > 1, (
        f"200 draws from ten equally likely tokens were all token {first[0]}: the generator "
        "starts again from the seed at every draw. Create it once, in __init__ "
        "(self.rng = np.random.default_rng(seed)), and draw every token from self.rng"
    )
    again = draws(Candidate(seed=7), logits, 200, "with seed=7")
    assert again == first, (
        "two samplers made with seed=7 gave different draws: draw from the instance's own "
        "generator, self.rng = np.random.default_rng(seed), not from np.random or an unseeded "
        "generator"
    )
    other = draws(Candidate(seed=8), logits, 200, "with seed=8")
    assert other != first, (
        "seed=7 and seed=8 gave the same 200 draws: the seed is ignored; pass it to "
        "np.random.default_rng(seed)"
    )


def test_two_samplers_keep_their_own_generator(Candidate):
    """two samplers with the same seed, drawing in turn, each give that seed's draws"""
    logits = np.zeros(10)
    alone = draws(Candidate(seed=5), logits, 100, "with seed=5")
    a, b = Candidate(seed=5), Candidate(seed=5)
    turns = [(token(a.sample(logits), 10, ""), token(b.sample(logits), 10, "")) for _ in range(100)]
    assert [x for x, _ in turns] == alone and [y for _, y in turns] == alone, (
        "two samplers with seed=5 drawing in turn do not each give the draws of one sampler "
        "with seed=5: they share a generator. Keep it on the instance (self.rng in __init__), "
        "not in the class or the module"
    )


def test_uses_only_numpy_and_the_standard_library(Candidate, task_rules):
    """uses only numpy and the standard library (the task's rule)"""

    def use(sampler):
        sampler.probabilities(WORKED)
        sampler.sample(WORKED)

    check_numpy_only(Candidate, task_rules, use=use)
