"""Mistake: the update is scaled by alpha instead of alpha / rank.

Forward, backward and merge agree with each other, so the gradients still match finite
differences; but the layer is not LoRA's: a larger rank makes the update larger for the same alpha.
"""

import numpy as np


class LoRALinear:
    def __init__(self, weight, bias=None, rank=4, alpha=8.0, seed=0):
        self.weight = np.array(weight, dtype=float)
        self.bias = None if bias is None else np.array(bias, dtype=float)
        d_out, d_in = self.weight.shape
        if rank < 1 or rank > min(d_out, d_in):
            raise ValueError("rank out of range")
        self.scaling = alpha  # the mistake: alpha / rank
        self.A = np.random.default_rng(seed).standard_normal((rank, d_in)) / np.sqrt(d_in)
        self.B = np.zeros((d_out, rank))
        self.merged = False

    def forward(self, x):
        out = x @ self.weight.T
        if not self.merged:
            out = out + self.scaling * (x @ self.A.T) @ self.B.T
        return out if self.bias is None else out + self.bias

    def backward(self, x, grad_out):
        return {
            "A": self.scaling * self.B.T @ grad_out.T @ x,
            "B": self.scaling * grad_out.T @ x @ self.A.T,
        }

    def step(self, x, grad_out, learning_rate):
        if self.merged:
            raise RuntimeError("merged")
        grads = self.backward(x, grad_out)
        self.A = self.A - learning_rate * grads["A"]
        self.B = self.B - learning_rate * grads["B"]

    def merge(self):
        if not self.merged:
            self.saved = self.weight
            self.weight = self.weight + self.scaling * self.B @ self.A
            self.merged = True

    def unmerge(self):
        if self.merged:
            self.weight = self.saved
            self.merged = False
