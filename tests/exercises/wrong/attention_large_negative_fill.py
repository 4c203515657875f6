"""Mistake: masked scores are set to -1e9 instead of -inf, so a query with no allowed key gets uniform weights over the padding instead of zeros."""

import numpy as np


class ScaledDotProductAttention:
    def __init__(self, causal=False):
        self.causal = causal

    def forward(self, q, k, v, padding_mask=None):
        d_k = q.shape[-1]
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(d_k)
        if padding_mask is not None:
            scores = np.where(padding_mask[:, None, :], scores, -1e9)
        if self.causal:
            n = scores.shape[-1]
            future = np.triu(np.ones((n, n), dtype=bool), k=1)
            scores = np.where(future, -1e9, scores)
        scores = scores - scores.max(axis=-1, keepdims=True)
        e = np.exp(scores)
        weights = e / e.sum(axis=-1, keepdims=True)
        return weights @ v, weights
