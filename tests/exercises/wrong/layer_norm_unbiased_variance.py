"""Mistake: the standard deviation is the unbiased one, x.std(ddof=1), divided by dim - 1.

LayerNorm (and PyTorch's) uses the biased variance, divided by dim; with ddof=1 every output row
has variance (dim - 1) / dim instead of 1.
"""

import numpy as np


class LayerNorm:
    def __init__(self, dim, eps=1e-5, rms=False):
        self.dim, self.eps, self.rms = dim, eps, rms
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)

    def forward(self, x):
        x = np.asarray(x, dtype=float)
        if self.rms:
            self.scale = 1.0 / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + self.eps)
            self.normed = x * self.scale
            return self.normed * self.gamma
        mean = x.mean(axis=-1, keepdims=True)
        variance = x.var(axis=-1, ddof=1, keepdims=True)  # the mistake: ddof=1
        self.scale = 1.0 / np.sqrt(variance + self.eps)
        self.normed = (x - mean) * self.scale
        return self.normed * self.gamma + self.beta

    def backward(self, grad_out):
        rows = grad_out.reshape(-1, self.dim)
        self.grad_gamma = np.einsum("nd,nd->d", rows, self.normed.reshape(-1, self.dim))
        self.grad_beta = np.zeros(self.dim) if self.rms else rows.sum(axis=0)
        g = grad_out * self.gamma
        result = g - self.normed * (g * self.normed).mean(axis=-1, keepdims=True)
        if not self.rms:
            result -= g.mean(axis=-1, keepdims=True)
        return self.scale * result
