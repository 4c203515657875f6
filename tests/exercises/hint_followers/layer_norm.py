"""LayerNorm and RMSNorm, forward and backward, as a learner wrote it from `llmprep start layer_norm`'s task and `llmprep hint layer_norm` alone.

The writer read nothing else (no solution, no checks); tests/exercises/test_grader.py asserts
it passes every check, which proves the hints are enough. Regenerate it if a hint changes.
"""

import numpy as np


class LayerNorm:
    """Normalise the last axis of x: LayerNorm, or RMSNorm with rms=True.

    Parameters
    ----------
    dim : int
        The size of the last axis, normalised together.
    eps : float, default=1e-5
        Added to the variance (RMSNorm: to the mean square) inside the square root.
    rms : bool, default=False
        If True, RMSNorm: no mean subtracted, no beta.
    """

    def __init__(self, dim, eps=1e-5, rms=False):
        self.dim = dim
        self.eps = eps
        self.rms = rms
        self.gamma = np.ones(dim)  # the gain, shape (dim,)
        self.beta = np.zeros(dim)  # the shift, shape (dim,); unused when rms=True

    def forward(self, x):
        """Return y, of x's shape (..., dim), normalised over the last axis; keep what backward needs."""
        if self.rms:
            centred = x
        else:
            mu = x.mean(axis=-1, keepdims=True)
            centred = x - mu
        ms = (centred**2).mean(axis=-1, keepdims=True)
        r = 1 / np.sqrt(ms + self.eps)
        x_hat = centred * r
        self.x_hat = x_hat
        self.r = r
        y = x_hat * self.gamma
        if not self.rms:
            y = y + self.beta
        return y

    def backward(self, grad_out):
        """Return grad_x (shape of x); set self.grad_gamma and self.grad_beta, shape (dim,)."""
        rows = grad_out.reshape(-1, self.dim)
        self.grad_gamma = (rows * self.x_hat.reshape(-1, self.dim)).sum(axis=0)
        if self.rms:
            self.grad_beta = np.zeros(self.dim)
        else:
            self.grad_beta = rows.sum(axis=0)
        g = grad_out * self.gamma
        proj = (g * self.x_hat).mean(axis=-1, keepdims=True)
        grad_x = g - self.x_hat * proj
        if not self.rms:
            grad_x = grad_x - g.mean(axis=-1, keepdims=True)
        return self.r * grad_x
