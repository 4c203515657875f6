"""A correct sampler in another style: plain Python lists and math.exp, a sorted() ranking with a
(probability, id) key, and inverse-CDF sampling with one uniform draw from the seeded generator
and bisect, instead of rng.choice."""

import bisect
import itertools
import math

import numpy as np


class Sampler:
    def __init__(self, temperature=1.0, top_k=None, top_p=None, seed=0):
        self.temperature = temperature
        self.top_k = top_k
        self.top_p = top_p
        self.seed = seed
        self.rng = np.random.default_rng(seed)

    def _kept_weights(self, logits):
        values = [float(x) for x in logits]
        n = len(values)
        if self.temperature == 0:
            best = max(range(n), key=lambda i: (values[i], -i))
            return {best: 1.0}, n
        scaled = [x / self.temperature for x in values]
        top = max(scaled)
        weights = [math.exp(x - top) for x in scaled]
        ranking = sorted(range(n), key=lambda i: (-weights[i], i))
        if self.top_k is not None:
            ranking = ranking[: self.top_k]
        if self.top_p is not None:
            mass = sum(weights[i] for i in ranking)
            kept, seen = [], 0.0
            for i in ranking:
                if kept and seen >= self.top_p:
                    break
                kept.append(i)
                seen += weights[i] / mass
            ranking = kept
        return {i: weights[i] for i in ranking}, n

    def probabilities(self, logits):
        kept, n = self._kept_weights(logits)
        total = sum(kept.values())
        out = np.zeros(n)
        for i, weight in kept.items():
            out[i] = weight / total
        return out

    def sample(self, logits):
        kept, _ = self._kept_weights(logits)
        ids = sorted(kept)
        total = sum(kept.values())
        edges = list(itertools.accumulate(kept[i] / total for i in ids))
        u = self.rng.random() * edges[-1]
        return ids[min(bisect.bisect_right(edges, u), len(ids) - 1)]
