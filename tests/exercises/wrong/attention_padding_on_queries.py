"""Mistake: the padding mask is put on the query axis (padding_mask[:, :, None]), hiding rows of the weights instead of the padding keys."""

import numpy as np


class ScaledDotProductAttention:
    def __init__(self, causal=False):
        self.causal = causal

    def forward(self, q, k, v, padding_mask=None):
        scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
        allowed = np.ones(scores.shape, dtype=bool)
        if padding_mask is not None:
            allowed &= padding_mask[:, :, None]
        if self.causal:
            allowed &= np.tril(np.ones(scores.shape[-2:], dtype=bool))
        shown = np.where(allowed, scores, -np.inf)
        row_max = shown.max(axis=-1, keepdims=True)
        row_max = np.where(np.isfinite(row_max), row_max, 0.0)
        e = np.exp(shown - row_max)
        total = e.sum(axis=-1, keepdims=True)
        weights = np.divide(e, total, out=np.zeros_like(e), where=total > 0)
        return weights @ v, weights
