"""Mistake: step caches the queries too and recomputes the outputs of every cached position at
each step, keeping only the last ones: right outputs, but a cache of queries that grows with the
sequence and is never needed (a past query is never read again)."""

import numpy as np


class CachedSelfAttention:
    def __init__(self, d_model, n_heads, seed=0):
        self.d_model, self.n_heads, self.d_head = d_model, n_heads, d_model // n_heads
        rng = np.random.default_rng(seed)
        self.w_q = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.w_k = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.w_v = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.w_o = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.k_cache = self.v_cache = self.q_cache = None

    @property
    def cache_len(self):
        return 0 if self.k_cache is None else self.k_cache.shape[2]

    def _heads(self, x, w):
        b, s, _ = x.shape
        return (x @ w).reshape(b, s, self.n_heads, self.d_head).transpose(0, 2, 1, 3)

    def _causal(self, q, k, v):
        n = q.shape[2]
        s = q @ k.swapaxes(-1, -2) / np.sqrt(self.d_head)
        s = np.where(np.tril(np.ones((n, n), dtype=bool)), s, -np.inf)
        p = np.exp(s - s.max(axis=-1, keepdims=True))
        out = (p / p.sum(axis=-1, keepdims=True)) @ v
        return out.transpose(0, 2, 1, 3).reshape(q.shape[0], n, self.d_model) @ self.w_o

    def forward(self, x):
        return self._causal(*(self._heads(x, w) for w in (self.w_q, self.w_k, self.w_v)))

    def step(self, x_t):
        t = x_t.shape[1]
        q, k, v = (self._heads(x_t, w) for w in (self.w_q, self.w_k, self.w_v))
        if self.k_cache is None:
            self.q_cache, self.k_cache, self.v_cache = q, k, v
        else:
            self.q_cache = np.concatenate([self.q_cache, q], axis=2)
            self.k_cache = np.concatenate([self.k_cache, k], axis=2)
            self.v_cache = np.concatenate([self.v_cache, v], axis=2)
        return self._causal(self.q_cache, self.k_cache, self.v_cache)[:, -t:]

    def reset(self):
        self.k_cache = self.v_cache = self.q_cache = None
