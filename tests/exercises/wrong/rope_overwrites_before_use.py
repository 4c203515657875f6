"""Mistake: writes the rotated first entries into the copy that `even` is a view of, then computes
the second entries from those already rotated values: not a rotation, lengths change."""

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
        out = np.array(x, dtype=float)
        angles = np.asarray(positions)[:, None] * self.frequencies()
        cos, sin = np.cos(angles), np.sin(angles)
        even, odd = out[..., 0::2], out[..., 1::2]
        out[..., 0::2] = even * cos - odd * sin
        out[..., 1::2] = even * sin + odd * cos
        return out
