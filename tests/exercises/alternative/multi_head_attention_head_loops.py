"""A correct multi-head attention in another style: a loop over the sequences and the query heads,
each head's columns sliced out by index, its kv head found by integer division, the causal mask
applied by slicing the keys, and the softmax through a log-sum-exp."""

import numpy as np


class MultiHeadAttention:
    def __init__(self, d_model, n_heads, n_kv_heads=None, seed=0):
        kv_heads = n_heads if n_kv_heads is None else int(n_kv_heads)
        if d_model % n_heads:
            raise ValueError("d_model must be a multiple of n_heads")
        if kv_heads <= 0 or n_heads % kv_heads:
            raise ValueError("n_kv_heads must divide n_heads")
        self.d_model = d_model
        self.n_heads = n_heads
        self.n_kv_heads = kv_heads
        self.d_head = d_model // n_heads
        rng = np.random.default_rng(seed)
        std = d_model**-0.5
        sizes = [d_model, kv_heads * self.d_head, kv_heads * self.d_head, d_model]
        drawn = [std * rng.standard_normal((d_model, size)) for size in sizes]
        self.w_q, self.w_k, self.w_v, self.w_o = drawn

    def forward(self, x, causal=False):
        x = np.array(x, dtype=float)
        n_seq, length, _ = x.shape
        d = self.d_head
        per_kv = self.n_heads // self.n_kv_heads
        q_all, k_all, v_all = x @ self.w_q, x @ self.w_k, x @ self.w_v
        concat = np.empty((n_seq, length, self.n_heads * d))
        for s in range(n_seq):
            for h in range(self.n_heads):
                g = h // per_kv
                q = q_all[s, :, h * d : (h + 1) * d]
                k = k_all[s, :, g * d : (g + 1) * d]
                v = v_all[s, :, g * d : (g + 1) * d]
                for i in range(length):
                    seen = i + 1 if causal else length
                    logits = k[:seen] @ q[i] / np.sqrt(d)
                    top = logits.max()
                    log_z = top + np.log(np.sum(np.exp(logits - top)))
                    concat[s, i, h * d : (h + 1) * d] = np.exp(logits - log_z) @ v[:seen]
        return concat @ self.w_o
