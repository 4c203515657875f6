"""Next-token sampler (temperature, top-k, top-p), as a learner wrote it from `llmprep start sampling`'s task and `llmprep hint sampling` alone.

The writer read nothing else (no solution, no checks); tests/exercises/test_grader.py asserts
it passes every check, which proves the hints are enough. Regenerate it if a hint changes.
"""

import numpy as np


def softmax(z):
    """Stable softmax of a 1-D array: subtract the max so every exponent is <= 0."""
    e = np.exp(z - z.max())
    return e / e.sum()


class Sampler:
    """Draw the next token from logits: temperature, then top-k, then top-p (nucleus).

    Parameters
    ----------
    temperature : float, default=1.0
        The logits are divided by it before the softmax; 0 means greedy (the argmax).
    top_k : int or None, default=None
        Keep only the k most probable tokens (None keeps them all).
    top_p : float or None, default=None
        Keep the smallest set of most probable tokens whose probability reaches top_p.
    seed : int, default=0
        Seed of self.rng = np.random.default_rng(seed), the generator every draw uses.
    """

    def __init__(self, temperature=1.0, top_k=None, top_p=None, seed=0):
        self.temperature = temperature
        self.top_k = top_k
        self.top_p = top_p
        self.seed = seed
        self.rng = np.random.default_rng(seed)

    def probabilities(self, logits):
        """Return the distribution over the vocabulary, shape (vocab_size,), summing to 1."""
        z = np.asarray(logits, dtype=float)
        if self.temperature == 0:
            p = np.zeros(len(z))
            p[np.argmax(z)] = 1.0
            return p
        p = softmax(z / self.temperature)
        # Most probable first, the smaller id first in a tie.
        order = np.argsort(-p, kind="stable")
        if self.top_k is not None:
            order = order[: self.top_k]
        if self.top_p is not None:
            q = p[order] / p[order].sum()
            before = np.concatenate([[0.0], np.cumsum(q)[:-1]])
            order = order[before < self.top_p]
        kept = np.zeros(len(p))
        kept[order] = p[order]
        return kept / kept.sum()

    def sample(self, logits):
        """Return one token id (an int) drawn from probabilities(logits) with self.rng."""
        p = self.probabilities(logits)
        return int(self.rng.choice(len(p), p=p))
