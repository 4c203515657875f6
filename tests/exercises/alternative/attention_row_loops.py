"""A correct attention in another style: a loop over the batch and the queries, each query's
allowed keys gathered by index, the softmax through a log-sum-exp, no -inf anywhere."""

import math

import numpy as np


class ScaledDotProductAttention:
    def __init__(self, causal=False):
        self.causal = causal

    def forward(self, q, k, v, padding_mask=None):
        batch, n_q, d_k = q.shape
        n_k, d_v = k.shape[1], v.shape[2]
        output = np.zeros((batch, n_q, d_v))
        weights = np.zeros((batch, n_q, n_k))
        for b in range(batch):
            real = np.ones(n_k, dtype=bool) if padding_mask is None else np.asarray(padding_mask[b])
            for i in range(n_q):
                keys = [j for j in range(n_k) if real[j] and (not self.causal or j <= i)]
                if not keys:
                    continue  # no key to look at: the row stays 0
                s = np.einsum("d,jd->j", q[b, i], k[b, keys]) / math.sqrt(d_k)
                top = s.max()
                log_total = top + math.log(np.exp(s - top).sum())
                w = np.exp(s - log_total)
                weights[b, i, keys] = w
                output[b, i] = w @ v[b, keys]
        return output, weights
