"""Multi-head self-attention with an output projection, and grouped-query attention as an option.

The input is projected to queries, keys and values by one matrix each; the projections are cut
into heads along the feature axis, every head runs scaled dot-product attention on its own, and
the heads' outputs are put back side by side and mixed by the output projection. With fewer key
and value heads than query heads (grouped-query attention), consecutive query heads share one
key/value head: the KV cache shrinks by the group size while the queries keep all their heads.

Common mistakes
---------------
- ``(x @ w_q).reshape(batch, n_heads, seq, d_head)`` without the transpose: the memory order is
  (seq, heads, d_head), so such a "head" holds pieces of several tokens and several heads.
- Dividing the scores by sqrt(d_model): each head's dot products have d_head terms, so the scale
  is sqrt(d_head) (Vaswani et al., 2017, Section 3.2.2).
- The softmax over the queries (axis -2) instead of the keys (the last axis).
- Forgetting the output projection w_o, or merging the heads in another order than they were
  split (``transpose(0, 2, 3, 1)``: the columns interleave).
- Grouped-query attention with ``np.tile`` (query head h reads kv head h % n_kv_heads) instead of
  ``np.repeat`` (kv head h // group): heads are grouped by consecutive blocks.
- The causal mask off by one: ``np.triu(..., k=0)`` hides the diagonal too, so a token cannot
  attend to itself and the first token sees nothing.
"""

import numpy as np


class MultiHeadAttention:
    """Multi-head self-attention, ``concat(head_1, ..., head_h) @ w_o``, with optional GQA.

    Parameters
    ----------
    d_model : int
        Width of the tokens, divisible by `n_heads`; each head has ``d_head = d_model // n_heads``.
    n_heads : int
        Number of query heads.
    n_kv_heads : int, optional
        Number of key/value heads, a divisor of `n_heads`: None (= `n_heads`) is standard
        multi-head attention, 1 is multi-query attention, anything between grouped-query attention.
    seed : int, default=0
        Seeds ``np.random.default_rng``, which draws w_q, w_k, w_v, w_o in that order, each
        ``standard_normal(shape) / sqrt(d_model)``.

    Attributes
    ----------
    w_q : ndarray of shape (d_model, d_model)
    w_k, w_v : ndarray of shape (d_model, n_kv_heads * d_head)
    w_o : ndarray of shape (d_model, d_model)
        The projections, used as ``x @ w`` (no biases). Columns ``h * d_head:(h + 1) * d_head`` of
        w_q belong to query head h; the same columns of w_k and w_v to kv head h.

    Notes
    -----
    Multi-head attention (Vaswani et al., "Attention Is All You Need", NeurIPS 2017, Section
    3.2.2):

        head_h = softmax(Q_h K_h^T / sqrt(d_head)) V_h,   MultiHead(x) = Concat(head_1..head_H) W_O

    Grouped-query attention (Ainslie et al., "GQA", EMNLP 2023, Section 2.2): the H query heads
    form n_kv_heads groups of ``H // n_kv_heads`` consecutive heads; query head h uses kv head
    ``h // (H // n_kv_heads)``. n_kv_heads = 1 is multi-query attention (Shazeer, 2019).

    Examples
    --------
    >>> mha = MultiHeadAttention(d_model=8, n_heads=4, n_kv_heads=2, seed=0)
    >>> mha.w_k.shape
    (8, 4)
    >>> x = np.random.default_rng(1).standard_normal((2, 5, 8))
    >>> mha.forward(x, causal=True).shape
    (2, 5, 8)
    """

    def __init__(self, d_model, n_heads, n_kv_heads=None, seed=0):
        n_kv_heads = n_heads if n_kv_heads is None else n_kv_heads
        if d_model % n_heads:
            raise ValueError(f"d_model={d_model} is not divisible by n_heads={n_heads}")
        if n_kv_heads < 1 or n_heads % n_kv_heads:
            raise ValueError(f"n_kv_heads={n_kv_heads} does not divide n_heads={n_heads}")
        self.d_model, self.n_heads, self.n_kv_heads = d_model, n_heads, n_kv_heads
        self.d_head = d_model // n_heads
        rng = np.random.default_rng(seed)
        kv_width = n_kv_heads * self.d_head
        self.w_q, self.w_k, self.w_v, self.w_o = (
            rng.standard_normal((d_model, width)) / np.sqrt(d_model)
            for width in (d_model, kv_width, kv_width, d_model)
        )

    def _split(self, projected, n):
        """Cut (batch, seq, n * d_head) into (batch, n, seq, d_head); head h is one column block."""
        batch, seq, _ = projected.shape
        return projected.reshape(batch, seq, n, self.d_head).transpose(0, 2, 1, 3)

    def forward(self, x, causal=False):
        """Self-attention over each sequence of the batch.

        Parameters
        ----------
        x : ndarray of shape (batch, seq, d_model)
        causal : bool, default=False
            When True, position i attends to positions j <= i only (itself included).

        Returns
        -------
        ndarray of shape (batch, seq, d_model)
        """
        x = np.asarray(x, dtype=float)
        batch, seq, _ = x.shape
        q = self._split(x @ self.w_q, self.n_heads)  # (batch, H, seq, d_head)
        group = self.n_heads // self.n_kv_heads
        # kv head g serves query heads g*group .. (g+1)*group - 1: repeat, not tile
        k = np.repeat(self._split(x @ self.w_k, self.n_kv_heads), group, axis=1)
        v = np.repeat(self._split(x @ self.w_v, self.n_kv_heads), group, axis=1)
        scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(self.d_head)  # (batch, H, seq, seq)
        if causal:
            scores = np.where(np.tril(np.ones((seq, seq), dtype=bool)), scores, -np.inf)
        # a stable softmax over the keys; causal rows keep their diagonal, so no row is all -inf
        e = np.exp(scores - scores.max(axis=-1, keepdims=True))
        weights = e / e.sum(axis=-1, keepdims=True)
        heads = weights @ v  # (batch, H, seq, d_head)
        merged = heads.transpose(0, 2, 1, 3).reshape(batch, seq, self.d_model)  # concat heads
        return merged @ self.w_o
