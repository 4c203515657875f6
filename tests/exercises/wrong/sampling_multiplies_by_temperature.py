"""Mistake: the logits are multiplied by the temperature instead of divided, so T < 1 flattens
the distribution and T > 1 sharpens it."""

import numpy as np


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


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
            return np.eye(len(z))[np.argmax(z)]
        p = softmax(z * self.temperature)
        ranked = np.argsort(-p, kind="stable")
        if self.top_k is not None:
            ranked = ranked[: self.top_k]
        if self.top_p is not None:
            q = p[ranked] / p[ranked].sum()
            above = np.concatenate([[0.0], np.cumsum(q)[:-1]])
            ranked = ranked[above < self.top_p]
        mask = np.zeros(len(p), dtype=bool)
        mask[ranked] = True
        kept = np.where(mask, p, 0.0)
        return kept / kept.sum()

    def sample(self, logits):
        p = self.probabilities(logits)
        return int(self.rng.choice(len(p), p=p))
