"""Rotary position embedding (RoPE) of RoFormer, numpy only.

The features of a query or key vector are taken in pairs, (x[2i], x[2i+1]) for i = 0..dim/2-1,
and pair i of the token at position m is turned by the angle m * theta_i, with the frequencies
theta_i = base^(-2i/dim) falling geometrically from 1 radian per position. A rotation keeps each
vector's length, and because rotating q by m * theta and k by n * theta leaves their dot product
as q^T R((n - m) theta) k, an attention score sees only the offset n - m between the tokens.

Common mistakes
---------------
- Pairing feature i with feature i + dim/2 (the GPT-NeoX / Llama "rotate half" layout): the same
  idea with the features permuted, but not the paper's interleaved pairs used here.
- Frequencies base^(-i/dim) for i = 0..dim/2-1 (the 2 of the exponent lost): the slow pairs turn
  far too fast.
- Turning by -angle: the relative property still holds, but every output is mirrored.
- Adding 1 to the positions (a token at position 0 must be left as it is), angles taken as
  degrees, or only the first dim/2 features rotated.
- Writing the rotated first entries before computing the second ones from them: x[..., 0::2] is a
  view, so the second entry of each pair is computed from an already rotated value.
"""

import numpy as np


class RotaryEmbedding:
    """Rotate pairs of features by angles proportional to each token's position.

    Parameters
    ----------
    dim : int
        The size of the last axis of the vectors rotated (a head's dimension); must be even.
    base : float, default=10000.0
        The base of the geometric frequencies (``rope_theta`` in Llama's configuration).

    Notes
    -----
    RoFormer (Su et al., "RoFormer: Enhanced Transformer with Rotary Position Embedding",
    arXiv:2104.09864, 2021, Section 3.4.2, eqs. 15 and 34): for position m and pair i,

        theta_i = base^(-2i/dim),  i = 0 .. dim/2 - 1
        out[2i]   = x[2i] cos(m theta_i) - x[2i+1] sin(m theta_i)
        out[2i+1] = x[2i] sin(m theta_i) + x[2i+1] cos(m theta_i)

    that is, pair i as the complex number x[2i] + j x[2i+1] multiplied by exp(j m theta_i)
    (Section 3.2, eq. 13). Since R(a)^T R(b) = R(b - a), the score of a query rotated for
    position m and a key rotated for position n is q^T R((n - m) theta) k (eq. 16).

    Examples
    --------
    >>> rope = RotaryEmbedding(4, base=100.0)
    >>> rope.frequencies().tolist()
    [1.0, 0.1]
    >>> x = np.array([[1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 1.0, 0.0]])
    >>> rope.apply(x, np.array([0, 1])).round(4).tolist()
    [[1.0, 0.0, 1.0, 0.0], [0.5403, 0.8415, 0.995, 0.0998]]

    The score of two rotated vectors depends only on their offset:

    >>> q, k = np.array([[1.0, 2.0, 3.0, 4.0]]), np.array([[0.5, -1.0, 2.0, 0.0]])
    >>> def score(m, n):
    ...     return float(np.sum(rope.apply(q, np.array([m])) * rope.apply(k, np.array([n]))))
    >>> bool(np.isclose(score(2, 7), score(102, 107)))
    True
    """

    def __init__(self, dim, base=10000.0):
        if dim % 2 != 0:
            raise ValueError(f"dim must be even: features are rotated in pairs, got dim={dim}")
        self.dim = dim
        self.base = base

    def frequencies(self):
        """theta_i = base^(-2i/dim) for i = 0 .. dim/2 - 1: one angle per position per pair.

        Returns
        -------
        ndarray of shape (dim // 2,)
            From 1 (pair 0 turns one radian per position) down to base^(-(dim - 2)/dim).
        """
        i = np.arange(self.dim // 2)
        return self.base ** (-2.0 * i / self.dim)

    def apply(self, x, positions):
        """Rotate pair i of the token at position p by the angle p * theta_i (radians).

        Parameters
        ----------
        x : ndarray of shape (..., seq, dim)
            Queries or keys; any leading axes (batch, heads).
        positions : ndarray of int, shape (seq,)
            The absolute position of each of the seq tokens, as given (0 is the first token).

        Returns
        -------
        ndarray of shape (..., seq, dim)
            A new array; ``x`` is not modified. Position 0 leaves a vector as it is.
        """
        x = np.asarray(x, dtype=float)
        angles = np.asarray(positions, dtype=float)[:, None] * self.frequencies()  # (seq, dim/2)
        cos, sin = np.cos(angles), np.sin(angles)  # broadcast over the leading axes of x
        even, odd = x[..., 0::2], x[..., 1::2]  # the two entries of each pair, (..., seq, dim/2)
        out = np.empty_like(x)
        out[..., 0::2] = even * cos - odd * sin
        out[..., 1::2] = even * sin + odd * cos
        return out
