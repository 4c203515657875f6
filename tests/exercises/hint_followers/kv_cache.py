"""Causal multi-head self-attention with a KV cache, as a learner wrote it from `llmprep start kv_cache`'s task and `llmprep hint kv_cache` alone.

The writer read nothing else (no solution, no checks); tests/exercises/test_grader.py asserts
it passes every check, which proves the hints are enough. Regenerate it if a hint changes.
"""

import numpy as np


class CachedSelfAttention:
    """Causal multi-head self-attention that decodes incrementally with a cache of keys and values.

    Parameters
    ----------
    d_model : int
        The width of a token vector; a multiple of n_heads (d_head = d_model // n_heads).
    n_heads : int
    seed : int, default=0
        Seeds np.random.default_rng, which draws w_q, w_k, w_v, w_o in that order, each
        standard normal / sqrt(d_model).

    Attributes w_q, w_k, w_v, w_o (d_model, d_model) are read at every call (x @ w, no biases);
    k_cache, v_cache are None when empty, else (batch, n_heads, cache_len, d_head).
    """

    def __init__(self, d_model, n_heads, seed=0):
        assert d_model % n_heads == 0
        self.d_model = d_model
        self.n_heads = n_heads
        self.d_head = d_model // n_heads
        rng = np.random.default_rng(seed)
        self.w_q = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.w_k = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.w_v = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.w_o = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.k_cache = None
        self.v_cache = None

    @property
    def cache_len(self):
        """The number of cached positions (0 when the cache is empty)."""
        return 0 if self.k_cache is None else self.k_cache.shape[2]

    def _heads(self, x, w):
        """Project x (batch, seq, d_model) with w and split into (batch, n_heads, seq, d_head)."""
        batch, seq, _ = x.shape
        return (x @ w).reshape(batch, seq, self.n_heads, self.d_head).transpose(0, 2, 1, 3)

    def _attend(self, q, k, v, offset):
        """Queries at positions offset .. offset + t - 1 attend causally to keys at 0 .. n - 1."""
        t, n = q.shape[2], k.shape[2]
        allowed = np.arange(n)[None, :] <= offset + np.arange(t)[:, None]
        scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(self.d_head)
        scores = np.where(allowed, scores, -np.inf)
        weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
        weights = weights / weights.sum(axis=-1, keepdims=True)
        heads = weights @ v
        batch = q.shape[0]
        return heads.transpose(0, 2, 1, 3).reshape(batch, t, self.d_model) @ self.w_o

    def forward(self, x):
        """Causal self-attention over x (batch, seq, d_model) -> (batch, seq, d_model); no cache."""
        x = np.asarray(x, dtype=float)
        q, k, v = (self._heads(x, w) for w in (self.w_q, self.w_k, self.w_v))
        return self._attend(q, k, v, 0)

    def step(self, x_t):
        """Append the keys and values of x_t (batch, t_new, d_model); return its (batch, t_new, d_model) outputs."""
        x_t = np.asarray(x_t, dtype=float)
        offset = self.cache_len
        q, k, v = (self._heads(x_t, w) for w in (self.w_q, self.w_k, self.w_v))
        if self.k_cache is None:
            self.k_cache, self.v_cache = k, v
        else:
            self.k_cache = np.concatenate([self.k_cache, k], axis=2)
            self.v_cache = np.concatenate([self.v_cache, v], axis=2)
        return self._attend(q, self.k_cache, self.v_cache, offset)

    def reset(self):
        """Empty the cache to start a new sequence."""
        self.k_cache = None
        self.v_cache = None
