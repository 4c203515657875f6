"""A two-layer ReLU network with a softmax cross-entropy loss: forward and backward pass, numpy only.

logits = relu(X W1 + b1) W2 + b2, and the loss is the mean cross-entropy of softmax(logits)
against integer labels. The backward pass is the chain rule applied layer by layer, from the
loss down to W1; every gradient can be checked by central finite differences of the loss.

Common mistakes
---------------
- ``np.exp(logits)`` before normalising: exp(1000) overflows to inf and inf / inf is NaN.
  Subtract each row's maximum first (softmax does not change), and take the log-probabilities as
  ``shifted - log(sum(exp(shifted)))``, never ``np.log(softmax)``, which is log(0) = -inf for a
  confident mistake.
- Summing the loss over the batch instead of averaging it: then every gradient is n times larger.
- The bias gradients: ``db = dZ.sum(axis=0)``, one entry per unit. Taking ``dZ.mean(axis=0)`` when
  dZ already carries the 1 / n of the mean divides by n twice.
- Forgetting the ReLU's derivative in the backward pass (dZ1 = dH), or using ``z >= 0``: here the
  derivative at exactly 0 is 0, the mask is ``z > 0``.
"""

import numpy as np


class TwoLayerNet:
    """A fully connected network: input -> ReLU hidden layer -> linear output, softmax cross-entropy.

    Parameters
    ----------
    n_in, n_hidden, n_out : int
        The sizes of the input, the hidden layer and the output (the number of classes).
    seed : int, default=0
        Seeds ``np.random.default_rng``, which draws W1 and then W2.

    Attributes
    ----------
    W1 : ndarray of shape (n_in, n_hidden)
    b1 : ndarray of shape (n_hidden,)
    W2 : ndarray of shape (n_hidden, n_out)
    b2 : ndarray of shape (n_out,)
        The parameters. ``loss``, ``gradients`` and ``step`` read them from these attributes.

    Notes
    -----
    Initialisation (He et al., "Delving Deep into Rectifiers", ICCV 2015, Section 2.2): each weight
    matrix is normal with standard deviation sqrt(2 / fan_in), where fan_in is its number of rows,
    which keeps the variance of the activations constant from layer to layer under ReLU; the
    biases start at 0.

    Forward pass, for X of shape (n, n_in) and labels y in {0, ..., n_out - 1}:

        Z1 = X W1 + b1,  H = max(Z1, 0),  Z2 = H W2 + b2                       (logits, (n, n_out))
        L  = (1/n) sum_i [ logsumexp(Z2_i) - Z2_i[y_i] ]

    where logsumexp(z) = m + log(sum_k exp(z_k - m)) with m = max_k z_k never overflows
    (Goodfellow, Bengio & Courville, Deep Learning, 2016, Section 4.1 and 6.2.2.3).

    Backward pass (the chain rule, Goodfellow et al. Section 6.5; Bishop, Pattern Recognition and
    Machine Learning, 2006, Section 5.3, where eq. 4.109 gives softmax(z) - onehot(y) as the
    derivative of the cross-entropy with respect to the logits):

        dZ2 = (softmax(Z2) - Y) / n      dW2 = H^T dZ2      db2 = sum over rows of dZ2
        dH  = dZ2 W2^T                   dZ1 = dH * [Z1 > 0]
        dW1 = X^T dZ1                    db1 = sum over rows of dZ1

    ReLU is not differentiable at 0; its derivative there is taken as 0 (the mask Z1 > 0), one of
    its one-sided derivatives, as deep-learning libraries do (Goodfellow et al. Section 6.3).

    Examples
    --------
    >>> net = TwoLayerNet(2, 8, 3, seed=0)
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    >>> y = np.array([0, 1, 2])
    >>> round(net.loss(X, y), 4)
    1.4045
    >>> {name: grad.shape for name, grad in net.gradients(X, y).items()}
    {'W1': (2, 8), 'b1': (8,), 'W2': (8, 3), 'b2': (3,)}
    >>> for _ in range(100):
    ...     _ = net.step(X, y, learning_rate=0.5)
    >>> round(net.loss(X, y), 4)
    0.0204

    Huge logits neither overflow nor give NaN:

    >>> net.W2 = net.W2 * 1e4
    >>> bool(np.isfinite(net.loss(X, y))), bool(np.isfinite(net.gradients(X, y)["W1"]).all())
    (True, True)
    """

    def __init__(self, n_in, n_hidden, n_out, seed=0):
        rng = np.random.default_rng(seed)
        self.W1 = rng.standard_normal((n_in, n_hidden)) * np.sqrt(2.0 / n_in)
        self.b1 = np.zeros(n_hidden)
        self.W2 = rng.standard_normal((n_hidden, n_out)) * np.sqrt(2.0 / n_hidden)
        self.b2 = np.zeros(n_out)

    def _forward(self, X):
        """(Z1, H, logits) for X of shape (n, n_in): what the backward pass needs."""
        Z1 = np.asarray(X, dtype=float) @ self.W1 + self.b1
        H = np.maximum(Z1, 0.0)
        return Z1, H, H @ self.W2 + self.b2

    @staticmethod
    def _log_softmax(logits):
        """Row-wise log softmax, shape (n, n_out): shifted logits minus their log-sum-exp."""
        shifted = logits - logits.max(axis=1, keepdims=True)  # the largest entry is 0
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))

    def loss(self, X, y):
        """The mean softmax cross-entropy of the logits against the labels y (n,), a float."""
        _, _, logits = self._forward(X)
        y = np.asarray(y, dtype=int)
        return float(-self._log_softmax(logits)[np.arange(len(y)), y].mean())

    def gradients(self, X, y):
        """The gradient of ``loss(X, y)``: a dict W1, b1, W2, b2 of the parameters' shapes."""
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=int)
        Z1, H, logits = self._forward(X)
        dZ2 = np.exp(self._log_softmax(logits))  # softmax, every entry in [0, 1]
        dZ2[np.arange(len(y)), y] -= 1.0
        dZ2 /= len(y)  # the loss is a mean over the n samples
        dZ1 = (dZ2 @ self.W2.T) * (Z1 > 0)  # ReLU'(0) = 0
        return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": H.T @ dZ2, "b2": dZ2.sum(axis=0)}

    def step(self, X, y, learning_rate):
        """One gradient-descent step on every parameter; returns the loss before the step."""
        before = self.loss(X, y)
        for name, gradient in self.gradients(X, y).items():
            setattr(self, name, getattr(self, name) - learning_rate * gradient)
        return before
