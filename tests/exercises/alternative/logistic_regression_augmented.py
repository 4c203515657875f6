"""A correct logistic regression in another style: one parameter vector over X with a column of
ones, the sigmoid through tanh, a mask that keeps the bias out of the penalty, a label dict."""

import numpy as np


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iter=1000, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iter = n_iter
        self.l2 = l2

    @staticmethod
    def _with_ones(X):
        X = np.array(X, dtype=float)
        return np.hstack([X, np.ones((X.shape[0], 1))])

    @staticmethod
    def _prob(z):
        # sigma(z) = (1 + tanh(z / 2)) / 2: tanh saturates at +-1, nothing overflows.
        return 0.5 + 0.5 * np.tanh(0.5 * z)

    def _zero_one(self, y):
        return np.array([self._target[label] for label in np.asarray(y).tolist()], dtype=float)

    def fit(self, X, y):
        A = self._with_ones(X)
        labels = sorted(set(np.asarray(y).tolist()))
        self.classes_ = np.array(labels)
        self._target = {labels[0]: 0.0, labels[1]: 1.0}
        t = self._zero_one(y)
        penalised = np.ones(A.shape[1])
        penalised[-1] = 0.0  # the bias is the last parameter
        theta = np.zeros(A.shape[1])
        for _ in range(self.n_iter):
            gradient = A.T @ (self._prob(A @ theta) - t) / len(t)
            theta = theta - self.learning_rate * (gradient + self.l2 * penalised * theta)
        self.coef_ = theta[:-1].copy()
        self.intercept_ = float(theta[-1])
        return self

    def _z(self, X):
        return self._with_ones(X) @ np.append(self.coef_, self.intercept_)

    def predict_proba(self, X):
        z = self._z(X)
        return np.stack([self._prob(-z), self._prob(z)], axis=1)

    def predict(self, X):
        return np.where(self._z(X) > 0, self.classes_[1], self.classes_[0])

    def loss(self, X, y):
        z = self._z(X)
        t = self._zero_one(y)
        # log(1 + e^z) = max(z, 0) + log1p(e^-|z|)
        softplus = np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))
        penalty = 0.5 * self.l2 * float(np.sum(np.square(self.coef_)))
        return float(np.mean(softplus - t * z)) + penalty
