"""LayerNorm and RMSNorm over the last axis, forward and backward by hand, numpy only.

Each row (the last axis of ``x``, one token's vector of ``dim`` features) is normalised on its
own, then scaled by ``gamma`` and shifted by ``beta``. ``forward`` keeps what ``backward`` needs;
``backward`` turns the gradient of the loss with respect to the output into the gradients with
respect to the input, ``gamma`` and ``beta``.

Common mistakes
---------------
- ``eps`` outside the square root, ``(x - mean) / (std + eps)``: on a row whose variance is
  about ``eps`` or smaller the output is several times too large.
- The unbiased variance (``ddof=1``): LayerNorm, like PyTorch, divides by ``dim``.
- Normalising over axis 0, the batch (that is BatchNorm), instead of the last axis.
- In ``backward``, treating the mean and the variance as constants: both depend on every entry
  of the row, which gives the two extra terms of the gradient.
- ``grad_gamma`` summed over axis 0 only: for ``x`` of shape ``(batch, time, dim)`` it must be
  summed over every axis but the last.
- RMSNorm that subtracts the mean: it only divides by the root mean square.
"""

import numpy as np


class LayerNorm:
    """Layer normalisation (or RMSNorm with ``rms=True``) over the last axis of its input.

    Parameters
    ----------
    dim : int
        The size of the last axis, the number of features normalised together.
    eps : float, default=1e-5
        Added to the variance (to the mean square for RMSNorm) inside the square root.
    rms : bool, default=False
        If True, RMSNorm: divide by the root mean square, subtract no mean, add no ``beta``.

    Attributes
    ----------
    gamma : ndarray of shape (dim,)
        The gain, ones at first.
    beta : ndarray of shape (dim,)
        The shift, zeros at first; not used when ``rms=True``.
    grad_gamma, grad_beta : ndarray of shape (dim,)
        Set by ``backward``: the gradients of the loss with respect to ``gamma`` and ``beta``
        (``grad_beta`` is zeros when ``rms=True``).

    Notes
    -----
    For one row x of d features (Ba, Kiros & Hinton, "Layer Normalization", arXiv:1607.06450,
    2016, Section 3, eq. 4; the biased variance as in ``torch.nn.LayerNorm``):

        mu = mean(x),  var = mean((x - mu)^2),  r = 1 / sqrt(var + eps)
        x_hat = (x - mu) r,  y = gamma * x_hat + beta

    RMSNorm (Zhang & Sennrich, "Root Mean Square Layer Normalization", NeurIPS 2019,
    Section 4, eq. 4) drops the mean and the shift:

        r = 1 / sqrt(mean(x^2) + eps),  x_hat = x r,  y = gamma * x_hat

    Backward, with g = dL/dy and dL/dx_hat = g * gamma, by the chain rule through mu and var
    (the same derivation as batch normalisation's, Ioffe & Szegedy, ICML 2015, Section 3, done
    over the features of a row instead of over the batch):

        LayerNorm:  dL/dx = r * (dL/dx_hat - mean(dL/dx_hat) - x_hat * mean(dL/dx_hat * x_hat))
        RMSNorm:    dL/dx = r * (dL/dx_hat - x_hat * mean(dL/dx_hat * x_hat))

    the means taken over the row. ``gamma`` and ``beta`` are shared by every row, so their
    gradients are summed over all the leading axes: sum(g * x_hat) and sum(g).

    Examples
    --------
    >>> norm = LayerNorm(4)
    >>> norm.forward(np.array([[1.0, 2.0, 3.0, 4.0]])).round(3).tolist()
    [[-1.342, -0.447, 0.447, 1.342]]
    >>> LayerNorm(4, rms=True).forward(np.array([1.0, 2.0, 3.0, 4.0])).round(3).tolist()
    [0.365, 0.73, 1.095, 1.461]
    >>> norm.backward(np.ones((1, 4))).round(12).tolist(), norm.grad_beta.tolist()
    ([[0.0, 0.0, 0.0, 0.0]], [1.0, 1.0, 1.0, 1.0])
    """

    def __init__(self, dim, eps=1e-5, rms=False):
        self.dim = dim
        self.eps = eps
        self.rms = rms
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)

    def forward(self, x):
        """Normalise x of shape (..., dim) over its last axis; return y of the same shape."""
        x = np.asarray(x, dtype=float)
        if self.rms:
            centred = x
            mean_square = np.mean(x * x, axis=-1, keepdims=True)
        else:
            centred = x - x.mean(axis=-1, keepdims=True)
            mean_square = np.mean(centred * centred, axis=-1, keepdims=True)  # biased variance
        self.r = 1.0 / np.sqrt(mean_square + self.eps)  # shape (..., 1)
        self.x_hat = centred * self.r
        y = self.x_hat * self.gamma
        return y if self.rms else y + self.beta

    def backward(self, grad_out):
        """Return dL/dx (shape of x) from dL/dy; set grad_gamma and grad_beta (shape (dim,))."""
        grad_out = np.asarray(grad_out, dtype=float)
        rows = grad_out.reshape(-1, self.dim)  # gamma and beta are shared by every row
        self.grad_gamma = np.sum(rows * self.x_hat.reshape(-1, self.dim), axis=0)
        self.grad_beta = np.zeros(self.dim) if self.rms else rows.sum(axis=0)
        grad_x_hat = grad_out * self.gamma
        projection = np.mean(grad_x_hat * self.x_hat, axis=-1, keepdims=True)
        grad_x = grad_x_hat - self.x_hat * projection
        if not self.rms:
            grad_x = grad_x - grad_x_hat.mean(axis=-1, keepdims=True)
        return self.r * grad_x
