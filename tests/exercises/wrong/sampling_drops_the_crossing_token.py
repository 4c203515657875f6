"""Mistake: the nucleus keeps the tokens whose cumulative probability is below top_p, so the token
that crosses top_p is dropped (and nothing is left when the top token alone holds more)."""

import numpy as np


class Sampler:
    def __init__(self, temperature=1.0, top_k=None, top_p=None, seed=0):
        self.temperature = temperature
        self.top_k = top_k
        self.top_p = top_p
        self.seed = seed
        self.rng = np.random.default_rng(seed)

    def probabilities(self, logits):
        z = np.asarray(logits, dtype=float)
        if self.temperature == 0:
            p = np.zeros(len(z))
            p[np.argmax(z)] = 1.0
            return p
        z = z / self.temperature
        p = np.exp(z - z.max())
        p = p / p.sum()
        order = np.argsort(-p, kind="stable")
        if self.top_k is not None:
            order = order[: self.top_k]
        if self.top_p is not None:
            q = p[order] / p[order].sum()
            order = order[np.cumsum(q) < self.top_p]
        out = np.zeros_like(p)
        out[order] = p[order]
        return out / out.sum()

    def sample(self, logits):
        p = self.probabilities(logits)
        return int(self.rng.choice(len(p), p=p))
