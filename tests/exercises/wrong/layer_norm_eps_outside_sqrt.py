"""Mistake: eps is added to the standard deviation, (x - mean) / (std + eps), outside the root.

On ordinary rows the difference is tiny, but on a row whose variance is about eps or smaller the
output is several times too large, and on a constant row the gradient is 1/eps, not 1/sqrt(eps).
"""

import numpy as np


class LayerNorm:
    def __init__(self, dim, eps=1e-5, rms=False):
        self.dim, self.eps, self.rms = dim, eps, rms
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)

    def forward(self, x):
        x = np.asarray(x, dtype=float)
        shifted = x if self.rms else x - np.mean(x, axis=-1, keepdims=True)
        spread = np.sqrt(np.mean(shifted**2, axis=-1, keepdims=True))
        self.inv = 1.0 / (spread + self.eps)  # the mistake: eps outside the square root
        self.xn = shifted * self.inv
        out = self.xn * self.gamma
        return out if self.rms else out + self.beta

    def backward(self, grad_out):
        flat = grad_out.reshape(-1, self.dim)
        self.grad_gamma = (flat * self.xn.reshape(-1, self.dim)).sum(axis=0)
        self.grad_beta = np.zeros(self.dim) if self.rms else flat.sum(axis=0)
        g = grad_out * self.gamma
        d = g - self.xn * np.mean(g * self.xn, axis=-1, keepdims=True)
        if not self.rms:
            d = d - np.mean(g, axis=-1, keepdims=True)
        return self.inv * d
