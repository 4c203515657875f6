"""Mistake: the scores are divided by sqrt(d_model), the width of the whole vector, instead of
sqrt(d_head), the width of one head: every softmax is too flat."""

import numpy as np


class CachedSelfAttention:
    def __init__(self, d_model, n_heads, seed=0):
        self.d_model, self.n_heads, self.d_head = d_model, n_heads, d_model // n_heads
        rng = np.random.default_rng(seed)
        self.w_q = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.w_k = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.w_v = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.w_o = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.k_cache = self.v_cache = None

    @property
    def cache_len(self):
        return 0 if self.k_cache is None else self.k_cache.shape[2]

    def _heads(self, x, w):
        b, s, _ = x.shape
        return (x @ w).reshape(b, s, self.n_heads, self.d_head).transpose(0, 2, 1, 3)

    def _attend(self, q, k, v, offset):
        t, n = q.shape[2], k.shape[2]
        scores = q @ k.swapaxes(-1, -2) / np.sqrt(self.d_model)
        scores = np.where(np.arange(n)[None, :] <= offset + np.arange(t)[:, None], scores, -np.inf)
        e = np.exp(scores - scores.max(axis=-1, keepdims=True))
        heads = (e / e.sum(axis=-1, keepdims=True)) @ v
        return heads.transpose(0, 2, 1, 3).reshape(q.shape[0], t, self.d_model) @ self.w_o

    def forward(self, x):
        q, k, v = (self._heads(x, w) for w in (self.w_q, self.w_k, self.w_v))
        return self._attend(q, k, v, 0)

    def step(self, x_t):
        offset = self.cache_len
        q, k, v = (self._heads(x_t, w) for w in (self.w_q, self.w_k, self.w_v))
        if self.k_cache is None:
            self.k_cache, self.v_cache = k, v
        else:
            self.k_cache = np.concatenate([self.k_cache, k], axis=2)
            self.v_cache = np.concatenate([self.v_cache, v], axis=2)
        return self._attend(q, self.k_cache, self.v_cache, offset)

    def reset(self):
        self.k_cache = self.v_cache = None
