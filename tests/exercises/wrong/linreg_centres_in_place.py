"""Mistake: centres the caller's arrays in place (`X -= X.mean(axis=0)`), changing them."""

import numpy as np


class LinearRegression:
    def __init__(
        self, alpha=0.0, solver="closed_form", learning_rate=0.01, n_iter=1000, fit_intercept=True
    ):
        self.alpha = alpha
        self.solver = solver
        self.learning_rate = learning_rate
        self.n_iter = n_iter
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
        n, d = X.shape
        if self.solver == "gradient_descent":
            w, b = np.zeros(d), 0.0
            for _ in range(self.n_iter):
                r = y - X @ w - b
                grad_w = -2.0 / n * X.T @ r + 2.0 * self.alpha * w
                grad_b = -2.0 * r.mean() if self.fit_intercept else 0.0
                w, b = w - self.learning_rate * grad_w, b - self.learning_rate * grad_b
            self.coef_, self.intercept_ = w, float(b)
            return self
        x_mean = X.mean(axis=0) if self.fit_intercept else np.zeros(d)
        y_mean = y.mean() if self.fit_intercept else 0.0
        X -= x_mean  # the caller's float arrays are centred too
        y -= y_mean
        if self.alpha > 0:
            w = np.linalg.solve(X.T @ X + n * self.alpha * np.eye(d), X.T @ y)
        else:
            w = np.linalg.lstsq(X, y, rcond=None)[0]
        self.coef_, self.intercept_ = w, float(y_mean - x_mean @ w)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_
