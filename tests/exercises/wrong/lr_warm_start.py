"""Mistake: a second fit continues from the first fit's weights instead of starting from zero."""

import numpy as np


def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iter=1000, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iter = n_iter
        self.l2 = l2

    def _targets(self, y):
        return (np.asarray(y) == self.classes_[1]).astype(float)

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        self.classes_ = np.unique(np.asarray(y))
        t = self._targets(y)
        n = len(t)
        if hasattr(self, "coef_"):
            w, b = self.coef_.copy(), self.intercept_
        else:
            w, b = np.zeros(X.shape[1]), 0.0
        for _ in range(self.n_iter):
            error = sigmoid(X @ w + b) - t
            grad_w = X.T @ error / n + self.l2 * w
            grad_b = error.sum() / n
            w = w - self.learning_rate * grad_w
            b = b - self.learning_rate * grad_b
        self.coef_ = w
        self.intercept_ = float(b)
        return self

    def _logits(self, X):
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_

    def predict_proba(self, X):
        z = self._logits(X)
        p = sigmoid(z)
        return np.column_stack([1 - p, p])

    def predict(self, X):
        return self.classes_[(self._logits(X) > 0).astype(int)]

    def loss(self, X, y):
        z = self._logits(X)
        t = self._targets(y)
        data = np.mean(np.logaddexp(0, z) - t * z)
        return float(data + self.l2 / 2 * np.sum(self.coef_**2))
