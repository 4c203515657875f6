"""Mistake: the normal equations of [1, X] solved as they are, without centring (the intercept
left out of the penalty, so the math is right): with features around 1e6, X^T X has a condition
number near 1e24 and np.linalg.solve returns weights with no correct digit."""

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
        A = np.column_stack([np.ones(n), X]) if self.fit_intercept else X
        penalty = n * self.alpha * np.eye(A.shape[1])
        if self.fit_intercept:
            penalty[0, 0] = 0.0  # the intercept is not penalised
        if self.alpha > 0:
            theta = np.linalg.solve(A.T @ A + penalty, A.T @ y)
        else:
            theta = np.linalg.lstsq(A.T @ A, A.T @ y, rcond=None)[0]
        if self.fit_intercept:
            self.intercept_, self.coef_ = float(theta[0]), theta[1:]
        else:
            self.intercept_, self.coef_ = 0.0, theta
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_
