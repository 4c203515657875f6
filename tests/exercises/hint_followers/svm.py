"""A support vector machine trained with the simplified SMO, as a learner wrote it from `llmprep start svm`'s task and `llmprep hint svm` alone.

The writer read nothing else (no solution, no checks); tests/exercises/test_grader.py asserts
it passes every check, which proves the hints are enough. Regenerate it if a hint changes.
"""

import numpy as np


class SVMClassifier:
    """Soft-margin SVM: the dual problem solved by SMO; more than two classes by voting.

    Parameters
    ----------
    C : float, default=1.0
        Upper bound of every dual variable alpha; larger C means fewer margin violations.
    kernel : {"linear", "rbf"}, default="rbf"
    gamma : float or "scale", default="scale"
        RBF coefficient; "scale" means 1 / (n_features * X.var()) on the training data.
    """

    def __init__(self, C=1.0, kernel="rbf", gamma="scale"):
        self.C = C
        self.kernel = kernel
        self.gamma = gamma

    # ----- kernels -----
    def _kernel(self, A, B):
        """Kernel matrix between the rows of A and the rows of B."""
        if self.kernel == "linear":
            return A @ B.T
        if self.kernel == "rbf":
            sq = (A**2).sum(1)[:, None] + (B**2).sum(1)[None, :] - 2 * A @ B.T
            return np.exp(-self.gamma_ * np.maximum(sq, 0.0))
        raise ValueError(f"unknown kernel {self.kernel!r}")

    # ----- binary SMO -----
    def _smo(self, K, t, rng, tol=1e-3, max_passes=5):
        """Simplified SMO on kernel matrix K with labels t in {+1,-1}; return (alpha, b)."""
        n = len(t)
        C = float(self.C)
        alpha = np.zeros(n)
        b = 0.0
        f = np.zeros(n)  # f(x_i) for every training point, kept up to date
        passes = 0
        while passes < max_passes:
            changed = 0
            for i in range(n):
                E_i = f[i] - t[i]
                r = t[i] * E_i
                if not ((r < -tol and alpha[i] < C) or (r > tol and alpha[i] > 0)):
                    continue
                # candidate j's: largest |E_i - E_j| first, then the others at random
                E = f - t
                best = int(np.argmax(np.abs(E_i - E)))
                order = [best] + [j for j in rng.permutation(n) if j != best]
                for j in order:
                    if j == i:
                        continue
                    b_new = self._step(i, j, K, t, alpha, f, C, b)
                    if b_new is not None:
                        b = b_new
                        changed += 1
                        break
            passes = passes + 1 if changed == 0 else 0
        return alpha, b

    @staticmethod
    def _step(i, j, K, t, alpha, f, C, b):
        """Optimise alpha_i and alpha_j together (updating alpha and f in place).

        Return the new bias, or None when the pair cannot move.
        """
        E_i, E_j = f[i] - t[i], f[j] - t[j]
        a_i, a_j = alpha[i], alpha[j]
        if t[i] != t[j]:
            L, H = max(0.0, a_j - a_i), min(C, C + a_j - a_i)
        else:
            L, H = max(0.0, a_i + a_j - C), min(C, a_i + a_j)
        if L == H:
            return None
        eta = K[i, i] + K[j, j] - 2 * K[i, j]
        if eta <= 0:
            return None
        a_j_new = np.clip(a_j + t[j] * (E_i - E_j) / eta, L, H)
        a_i_new = a_i + t[i] * t[j] * (a_j - a_j_new)
        d_i, d_j = a_i_new - a_i, a_j_new - a_j
        if d_i == 0 and d_j == 0:
            return None
        b1 = b - E_i - t[i] * d_i * K[i, i] - t[j] * d_j * K[i, j]
        b2 = b - E_j - t[i] * d_i * K[i, j] - t[j] * d_j * K[j, j]
        if 0 < a_i_new < C:
            b_new = b1
        elif 0 < a_j_new < C:
            b_new = b2
        else:
            b_new = (b1 + b2) / 2
        alpha[i], alpha[j] = a_i_new, a_j_new
        f += t[i] * d_i * K[:, i] + t[j] * d_j * K[:, j] + (b_new - b)
        return b_new

    # ----- public API -----
    def fit(self, X, y):
        """Train (one binary SVM per pair of classes); return self."""
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        if self.gamma == "scale":
            var = X.var()
            self.gamma_ = 1.0 / (X.shape[1] * var) if var > 0 else 1.0
        else:
            self.gamma_ = float(self.gamma)
        self.classes_, y_idx = np.unique(y, return_inverse=True)
        rng = np.random.default_rng(0)
        K_all = self._kernel(X, X)  # computed once; each pair reads a sub-block
        self.models_ = []
        k = len(self.classes_)
        for p in range(k):
            for q in range(p + 1, k):
                rows = np.flatnonzero((y_idx == p) | (y_idx == q))
                t = np.where(y_idx[rows] == p, 1.0, -1.0)
                alpha, b = self._smo(K_all[np.ix_(rows, rows)], t, rng)
                sv = alpha > 0
                self.models_.append((p, q, X[rows][sv], (alpha * t)[sv], b))
        return self

    def predict(self, X):
        """Return an array of shape (n_samples,): one training label per row of X."""
        X = np.asarray(X, dtype=float)
        votes = np.zeros((len(X), len(self.classes_)), dtype=int)
        for p, q, SV, coef, b in self.models_:
            f = self._kernel(X, SV) @ coef + b
            winner = np.where(f >= 0, p, q)
            votes[np.arange(len(X)), winner] += 1
        return self.classes_[votes.argmax(axis=1)]
