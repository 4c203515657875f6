"""Mistake: masked scores are set to -inf and the row maximum subtracted, so a query with no allowed key gets -inf - (-inf) = NaN."""

import numpy as np


class ScaledDotProductAttention:
    def __init__(self, causal=False):
        self.causal = causal

    def forward(self, q, k, v, padding_mask=None):
        d_k = q.shape[-1]
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(d_k)
        if padding_mask is not None:
            scores = np.where(padding_mask[:, None, :], scores, -np.inf)
        if self.causal:
            n_q, n_k = scores.shape[1:]
            scores = np.where(np.tril(np.ones((n_q, n_k))) == 1, scores, -np.inf)
        scores = scores - scores.max(axis=-1, keepdims=True)
        e = np.exp(scores)
        weights = e / e.sum(axis=-1, keepdims=True)
        return weights @ v, weights
