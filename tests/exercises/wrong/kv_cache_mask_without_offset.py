"""Mistake: the step's causal mask is np.tril(np.ones((t_new, n))) with no offset, so new token i
sees keys 0..i only: during decoding the new token looks at the first cached token, not itself."""

import numpy as np


class CachedSelfAttention:
    def __init__(self, d_model, n_heads, seed=0):
        self.n_heads, self.d_head = n_heads, d_model // n_heads
        rng = np.random.default_rng(seed)
        self.w_q = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.w_k = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.w_v = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.w_o = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.k_cache = None
        self.v_cache = None

    @property
    def cache_len(self):
        if self.k_cache is None:
            return 0
        return self.k_cache.shape[2]

    def _heads(self, x, w):
        b, s, _ = x.shape
        return np.swapaxes((x @ w).reshape(b, s, self.n_heads, self.d_head), 1, 2)

    def _attend(self, q, k, v):
        t, n = q.shape[2], k.shape[2]
        scores = np.einsum("bhid,bhjd->bhij", q, k) / np.sqrt(self.d_head)
        scores[..., ~np.tril(np.ones((t, n), dtype=bool))] = -np.inf
        w = np.exp(scores - scores.max(axis=-1, keepdims=True))
        w = w / w.sum(axis=-1, keepdims=True)
        out = np.swapaxes(w @ v, 1, 2)
        return out.reshape(out.shape[0], t, -1) @ self.w_o

    def forward(self, x):
        return self._attend(*(self._heads(x, w) for w in (self.w_q, self.w_k, self.w_v)))

    def step(self, x_t):
        q, k, v = (self._heads(x_t, w) for w in (self.w_q, self.w_k, self.w_v))
        if self.k_cache is None:
            self.k_cache, self.v_cache = k, v
        else:
            self.k_cache = np.concatenate([self.k_cache, k], axis=2)
            self.v_cache = np.concatenate([self.v_cache, v], axis=2)
        return self._attend(q, self.k_cache, self.v_cache)

    def reset(self):
        self.k_cache = None
        self.v_cache = None
