"""Mistake: pairs feature i with feature i + dim/2 (the GPT-NeoX / Llama "rotate half" layout)
instead of the paper's interleaved pairs (2i, 2i+1)."""

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
        angles = np.asarray(positions)[:, None] * self.frequencies()
        cos, sin = np.cos(angles), np.sin(angles)
        half = self.dim // 2
        first, second = x[..., :half], x[..., half:]
        return np.concatenate([first * cos - second * sin, first * sin + second * cos], axis=-1)
