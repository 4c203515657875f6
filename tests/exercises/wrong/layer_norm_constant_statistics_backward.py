"""Mistake: backward treats the mean and the variance as constants: grad_x = g / sqrt(var + eps).

Both depend on every entry of the row, so the true gradient has two more terms,
- mean(g) and - x_hat * mean(g * x_hat). The forward pass is right.
"""

import numpy as np


class LayerNorm:
    def __init__(self, dim, eps=1e-5, rms=False):
        self.dim, self.eps, self.rms = dim, eps, rms
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)

    def forward(self, x):
        x = np.asarray(x, dtype=float)
        if not self.rms:
            x = x - x.mean(axis=-1, keepdims=True)
        self.inv_std = 1.0 / np.sqrt(np.mean(x**2, axis=-1, keepdims=True) + self.eps)
        self.x_hat = x * self.inv_std
        y = self.x_hat * self.gamma
        return y if self.rms else y + self.beta

    def backward(self, grad_out):
        rows = grad_out.reshape(-1, self.dim)
        self.grad_gamma = (rows * self.x_hat.reshape(-1, self.dim)).sum(axis=0)
        self.grad_beta = np.zeros(self.dim) if self.rms else rows.sum(axis=0)
        return grad_out * self.gamma * self.inv_std  # the mistake: the statistics as constants
