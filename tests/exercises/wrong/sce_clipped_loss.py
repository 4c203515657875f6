"""Mistake: the loss as -log(p) with p clipped to [1e-12, 1] to avoid log(0): a confident mistake's loss is capped."""

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
        p = self.softmax(logits)[np.arange(len(y)), y]
        return float(-np.log(np.clip(p, 1e-12, 1.0)).mean())

    def gradient(self, logits, y):
        y = np.asarray(y)
        g = self.softmax(logits)
        g[np.arange(len(y)), y] -= 1
        return g / len(y)
