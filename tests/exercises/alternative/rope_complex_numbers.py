"""RoPE as complex multiplication (RoFormer, Section 3.2, eq. 13): pair i of a vector is the
complex number x[2i] + j x[2i+1], and rotating it by an angle a is multiplying it by e^(j a).
Meta's original LLaMA code works this way too (with its own pairing); here the pairs are the
paper's interleaved ones.
"""

import math

import numpy as np


class RotaryEmbedding:
    def __init__(self, dim, base=10000.0):
        if dim % 2 == 1:
            raise ValueError(f"RoPE needs an even dim, got {dim}")
        self.dim, self.base = dim, base

    def frequencies(self):
        # base^(-2i/dim) = exp(-(2i/dim) log base)
        return np.exp(-np.arange(0, self.dim, 2) / self.dim * math.log(self.base))

    def apply(self, x, positions):
        x = np.asarray(x, dtype=float)
        turns = np.exp(1j * np.outer(positions, self.frequencies()))  # (seq, dim/2), |turn| = 1
        pairs = x[..., 0::2] + 1j * x[..., 1::2]
        rotated = pairs * turns
        return np.stack([rotated.real, rotated.imag], axis=-1).reshape(x.shape)
