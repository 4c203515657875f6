"""SMO for the binary C-SVC dual, with LIBSVM's second-order working-set selection.

The problem (y_t in {+1, -1}, Q_st = y_s y_t k(x_s, x_t)):

    minimise   f(alpha) = 1/2 alpha^T Q alpha - sum_t alpha_t
    subject to 0 <= alpha_t <= C   and   sum_t y_t alpha_t = 0

Reference: R.-E. Fan, P.-H. Chen and C.-J. Lin, "Working Set Selection Using Second Order
Information for Training Support Vector Machines", JMLR 6 (2005) 1889-1918 (WSS 3 there is what
LIBSVM implements). The quantities are named as in the paper:

    v_t = -y_t * grad f(alpha)_t                   (grad f = Q alpha - 1)
    I_up(alpha)  = {t : alpha_t < C, y_t = +1  or  alpha_t > 0, y_t = -1}
    I_low(alpha) = {t : alpha_t < C, y_t = -1  or  alpha_t > 0, y_t = +1}
    m(alpha) = max over I_up of v_t,   M(alpha) = min over I_low of v_t

alpha is optimal exactly when m(alpha) <= M(alpha); SMO stops when m - M <= tol (LIBSVM's eps).

Each iteration picks a working pair B = {i, j} (WSS 3), solves the problem restricted to alpha_i
and alpha_j exactly, and updates the gradient; the kernel rows K_i and K_j are all it needs.
"""

import warnings
from collections import OrderedDict
from typing import NamedTuple

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from llmprep.solutions._kernels import kernel_diagonal, kernel_matrix, squared_norms

TAU = 1e-12  # curvature used when a_ij <= 0 (non-PSD kernels such as sigmoid, or duplicate points)
CACHE_MAX_BYTES = 1 << 28  # kernel rows kept per binary problem (256 MB; LIBSVM: cache_size)


class BinarySolution(NamedTuple):
    alpha: np.ndarray  # dual variables, 0 <= alpha <= C
    bias: float  # b in f(x) = sum_t y_t alpha_t k(x_t, x) + b
    objective: float  # f(alpha) at the solution
    n_iter: int


class KernelRows:
    """Rows k(x_i, .) of one binary problem's kernel matrix, computed when first asked for.

    SMO only ever looks at the rows of the pairs it picks (often a quarter of all rows), so,
    like LIBSVM, we compute a row on demand and keep it in a least-recently-used cache. When all
    n rows fit in CACHE_MAX_BYTES nothing is ever evicted.
    """

    def __init__(self, X, kernel_params):
        self.X, self.params = X, kernel_params
        self.diagonal = kernel_diagonal(X, **kernel_params)
        self.squared_norms = squared_norms(X)  # reused by every rbf row
        self.cache, self.capacity = OrderedDict(), max(2, CACHE_MAX_BYTES // (8 * len(X)))

    def __getitem__(self, i):
        row = self.cache.get(i)
        if row is not None:
            self.cache.move_to_end(i)  # most recently used goes last
            return row
        if len(self.cache) >= self.capacity:
            self.cache.popitem(last=False)  # evict the least recently used row
        row = self.cache[i] = kernel_matrix(
            self.X[i : i + 1], self.X, **self.params, B_squared_norms=self.squared_norms
        )[0]
        return row


def solve_binary_svm(K, y, C, tol, max_iter):
    """Solve the dual above by SMO (Algorithm 1 of the paper with WSS 3).

    ``K`` gives kernel rows (``K[i]``) and ``K.diagonal``; ``y`` holds +1/-1 as floats.
    """
    n = len(y)
    alpha = np.zeros(n)
    v = y.copy()  # at alpha = 0, grad f = -1, so v = -y * grad f = y
    up_penalty, low_penalty = _set_penalties(alpha, y, C)
    scratch = np.empty((3, n))  # reused every iteration: no allocation inside the loop
    n_iter = 0
    converged = False
    while max_iter < 0 or n_iter < max_iter:
        # WSS 3, first index: i = argmax of v_t over t in I_up, so m(alpha) = v_i.
        i, m = _argmax_with_penalty(v, up_penalty, out=scratch[0])
        # M(alpha) = min of v_t over t in I_low. Stopping condition: m(alpha) - M(alpha) <= tol.
        v_low = np.add(v, low_penalty, out=scratch[1])  # v on I_low, +inf elsewhere
        if m - v_low.min() <= tol:
            converged = True
            break
        # WSS 3, second index: j = argmin over {t in I_low : v_t < m} of -b_it^2 / a_it, where
        # b_it = m - v_t > 0 and a_it = K_ii + K_tt - 2 K_it (at least TAU). Twice the
        # change of f that the pair (i, t) would give if the box [0, C] did not bind.
        K_i = K[i]
        j, a_ij = _second_order_choice(v_low, m, K_i, K.diagonal, i, scratch)
        b_ij = m - v[j]
        K_j = K[j]
        # Two-variable sub-problem. Keeping y_i alpha_i + y_j alpha_j fixed, move along
        # alpha_i += y_i t, alpha_j -= y_j t: f changes by -b_ij t + a_ij t^2 / 2, which is
        # minimal at t = b_ij / a_ij; clip t so that both alphas stay inside [0, C].
        room_i = C - alpha[i] if y[i] > 0 else alpha[i]
        room_j = alpha[j] if y[j] > 0 else C - alpha[j]
        t = min(b_ij / a_ij, room_i, room_j)
        alpha[i] = alpha[i] + y[i] * t if t < room_i else (C if y[i] > 0 else 0.0)
        alpha[j] = alpha[j] - y[j] * t if t < room_j else (0.0 if y[j] > 0 else C)
        # Gradient update: grad f += Q_i y_i t - Q_j y_j t, which for v = -y grad f reads
        # v -= t (K_i - K_j): O(n) work per iteration, the kernel rows being cached.
        _subtract_scaled_difference(v, t, K_i, K_j, out=scratch[2])
        for s in (i, j):
            up_penalty[s], low_penalty[s] = _penalties(alpha[s], y[s], C)
        n_iter += 1
    if not converged:
        warnings.warn(
            f"Solver terminated early (max_iter={max_iter}). Consider pre-processing your data "
            "with StandardScaler or MinMaxScaler.",
            ConvergenceWarning,
            stacklevel=3,
        )
    return BinarySolution(alpha, _bias(v, alpha, y, C), _objective(v, alpha, y), n_iter)


# Performance helpers. A set such as I_up is stored as an additive penalty (0 inside the set,
# -inf outside for a max, +inf outside for a min), so that a masked argmax is one addition into
# a preallocated buffer plus argmax: about five times faster than np.where or boolean indexing.


def _set_penalties(alpha, y, C):
    """Penalty arrays of I_up (0 or -inf) and I_low (0 or +inf)."""
    below_C, above_0 = alpha < C, alpha > 0
    in_up = np.where(y > 0, below_C, above_0)
    in_low = np.where(y > 0, above_0, below_C)
    return np.where(in_up, 0.0, -np.inf), np.where(in_low, 0.0, np.inf)


def _penalties(alpha_t, y_t, C):
    """(penalty in I_up, penalty in I_low) for one variable, from its bounds and label."""
    below_C, above_0 = alpha_t < C, alpha_t > 0
    in_up, in_low = (below_C, above_0) if y_t > 0 else (above_0, below_C)
    return (0.0 if in_up else -np.inf), (0.0 if in_low else np.inf)


def _argmax_with_penalty(v, penalty, out):
    """Index and value of the largest v_t + penalty_t, i.e. of the largest v_t inside the set."""
    np.add(v, penalty, out=out)
    i = int(out.argmax())
    return i, float(out[i])


def _second_order_choice(v_low, m, K_i, K_diagonal, i, scratch):
    """WSS 3's second index j and its a_ij. ``v_low`` is v on I_low and +inf elsewhere.

    Minimising -b_it^2 / a_it over b_it > 0 is maximising b_it^2 / a_it; entries with b_it <= 0
    or outside I_low get the score 0. Overwrites ``v_low`` and ``scratch[2]``.
    """
    b, a = v_low, scratch[2]
    np.subtract(m, v_low, out=b)  # b_it = m - v_t; -inf outside I_low
    np.maximum(b, 0.0, out=b)
    np.multiply(K_i, -2.0, out=a)  # a_it = K_ii + K_tt - 2 K_it
    a += K_diagonal
    a += K_diagonal[i]
    np.maximum(a, TAU, out=a)
    np.multiply(b, b, out=b)
    np.divide(b, a, out=b)
    j = int(b.argmax())
    return j, float(a[j])


def _subtract_scaled_difference(v, t, K_i, K_j, out):
    """v -= t * (K_i - K_j), in place."""
    np.subtract(K_i, K_j, out=out)
    out *= t
    v -= out


def _bias(v, alpha, y, C):
    """LIBSVM's b: the mean of v over free SVs (0 < alpha < C), else the midpoint (m + M) / 2.

    At the optimum every free SV lies exactly on its margin, y_t f(x_t) = 1, which gives v_t = b.
    """
    free = (alpha > 0) & (alpha < C)
    if free.any():
        return float(v[free].mean())
    up_penalty, low_penalty = _set_penalties(alpha, y, C)
    return 0.5 * (float((v + up_penalty).max()) + float((v + low_penalty).min()))


def _objective(v, alpha, y):
    """f(alpha) = 1/2 alpha^T Q alpha - sum alpha = 1/2 alpha^T (grad f - 1), grad f = -y v."""
    return float(0.5 * alpha @ (-y * v - 1.0))
