"""Mistake: sample creates a new generator from the seed at every draw, so it starts again each
time and always returns the same token for the same logits."""

import numpy as np


class Sampler:
    def __init__(self, temperature=1.0, top_k=None, top_p=None, seed=0):
        self.temperature = temperature
        self.top_k = top_k
        self.top_p = top_p
        self.seed = seed

    def probabilities(self, logits):
        z = np.asarray(logits, dtype=float)
        if self.temperature == 0:
            p = np.zeros(len(z))
            p[np.argmax(z)] = 1.0
            return p
        z = z / self.temperature
        p = np.exp(z - z.max())
        p /= p.sum()
        order = np.argsort(-p, kind="stable")
        if self.top_k is not None:
            order = order[: self.top_k]
        if self.top_p is not None:
            q = p[order] / p[order].sum()
            before = np.concatenate([[0.0], np.cumsum(q)[:-1]])
            order = order[before < self.top_p]
        out = np.zeros(len(p))
        out[order] = p[order]
        return out / out.sum()

    def sample(self, logits):
        p = self.probabilities(logits)
        rng = np.random.default_rng(self.seed)
        return int(rng.choice(len(p), p=p))
