"""Mistake: step applies no causal mask ("a decoding step has only one token"), so in a prefill
the new tokens see the new tokens after them."""

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

    @property
    def cache_len(self):
        return 0 if self.k_cache is None else self.k_cache.shape[2]

    def _split(self, x, w):
        b, s, d = x.shape
        return (x @ w).reshape(b, s, self.n_heads, d // self.n_heads).transpose(0, 2, 1, 3)

    def _attend(self, q, k, v, causal):
        d_head = q.shape[-1]
        s = q @ k.swapaxes(-1, -2) / np.sqrt(d_head)
        if causal:
            s = s + np.triu(np.full(s.shape[-2:], -np.inf), k=1)
        e = np.exp(s - s.max(axis=-1, keepdims=True))
        out = (e / e.sum(axis=-1, keepdims=True)) @ v
        b, _, t, _ = out.shape
        return out.transpose(0, 2, 1, 3).reshape(b, t, self.d_model) @ self.w_o

    def forward(self, x):
        q, k, v = (self._split(x, w) for w in (self.w_q, self.w_k, self.w_v))
        return self._attend(q, k, v, causal=True)

    def step(self, x_t):
        q, k, v = (self._split(x_t, w) for w in (self.w_q, self.w_k, self.w_v))
        if self.k_cache is not None:
            k = np.concatenate([self.k_cache, k], axis=2)
            v = np.concatenate([self.v_cache, v], axis=2)
        self.k_cache, self.v_cache = k, v
        return self._attend(q, k, v, causal=False)  # the new token may see the whole cache

    def reset(self):
        self.k_cache = self.v_cache = None
