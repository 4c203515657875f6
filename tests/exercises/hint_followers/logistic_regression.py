"""Logistic regression by gradient descent, as a learner wrote it from `llmprep start logistic_regression`'s task and `llmprep hint logistic_regression` alone.

The writer read nothing else (no solution, no checks); tests/exercises/test_grader.py asserts
it passes every check, which proves the hints are enough. Regenerate it if a hint changes.
"""

import numpy as np


def sigmoid(z):
    """A numerically stable sigmoid: only exponentiates -|z| <= 0."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


class LogisticRegression:
    """Binary logistic regression: full-batch gradient descent on the mean log loss + L2.

    Parameters
    ----------
    learning_rate : float, default=0.1
        The step size of each gradient step.
    n_iter : int, default=1000
        The number of gradient steps, starting from w = 0, b = 0.
    l2 : float, default=0.0
        The penalty (l2 / 2) * ||w||^2 on the weights (the intercept is not penalised).
    """

    def __init__(self, learning_rate=0.1, n_iter=1000, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iter = n_iter
        self.l2 = l2

    def _targets(self, y):
        return (np.asarray(y) == self.classes_[1]).astype(float)

    def _logits(self, X):
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_

    def fit(self, X, y):
        """Fit coef_ (n_features,) and intercept_ (float). X: (n_samples, n_features); y: two labels."""
        X = np.asarray(X, dtype=float)
        self.classes_ = np.unique(np.asarray(y))
        t = self._targets(y)
        n = X.shape[0]
        w, b = np.zeros(X.shape[1]), 0.0
        for _ in range(self.n_iter):
            error = sigmoid(X @ w + b) - t
            grad_w = X.T @ error / n + self.l2 * w
            grad_b = error.mean()
            w = w - self.learning_rate * grad_w
            b = b - self.learning_rate * grad_b
        self.coef_ = w
        self.intercept_ = float(b)
        return self

    def predict_proba(self, X):
        """Return shape (n_samples, 2): the probabilities of classes_[0] and classes_[1]."""
        z = self._logits(X)
        return np.column_stack([sigmoid(-z), sigmoid(z)])

    def predict(self, X):
        """Return an array of shape (n_samples,): the more probable training label of each row."""
        z = self._logits(X)
        return self.classes_[(z > 0).astype(int)]

    def loss(self, X, y):
        """Return the mean log loss + (l2 / 2) * ||coef_||^2 at the current coef_ and intercept_."""
        z = self._logits(X)
        t = self._targets(y)
        return float(np.mean(np.logaddexp(0, z) - t * z) + 0.5 * self.l2 * self.coef_ @ self.coef_)
