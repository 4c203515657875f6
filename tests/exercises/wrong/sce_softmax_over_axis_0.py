"""Mistake: softmax and log_softmax normalised over axis 0, the batch, instead of the classes."""

import numpy as np


class SoftmaxCrossEntropy:
    def softmax(self, logits):
        z = np.asarray(logits, dtype=float)
        e = np.exp(z - z.max(axis=0, keepdims=True))
        return e / e.sum(axis=0, keepdims=True)

    def log_softmax(self, logits):
        z = np.asarray(logits, dtype=float)
        shifted = z - z.max(axis=0, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))

    def loss(self, logits, y):
        y = np.asarray(y)
        return float(-self.log_softmax(logits)[np.arange(len(y)), y].mean())

    def gradient(self, logits, y):
        y = np.asarray(y)
        g = self.softmax(logits)
        g[np.arange(len(y)), y] -= 1
        return g / len(y)
