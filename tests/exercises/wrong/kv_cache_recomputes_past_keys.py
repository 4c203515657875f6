"""Mistake: step keeps every past input and projects the whole sequence again at each step,
writing the result to k_cache and v_cache: right outputs on its own, but the recomputation the
cache exists to avoid, and a cache that step never reads."""

import numpy as np


class CachedSelfAttention:
    def __init__(self, d_model, n_heads, seed=0):
        self.d_model, self.n_heads = d_model, n_heads
        rng = np.random.default_rng(seed)
        self.w_q = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.w_k = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.w_v = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.w_o = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.k_cache = self.v_cache = None
        self.seen = None

    @property
    def cache_len(self):
        return 0 if self.k_cache is None else self.k_cache.shape[2]

    def _heads(self, x, w):
        b, s, d = x.shape
        return (x @ w).reshape(b, s, self.n_heads, d // self.n_heads).transpose(0, 2, 1, 3)

    def forward(self, x):
        q, k, v = (self._heads(x, w) for w in (self.w_q, self.w_k, self.w_v))
        n = x.shape[1]
        s = q @ k.swapaxes(-1, -2) / np.sqrt(q.shape[-1])
        s = np.where(np.tril(np.ones((n, n), dtype=bool)), s, -np.inf)
        p = np.exp(s - s.max(axis=-1, keepdims=True))
        out = (p / p.sum(axis=-1, keepdims=True)) @ v
        return out.transpose(0, 2, 1, 3).reshape(x.shape) @ self.w_o

    def step(self, x_t):
        t = x_t.shape[1]
        self.seen = x_t if self.seen is None else np.concatenate([self.seen, x_t], axis=1)
        self.k_cache = self._heads(self.seen, self.w_k)  # every past key, projected again
        self.v_cache = self._heads(self.seen, self.w_v)
        return self.forward(self.seen)[:, -t:]

    def reset(self):
        self.k_cache = self.v_cache = self.seen = None
