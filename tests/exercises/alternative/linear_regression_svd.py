"""A correct linear regression in another style: the ridge solution from one SVD of the centred
data (w = V diag(s / (s^2 + n alpha)) U^T yc, small singular values dropped when alpha = 0), and
gradient descent written with the gradient of the averaged loss per parameter vector [b, w]."""

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
        X = np.array(X, dtype=float)
        y = np.array(y, dtype=float)
        solve = self._descend if self.solver == "gradient_descent" else self._svd
        theta = solve(X, y)
        self.intercept_ = float(theta[0])
        self.coef_ = theta[1:]
        return self

    def _svd(self, X, y):
        n = len(y)
        x_mean = X.mean(axis=0) if self.fit_intercept else np.zeros(X.shape[1])
        y_mean = float(y.mean()) if self.fit_intercept else 0.0
        U, s, Vt = np.linalg.svd(X - x_mean, full_matrices=False)
        if self.alpha > 0:
            factors = s / (s**2 + n * self.alpha)
        else:
            keep = s > s.max() * max(X.shape) * np.finfo(float).eps
            factors = np.zeros_like(s)
            factors[keep] = 1.0 / s[keep]
        w = Vt.T @ (factors * (U.T @ (y - y_mean)))
        return np.concatenate([[y_mean - x_mean @ w], w])

    def _descend(self, X, y):
        n = len(y)
        A = np.hstack([np.ones((n, 1)), X])  # theta = [b, w]
        mask = np.ones(A.shape[1])
        mask[0] = 0.0  # no penalty on b
        theta = np.zeros(A.shape[1])
        for _ in range(self.n_iter):
            gradient = 2.0 * A.T @ (A @ theta - y) / n + 2.0 * self.alpha * mask * theta
            if not self.fit_intercept:
                gradient[0] = 0.0
            theta = theta - self.learning_rate * gradient
        return theta

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_
