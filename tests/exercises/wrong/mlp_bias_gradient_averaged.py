"""Mistake: the bias gradients average dZ over the rows, though dZ already holds the 1/n: divided by n twice."""

import numpy as np


class TwoLayerNet:
    def __init__(self, n_in, n_hidden, n_out, seed=0):
        rng = np.random.default_rng(seed)
        self.W1 = rng.standard_normal((n_in, n_hidden)) * np.sqrt(2 / n_in)
        self.b1 = np.zeros(n_hidden)
        self.W2 = rng.standard_normal((n_hidden, n_out)) * np.sqrt(2 / n_hidden)
        self.b2 = np.zeros(n_out)

    def _forward(self, X):
        X = np.asarray(X, dtype=float)
        Z1 = X @ self.W1 + self.b1
        H = np.maximum(Z1, 0)
        return X, Z1, H, H @ self.W2 + self.b2

    @staticmethod
    def _log_probs(Z2):
        shifted = Z2 - Z2.max(axis=1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))

    def loss(self, X, y):
        y = np.asarray(y)
        log_probs = self._log_probs(self._forward(X)[3])
        return float(-log_probs[np.arange(len(y)), y].mean())

    def gradients(self, X, y):
        y = np.asarray(y)
        n = len(y)
        X, Z1, H, Z2 = self._forward(X)
        dZ2 = np.exp(self._log_probs(Z2))
        dZ2[np.arange(n), y] -= 1
        dZ2 /= n
        dH = dZ2 @ self.W2.T
        dZ1 = dH * (Z1 > 0)
        return {
            "W1": X.T @ dZ1,
            "b1": dZ1.mean(axis=0),
            "W2": H.T @ dZ2,
            "b2": dZ2.mean(axis=0),
        }

    def step(self, X, y, learning_rate):
        before = self.loss(X, y)
        grads = self.gradients(X, y)
        self.W1 = self.W1 - learning_rate * grads["W1"]
        self.b1 = self.b1 - learning_rate * grads["b1"]
        self.W2 = self.W2 - learning_rate * grads["W2"]
        self.b2 = self.b2 - learning_rate * grads["b2"]
        return before
