"""A LoRA layer that builds the effective weight in forward, with einsum gradients.

Another correct style: forward forms W0 + s B A itself (one product with x instead of three),
backward writes the gradients as einsum sums over the batch, merge keeps a copy of W0 rather
than the array itself, and the rank is checked against range().
"""

import numpy as np


class LoRALinear:
    def __init__(self, weight, bias=None, rank=4, alpha=8.0, seed=0):
        w = np.asarray(weight, dtype=float)
        if rank not in range(1, min(w.shape) + 1):
            raise ValueError(f"rank {rank} is outside 1..{min(w.shape)}")
        self.weight = w.copy()
        self.bias = None if bias is None else np.asarray(bias, dtype=float).copy()
        self.rank = rank
        self.alpha = alpha
        self.scaling = alpha / rank
        generator = np.random.default_rng(seed)
        self.A = generator.standard_normal((rank, w.shape[1])) * (1.0 / np.sqrt(w.shape[1]))
        self.B = np.zeros((w.shape[0], rank))
        self.merged = False
        self._saved = None

    def _effective_weight(self):
        if self.merged:
            return self.weight
        return self.weight + self.scaling * np.einsum("or,ri->oi", self.B, self.A)

    def forward(self, x):
        h = np.einsum("ni,oi->no", np.asarray(x, dtype=float), self._effective_weight())
        if self.bias is not None:
            h = h + self.bias
        return h

    def backward(self, x, grad_out):
        x = np.asarray(x, dtype=float)
        g = np.asarray(grad_out, dtype=float)
        # h[n, o] = ... + s * sum_r B[o, r] * sum_i A[r, i] x[n, i]
        grad_a = self.scaling * np.einsum("no,or,ni->ri", g, self.B, x)
        grad_b = self.scaling * np.einsum("no,ri,ni->or", g, self.A, x)
        return {"A": grad_a, "B": grad_b}

    def step(self, x, grad_out, learning_rate):
        if self.merged:
            raise RuntimeError("training a merged LoRA layer: call unmerge() first")
        grad_a, grad_b = (self.backward(x, grad_out)[key] for key in ("A", "B"))
        self.A = self.A - learning_rate * grad_a
        self.B = self.B - learning_rate * grad_b

    def merge(self):
        if self.merged:
            return
        self._saved = self.weight.copy()
        self.weight = self._effective_weight()
        self.merged = True

    def unmerge(self):
        if self.merged:
            self.weight = self._saved
            self._saved = None
            self.merged = False
