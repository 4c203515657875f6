"""Mistake: the scores are q @ k^T, never divided by sqrt(d_k), so the softmax saturates."""

import numpy as np


class ScaledDotProductAttention:
    def __init__(self, causal=False):
        self.causal = causal

    def forward(self, q, k, v, padding_mask=None):
        scores = np.matmul(q, np.swapaxes(k, 1, 2))
        keep = np.ones(scores.shape, dtype=bool)
        if padding_mask is not None:
            keep = keep & padding_mask[:, np.newaxis, :]
        if self.causal:
            keep = keep & np.tril(np.ones(scores.shape[1:], dtype=bool))
        masked = np.where(keep, scores, -np.inf)
        top = masked.max(axis=2, keepdims=True)
        top[np.isinf(top)] = 0.0
        e = np.exp(masked - top)
        s = e.sum(axis=2, keepdims=True)
        weights = e / np.where(s == 0, 1.0, s)
        return weights @ v, weights
