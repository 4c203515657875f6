"""A LoRA linear layer with exact merge and unmerge, as a learner wrote it from `llmprep start lora`'s task and `llmprep hint lora` alone.

The writer read nothing else (no solution, no checks); tests/exercises/test_grader.py asserts
it passes every check, which proves the hints are enough. Regenerate it if a hint changes.
"""

import numpy as np


class LoRALinear:
    """h = x @ W0.T + (alpha / rank) * (x @ A.T) @ B.T + bias; W0 and bias frozen, A and B trained."""

    def __init__(self, weight, bias=None, rank=4, alpha=8.0, seed=0):
        self.weight = np.array(weight, dtype=float)
        self.bias = None if bias is None else np.array(bias, dtype=float)
        d_out, d_in = self.weight.shape
        if not 1 <= rank <= min(d_out, d_in):
            raise ValueError("rank must be between 1 and min(d_out, d_in)")
        self.scaling = alpha / rank
        rng = np.random.default_rng(seed)
        self.A = rng.standard_normal((rank, d_in)) / np.sqrt(d_in)
        self.B = np.zeros((d_out, rank))
        self.merged = False

    def forward(self, x):
        """Return h of shape (n, d_out) for x of shape (n, d_in)."""
        x = np.asarray(x, dtype=float)
        h = x @ self.weight.T
        if not self.merged:
            h = h + self.scaling * (x @ self.A.T) @ self.B.T
        return h if self.bias is None else h + self.bias

    def backward(self, x, grad_out):
        """Return {"A": dL/dA, "B": dL/dB} for grad_out = dL/dh of shape (n, d_out)."""
        x = np.asarray(x, dtype=float)
        grad_out = np.asarray(grad_out, dtype=float)
        grad_a = self.scaling * (grad_out @ self.B).T @ x
        grad_b = self.scaling * grad_out.T @ (x @ self.A.T)
        return {"A": grad_a, "B": grad_b}

    def step(self, x, grad_out, learning_rate):
        """One gradient-descent step on A and B only; RuntimeError on a merged layer."""
        if self.merged:
            raise RuntimeError("unmerge the layer before training it")
        grads = self.backward(x, grad_out)
        self.A = self.A - learning_rate * grads["A"]
        self.B = self.B - learning_rate * grads["B"]

    def merge(self):
        """weight = W0 + scaling * B @ A, keeping W0; a no-op when merged already."""
        if self.merged:
            return
        self._original = self.weight
        self.weight = self.weight + self.scaling * (self.B @ self.A)
        self.merged = True

    def unmerge(self):
        """Put W0 back exactly; a no-op when not merged."""
        if not self.merged:
            return
        self.weight = self._original
        self.merged = False
