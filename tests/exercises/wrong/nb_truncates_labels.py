"""Mistake: predict fills an array created from the first class, so longer labels are cut short.

np.full(n, 'cat') is an array of 3-character strings: assigning 'fish' to it stores 'fis'.
"""

import numpy as np


class GaussianNaiveBayes:
    def __init__(self, var_smoothing=1e-9):
        self.var_smoothing = var_smoothing

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        self.classes_, y_idx = np.unique(y, return_inverse=True)
        rows = [X[y_idx == c] for c in range(len(self.classes_))]
        epsilon = self.var_smoothing * X.var(axis=0).max()
        self.theta_ = np.array([r.mean(axis=0) for r in rows])
        self.var_ = np.array([r.var(axis=0) for r in rows]) + epsilon
        self.log_prior_ = np.log([len(r) / len(X) for r in rows])
        return self

    def _joint_log_likelihood(self, X):
        X = np.asarray(X, dtype=float)
        log_density = -0.5 * (
            np.log(2 * np.pi * self.var_) + (X[:, None, :] - self.theta_) ** 2 / self.var_
        )
        return self.log_prior_ + log_density.sum(axis=2)

    def predict_proba(self, X):
        jll = self._joint_log_likelihood(X)
        p = np.exp(jll - jll.max(axis=1, keepdims=True))
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, X):
        best = self._joint_log_likelihood(X).argmax(axis=1)
        labels = np.full(len(best), self.classes_[0])
        for index, label in enumerate(self.classes_):
            labels[best == index] = label
        return labels
