"""Scaled dot-product attention with a causal mask and a padding mask, numpy only.

Each query takes a weighted average of the values; the weights are a softmax over the keys of
the query's dot products with them, divided by sqrt(d_k). Masks say which keys a query may look
at: a causal mask hides the keys after the query, a padding mask hides the padding tokens. The
interesting part is numerical: a softmax of scores around 1e4 overflows unless the row maximum
is subtracted first, and a query with no allowed key at all (left padding under a causal mask)
makes the textbook "fill with -inf, then softmax" divide 0 by 0.

Common mistakes
---------------
- Forgetting the 1 / sqrt(d_k): with d_k = 64 the scores are 8 times too large and the softmax
  is nearly one-hot (Vaswani et al., 2017, Section 3.2.1, footnote 4).
- ``np.exp(scores)`` without subtracting the row maximum: exp(1e4) = inf, and inf / inf = NaN;
  for scores around -1e4 every exp underflows to 0 and the row is 0 / 0.
- Filling masked scores with -inf: a row with no allowed key is all -inf, its maximum is -inf,
  and -inf - (-inf) = NaN. Filling with -1e9 instead gives no NaN but a uniform row: the query
  spreads its attention over the padding it was meant to ignore.
- ``np.triu`` for ``np.tril`` (or the mask's ``k`` off by one): queries see the future, or not
  even themselves.
- Applying the padding mask to the queries (rows) instead of the keys (columns).
"""

import numpy as np


def masked_softmax(scores, allowed):
    """Softmax over the last axis of `scores`, over the entries where `allowed` is True only.

    Parameters
    ----------
    scores : ndarray of shape (..., n)
    allowed : ndarray of bool, broadcastable to the shape of `scores`

    Returns
    -------
    ndarray of the shape of `scores`: 0 where not allowed, and each row sums to 1, or to 0 when
    the row has no allowed entry.

    Notes
    -----
    softmax(s) = softmax(s - max s) (Goodfellow, Bengio & Courville, Deep Learning, 2016,
    Section 4.1): after the shift every exponent is at most 0, so nothing overflows, and the
    largest term is exp(0) = 1, so the sum is at least 1. Masked entries become -inf, whose exp is
    exactly 0. A row with no allowed entry has maximum -inf; it is shifted by 0 instead, its sum
    is 0, and it is returned as zeros rather than 0 / 0.
    """
    shown = np.where(allowed, scores, -np.inf)
    row_max = shown.max(axis=-1, keepdims=True)
    row_max = np.where(np.isfinite(row_max), row_max, 0.0)  # a fully masked row: -inf -> 0
    e = np.exp(shown - row_max)  # exp(-inf) = 0 for the masked entries
    total = e.sum(axis=-1, keepdims=True)
    return np.divide(e, total, out=np.zeros_like(e), where=total > 0)


class ScaledDotProductAttention:
    """softmax(Q K^T / sqrt(d_k)) V over a batch, with optional causal and padding masks.

    Parameters
    ----------
    causal : bool, default=False
        When True, query i may attend only to keys j <= i (a decoder's mask: no peeking ahead).

    Notes
    -----
    Attention (Vaswani et al., "Attention Is All You Need", NeurIPS 2017, Section 3.2.1, eq. 1):

        Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V

    The softmax runs over the keys, so each row of weights is a distribution over the n_k keys.
    Masking (Section 3.2.3): a key a query must not see has its score set to -inf before the
    softmax, so its weight is exactly 0. Here a query with no allowed key gets weights 0 and
    output 0 (the convention of fused attention kernels), never NaN.

    Examples
    --------
    >>> q = k = np.array([[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]])
    >>> v = np.array([[[1.0], [2.0], [3.0]]])
    >>> out, w = ScaledDotProductAttention(causal=True).forward(q, k, v)
    >>> w.round(3).tolist()
    [[[1.0, 0.0, 0.0], [0.33, 0.67, 0.0], [0.248, 0.248, 0.503]]]
    >>> out.round(3).tolist()
    [[[1.0], [1.67], [2.255]]]

    A query with no allowed key gets zeros, and huge scores stay finite:

    >>> out, w = ScaledDotProductAttention(causal=True).forward(
    ...     1e4 * q, k, v, padding_mask=np.array([[False, True, True]]))
    >>> w.round(3).tolist()
    [[[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]]
    """

    def __init__(self, causal=False):
        self.causal = causal

    def forward(self, q, k, v, padding_mask=None):
        """Attend from the queries to the keys and average the values.

        Parameters
        ----------
        q : ndarray of shape (batch, n_q, d_k)
        k : ndarray of shape (batch, n_k, d_k)
        v : ndarray of shape (batch, n_k, d_v)
        padding_mask : ndarray of bool, shape (batch, n_k), optional
            True for a real token, False for padding: padding keys get weight 0.

        Returns
        -------
        output : ndarray of shape (batch, n_q, d_v)
            weights @ v.
        weights : ndarray of shape (batch, n_q, n_k)
            Each row sums to 1 over the allowed keys (0 for a row with none); 0 where masked.
        """
        q, k, v = (np.asarray(a, dtype=float) for a in (q, k, v))
        scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])  # (batch, n_q, n_k)
        allowed = np.ones(scores.shape, dtype=bool)
        if padding_mask is not None:  # hides keys: the same columns for every query
            allowed &= np.asarray(padding_mask, dtype=bool)[:, None, :]
        if self.causal:  # query i sees keys 0..i: the lower triangle, diagonal included
            allowed &= np.tril(np.ones(scores.shape[-2:], dtype=bool))
        weights = masked_softmax(scores, allowed)
        return weights @ v, weights
