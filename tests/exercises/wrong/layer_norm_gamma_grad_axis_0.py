"""Mistake: grad_gamma and grad_beta are summed over axis 0 only.

That is right for a 2-d input, but for x of shape (batch, time, dim) they come out of shape
(time, dim): gamma and beta are shared by every row, so the sum runs over every axis but the last.
"""

import numpy as np


class LayerNorm:
    def __init__(self, dim, eps=1e-5, rms=False):
        self.dim, self.eps, self.rms = dim, eps, rms
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)

    def forward(self, x):
        x = np.asarray(x, dtype=float)
        centred = x if self.rms else x - x.mean(-1, keepdims=True)
        self.rstd = (np.mean(centred * centred, -1, keepdims=True) + self.eps) ** -0.5
        self.x_hat = centred * self.rstd
        return self.x_hat * self.gamma if self.rms else self.x_hat * self.gamma + self.beta

    def backward(self, grad_out):
        self.grad_gamma = (grad_out * self.x_hat).sum(axis=0)  # the mistake: axis 0 only
        self.grad_beta = np.zeros(self.dim) if self.rms else grad_out.sum(axis=0)
        g = grad_out * self.gamma
        out = g - self.x_hat * np.mean(g * self.x_hat, -1, keepdims=True)
        if not self.rms:
            out = out - np.mean(g, -1, keepdims=True)
        return out * self.rstd
