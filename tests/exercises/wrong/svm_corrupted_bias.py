"""Mistake: b is computed from one support vector drawn at random, even one at the bound C.

Only a margin support vector (0 < alpha < C) satisfies y f(x) = 1; one at the bound lies inside
the margin, so b = y_k - f(x_k) is off by its margin violation. On overlapping classes most
support vectors are at the bound: each fit gets another bias and 10-50% of the predictions
change from one fit to the next.
"""

import itertools

import numpy as np


def kernel_matrix(A, B, kernel, gamma):
    if kernel == "linear":
        return A @ B.T
    squared = (A * A).sum(axis=1)[:, None] - 2 * A @ B.T + (B * B).sum(axis=1)[None, :]
    return np.exp(-gamma * np.maximum(squared, 0.0))


def simplified_smo(K, y, C, tol=1e-3, max_passes=10, seed=0):
    """Dual variables alpha and bias b of the binary problem with labels y in {+1, -1}."""
    n = len(y)
    rng = np.random.default_rng(seed)
    alpha, b = np.zeros(n), 0.0
    f = np.zeros(n)  # sum_t alpha_t y_t K[t, i], without b
    passes = 0
    while passes < max_passes:
        changed = 0
        for i in range(n):
            E_i = f[i] + b - y[i]
            if not ((y[i] * E_i < -tol and alpha[i] < C) or (y[i] * E_i > tol and alpha[i] > 0)):
                continue
            j = int(rng.integers(n - 1))
            j += j >= i
            E_j = f[j] + b - y[j]
            a_i, a_j = alpha[i], alpha[j]
            if y[i] != y[j]:
                low, high = max(0.0, a_j - a_i), min(C, C + a_j - a_i)
            else:
                low, high = max(0.0, a_i + a_j - C), min(C, a_i + a_j)
            eta = 2 * K[i, j] - K[i, i] - K[j, j]
            if low == high or eta >= 0:
                continue
            alpha[j] = np.clip(a_j - y[j] * (E_i - E_j) / eta, low, high)
            if abs(alpha[j] - a_j) < 1e-7:
                alpha[j] = a_j
                continue
            alpha[i] = a_i + y[i] * y[j] * (a_j - alpha[j])
            d_i, d_j = y[i] * (alpha[i] - a_i), y[j] * (alpha[j] - a_j)
            b1 = b - E_i - d_i * K[i, i] - d_j * K[i, j]
            b2 = b - E_j - d_i * K[i, j] - d_j * K[j, j]
            b = b1 if 0 < alpha[i] < C else b2 if 0 < alpha[j] < C else (b1 + b2) / 2
            f += d_i * K[:, i] + d_j * K[:, j]
            changed += 1
        passes = passes + 1 if changed == 0 else 0
    # the mistake: b from one support vector drawn at random, margin or not; a vector at the
    # bound (alpha = C) lies inside the margin, so y_k - f_k is not the bias
    support = np.flatnonzero(alpha > 1e-8)
    k = support[np.random.default_rng().integers(len(support))] if len(support) else 0
    return alpha, y[k] - f[k]


class SVMClassifier:
    def __init__(self, C=1.0, kernel="rbf", gamma="scale"):
        self.C = C
        self.kernel = kernel
        self.gamma = gamma

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        self.classes_, y_idx = np.unique(np.asarray(y), return_inverse=True)
        variance = X.var()
        self.gamma_ = (
            (1.0 / (X.shape[1] * variance) if variance > 0 else 1.0)
            if self.gamma == "scale"
            else float(self.gamma)
        )
        self.machines_ = []
        for p, q in itertools.combinations(range(len(self.classes_)), 2):
            rows = (y_idx == p) | (y_idx == q)
            signs = np.where(y_idx[rows] == p, 1.0, -1.0)
            K = kernel_matrix(X[rows], X[rows], self.kernel, self.gamma_)
            alpha, b = simplified_smo(K, signs, self.C)
            support = alpha > 1e-8
            self.machines_.append((p, q, X[rows][support], (alpha * signs)[support], b))
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        votes = np.zeros((len(X), len(self.classes_)), dtype=int)
        for p, q, vectors, coef, b in self.machines_:
            positive = kernel_matrix(X, vectors, self.kernel, self.gamma_) @ coef + b > 0
            votes[:, p] += positive
            votes[:, q] += ~positive
        return self.classes_[votes.argmax(axis=1)]
