"""A two-layer ReLU network's forward and backward pass, as a learner wrote it from `llmprep start mlp_backprop`'s task and `llmprep hint mlp_backprop` alone.

The writer read nothing else (no solution, no checks); tests/exercises/test_grader.py asserts
it passes every check, which proves the hints are enough. Regenerate it if a hint changes.
"""

import numpy as np


class TwoLayerNet:
    """logits = relu(X @ W1 + b1) @ W2 + b2, trained on the mean softmax cross-entropy."""

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
        Z2 = H @ self.W2 + self.b2
        return Z1, H, Z2

    @staticmethod
    def _log_softmax(Z2):
        shifted = Z2 - Z2.max(axis=1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))

    def loss(self, X, y):
        """Return the mean softmax cross-entropy (a float). X: (n, n_in); y: (n,) ints in 0..n_out-1."""
        _, _, Z2 = self._forward(X)
        log_probs = self._log_softmax(Z2)
        n = Z2.shape[0]
        return float(-log_probs[np.arange(n), y].mean())

    def gradients(self, X, y):
        """Return {"W1": ..., "b1": ..., "W2": ..., "b2": ...}, the gradients of loss(X, y)."""
        X = np.asarray(X, dtype=float)
        Z1, H, Z2 = self._forward(X)
        log_probs = self._log_softmax(Z2)
        n = Z2.shape[0]
        dZ2 = np.exp(log_probs)
        dZ2[np.arange(n), y] -= 1
        dZ2 /= n
        dW2 = H.T @ dZ2
        db2 = dZ2.sum(axis=0)
        dH = dZ2 @ self.W2.T
        dZ1 = dH * (Z1 > 0)
        dW1 = X.T @ dZ1
        db1 = dZ1.sum(axis=0)
        return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}

    def step(self, X, y, learning_rate):
        """Subtract learning_rate * gradient from every parameter; return the loss before."""
        before = self.loss(X, y)
        grads = self.gradients(X, y)
        for name in ("W1", "b1", "W2", "b2"):
            setattr(self, name, getattr(self, name) - learning_rate * grads[name])
        return before
