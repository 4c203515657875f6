"""Mistake: the nucleus (and top-k) is chosen from the softmax of the raw logits, and only then
is the temperature applied to the tokens kept: the nucleus must come after the temperature."""

import numpy as np


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


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
        raw = softmax(z)
        order = np.argsort(-raw, kind="stable")
        if self.top_k is not None:
            order = order[: self.top_k]
        if self.top_p is not None:
            q = raw[order] / raw[order].sum()
            before = np.concatenate([[0.0], np.cumsum(q)[:-1]])
            order = order[before < self.top_p]
        tempered = softmax(z / self.temperature)
        out = np.zeros(len(z))
        out[order] = tempered[order]
        return out / out.sum()

    def sample(self, logits):
        p = self.probabilities(logits)
        return int(self.rng.choice(len(p), p=p))
