"""Rotary position embedding (RoPE) with interleaved pairs, as a learner wrote it from `llmprep start rope`'s task and `llmprep hint rope` alone.

The writer read nothing else (no solution, no checks); tests/exercises/test_grader.py asserts
it passes every check, which proves the hints are enough. Regenerate it if a hint changes.
"""

import numpy as np


class RotaryEmbedding:
    """Rotate each pair of features (x[..., 2i], x[..., 2i+1]) by the angle position * theta_i.

    Parameters
    ----------
    dim : int
        The length of the vectors rotated (the last axis of x); must be even.
    base : float, default=10000.0
        The base of the frequencies theta_i = base ** (-2 * i / dim).
    """

    def __init__(self, dim, base=10000.0):
        """Raise ValueError if dim is odd; store self.dim and self.base."""
        if dim % 2 != 0:
            raise ValueError(f"dim must be even, got {dim}")
        self.dim = dim
        self.base = base

    def frequencies(self):
        """Return theta_i = base ** (-2 * i / dim) for i = 0 .. dim/2 - 1, shape (dim // 2,)."""
        i = np.arange(self.dim // 2)
        return self.base ** (-2.0 * i / self.dim)

    def apply(self, x, positions):
        """Return a new array of x's shape (..., seq, dim), pair i of token t rotated by positions[t] * theta_i.

        x: floats (..., seq, dim), any leading axes; positions: ints (seq,), used as given.
        out[..., 2i] = x[..., 2i] cos - x[..., 2i+1] sin; out[..., 2i+1] = x[..., 2i] sin + x[..., 2i+1] cos.
        """
        angles = np.asarray(positions, dtype=float)[:, None] * self.frequencies()
        cos = np.cos(angles)
        sin = np.sin(angles)
        x = np.asarray(x, dtype=float)
        even = x[..., 0::2]
        odd = x[..., 1::2]
        out = np.empty_like(x)
        out[..., 0::2] = even * cos - odd * sin
        out[..., 1::2] = even * sin + odd * cos
        return out
