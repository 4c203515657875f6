"""A correct two-layer network in another style: the backward pass one sample at a time with
outer products, averaged at the end; log-sum-exp by np.logaddexp.reduce; the ReLU mask by
np.heaviside(z, 0); parameters updated through a tuple of names."""

import numpy as np

PARAMETERS = ("W1", "b1", "W2", "b2")


class TwoLayerNet:
    def __init__(self, n_in, n_hidden, n_out, seed=0):
        generator = np.random.default_rng(seed)
        self.W1 = np.sqrt(2.0 / n_in) * generator.normal(size=(n_in, n_hidden))
        self.W2 = np.sqrt(2.0 / n_hidden) * generator.normal(size=(n_hidden, n_out))
        self.b1 = np.zeros(n_hidden)
        self.b2 = np.zeros(n_out)

    def _sample(self, x, label):
        """The loss of one sample and its gradients, as a dict."""
        pre = x @ self.W1 + self.b1
        hidden = np.where(pre > 0, pre, 0.0)
        logits = hidden @ self.W2 + self.b2
        log_normaliser = np.logaddexp.reduce(logits)
        loss = log_normaliser - logits[label]
        d_logits = np.exp(logits - log_normaliser)
        d_logits[label] -= 1.0
        d_pre = (self.W2 @ d_logits) * np.heaviside(pre, 0.0)
        grads = {
            "W1": np.outer(x, d_pre),
            "b1": d_pre,
            "W2": np.outer(hidden, d_logits),
            "b2": d_logits,
        }
        return loss, grads

    def _average(self, X, y):
        X = np.array(X, dtype=float, ndmin=2)
        labels = [int(label) for label in np.asarray(y).ravel()]
        total_loss = 0.0
        totals = {name: np.zeros_like(getattr(self, name)) for name in PARAMETERS}
        for x, label in zip(X, labels, strict=True):
            loss, grads = self._sample(x, label)
            total_loss += loss
            for name in PARAMETERS:
                totals[name] += grads[name]
        count = len(labels)
        return total_loss / count, {name: total / count for name, total in totals.items()}

    def loss(self, X, y):
        return float(self._average(X, y)[0])

    def gradients(self, X, y):
        return self._average(X, y)[1]

    def step(self, X, y, learning_rate):
        loss, grads = self._average(X, y)
        for name in PARAMETERS:
            setattr(self, name, getattr(self, name) - learning_rate * grads[name])
        return float(loss)
