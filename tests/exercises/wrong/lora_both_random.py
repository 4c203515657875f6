"""Mistake: B is drawn at random like A, instead of starting at zeros.

B A is then not 0 before any training: a random update is added to the pretrained layer, whose
output changes before the first step.
"""

import numpy as np


class LoRALinear:
    def __init__(self, weight, bias=None, rank=4, alpha=8.0, seed=0):
        self.weight = np.array(weight, dtype=float)
        self.bias = None if bias is None else np.array(bias, dtype=float)
        d_out, d_in = self.weight.shape
        if not 0 < rank <= min(d_out, d_in):
            raise ValueError("bad rank")
        self.scaling = alpha / rank
        rng = np.random.default_rng(seed)
        self.A = rng.standard_normal((rank, d_in)) / np.sqrt(d_in)
        self.B = rng.standard_normal((d_out, rank)) / np.sqrt(rank)  # the mistake: zeros
        self.merged = False

    def forward(self, x):
        h = x @ self.weight.T
        if not self.merged:
            h += self.scaling * (x @ self.A.T) @ self.B.T
        if self.bias is not None:
            h += self.bias
        return h

    def backward(self, x, grad_out):
        u = x @ self.A.T
        return {
            "A": self.scaling * (grad_out @ self.B).T @ x,
            "B": self.scaling * grad_out.T @ u,
        }

    def step(self, x, grad_out, learning_rate):
        if self.merged:
            raise RuntimeError("merged")
        g = self.backward(x, grad_out)
        self.A = self.A - learning_rate * g["A"]
        self.B = self.B - learning_rate * g["B"]

    def merge(self):
        if self.merged:
            return
        self.base = self.weight
        self.weight = self.weight + self.scaling * self.B @ self.A
        self.merged = True

    def unmerge(self):
        if self.merged:
            self.weight = self.base
            self.merged = False
