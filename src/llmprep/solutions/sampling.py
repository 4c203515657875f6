"""Next-token sampling: temperature, top-k and top-p (nucleus) with a seeded generator, numpy only.

A language model gives one logit per token of the vocabulary; a sampler turns them into the
distribution the next token is drawn from. Temperature reshapes it, top-k and top-p cut its tail,
and the draw uses the sampler's own seeded generator, so that a seed gives the same text again.
(Beam search, which searches for a likely sequence instead of drawing one token, is not here.)

Common mistakes
---------------
- ``np.exp(logits)`` before subtracting the largest logit: logits of 1e4, or logits of 10 at
  temperature 0.01, overflow to inf and the probabilities become NaN.
- Multiplying the logits by the temperature instead of dividing: T < 1 then flattens.
- Keeping only the tokens whose cumulative probability is still below top_p: that drops the
  token that crosses top_p, and keeps nothing when the top token alone has more than top_p.
- Taking the nucleus of the untempered distribution, or of the whole vocabulary when top_k is
  set too: the order is temperature, then top-k, then top-p on the renormalised top-k tokens.
- Drawing with ``np.random`` (the global generator) or a generator made anew at each draw: the
  seed then either does not reproduce the draws or gives the same token every time.
"""

import numpy as np


def softmax(z):
    """softmax(z)_i = exp(z_i - max z) / sum_j exp(z_j - max z), for a 1-d array z.

    Subtracting max z changes nothing mathematically and keeps every exponent <= 0: no overflow.
    """
    e = np.exp(z - np.max(z))
    return e / e.sum()


class Sampler:
    """Draw next tokens from logits with temperature, top-k and top-p (nucleus) filtering.

    Parameters
    ----------
    temperature : float, default=1.0
        T >= 0: the logits are divided by T before the softmax; T = 0 means greedy (argmax).
    top_k : int or None, default=None
        Keep only the k most probable tokens (all of them when None or k >= vocabulary size).
    top_p : float or None, default=None
        In (0, 1]: keep the nucleus, the smallest set of most probable tokens whose
        probability (after top-k, renormalised) reaches top_p. None keeps every token.
    seed : int, default=0
        Seed of ``self.rng = np.random.default_rng(seed)``, the generator every draw uses.

    Notes
    -----
    Temperature (Holtzman et al., The Curious Case of Neural Text Degeneration, ICLR 2020,
    Section 3.3; from Ackley, Hinton and Sejnowski, 1985): p = softmax(z / T). T < 1 sharpens the
    distribution, T > 1 flattens it, and as T -> 0 it puts all the mass on the argmax.

    Top-k (Fan et al., Hierarchical Neural Story Generation, ACL 2018; Holtzman et al. 2020,
    Section 3.2): keep the k most probable tokens and renormalise.

    Top-p (Holtzman et al. 2020, Section 3.1): the nucleus V(p) is the smallest set of tokens
    with sum_{x in V(p)} P(x) >= p; the tokens outside get 0 and the rest is renormalised. Taking
    the tokens from the most probable down, token number i is in V(p) exactly when the tokens
    before it hold less than p, so the token that crosses p is kept and V(p) is never empty.

    Ties: tokens of equal probability are ordered by token id, the smaller id first (a stable
    sort of -p), for top-k, top-p and the argmax alike.

    Examples
    --------
    The worked example of the question bank's ``decoding-strategies`` entry:

    >>> logits = [2.0, 1.0, 0.5, -1.0]
    >>> Sampler().probabilities(logits).round(2).tolist()
    [0.61, 0.22, 0.14, 0.03]
    >>> Sampler(top_k=2).probabilities(logits).round(2).tolist()
    [0.73, 0.27, 0.0, 0.0]
    >>> Sampler(top_p=0.9).probabilities(logits).round(2).tolist()  # 0.61, 0.83, then 0.97
    [0.63, 0.23, 0.14, 0.0]
    >>> Sampler(temperature=0).sample(logits)
    0
    >>> a, b = Sampler(seed=1), Sampler(seed=1)  # the same seed, the same draws
    >>> [a.sample(logits) for _ in range(8)] == [b.sample(logits) for _ in range(8)]
    True
    """

    def __init__(self, temperature=1.0, top_k=None, top_p=None, seed=0):
        self.temperature = temperature
        self.top_k = top_k
        self.top_p = top_p
        self.seed = seed
        self.rng = np.random.default_rng(seed)

    def probabilities(self, logits):
        """The distribution the next token is drawn from, shape (vocab_size,), summing to 1.

        ``logits`` has shape (vocab_size,) (an array or a list). Temperature first, then top-k,
        then top-p on the renormalised top-k tokens; every token left out gets exactly 0.
        """
        z = np.asarray(logits, dtype=float)
        if self.temperature == 0:  # greedy: the limit T -> 0 of softmax(z / T)
            p = np.zeros(len(z))
            p[np.argmax(z)] = 1.0  # np.argmax returns the first (smallest) index of a tie
            return p
        p = softmax(z / self.temperature)
        order = np.argsort(-p, kind="stable")  # most probable first; ties: smaller id first
        if self.top_k is not None:
            order = order[: self.top_k]
        if self.top_p is not None:
            q = p[order] / p[order].sum()  # the top-k distribution, renormalised
            before = np.concatenate([[0.0], np.cumsum(q)[:-1]])  # the mass ranked above each
            order = order[before < self.top_p]  # the first token always stays (0 < top_p)
        kept = np.zeros(len(p))
        kept[order] = p[order]
        return kept / kept.sum()

    def sample(self, logits):
        """One token id (an int in range(vocab_size)) drawn from ``probabilities(logits)``."""
        p = self.probabilities(logits)
        return int(self.rng.choice(len(p), p=p))
