"""Kernel functions for the SVM solution (numpy only).

A kernel k(x, z) is an inner product in some feature space. The four kernels of LIBSVM are

    linear    k(x, z) = <x, z>
    poly      k(x, z) = (gamma * <x, z> + coef0) ** degree
    rbf       k(x, z) = exp(-gamma * ||x - z||^2)
    sigmoid   k(x, z) = tanh(gamma * <x, z> + coef0)      (not positive semi-definite)

Every kernel matrix here starts from one matrix product A @ B.T (a single BLAS call), then
applies the element-wise part in place, so a block of the kernel matrix costs one allocation.
"""

import numpy as np

KERNELS = ("linear", "poly", "rbf", "sigmoid")


def resolve_gamma(gamma, X):
    """Turn the ``gamma`` hyperparameter into a number, exactly as ``sklearn.svm.SVC`` does.

    "scale" gives 1 / (n_features * X.var()) (1.0 if X is constant), "auto" gives 1 / n_features.
    """
    if gamma == "scale":
        variance = X.var()
        return 1.0 / (X.shape[1] * variance) if variance != 0 else 1.0
    if gamma == "auto":
        return 1.0 / X.shape[1]
    return float(gamma)


def kernel_matrix(A, B, kernel, gamma, degree, coef0, B_squared_norms=None):
    """Return the matrix K[s, t] = k(A[s], B[t]) of shape (len(A), len(B)).

    ``B_squared_norms`` (rbf only) saves recomputing ||b||^2 when B is used many times.
    """
    K = A @ B.T
    if kernel == "linear":
        return K
    if kernel == "rbf":
        # ||a - b||^2 = ||a||^2 + ||b||^2 - 2 <a, b>, computed in place: K <- -gamma * distance.
        K *= 2.0 * gamma
        K -= gamma * squared_norms(A)[:, None]
        if B_squared_norms is None:
            B_squared_norms = squared_norms(B)
        K -= gamma * B_squared_norms[None, :]
        np.minimum(K, 0.0, out=K)  # rounding can make a tiny distance negative
        return np.exp(K, out=K)
    K *= gamma
    K += coef0
    if kernel == "poly":
        return _integer_power(K, degree)
    return np.tanh(K, out=K)  # sigmoid


def squared_norms(X):
    """||x_t||^2 of every row."""
    return np.einsum("ij,ij->i", X, X)


def kernel_diagonal(X, kernel, gamma, degree, coef0):
    """Return k(x_t, x_t) for every row, without building the whole matrix."""
    if kernel == "rbf":
        return np.ones(len(X))
    inner = squared_norms(X)
    if kernel == "linear":
        return inner
    if kernel == "poly":
        return _integer_power(gamma * inner + coef0, degree)
    return np.tanh(gamma * inner + coef0)


def _integer_power(K, degree):
    """K ** degree in place by repeated multiplication: np.power calls the C pow() per element,
    which is about 50 times slower for a small integer exponent."""
    if degree == 0:
        K.fill(1.0)
        return K
    base = K.copy() if degree > 1 else K
    for _ in range(degree - 1):
        K *= base
    return K
