"""Exact rescaling of data whose magnitudes would overflow or underflow when squared.

Distances, variances and kernels square the data: 1e300 squared is inf and 1e-300 squared is 0.
Multiplying by a power of two is exact in binary floating point, so scaling the data towards 1
by one, and undoing it where results are reported, changes nothing for ordinary data and keeps
huge or tiny data finite. Used by all three solutions.
"""

import numpy as np


def exponent_shift(X):
    """A power-of-two exponent ``e`` such that ``np.ldexp(X, e)`` has its largest magnitude near
    1, or 0 when that magnitude is already within 2^-200..2^200 (no rescaling needed).

    Parameters
    ----------
    X : ndarray of float

    Returns
    -------
    int
    """
    largest = np.abs(X).max(initial=0.0)
    exponent = int(np.frexp(largest)[1]) if largest > 0 else 0
    return 0 if -200 < exponent < 200 else -exponent
