"""Mistake: the gradient with its sign flipped, (onehot(y) - softmax) / n."""

import numpy as np


class SoftmaxCrossEntropy:
    def softmax(self, logits):
        z = np.asarray(logits, dtype=float)
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    def log_softmax(self, logits):
        z = np.asarray(logits, dtype=float)
        shifted = z - z.max(axis=-1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))

    def loss(self, logits, y):
        y = np.asarray(y)
        return float(-self.log_softmax(logits)[np.arange(len(y)), y].mean())

    def gradient(self, logits, y):
        y = np.asarray(y)
        p = self.softmax(logits)
        onehot = np.zeros_like(p)
        onehot[np.arange(len(y)), y] = 1.0
        return (onehot - p) / len(y)
