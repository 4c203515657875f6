"""Softmax, log-softmax, the mean cross-entropy of a batch and its gradient, numpy only.

Every function works on the last axis, one row of logits per sample. Subtracting each row's
largest logit first (which changes nothing mathematically) keeps every exponent at most 0, so
nothing overflows, and log-softmax is computed from the shifted logits directly, so it stays
finite where softmax underflows to 0.

Common mistakes
---------------
- ``np.exp(logits)`` without subtracting the row's maximum: ``exp(1e4)`` overflows to inf and
  the probabilities become NaN.
- ``np.log(softmax(logits))`` for log-softmax: a probability that underflows to 0 gives -inf,
  and the loss of a confident mistake becomes inf.
- Summing the per-sample losses instead of averaging them, or forgetting the 1 / n of the mean
  in the gradient.
- Normalising over axis 0 (the batch) instead of the last axis (the classes).
- ``log_p[:, y]`` instead of ``log_p[np.arange(n), y]``: an (n, n) array, not one entry per row.
"""

import numpy as np


class SoftmaxCrossEntropy:
    """Softmax and the softmax cross-entropy loss over the last axis, with its gradient.

    Notes
    -----
    For one row of logits z with k entries and m = max_j z_j (Goodfellow, Bengio & Courville,
    "Deep Learning", MIT Press 2016, Section 4.1 for the shift by the maximum, Section 6.2.2.3
    for the softmax and its log):

        softmax(z)_i = exp(z_i - m) / sum_j exp(z_j - m)
        log_softmax(z)_i = (z_i - m) - log(sum_j exp(z_j - m))

    The mean cross-entropy of n rows Z (n, k) with class indices y (n,) is

        L = -(1 / n) sum_r log_softmax(Z_r)_{y_r}

    and its gradient with respect to the logits (Bishop, "Pattern Recognition and Machine
    Learning", Springer 2006, Section 4.3.4, eq. 4.109, the multiclass logistic regression):

        dL/dZ = (softmax(Z) - onehot(y)) / n

    Each row of the gradient sums to 0, since softmax and onehot both sum to 1.

    Examples
    --------
    >>> ce = SoftmaxCrossEntropy()
    >>> ce.softmax(np.array([2.0, 1.0, 0.0])).round(3).tolist()
    [0.665, 0.245, 0.09]
    >>> ce.log_softmax(np.array([1e4, 0.0])).tolist()
    [0.0, -10000.0]
    >>> round(ce.loss(np.array([[2.0, 1.0, 0.0]]), np.array([0])), 3)
    0.408
    >>> ce.gradient(np.array([[2.0, 1.0, 0.0]]), np.array([0])).round(3).tolist()
    [[-0.335, 0.245, 0.09]]
    """

    def softmax(self, logits):
        """Probabilities over the last axis; logits of shape (..., k), result of the same shape."""
        z = np.asarray(logits, dtype=float)
        e = np.exp(z - z.max(axis=-1, keepdims=True))  # every exponent <= 0: no overflow
        return e / e.sum(axis=-1, keepdims=True)

    def log_softmax(self, logits):
        """Log-probabilities over the last axis, shape (..., k), finite where softmax is 0."""
        z = np.asarray(logits, dtype=float)
        shifted = z - z.max(axis=-1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))

    def loss(self, logits, y):
        """The mean cross-entropy of logits (n, k) against class indices y (n,): a float."""
        y = np.asarray(y, dtype=int)
        log_p = self.log_softmax(logits)
        return float(-log_p[np.arange(len(y)), y].mean())  # one entry per row, not [:, y]

    def gradient(self, logits, y):
        """d loss / d logits, shape (n, k): (softmax(logits) - onehot(y)) / n."""
        y = np.asarray(y, dtype=int)
        grad = self.softmax(logits)  # a new array: the caller's logits are untouched
        grad[np.arange(len(y)), y] -= 1.0
        return grad / len(y)
