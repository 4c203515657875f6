"""Causal multi-head self-attention with a KV cache for incremental decoding, numpy only.

A decoder generates one token at a time. Under a causal mask a past token's keys and values never
change, so they are computed once, appended to a cache, and every later step projects only its
new tokens: their queries attend to every cached key, and causally to each other. Decoding a
sequence step by step must give exactly what one causal forward pass over the whole sequence
gives, position by position.

Common mistakes
---------------
- Replacing the cache with the new keys instead of appending to it: the new token then attends
  to itself alone.
- The causal mask of a step with several new tokens (a prefill) taken as ``np.tril`` without its
  offset: new token i must see the cache and the new tokens up to itself, key j <= cache_len + i.
  Leaving the mask out altogether lets new tokens see the new tokens after them.
- Caching the queries too: a past query is never read again. Keeping the past inputs and
  projecting them again at every step is the recomputation the cache exists to avoid.
- ``reset`` that zeroes the cache instead of emptying it: zero keys still get weight exp(0).
- Splitting heads with a bare ``reshape(batch, n_heads, seq, d_head)``: it mixes positions into
  heads; reshape to (batch, seq, n_heads, d_head) and then swap the two middle axes.
"""

import numpy as np


class CachedSelfAttention:
    """Causal multi-head self-attention that decodes incrementally with a cache of keys and values.

    Parameters
    ----------
    d_model : int
        The width of a token vector; a multiple of ``n_heads``.
    n_heads : int
        The number of heads, each of width ``d_head = d_model // n_heads``.
    seed : int, default=0
        Seeds ``np.random.default_rng``, which draws w_q, w_k, w_v and w_o in that order.

    Attributes
    ----------
    w_q, w_k, w_v, w_o : ndarray of shape (d_model, d_model)
        The projections (x @ w, no biases); every call reads them.
    k_cache, v_cache : ndarray of shape (batch, n_heads, cache_len, d_head), or None when empty
        The projected keys and values of every token stepped since the last reset.

    Notes
    -----
    Multi-head attention (Vaswani et al., "Attention Is All You Need", NeurIPS 2017, Sections
    3.2.1-3.2.2): head h takes columns h * d_head to (h + 1) * d_head of Q = x W_q, K = x W_k and
    V = x W_v, computes softmax(Q_h K_h^T / sqrt(d_head)) V_h under the causal mask of Section
    3.2.3 (position i sees positions j <= i), and the heads, concatenated, go through W_o.

    The cache (Pope et al., "Efficiently Scaling Transformer Inference", MLSys 2023, Section 2):
    the t new tokens of a step sit at positions cache_len .. cache_len + t - 1, so new token i may
    see key j when j <= cache_len + i. Queries are not cached: each is used only at its own step.

    Examples
    --------
    >>> layer = CachedSelfAttention(d_model=4, n_heads=2, seed=0)
    >>> x = np.random.default_rng(1).standard_normal((1, 5, 4))
    >>> full = layer.forward(x)
    >>> steps = np.concatenate([layer.step(x[:, :3])] + [layer.step(x[:, t:t + 1]) for t in (3, 4)],
    ...                        axis=1)
    >>> bool(np.allclose(steps, full)), layer.cache_len, layer.k_cache.shape
    (True, 5, (1, 2, 5, 2))
    >>> layer.reset()
    >>> layer.cache_len, layer.k_cache is None
    (0, True)
    """

    def __init__(self, d_model, n_heads, seed=0):
        if d_model % n_heads:
            raise ValueError(f"d_model={d_model} is not a multiple of n_heads={n_heads}")
        self.d_model, self.n_heads, self.d_head = d_model, n_heads, d_model // n_heads
        rng = np.random.default_rng(seed)
        scale = 1.0 / np.sqrt(d_model)  # keeps the variance of x @ w that of x
        self.w_q = rng.standard_normal((d_model, d_model)) * scale
        self.w_k = rng.standard_normal((d_model, d_model)) * scale
        self.w_v = rng.standard_normal((d_model, d_model)) * scale
        self.w_o = rng.standard_normal((d_model, d_model)) * scale
        self.k_cache = self.v_cache = None

    @property
    def cache_len(self):
        """The number of cached positions: 0 when the cache is empty."""
        return 0 if self.k_cache is None else self.k_cache.shape[2]

    def _heads(self, x, w):
        """x @ w split into heads: (batch, seq, d_model) -> (batch, n_heads, seq, d_head)."""
        batch, seq, _ = x.shape
        return (x @ w).reshape(batch, seq, self.n_heads, self.d_head).transpose(0, 2, 1, 3)

    def _attend(self, q, k, v, offset):
        """Outputs (batch, t, d_model) of queries q (batch, n_heads, t, d_head) at positions
        offset .. offset + t - 1 over keys and values (batch, n_heads, n, d_head) at 0 .. n - 1."""
        t, n = q.shape[2], k.shape[2]
        scores = q @ k.swapaxes(-1, -2) / np.sqrt(self.d_head)  # (batch, n_heads, t, n)
        allowed = np.arange(n)[None, :] <= offset + np.arange(t)[:, None]  # causal, shifted
        scores = np.where(allowed, scores, -np.inf)  # every row keeps its own key: never all -inf
        weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
        weights /= weights.sum(axis=-1, keepdims=True)
        heads = weights @ v  # (batch, n_heads, t, d_head)
        batch = heads.shape[0]
        return heads.transpose(0, 2, 1, 3).reshape(batch, t, self.d_model) @ self.w_o

    def forward(self, x):
        """Causal self-attention over a whole sequence, without the cache.

        Parameters
        ----------
        x : ndarray of shape (batch, seq, d_model)

        Returns
        -------
        ndarray of shape (batch, seq, d_model)
        """
        x = np.asarray(x, dtype=float)
        q, k, v = (self._heads(x, w) for w in (self.w_q, self.w_k, self.w_v))
        return self._attend(q, k, v, offset=0)

    def step(self, x_t):
        """Append the new tokens' keys and values to the cache and return their outputs.

        Parameters
        ----------
        x_t : ndarray of shape (batch, t_new, d_model)
            The next t_new tokens (1 when decoding, the prompt when prefilling).

        Returns
        -------
        ndarray of shape (batch, t_new, d_model)
            What ``forward`` gives at these positions of the whole sequence so far.
        """
        x_t = np.asarray(x_t, dtype=float)
        offset = self.cache_len  # the position of the first new token
        q, k, v = (self._heads(x_t, w) for w in (self.w_q, self.w_k, self.w_v))
        if self.k_cache is None:
            self.k_cache, self.v_cache = k, v
        else:
            self.k_cache = np.concatenate([self.k_cache, k], axis=2)
            self.v_cache = np.concatenate([self.v_cache, v], axis=2)
        return self._attend(q, self.k_cache, self.v_cache, offset)

    def reset(self):
        """Empty the cache, to start a new sequence (whose batch size may differ)."""
        self.k_cache = self.v_cache = None
