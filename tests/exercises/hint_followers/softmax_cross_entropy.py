"""Softmax, log-softmax and the mean cross-entropy with its gradient, as a learner wrote it from `llmprep start softmax_cross_entropy`'s task and `llmprep hint softmax_cross_entropy` alone.

The writer read nothing else (no solution, no checks); tests/exercises/test_grader.py asserts
it passes every check, which proves the hints are enough. Regenerate it if a hint changes.
"""

import numpy as np


class SoftmaxCrossEntropy:
    """Softmax over the last axis, and the mean softmax cross-entropy of a batch with its gradient."""

    def softmax(self, logits):
        """Return the probabilities over the last axis; logits (..., k), result of the same shape."""
        z = np.asarray(logits, dtype=float)
        shifted = z - z.max(axis=-1, keepdims=True)
        e = np.exp(shifted)
        return e / e.sum(axis=-1, keepdims=True)

    def log_softmax(self, logits):
        """Return the log-probabilities over the last axis, shape (..., k), finite everywhere."""
        z = np.asarray(logits, dtype=float)
        shifted = z - z.max(axis=-1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))

    def loss(self, logits, y):
        """Return the mean cross-entropy (a float) of logits (n, k) against class indices y (n,)."""
        y = np.asarray(y, dtype=int)
        log_p = self.log_softmax(logits)
        picked = log_p[np.arange(len(y)), y]
        return float(-picked.mean())

    def gradient(self, logits, y):
        """Return d loss / d logits, shape (n, k): (softmax(logits) - onehot(y)) / n."""
        y = np.asarray(y, dtype=int)
        n = len(y)
        grad = self.softmax(logits)
        grad[np.arange(n), y] -= 1.0
        return grad / n
