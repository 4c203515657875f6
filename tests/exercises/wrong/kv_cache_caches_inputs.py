"""Mistake: the cache holds the inputs x before the projection, and every step multiplies the
whole cache by w_k and w_v again: right outputs, but k_cache and v_cache are not keys and values."""

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
        return 0 if self.k_cache is None else self.k_cache.shape[1]

    def _heads(self, a):
        b, s, _ = a.shape
        return a.reshape(b, s, self.n_heads, self.d_head).transpose(0, 2, 1, 3)

    def _attend(self, x_new, x_all, offset):
        q = self._heads(x_new @ self.w_q)
        k, v = self._heads(x_all @ self.w_k), self._heads(x_all @ self.w_v)
        t, n = x_new.shape[1], x_all.shape[1]
        s = q @ k.swapaxes(-1, -2) / np.sqrt(self.d_head)
        s = np.where(np.arange(n)[None, :] <= offset + np.arange(t)[:, None], s, -np.inf)
        p = np.exp(s - s.max(axis=-1, keepdims=True))
        out = (p / p.sum(axis=-1, keepdims=True)) @ v
        return out.transpose(0, 2, 1, 3).reshape(x_new.shape) @ self.w_o

    def forward(self, x):
        return self._attend(x, x, 0)

    def step(self, x_t):
        offset = self.cache_len
        if self.k_cache is None:
            self.k_cache = self.v_cache = x_t
        else:
            self.k_cache = self.v_cache = np.concatenate([self.k_cache, x_t], axis=1)
        return self._attend(x_t, self.k_cache, offset)

    def reset(self):
        self.k_cache = self.v_cache = None
