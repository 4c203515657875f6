"""Linear regression with an optional ridge penalty: closed form or gradient descent, numpy only.

Both solvers minimise the same objective, the mean squared error plus alpha times the squared
norm of the weights (the intercept is not penalised). The closed form solves the normal equations
of the centred data; gradient descent takes ``n_iter`` full-batch steps from zero. The craft is
numerical: never invert a matrix, and do not let a singular one (a duplicated column, alpha = 0)
stop the fit.

Common mistakes
---------------
- ``np.linalg.inv(X.T @ X) @ X.T @ y``: with two identical (or proportional) columns X^T X is
  singular; ``inv`` raises LinAlgError or returns entries of 1e15 whose rounding errors ruin the
  predictions. Solve the system (``np.linalg.solve``) when alpha > 0, and use
  ``np.linalg.lstsq`` (the minimum-norm least-squares solution) when alpha = 0.
- Penalising the intercept (a column of ones inside the ridge term): a large alpha then drags the
  predictions to 0 instead of to the mean of y. Centre X and y, solve for w, and set
  b = mean(y) - mean(X) . w.
- Writing ``X.T @ X + alpha * I``: that is scikit-learn's Ridge, whose loss is the *sum* of
  squares. With the *mean* squared error the normal equations carry ``n * alpha``.
- Gradient descent with the sum instead of the mean, or without the factor 2 of the square: the
  steps then differ from the objective's gradient steps (and the sum diverges for large n).
- Centring with ``X -= X.mean(axis=0)``, which changes the caller's array.
"""

import numpy as np


class LinearRegression:
    """Least squares with an L2 (ridge) penalty, fitted in closed form or by gradient descent.

    Parameters
    ----------
    alpha : float, default=0.0
        Strength of the penalty alpha * ||w||^2 (0: ordinary least squares).
    solver : {"closed_form", "gradient_descent"}, default="closed_form"
        How to minimise the objective (see Notes).
    learning_rate : float, default=0.01
        Step size eta of gradient descent.
    n_iter : int, default=1000
        Number of full-batch gradient steps, starting from w = 0, b = 0.
    fit_intercept : bool, default=True
        Fit the bias b; if False, b = 0.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        The weights w.
    intercept_ : float
        The bias b (0.0 when ``fit_intercept=False``).

    Notes
    -----
    Objective, with residuals r = y - X w - b (shape (n_samples,)):

        J(w, b) = (1/n) ||r||^2 + alpha ||w||^2

    Closed form (Hastie, Tibshirani & Friedman, The Elements of Statistical Learning, 2nd ed.,
    2009, Section 3.4.1, eqs. 3.41-3.44): the intercept is not penalised, so it separates from w
    once X and y are centred (Xc = X - mean(X), yc = y - mean(y)). Setting dJ/dw = 0 gives

        (Xc^T Xc + n alpha I) w = Xc^T yc,    b = mean(y) - mean(X) . w

    solved with ``np.linalg.solve`` (alpha > 0: the matrix is positive definite). For alpha = 0
    the matrix is singular when columns are collinear; ``np.linalg.lstsq`` then returns the
    least-squares solution of minimum norm (Golub & Van Loan, Matrix Computations, 4th ed., 2013,
    Section 5.5), whose predictions are those of every least-squares solution.

    Gradient descent (Boyd & Vandenberghe, Convex Optimization, 2004, Section 9.3), both
    gradients taken at the same (w, b):

        dJ/dw = -(2/n) X^T r + 2 alpha w,    dJ/db = -(2/n) sum(r)
        w <- w - eta dJ/dw,                  b <- b - eta dJ/db

    J is convex with Hessian 2 (X^T X / n + alpha I) for w; with eta below 1 / (largest
    eigenvalue of X^T X / n + alpha) the steps approach the closed form.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0]])
    >>> model = LinearRegression().fit(X, [1.0, 3.0, 5.0])
    >>> model.coef_.round(6).tolist(), round(model.intercept_, 6)
    ([2.0], 1.0)
    >>> LinearRegression(alpha=1e6).fit(X, [1.0, 3.0, 5.0]).predict([[10.0]]).round(3).tolist()
    [3.0]
    """

    def __init__(
        self, alpha=0.0, solver="closed_form", learning_rate=0.01, n_iter=1000, fit_intercept=True
    ):
        self.alpha = alpha
        self.solver = solver
        self.learning_rate = learning_rate
        self.n_iter = n_iter
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        """Fit w and b. X: (n_samples, n_features) array-like; y: (n_samples,). Returns self."""
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        if self.solver == "closed_form":
            self.coef_, self.intercept_ = self._closed_form(X, y)
        elif self.solver == "gradient_descent":
            self.coef_, self.intercept_ = self._gradient_descent(X, y)
        else:
            raise ValueError(
                f"solver must be 'closed_form' or 'gradient_descent', got {self.solver!r}"
            )
        return self

    def _closed_form(self, X, y):
        """(w, b) from the normal equations of the centred data (see Notes)."""
        n, d = X.shape
        x_mean = X.mean(axis=0) if self.fit_intercept else np.zeros(d)
        y_mean = y.mean() if self.fit_intercept else 0.0
        Xc, yc = X - x_mean, y - y_mean  # new arrays: the caller's X and y are left alone
        if self.alpha > 0:
            w = np.linalg.solve(Xc.T @ Xc + n * self.alpha * np.eye(d), Xc.T @ yc)
        else:
            w = np.linalg.lstsq(Xc, yc, rcond=None)[0]  # minimum norm if Xc is rank deficient
        return w, float(y_mean - x_mean @ w)

    def _gradient_descent(self, X, y):
        """(w, b) after ``n_iter`` full-batch steps on J from w = 0, b = 0."""
        n, d = X.shape
        w, b = np.zeros(d), 0.0
        for _ in range(self.n_iter):
            r = y - X @ w - b  # residuals, shape (n_samples,)
            grad_w = -2.0 / n * (X.T @ r) + 2.0 * self.alpha * w
            grad_b = -2.0 * r.mean() if self.fit_intercept else 0.0
            w, b = w - self.learning_rate * grad_w, b - self.learning_rate * grad_b
        return w, float(b)

    def predict(self, X):
        """X w + b, shape (n_samples,)."""
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_
