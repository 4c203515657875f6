"""A soft-margin SVM trained with SMO, as you would write it in an interview: numpy only.

The dual problem (Cortes & Vapnik, 1995): maximise sum_i a_i - 1/2 sum_ij a_i a_j t_i t_j K_ij
subject to 0 <= a_i <= C and sum_i a_i t_i = 0, with labels t_i in {-1, +1}. SMO (Platt, 1998)
repeatedly takes one a_i that breaks the KKT conditions and a partner a_j, and solves for the
pair exactly on the line that keeps sum_i a_i t_i = 0. The decision function is
f(x) = sum_i a_i t_i K(x_i, x) + b. More than two classes: one SVM per pair, then a vote.
`llmprep solution svm --full` shows the library version (faster, scikit-learn compatible).
"""

import numpy as np


class SVMClassifier:
    """Kernel SVM; one-vs-one voting for more than two classes.

    Parameters
    ----------
    C : float, default=1.0
        Upper bound of every a_i: large C punishes margin violations hard.
    kernel : {"rbf", "linear"}, default="rbf"
    gamma : float or "scale", default="scale"
        RBF width in K(x, z) = exp(-gamma |x - z|^2); "scale" is 1 / (n_features * X.var()).
    """

    def __init__(self, C=1.0, kernel="rbf", gamma="scale"):
        self.C, self.kernel, self.gamma = C, kernel, gamma

    def _kernel(self, A, B):
        """The kernel matrix between the rows of A and of B: shape (len(A), len(B))."""
        if self.kernel == "linear":
            return A @ B.T
        squared = (A**2).sum(axis=1)[:, None] - 2 * A @ B.T + (B**2).sum(axis=1)
        return np.exp(-self.gamma_ * np.maximum(squared, 0.0))

    def _smo(self, K, t, rng, tol=1e-3, calm_passes=5):
        """The dual solution (a, b) for kernel matrix K and labels t in {-1, +1}.

        Stops after `calm_passes` sweeps in a row in which no pair moved: the KKT conditions
        then hold within `tol` for every point.
        """
        n, C = len(t), float(self.C)
        a, b, f = np.zeros(n), 0.0, np.zeros(n)  # f[k] = f(x_k), kept up to date
        calm = 0
        while calm < calm_passes:
            moved = False
            for i in range(n):
                E = f - t
                if not (t[i] * E[i] < -tol and a[i] < C or t[i] * E[i] > tol and a[i] > 0):
                    continue  # a_i already satisfies the KKT conditions
                # Partner: the largest |E_i - E_j| moves the pair furthest; if it cannot
                # move, try the others in random order.
                for j in [int(np.argmax(np.abs(E[i] - E))), *rng.permutation(n)]:
                    if j == i:
                        continue
                    if t[i] == t[j]:
                        low, high = max(0.0, a[i] + a[j] - C), min(C, a[i] + a[j])
                    else:
                        low, high = max(0.0, a[j] - a[i]), min(C, C + a[j] - a[i])
                    eta = K[i, i] + K[j, j] - 2 * K[i, j]  # curvature along the line
                    if low >= high or eta <= 0:
                        continue
                    new_j = np.clip(a[j] + t[j] * (E[i] - E[j]) / eta, low, high)
                    if abs(new_j - a[j]) < 1e-5 * (new_j + a[j] + 1e-5):
                        continue  # too small a step: moving b now would only add noise
                    d_j = new_j - a[j]
                    d_i = -t[i] * t[j] * d_j
                    # Platt's bias: b1 makes f(x_i) = t_i, b2 makes f(x_j) = t_j.
                    b1 = b - E[i] - t[i] * d_i * K[i, i] - t[j] * d_j * K[i, j]
                    b2 = b - E[j] - t[i] * d_i * K[i, j] - t[j] * d_j * K[j, j]
                    a[i] += d_i
                    a[j] = new_j
                    new_b = b1 if 0 < a[i] < C else b2 if 0 < a[j] < C else (b1 + b2) / 2
                    f += t[i] * d_i * K[:, i] + t[j] * d_j * K[:, j] + new_b - b
                    b, moved = new_b, True
                    break
            calm = 0 if moved else calm + 1
        return a, b

    def fit(self, X, y):
        """Train one SVM per pair of classes on X (n_samples, n_features) and y; return self."""
        X = np.asarray(X, dtype=float)
        self.classes_, index = np.unique(np.asarray(y), return_inverse=True)
        if self.gamma == "scale":
            self.gamma_ = 1.0 / (X.shape[1] * X.var()) if X.var() > 0 else 1.0
        else:
            self.gamma_ = float(self.gamma)
        K, rng, self.pairs_ = self._kernel(X, X), np.random.default_rng(0), []
        for p in range(len(self.classes_)):
            for q in range(p + 1, len(self.classes_)):
                rows = np.flatnonzero((index == p) | (index == q))
                t = np.where(index[rows] == p, 1.0, -1.0)
                a, b = self._smo(K[np.ix_(rows, rows)], t, rng)
                support = a > 0
                self.pairs_.append((p, q, X[rows][support], (a * t)[support], b))
        return self

    def predict(self, X):
        """The label with the most pairwise wins for each row: shape (n_samples,)."""
        X = np.asarray(X, dtype=float)
        votes = np.zeros((len(X), len(self.classes_)), dtype=int)
        for p, q, vectors, weights, b in self.pairs_:
            winner = np.where(self._kernel(X, vectors) @ weights + b >= 0, p, q)
            votes[np.arange(len(X)), winner] += 1
        return self.classes_[votes.argmax(axis=1)]
