"""Multi-head self-attention with optional grouped-query attention, as a learner wrote it from `llmprep start multi_head_attention`'s task and `llmprep hint multi_head_attention` alone.

The writer read nothing else (no solution, no checks); tests/exercises/test_grader.py asserts
it passes every check, which proves the hints are enough. Regenerate it if a hint changes.
"""

import numpy as np


class MultiHeadAttention:
    """concat(head_0, ..., head_{n_heads-1}) @ w_o, each head scaled dot-product attention.

    Parameters
    ----------
    d_model : int
        The width of a token; must be divisible by n_heads (d_head = d_model // n_heads).
    n_heads : int
        The number of query heads.
    n_kv_heads : int or None, default=None
        The number of key/value heads, a divisor of n_heads (None means n_heads; 1 is MQA).
        Query head h uses kv head h // (n_heads // n_kv_heads).
    seed : int, default=0
        Seeds np.random.default_rng, which draws w_q, w_k, w_v, w_o in that order, each
        standard_normal((d_model, n_columns)) / sqrt(d_model).

    Attributes d_model, n_heads, n_kv_heads (an int), d_head, and the weights (used as x @ w, no
    biases): w_q (d_model, d_model), w_k and w_v (d_model, n_kv_heads * d_head), w_o
    (d_model, d_model). forward reads the weights at every call.
    """

    def __init__(self, d_model, n_heads, n_kv_heads=None, seed=0):
        n_kv_heads = n_heads if n_kv_heads is None else n_kv_heads
        if d_model % n_heads:
            raise ValueError(f"d_model={d_model} is not divisible by n_heads={n_heads}")
        if n_kv_heads < 1 or n_heads % n_kv_heads:
            raise ValueError(f"n_kv_heads={n_kv_heads} does not divide n_heads={n_heads}")
        self.d_model = d_model
        self.n_heads = n_heads
        self.n_kv_heads = n_kv_heads
        self.d_head = d_model // n_heads
        rng = np.random.default_rng(seed)
        kv = n_kv_heads * self.d_head
        self.w_q = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
        self.w_k = rng.standard_normal((d_model, kv)) / np.sqrt(d_model)
        self.w_v = rng.standard_normal((d_model, kv)) / np.sqrt(d_model)
        self.w_o = rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)

    def forward(self, x, causal=False):
        """Return the output, shape (batch, seq, d_model), for x of shape (batch, seq, d_model).

        Head h uses columns h*d_head:(h+1)*d_head; scores divided by sqrt(d_head); with
        causal=True position i attends to positions j <= i only.
        """
        x = np.asarray(x, dtype=float)
        batch, seq, _ = x.shape

        def split(a, n):
            return a.reshape(batch, seq, n, self.d_head).transpose(0, 2, 1, 3)

        q = split(x @ self.w_q, self.n_heads)
        k = split(x @ self.w_k, self.n_kv_heads)
        v = split(x @ self.w_v, self.n_kv_heads)
        group = self.n_heads // self.n_kv_heads
        k = np.repeat(k, group, axis=1)
        v = np.repeat(v, group, axis=1)

        scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(self.d_head)
        if causal:
            scores = np.where(np.tril(np.ones((seq, seq), dtype=bool)), scores, -np.inf)
        e = np.exp(scores - scores.max(axis=-1, keepdims=True))
        weights = e / e.sum(axis=-1, keepdims=True)

        heads = weights @ v
        merged = heads.transpose(0, 2, 1, 3).reshape(batch, seq, self.d_model)
        return merged @ self.w_o
