"""Binary logistic regression trained by full-batch gradient descent, numpy only.

The model is p(y=1 | x) = sigmoid(w.x + b); training minimises the mean log loss plus an L2
penalty on w by plain gradient descent from zero. The interesting part is numerical: for large
|z| the textbook formulas ``1 / (1 + exp(-z))`` and ``-log(p)`` overflow or take the log of 0,
so the sigmoid and the loss are written in forms that never do.

Common mistakes
---------------
- ``1 / (1 + np.exp(-z))``: for z = -1000, ``exp(1000)`` overflows (a RuntimeWarning, and
  ``np.exp(z) / (1 + np.exp(z))`` even gives inf / inf = NaN). Exponentiate only -|z|.
- ``-log(p)`` with p rounded to 0 or 1: log(0) = -inf. Write the loss in z: per sample
  ``log(1 + e^z) - t z = np.logaddexp(0, z) - t * z``. Clipping p to [eps, 1 - eps] avoids the
  inf but caps the loss of a confident mistake at -log(eps).
- Using the labels themselves as targets: with labels 3 and 7, ``p - y`` is nonsense. Map them
  to 0 and 1 with ``np.unique(y, return_inverse=True)``.
- Summing the gradient over samples instead of averaging: the step then grows with n.
- Penalising the intercept: the L2 term is on w only, so the bias can still fit the base rate.
"""

import numpy as np


def sigmoid(z):
    """Numerically stable logistic function 1 / (1 + e^-z), element-wise.

    With e = exp(-|z|) (never overflows, at most 1): sigmoid(z) = 1 / (1 + e) for z >= 0 and
    e / (1 + e) for z < 0, the same function rewritten so that no exponent is positive.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


class LogisticRegression:
    """Binary logistic regression, fitted by gradient descent on the L2-penalised mean log loss.

    Parameters
    ----------
    learning_rate : float, default=0.1
        Step size eta of each gradient step.
    n_iter : int, default=1000
        Number of full-batch gradient steps, starting from w = 0, b = 0.
    l2 : float, default=0.0
        Strength lambda of the penalty (lambda / 2) * ||w||^2; the intercept is not penalised.

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        The two labels, sorted; ``classes_[1]`` is the "positive" class (target t = 1).
    coef_ : ndarray of shape (n_features,)
        The weights w.
    intercept_ : float
        The bias b.

    Notes
    -----
    Model (Bishop, Pattern Recognition and Machine Learning, 2006, Section 4.3.2):
    p_i = sigmoid(z_i) with z_i = w.x_i + b. Objective, with t_i in {0, 1}:

        J(w, b) = (1/n) sum_i [log(1 + e^(z_i)) - t_i z_i] + (lambda / 2) ||w||^2

    where log(1 + e^z) - t z is the negative Bernoulli log-likelihood
    -[t log p + (1 - t) log(1 - p)] written in z. Its gradient (Bishop eq. 4.91, averaged; the L2
    term as in Murphy, Machine Learning: A Probabilistic Perspective, 2012, Section 8.3.6):

        dJ/dw = X^T (p - t) / n + lambda w,    dJ/db = mean(p - t)

    and each step is w -= eta dJ/dw, b -= eta dJ/db, both gradients taken at the same (w, b).
    J is convex, so with a small enough eta the steps approach its unique minimum (when
    lambda > 0, or when the classes overlap).

    Examples
    --------
    >>> X = np.array([[-1.5], [-0.5], [0.5], [1.5]])
    >>> model = LogisticRegression(learning_rate=0.5, n_iter=500).fit(X, ["no", "no", "yes", "yes"])
    >>> model.predict([[-1.0], [1.0]]).tolist()
    ['no', 'yes']
    >>> model.predict_proba([[0.0], [1.0]]).round(3).tolist()
    [[0.5, 0.5], [0.001, 0.999]]

    Huge logits neither overflow nor give NaN:

    >>> float(model.loss([[-1e4]], ["yes"])) > 1e4
    True
    """

    def __init__(self, learning_rate=0.1, n_iter=1000, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iter = n_iter
        self.l2 = l2

    def _targets(self, y):
        """The labels y as targets t in {0, 1}: t = 1 where y is ``classes_[1]``."""
        return (np.asarray(y) == self.classes_[1]).astype(float)

    def fit(self, X, y):
        """Run ``n_iter`` gradient steps from zero. X: (n_samples, n_features); y: (n_samples,).

        Returns self. Any two label values work; they are stored sorted in ``classes_``.
        """
        X = np.asarray(X, dtype=float)
        self.classes_ = np.unique(np.asarray(y))
        if len(self.classes_) != 2:
            raise ValueError(f"y must hold exactly 2 classes, got {len(self.classes_)}")
        t = self._targets(y)
        w, b = np.zeros(X.shape[1]), 0.0
        for _ in range(self.n_iter):
            error = sigmoid(X @ w + b) - t  # p - t, shape (n_samples,)
            grad_w = X.T @ error / len(t) + self.l2 * w
            grad_b = error.mean()
            w, b = w - self.learning_rate * grad_w, b - self.learning_rate * grad_b
        self.coef_, self.intercept_ = w, float(b)
        return self

    def decision_function(self, X):
        """The logits z = X w + b, shape (n_samples,)."""
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_

    def predict_proba(self, X):
        """Shape (n_samples, 2): P(classes_[0] | x) and P(classes_[1] | x); rows sum to 1."""
        z = self.decision_function(X)
        return np.column_stack([sigmoid(-z), sigmoid(z)])  # 1 - sigmoid(z) = sigmoid(-z)

    def predict(self, X):
        """The more probable label of each row, shape (n_samples,): classes_[1] where z > 0."""
        return self.classes_[(self.decision_function(X) > 0).astype(int)]

    def loss(self, X, y):
        """The objective J at the current ``coef_`` and ``intercept_`` (see Notes), a float.

        Per sample log(1 + e^z) - t z, with log(1 + e^z) = ``np.logaddexp(0, z)``: exact and
        finite for any finite z, where -log(sigmoid(z)) would be -log(0) = inf for z < -745.
        """
        z = self.decision_function(X)
        log_loss = np.mean(np.logaddexp(0.0, z) - self._targets(y) * z)
        return float(log_loss + 0.5 * self.l2 * np.dot(self.coef_, self.coef_))
