"""Linear and ridge regression, as a learner wrote it from `llmprep start linear_regression`'s task and `llmprep hint linear_regression` alone.

The writer read nothing else (no solution, no checks); tests/exercises/test_grader.py asserts
it passes every check, which proves the hints are enough. Regenerate it if a hint changes.
"""

import numpy as np


class LinearRegression:
    """Minimise J(w, b) = (1/n) ||y - X w - b||^2 + alpha ||w||^2 (the intercept b is not penalised)."""

    def __init__(
        self, alpha=0.0, solver="closed_form", learning_rate=0.01, n_iter=1000, fit_intercept=True
    ):
        self.alpha = alpha
        self.solver = solver
        self.learning_rate = learning_rate
        self.n_iter = n_iter
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        """Set coef_ (n_features,) and intercept_ (float). X: (n_samples, n_features); y: (n_samples,)."""
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        if self.solver == "closed_form":
            if self.fit_intercept:
                x_mean, y_mean = X.mean(axis=0), y.mean()
            else:
                x_mean, y_mean = np.zeros(d), 0.0
            Xc = X - x_mean
            yc = y - y_mean
            if self.alpha > 0:
                w = np.linalg.solve(Xc.T @ Xc + n * self.alpha * np.eye(d), Xc.T @ yc)
            else:
                w = np.linalg.lstsq(Xc, yc, rcond=None)[0]
            b = y_mean - x_mean @ w
        elif self.solver == "gradient_descent":
            lr = self.learning_rate
            w, b = np.zeros(d), 0.0
            for _ in range(self.n_iter):
                r = y - X @ w - b
                grad_w = -2 / n * (X.T @ r) + 2 * self.alpha * w
                grad_b = -2 * r.mean() if self.fit_intercept else 0.0
                w, b = w - lr * grad_w, b - lr * grad_b
        else:
            raise ValueError(f"unknown solver {self.solver!r}")
        self.coef_, self.intercept_ = w, float(b)
        return self

    def predict(self, X):
        """Return X @ coef_ + intercept_, an array of shape (n_samples,)."""
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_
