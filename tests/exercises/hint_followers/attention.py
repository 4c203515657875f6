"""Scaled dot-product attention with causal and padding masks, as a learner wrote it from `llmprep start attention`'s task and `llmprep hint attention` alone.

The writer read nothing else (no solution, no checks); tests/exercises/test_grader.py asserts
it passes every check, which proves the hints are enough. Regenerate it if a hint changes.
"""

import numpy as np


class ScaledDotProductAttention:
    """softmax(q @ k^T / sqrt(d_k)) @ v over a batch, with optional causal and padding masks.

    Parameters
    ----------
    causal : bool, default=False
        When True, query i may attend only to keys j <= i.
    """

    def __init__(self, causal=False):
        self.causal = causal

    def forward(self, q, k, v, padding_mask=None):
        """Return (output, weights).

        q: (batch, n_q, d_k); k: (batch, n_k, d_k); v: (batch, n_k, d_v);
        padding_mask: None or booleans (batch, n_k), True for a real token.
        output: (batch, n_q, d_v); weights: (batch, n_q, n_k), each row a softmax over the
        allowed keys, 0 where masked, and all 0 for a query with no allowed key (never NaN).
        """
        scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
        n_q, n_k = scores.shape[-2], scores.shape[-1]

        allowed = np.ones(scores.shape, dtype=bool)
        if padding_mask is not None:
            allowed &= np.asarray(padding_mask, dtype=bool)[:, None, :]
        if self.causal:
            allowed &= np.tril(np.ones((n_q, n_k), dtype=bool))

        shown = np.where(allowed, scores, -np.inf)
        row_max = shown.max(axis=-1, keepdims=True)
        row_max = np.where(np.isfinite(row_max), row_max, 0.0)
        e = np.exp(shown - row_max)

        total = e.sum(axis=-1, keepdims=True)
        weights = np.divide(e, total, out=np.zeros_like(e), where=total > 0)
        return weights @ v, weights
