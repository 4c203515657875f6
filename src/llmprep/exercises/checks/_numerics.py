"""Numerical helpers the checks share: the warnings numpy gave while code ran, and central
differences for checking gradients.

The checks that use them each say, in their own words, what the usual cause of a failure is.
"""

from __future__ import annotations

import warnings

import numpy as np


def numpy_warnings(action):
    """Run `action()`; return (its result, the RuntimeWarnings numpy gave meanwhile).

    Overflow, division by zero and invalid operations (a NaN) warn; underflow to 0 is allowed,
    since a stable softmax underflows on purpose.
    """
    with (
        warnings.catch_warnings(record=True) as caught,
        np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"),
    ):
        warnings.simplefilter("always", RuntimeWarning)
        result = action()
    return result, [w for w in caught if issubclass(w.category, RuntimeWarning)]


def central_differences(loss, value, step):
    """(loss() at value + step - loss() at value - step) / (2 step) for each entry of the array
    `value`, changed in place and put back: the numerical gradient of `loss`, value's shape.

    Its error is O(step^2) for a smooth loss (Nocedal & Wright, Numerical Optimization, 2nd ed.,
    Section 8.1).
    """
    result = np.zeros_like(value)
    for index in np.ndindex(value.shape):
        kept = value[index]
        value[index] = kept + step
        above = loss()
        value[index] = kept - step
        below = loss()
        value[index] = kept
        result[index] = (above - below) / (2 * step)
    return result
