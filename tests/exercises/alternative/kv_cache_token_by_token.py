"""A correct KV cache in another style: the heads in a Python loop with einsum, the softmax
through a log-sum-exp over the visible keys only (no -inf), and a prefill fed through the cache
one token at a time, so a step never needs a mask: a token sees the whole cache up to itself."""

import math

import numpy as np


class CachedSelfAttention:
    def __init__(self, d_model, n_heads, seed=0):
        if d_model % n_heads != 0:
            raise ValueError("n_heads must divide d_model")
        self.n_heads = n_heads
        gen = np.random.default_rng(seed)
        std = 1 / math.sqrt(d_model)
        self.w_q = gen.standard_normal((d_model, d_model)) * std
        self.w_k = gen.standard_normal((d_model, d_model)) * std
        self.w_v = gen.standard_normal((d_model, d_model)) * std
        self.w_o = gen.standard_normal((d_model, d_model)) * std
        self.k_cache = None
        self.v_cache = None

    @property
    def cache_len(self):
        return 0 if self.k_cache is None else int(self.k_cache.shape[2])

    def _by_head(self, projected):
        """(batch, seq, d_model) -> (batch, n_heads, seq, d_head), head h = columns of block h."""
        width = projected.shape[-1] // self.n_heads
        blocks = [projected[..., h * width : (h + 1) * width] for h in range(self.n_heads)]
        return np.stack(blocks, axis=1)

    def _one_query(self, q, k, v):
        """q (batch, n_heads, d_head) over all of k, v (batch, n_heads, n, d_head) -> (batch, d_model)."""
        scores = np.einsum("bhd,bhnd->bhn", q, k) / math.sqrt(q.shape[-1])
        top = scores.max(axis=-1, keepdims=True)
        log_norm = top + np.log(np.exp(scores - top).sum(axis=-1, keepdims=True))
        mixed = np.einsum("bhn,bhnd->bhd", np.exp(scores - log_norm), v)
        return np.concatenate([mixed[:, h] for h in range(self.n_heads)], axis=-1) @ self.w_o

    def forward(self, x):
        x = np.asarray(x, dtype=float)
        q, k, v = (self._by_head(x @ w) for w in (self.w_q, self.w_k, self.w_v))
        rows = [
            self._one_query(q[:, :, i], k[:, :, : i + 1], v[:, :, : i + 1])
            for i in range(x.shape[1])
        ]
        return np.stack(rows, axis=1)

    def step(self, x_t):
        x_t = np.asarray(x_t, dtype=float)
        rows = []
        for i in range(x_t.shape[1]):  # one token at a time: it sees the cache and itself
            token = x_t[:, i : i + 1]
            q, k, v = (self._by_head(token @ w) for w in (self.w_q, self.w_k, self.w_v))
            if self.k_cache is not None:
                k = np.concatenate((self.k_cache, k), axis=2)
                v = np.concatenate((self.v_cache, v), axis=2)
            self.k_cache, self.v_cache = k, v
            rows.append(self._one_query(q[:, :, 0], k, v))
        return np.stack(rows, axis=1)

    def reset(self):
        self.k_cache = None
        self.v_cache = None
