"""Mistake: step stores the new keys and values in place of the cache instead of appending them,
so each new token attends to the tokens of its own step alone."""

import numpy as np


class CachedSelfAttention:
    def __init__(self, d_model, n_heads, seed=0):
        self.d_model, self.n_heads, self.d_head = d_model, n_heads, d_model // n_heads
        rng = np.random.default_rng(seed)
        self.w_q, self.w_k, self.w_v, self.w_o = (
            rng.standard_normal((d_model, d_model)) / np.sqrt(d_model) for _ in range(4)
        )
        self.k_cache = self.v_cache = None

    @property
    def cache_len(self):
        return 0 if self.k_cache is None else self.k_cache.shape[2]

    def _split(self, a):
        b, s, _ = a.shape
        return a.reshape(b, s, self.n_heads, self.d_head).transpose(0, 2, 1, 3)

    def _attend(self, q, k, v, offset):
        t, n = q.shape[2], k.shape[2]
        s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(self.d_head)
        s = np.where(np.arange(n) <= offset + np.arange(t)[:, None], s, -np.inf)
        p = np.exp(s - s.max(-1, keepdims=True))
        p /= p.sum(-1, keepdims=True)
        o = (p @ v).transpose(0, 2, 1, 3)
        return o.reshape(q.shape[0], t, self.d_model) @ self.w_o

    def forward(self, x):
        q, k, v = (self._split(x @ w) for w in (self.w_q, self.w_k, self.w_v))
        return self._attend(q, k, v, 0)

    def step(self, x_t):
        q, k, v = (self._split(x_t @ w) for w in (self.w_q, self.w_k, self.w_v))
        self.k_cache, self.v_cache = k, v  # replaces what was cached
        return self._attend(q, self.k_cache, self.v_cache, 0)

    def reset(self):
        self.k_cache = self.v_cache = None
