"""A LoRA linear layer: a frozen weight plus a trained low-rank update, merged and unmerged exactly.

LoRA (low-rank adaptation) fine-tunes a pretrained linear layer without touching its weight W0:
it learns two small matrices, A (rank, d_in) and B (d_out, rank), and adds (alpha / rank) B A x
to the layer's output. B starts at 0, so the layer starts as the pretrained one. After training,
the update can be folded into the weight ("merged"), so that inference costs one matrix product
as before; unmerging gives the original weight back, to train on or to swap adapters.

Common mistakes
---------------
- Scaling the update by alpha (or by 1 / rank) instead of alpha / rank.
- Initialising B at random too: the layer then differs from the pretrained one before any
  training. (A and B both at 0 is the opposite mistake: then both gradients stay 0 forever.)
- Letting the optimiser update W0 (or the bias) too: the point of LoRA is that only A and B train.
- Dropping the factor alpha / rank from one gradient (A's is the usual one): the gradient is then
  not the gradient of the layer's output.
- Merging the transposed update, (B A)^T: W0 is (d_out, d_in), and so is B A.
- Unmerging by subtracting the update again: in floating point (W0 + D) - D is not W0, only
  within a rounding error. Keep the original weight and put it back.
- Merging twice adds the update twice; forward after merging must not add the adapter again.
"""

import numpy as np


class LoRALinear:
    """h = x W0^T + (alpha / rank) (x A^T) B^T + bias, with W0 and the bias frozen.

    Parameters
    ----------
    weight : ndarray of shape (d_out, d_in)
        The pretrained weight W0, copied: the layer never changes the array it is given.
    bias : ndarray of shape (d_out,), optional
        The pretrained bias, frozen too; None for a layer without one.
    rank : int, default=4
        The rank r of the update B A, from 1 to min(d_out, d_in).
    alpha : float, default=8.0
        The update is scaled by alpha / rank.
    seed : int, default=0
        Seeds ``np.random.default_rng``, which draws A.

    Attributes
    ----------
    weight : ndarray of shape (d_out, d_in)
        W0, or W0 + (alpha / rank) B A while the layer is merged.
    A : ndarray of shape (rank, d_in)
        Gaussian at first, standard deviation 1 / sqrt(d_in). Trained.
    B : ndarray of shape (d_out, rank)
        Zeros at first. Trained.
    scaling : float
        alpha / rank.
    merged : bool
        Whether the update is folded into ``weight``.

    Notes
    -----
    Hu et al., "LoRA: Low-Rank Adaptation of Large Language Models", ICLR 2022 (arXiv:2106.09685),
    Section 4.1: h = W0 x + (alpha / r) B A x, "a random Gaussian initialization for A and zero
    for B, so Delta W = B A is zero at the beginning of training"; W0 receives no gradient. For a
    batch of rows x (n, d_in) and the gradient G = dL/dh (n, d_out), with u = x A^T (n, r) and
    s = alpha / r, the chain rule through h = ... + s u B^T gives

        dL/dB = s G^T u   (d_out, r)        dL/dA = s (G B)^T x   (r, d_in)

    Merging (Section 4.1, "No Additional Inference Latency"): W = W0 + s B A, of W0's shape, so
    forward is one product again. Unmerging puts W0 itself back rather than subtracting s B A:
    (W0 + D) - D differs from W0 by rounding, and only a kept copy gives it back exactly.

    Examples
    --------
    >>> layer = LoRALinear(np.eye(3), rank=1, alpha=2.0)
    >>> x = np.array([[1.0, 2.0, 3.0]])
    >>> layer.forward(x).tolist()  # B = 0: the pretrained layer
    [[1.0, 2.0, 3.0]]
    >>> layer.A = np.array([[1.0, 0.0, 0.0]])
    >>> layer.B = np.array([[0.0], [0.5], [0.0]])
    >>> layer.forward(x).tolist()  # + (2 / 1) * B A x
    [[1.0, 3.0, 3.0]]
    >>> {name: g.tolist() for name, g in layer.backward(x, np.array([[0.0, 1.0, 0.0]])).items()}
    {'A': [[1.0, 2.0, 3.0]], 'B': [[0.0], [2.0], [0.0]]}
    >>> layer.merge()
    >>> layer.weight.tolist(), layer.forward(x).tolist()
    ([[1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]], [[1.0, 3.0, 3.0]])
    >>> layer.unmerge()
    >>> layer.weight.tolist()
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """

    def __init__(self, weight, bias=None, rank=4, alpha=8.0, seed=0):
        self.weight = np.array(weight, dtype=float)  # a copy of W0
        self.bias = None if bias is None else np.array(bias, dtype=float)
        d_out, d_in = self.weight.shape
        if not 1 <= rank <= min(d_out, d_in):
            raise ValueError(f"rank must be between 1 and min(d_out, d_in) = {min(d_out, d_in)}")
        self.rank, self.alpha, self.scaling = rank, alpha, alpha / rank
        rng = np.random.default_rng(seed)
        self.A = rng.standard_normal((rank, d_in)) / np.sqrt(d_in)
        self.B = np.zeros((d_out, rank))
        self.merged = False
        self._original = None  # W0 itself while merged

    def forward(self, x):
        """The layer's output for x of shape (n, d_in): an array of shape (n, d_out)."""
        x = np.asarray(x, dtype=float)
        h = x @ self.weight.T
        if not self.merged:  # merged, the update is inside self.weight already
            h = h + self.scaling * (x @ self.A.T) @ self.B.T
        return h if self.bias is None else h + self.bias

    def backward(self, x, grad_out):
        """{"A": dL/dA, "B": dL/dB} from x (n, d_in) and grad_out = dL/dh (n, d_out)."""
        x = np.asarray(x, dtype=float)
        grad_out = np.asarray(grad_out, dtype=float)
        grad_a = self.scaling * (grad_out @ self.B).T @ x
        grad_b = self.scaling * grad_out.T @ (x @ self.A.T)
        return {"A": grad_a, "B": grad_b}

    def step(self, x, grad_out, learning_rate):
        """One gradient-descent step on A and B (both gradients taken before either changes)."""
        if self.merged:
            raise RuntimeError("unmerge the layer before training it")
        grads = self.backward(x, grad_out)
        self.A = self.A - learning_rate * grads["A"]
        self.B = self.B - learning_rate * grads["B"]

    def merge(self):
        """Fold the update into the weight: W = W0 + (alpha / rank) B A. Merged already: no-op."""
        if not self.merged:
            self._original = self.weight
            self.weight = self.weight + self.scaling * (self.B @ self.A)  # a new array
            self.merged = True

    def unmerge(self):
        """Put W0 back, exactly (the array kept at merge). Not merged: no-op."""
        if self.merged:
            self.weight, self._original = self._original, None
            self.merged = False
