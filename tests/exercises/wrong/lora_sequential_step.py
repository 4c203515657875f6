"""Mistake: step updates B first, then takes A's gradient with the new B.

Both gradients must be taken at the same parameters, before either changes.
"""

import numpy as np


class LoRALinear:
    def __init__(self, weight, bias=None, rank=4, alpha=8.0, seed=0):
        self.weight = np.array(weight, dtype=float)
        self.bias = None if bias is None else np.array(bias, dtype=float)
        d_out, d_in = self.weight.shape
        if not 1 <= rank <= min(d_out, d_in):
            raise ValueError("bad rank")
        self.scaling = alpha / rank
        self.A = np.random.default_rng(seed).standard_normal((rank, d_in)) / np.sqrt(d_in)
        self.B = np.zeros((d_out, rank))
        self.merged = False

    def backward(self, x, grad_out):
        return {
            "A": self.scaling * (grad_out @ self.B).T @ x,
            "B": self.scaling * grad_out.T @ (x @ self.A.T),
        }

    def step(self, x, grad_out, learning_rate):
        if self.merged:
            raise RuntimeError("merged")
        self.B = self.B - learning_rate * self.backward(x, grad_out)["B"]
        self.A = self.A - learning_rate * self.backward(x, grad_out)["A"]  # the mistake: new B

    def forward(self, x):
        h = x @ self.weight.T
        if not self.merged:
            h = h + self.scaling * (x @ self.A.T) @ self.B.T
        return h if self.bias is None else h + self.bias

    def merge(self):
        if not self.merged:
            self.original = self.weight
            self.weight = self.weight + self.scaling * (self.B @ self.A)
            self.merged = True

    def unmerge(self):
        if self.merged:
            self.weight = self.original
            self.merged = False
