"""Mistake: the causal mask np.triu(..., k=0) hides the diagonal too, filled with -1e9: position 0
sees nothing and averages every position uniformly, the future included."""

import numpy as np


class MultiHeadAttention:
    def __init__(self, d_model, n_heads, n_kv_heads=None, seed=0):
        if n_kv_heads is None:
            n_kv_heads = n_heads
        if d_model % n_heads != 0 or n_heads % n_kv_heads != 0:
            raise ValueError("the head counts do not divide")
        self.d_model, self.n_heads, self.n_kv_heads = d_model, n_heads, n_kv_heads
        self.d_head = d_model // n_heads
        rng = np.random.default_rng(seed)
        scale = 1 / np.sqrt(d_model)
        self.w_q = rng.standard_normal((d_model, d_model)) * scale
        self.w_k = rng.standard_normal((d_model, n_kv_heads * self.d_head)) * scale
        self.w_v = rng.standard_normal((d_model, n_kv_heads * self.d_head)) * scale
        self.w_o = rng.standard_normal((d_model, d_model)) * scale

    def _heads(self, a, n):
        b, t, _ = a.shape
        return a.reshape(b, t, n, self.d_head).transpose(0, 2, 1, 3)

    def forward(self, x, causal=False):
        b, t, _ = x.shape
        group = self.n_heads // self.n_kv_heads
        q = self._heads(x @ self.w_q, self.n_heads)
        k = np.repeat(self._heads(x @ self.w_k, self.n_kv_heads), group, axis=1)
        v = np.repeat(self._heads(x @ self.w_v, self.n_kv_heads), group, axis=1)
        scores = np.einsum("bhid,bhjd->bhij", q, k) / np.sqrt(self.d_head)
        if causal:
            scores = np.where(np.triu(np.ones((t, t), dtype=bool)), -1e9, scores)
        p = np.exp(scores - scores.max(axis=-1, keepdims=True))
        p = p / p.sum(axis=-1, keepdims=True)
        heads = np.einsum("bhij,bhjd->bhid", p, v)
        merged = heads.transpose(0, 2, 1, 3).reshape(b, t, self.d_model)
        return merged @ self.w_o
