"""Mistake: probabilities applies top-k and top-p, but sample draws from the plain softmax of
logits / T, so it can return tokens the filters removed."""

import numpy as np


class Sampler:
    def __init__(self, temperature=1.0, top_k=None, top_p=None, seed=0):
        self.temperature = temperature
        self.top_k = top_k
        self.top_p = top_p
        self.seed = seed
        self.rng = np.random.default_rng(seed)

    def _softmax(self, logits):
        z = np.asarray(logits, dtype=float)
        if self.temperature == 0:
            p = np.zeros(len(z))
            p[np.argmax(z)] = 1.0
            return p
        z = z / self.temperature
        e = np.exp(z - z.max())
        return e / e.sum()

    def probabilities(self, logits):
        p = self._softmax(logits)
        if self.temperature == 0:
            return p
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
        p = self._softmax(logits)
        return int(self.rng.choice(len(p), p=p))
