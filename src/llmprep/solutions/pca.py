"""Principal component analysis by the SVD of the centred data, numpy only, interview length.

Centre the data, take its thin SVD ``X_c = U S Vt``: the rows of ``Vt`` are the principal
directions, sorted by decreasing singular value, and ``S**2 / (n - 1)`` are the sample variances
along them. Everything else (projection, whitening, reconstruction) is a matrix product with them.

Common mistakes
---------------
- Not centring (the first component then points at the mean), or centring new data with its own
  mean in ``transform`` instead of the training mean ``mean_``.
- Taking the columns of ``Vt`` (or of ``U``) as the components instead of its rows.
- Dividing by ``n`` instead of ``n - 1`` (scikit-learn's ``explained_variance_`` is the sample
  variance), or dividing the ratios by the variance of the kept components only.
- Eigenvectors of the covariance from ``np.linalg.eigh`` left in its ascending order.
- Leaving the signs as the SVD returns them: they change with the LAPACK build and the data's
  order, so results are not reproducible. Fix them with one rule (below).
- Forgetting the mean, or the whitening scale, in ``inverse_transform``.
"""

import numpy as np


class PCA:
    """Principal component analysis: project onto the directions of largest variance.

    Parameters
    ----------
    n_components : int or None, default=None
        k, the number of components kept; None keeps ``min(n_samples, n_features)``.
    whiten : bool, default=False
        If True, ``transform`` divides each column of scores by the standard deviation of its
        component, so that the transformed training data has sample variance 1 in every column.

    Attributes
    ----------
    components_ : ndarray of shape (k, n_features)
        The principal directions, one unit-length row each, by decreasing variance.
    explained_variance_ : ndarray of shape (k,)
        The sample variance (divided by ``n_samples - 1``) of the training data along each row.
    explained_variance_ratio_ : ndarray of shape (k,)
        ``explained_variance_`` over the total variance of the training data (all components,
        kept or not): it sums to 1 only when every component is kept.
    singular_values_ : ndarray of shape (k,)
        The largest singular values of the centred training data.
    mean_ : ndarray of shape (n_features,)
        The mean of each training feature; ``transform`` subtracts it from any data.

    Notes
    -----
    With ``X_c = X - mean_`` of shape (n, d) and its thin SVD ``X_c = U S Vt`` (U: (n, r),
    S: (r,), Vt: (r, d), r = min(n, d)), the sample covariance is
    ``X_c.T X_c / (n - 1) = Vt.T diag(S**2 / (n - 1)) Vt``, so the rows of ``Vt`` are its
    eigenvectors and ``S**2 / (n - 1)`` its eigenvalues (Jolliffe, *Principal Component
    Analysis*, 2nd ed., Springer 2002, Sections 1.1 and 3.5; Hastie, Tibshirani & Friedman,
    *The Elements of Statistical Learning*, 2nd ed., Section 14.5.1). The SVD never forms
    ``X_c.T X_c``, whose condition number is the square of ``X_c``'s.

    - Scores: ``Z = (X - mean_) components_.T``; for the training data, ``Z = U S``.
    - Whitening: ``Z / sqrt(explained_variance_)`` has identity sample covariance (Bishop,
      *Pattern Recognition and Machine Learning*, Springer 2006, Section 12.1.3, eq. 12.24).
    - Reconstruction: ``Z components_ + mean_``; with k components it is the best rank-k
      approximation of the data in squared error (Eckart & Young, Psychometrika 1(3), 1936).
    - Sign rule: a singular vector's sign is arbitrary (``u s v`` = ``(-u) s (-v)``). Each row of
      ``components_`` is flipped so that its entry of largest absolute value is positive, the
      rule of scikit-learn's ``svd_flip(u_based_decision=False)``, which PCA uses since 1.5.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[6.0, 18.0], [8.0, 19.0], [12.0, 21.0], [14.0, 22.0], [11.0, 18.0], [9.0, 22.0]])
    >>> pca = PCA().fit(X)
    >>> pca.mean_.tolist(), pca.components_.round(3).tolist()
    ([10.0, 20.0], [[0.894, 0.447], [-0.447, 0.894]])
    >>> pca.explained_variance_.round(6).tolist(), pca.explained_variance_ratio_.round(3).tolist()
    ([10.0, 2.0], [0.833, 0.167])
    >>> line = PCA(n_components=1).fit(X)
    >>> line.transform([[12.0, 21.0]]).round(3).tolist()
    [[2.236]]
    >>> line.inverse_transform([[2.236068]]).round(3).tolist()
    [[12.0, 21.0]]
    """

    def __init__(self, n_components=None, whiten=False):
        self.n_components = n_components
        self.whiten = whiten

    def fit(self, X):
        """Learn the mean and the principal directions of X, of shape (n_samples, n_features).

        Returns self.
        """
        X = np.asarray(X, dtype=float)
        n_samples, n_features = X.shape
        k = min(n_samples, n_features) if self.n_components is None else self.n_components
        if n_samples < 2 or not 1 <= k <= min(n_samples, n_features):
            raise ValueError(
                f"need at least 2 samples and 1 <= n_components <= {min(n_samples, n_features)}"
            )
        self.mean_ = X.mean(axis=0)
        # X - mean_ is a new array: the caller's X is never changed.
        _, S, Vt = np.linalg.svd(X - self.mean_, full_matrices=False)
        # The sign rule: each row's entry of largest absolute value becomes positive.
        largest = Vt[np.arange(len(Vt)), np.abs(Vt).argmax(axis=1)]
        Vt *= np.where(largest < 0, -1.0, 1.0)[:, None]
        variance = S**2 / (n_samples - 1)  # sample variance along each direction (ddof=1)
        self.components_ = Vt[:k]
        self.explained_variance_ = variance[:k]
        self.explained_variance_ratio_ = variance[:k] / variance.sum()  # share of the total
        self.singular_values_ = S[:k]
        return self

    def transform(self, X):
        """Scores of X on the components: shape (n_samples, k), centred with the training mean."""
        Z = (np.asarray(X, dtype=float) - self.mean_) @ self.components_.T
        if self.whiten:
            Z /= self._scale()
        return Z

    def fit_transform(self, X):
        """``fit(X)`` then ``transform(X)``: the training data's scores, shape (n_samples, k)."""
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        """Back to feature space: shape (n_samples, n_features); exact when k = n_features."""
        Z = np.asarray(Z, dtype=float)
        if self.whiten:
            Z = Z * self._scale()
        return Z @ self.components_ + self.mean_

    def _scale(self):
        """The standard deviation along each component; a zero one counts as tiny, not zero."""
        return np.maximum(np.sqrt(self.explained_variance_), np.finfo(float).eps)
