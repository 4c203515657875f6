"""LayerNorm and RMSNorm on rows flattened to 2-d, backward one node of the graph at a time.

Another correct style: forward flattens x to (rows, dim) and keeps every intermediate value;
backward walks the graph back (the shift, the scale, the reciprocal square root, the variance,
the centring) one step each, instead of using the closed-form gradient.
"""

import numpy as np


class LayerNorm:
    def __init__(self, dim, eps=1e-5, rms=False):
        self.dim = dim
        self.eps = eps
        self.rms = rms
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)

    def forward(self, x):
        x = np.array(x, dtype=float)
        self.shape = x.shape
        rows = x.reshape(-1, self.dim)
        n = self.dim
        mu = 0.0 if self.rms else rows.sum(axis=1, keepdims=True) / n
        d = rows - mu  # the centred rows (the rows themselves for RMSNorm)
        v = (d**2).sum(axis=1, keepdims=True) / n  # variance, or mean square
        s = np.sqrt(v + self.eps)
        inv = 1.0 / s
        xh = d * inv
        self.cache = (d, v, s, inv, xh)
        out = xh * self.gamma
        if not self.rms:
            out = out + self.beta
        return out.reshape(self.shape)

    def backward(self, grad_out):
        d, v, s, inv, xh = self.cache
        n = self.dim
        dy = np.asarray(grad_out, dtype=float).reshape(-1, n)
        # y = xh * gamma + beta
        self.grad_beta = np.zeros(n) if self.rms else dy.sum(axis=0)
        self.grad_gamma = (dy * xh).sum(axis=0)
        dxh = dy * self.gamma
        # xh = d * inv
        dd = dxh * inv
        dinv = (dxh * d).sum(axis=1, keepdims=True)
        # inv = 1 / s,  s = sqrt(v + eps)
        ds = -dinv / s**2
        dv = ds * 0.5 / s
        # v = sum(d^2) / n
        dd = dd + dv * 2.0 * d / n
        # d = x - mu, mu = sum(x) / n (for RMSNorm d = x)
        dx = dd if self.rms else dd - dd.sum(axis=1, keepdims=True) / n
        return dx.reshape(self.shape)
