"""Mistake: rotates only the first dim/2 features (dim/2 taken as a number of features rather
than of pairs) and passes the others through."""

import numpy as np


class RotaryEmbedding:
    def __init__(self, dim, base=10000.0):
        if dim % 2:
            raise ValueError("dim must be even")
        self.dim = dim
        self.base = base

    def frequencies(self):
        return self.base ** (-2.0 * np.arange(self.dim // 2) / self.dim)

    def apply(self, x, positions):
        x = np.asarray(x, dtype=float)
        half = self.dim // 2
        angles = np.asarray(positions)[:, None] * self.frequencies()[: half // 2]
        cos, sin = np.cos(angles), np.sin(angles)
        even, odd = x[..., 0:half:2], x[..., 1:half:2]
        out = x.copy()
        out[..., 0:half:2] = even * cos - odd * sin
        out[..., 1:half:2] = even * sin + odd * cos
        return out
