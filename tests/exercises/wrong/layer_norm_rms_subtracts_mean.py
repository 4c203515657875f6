"""Mistake: RMSNorm subtracts the mean too, so it is LayerNorm without beta.

RMSNorm (Zhang & Sennrich, 2019) only divides each row by its root mean square: it does not
centre, and its output rows keep their mean.
"""

import numpy as np


class LayerNorm:
    def __init__(self, dim, eps=1e-5, rms=False):
        self.dim, self.eps, self.rms = dim, eps, rms
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)

    def forward(self, x):
        x = np.asarray(x, dtype=float)
        centred = x - x.mean(axis=-1, keepdims=True)  # the mistake: also when rms=True
        self.r = 1.0 / np.sqrt(np.mean(centred**2, axis=-1, keepdims=True) + self.eps)
        self.x_hat = centred * self.r
        if self.rms:
            return self.x_hat * self.gamma
        return self.x_hat * self.gamma + self.beta

    def backward(self, grad_out):
        rows = grad_out.reshape(-1, self.dim)
        self.grad_gamma = (rows * self.x_hat.reshape(-1, self.dim)).sum(axis=0)
        self.grad_beta = np.zeros(self.dim) if self.rms else rows.sum(axis=0)
        g = grad_out * self.gamma
        g_mean = g.mean(axis=-1, keepdims=True)
        projection = (g * self.x_hat).mean(axis=-1, keepdims=True)
        return self.r * (g - g_mean - self.x_hat * projection)
