"""Mistake: the statistics are taken over axis 0, the batch, as BatchNorm does.

Each feature (column) is then normalised across the samples, instead of each sample (row)
across its features: the output columns have mean 0, the rows do not.
"""

import numpy as np


class LayerNorm:
    def __init__(self, dim, eps=1e-5, rms=False):
        self.dim, self.eps, self.rms = dim, eps, rms
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)

    def forward(self, x):
        x = np.asarray(x, dtype=float)
        axis = 0  # the mistake: should be -1
        c = x if self.rms else x - x.mean(axis=axis, keepdims=True)
        self.r = 1.0 / np.sqrt((c**2).mean(axis=axis, keepdims=True) + self.eps)
        self.xh = c * self.r
        return self.xh * self.gamma + (0.0 if self.rms else self.beta)

    def backward(self, grad_out):
        flat = grad_out.reshape(-1, self.dim)
        self.grad_gamma = (flat * self.xh.reshape(-1, self.dim)).sum(axis=0)
        self.grad_beta = np.zeros(self.dim) if self.rms else flat.sum(axis=0)
        g = grad_out * self.gamma
        grad = g - self.xh * (g * self.xh).mean(axis=0, keepdims=True)
        if not self.rms:
            grad = grad - g.mean(axis=0, keepdims=True)
        return self.r * grad
