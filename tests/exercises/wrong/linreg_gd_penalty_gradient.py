"""Mistake: the gradient of the penalty alpha ||w||^2 written as alpha w instead of 2 alpha w,
so gradient descent minimises (1/n)||r||^2 + (alpha/2)||w||^2, not the task's objective."""

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
            lr = self.learning_rate
            w, b = np.zeros(d), 0.0
            for _ in range(self.n_iter):
                r = y - X @ w - b
                grad_w = -2.0 / n * X.T @ r + self.alpha * w
                grad_b = -2.0 * r.mean() if self.fit_intercept else 0.0
                w, b = w - lr * grad_w, b - lr * grad_b
            self.coef_, self.intercept_ = w, float(b)
            return self
        x_mean = X.mean(axis=0) if self.fit_intercept else np.zeros(d)
        y_mean = y.mean() if self.fit_intercept else 0.0
        Xc, yc = X - x_mean, y - y_mean
        if self.alpha > 0:
            w = np.linalg.solve(Xc.T @ Xc + n * self.alpha * np.eye(d), Xc.T @ yc)
        else:
            w = np.linalg.lstsq(Xc, yc, rcond=None)[0]
        self.coef_, self.intercept_ = w, float(y_mean - x_mean @ w)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_
