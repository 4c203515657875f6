"""Gaussian naive Bayes, computed in log space, with streaming (partial_fit) updates.

The model: within each class, every feature is an independent Gaussian. Fitting
is counting, averaging and taking variances per class; predicting is Bayes' rule.
The whole craft is numerical: keep everything in log space, never let a
variance be zero, and merge statistics of batches without revisiting old data.

Common mistakes
---------------
- Multiplying the per-feature densities: with 64 features of density ~1e-6
  each the product is 1e-384, which is 0.0 in float64 for every class, and
  ``argmax`` of all zeros is always class 0. Add log densities instead.
- Normalising with ``np.log(np.sum(np.exp(jll)))``: ``exp`` of a log
  likelihood of -800 underflows to 0 (and of +800 overflows). Subtract the row
  maximum first (log-sum-exp).
- A feature that is constant within a class has variance 0: the density is
  infinite at the mean and the log likelihood divides by zero. ``var_smoothing``
  adds a small epsilon to every variance.
- Returning ``argmax`` (a column index) instead of ``classes_[argmax]``.
- Updating a running variance with the textbook ``E[x^2] - E[x]^2``: it
  cancels catastrophically. Merge (count, mean, variance) triples instead.
"""

from numbers import Real

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from llmprep.solutions._scaling import exponent_shift


def _update_mean_variance(n_past, mu, var, X):
    """Merge the statistics ``(n_past, mu, var)`` of earlier rows with the rows of ``X``.

    Chan, Golub & LeVeque (1979): with ``n = n_a + n_b``,
    ``mean = (n_a mean_a + n_b mean_b) / n`` and
    ``n var = n_a var_a + n_b var_b + (n_a n_b / n) (mean_a - mean_b)^2``.
    Returns ``(n, mean, var)``.
    """
    n_new = float(X.shape[0])
    if n_new == 0:
        return n_past, mu, var
    new_mu = np.mean(X, axis=0)
    new_var = np.mean((X - new_mu) ** 2, axis=0)  # two passes: stable, unlike E[x^2] - E[x]^2
    if n_past == 0:
        return n_new, new_mu, new_var
    n_total = float(n_past + n_new)
    total_mu = (n_new * new_mu + n_past * mu) / n_total
    total_ssd = n_past * var + n_new * new_var + (n_new * n_past / n_total) * (mu - new_mu) ** 2
    return n_total, total_mu, total_ssd / n_total


def _logsumexp(a):
    """``log(sum(exp(a), axis=1))`` without overflow: factor out each row's maximum."""
    row_max = a.max(axis=1, keepdims=True)
    row_max[~np.isfinite(row_max)] = 0.0  # an all -inf row stays -inf instead of NaN
    return (row_max + np.log(np.exp(a - row_max).sum(axis=1, keepdims=True)))[:, 0]


class GaussianNaiveBayes(ClassifierMixin, BaseEstimator):
    """Gaussian naive Bayes classifier (numpy only), with ``partial_fit``.

    Parameters
    ----------
    priors : array-like of shape (n_classes,), default=None
        Prior probability of each class (in the order of ``classes_``). If
        None, the class frequencies in the training data.
    var_smoothing : float, default=1e-9
        Share of the largest feature variance added to every variance.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Sorted class labels.
    class_count_ : ndarray of shape (n_classes,)
        Training samples seen per class.
    class_prior_ : ndarray of shape (n_classes,)
        Prior probability of each class.
    theta_ : ndarray of shape (n_classes, n_features)
        Mean of each feature per class.
    var_ : ndarray of shape (n_classes, n_features)
        Variance of each feature per class, plus ``epsilon_``.
    epsilon_ : float
        ``var_smoothing * max_f Var(x_f)`` over all training data seen.
    n_features_in_ : int
        Number of features seen in ``fit``.

    Notes
    -----
    Bayes' rule with independent Gaussian features, in logs (the joint log
    likelihood of class c at x):

        jll_c(x) = log P(c) - 1/2 sum_f log(2 pi var_cf) - 1/2 sum_f (x_f - theta_cf)^2 / var_cf

    ``predict`` is the class with the largest jll. Probabilities normalise
    through log-sum-exp: log P(c | x) = jll_c(x) - log sum_c' exp(jll_c'(x)),
    computed as m + log sum exp(jll - m) with m the row maximum, so nothing
    underflows. Every method derives from ``_joint_log_likelihood``.

    ``partial_fit`` merges each class's (count, mean, variance) with the new
    batch (see ``_update_mean_variance``). Unlike scikit-learn 1.9, which
    recomputes epsilon from the latest batch alone before removing the old
    one, epsilon here is computed from all data seen, so ``fit(X)`` and
    ``partial_fit`` over batches of ``X`` give the same model. A single
    ``fit`` matches scikit-learn's ``GaussianNB`` bit for bit.

    Common mistakes are listed in the module docstring.

    Examples
    --------
    >>> import numpy as np
    >>> from llmprep.solutions.naive_bayes import GaussianNaiveBayes
    >>> X = np.array([[1.0, 2.0], [1.2, 1.8], [0.8, 2.2], [5.0, 6.0], [5.2, 6.3], [4.9, 5.8]])
    >>> y = np.array(["cat", "cat", "cat", "dog", "dog", "dog"])
    >>> clf = GaussianNaiveBayes().fit(X, y)
    >>> clf.predict([[1.1, 2.1], [5.1, 6.1]]).tolist()
    ['cat', 'dog']
    >>> clf.theta_.round(2).tolist()
    [[1.0, 2.0], [5.03, 6.03]]

    Far from both classes each density underflows to 0.0, yet in log space the
    answer is still well defined:

    >>> clf.predict_log_proba([[20.0, 20.0]]).round(1).tolist()
    [[-3333.7, 0.0]]
    """

    def __init__(self, priors=None, var_smoothing=1e-9):
        self.priors = priors
        self.var_smoothing = var_smoothing

    def fit(self, X, y):
        """Fit from scratch, forgetting earlier calls. Returns ``self``."""
        return self._partial_fit(X, y, classes=None, first_call=True)

    def partial_fit(self, X, y, classes=None):
        """Update the model with one more batch; the first call must list all ``classes``."""
        first_call = not hasattr(self, "classes_")
        if first_call and classes is None:
            raise ValueError("classes must be passed on the first call to partial_fit.")
        return self._partial_fit(X, y, classes, first_call)

    def _partial_fit(self, X, y, classes, first_call):
        if not isinstance(self.var_smoothing, Real) or not self.var_smoothing >= 0:
            raise ValueError(f"var_smoothing must be a number >= 0, got {self.var_smoothing!r}.")
        X, y = validate_data(self, X, y, dtype=np.float64, reset=first_call)
        check_classification_targets(y)
        labels = np.unique(y)  # the labels present in this batch
        classes = labels if classes is None else np.unique(classes)
        if not first_call and not np.array_equal(classes, self.classes_):
            raise ValueError(
                f"classes={classes.tolist()} differs from classes_={self.classes_.tolist()}."
            )
        unknown = labels[~np.isin(labels, classes)]
        if unknown.size:
            raise ValueError(f"y has labels {unknown.tolist()} not in classes {classes.tolist()}.")
        if first_call:
            self._start(classes, X.shape[1])
            self._shift = exponent_shift(X)
        X = np.ldexp(X, self._shift) if self._shift else X
        for label in labels:
            i = np.searchsorted(self.classes_, label)
            stats = self.class_count_[i], self._theta[i], self._var[i]
            self.class_count_[i], self._theta[i], self._var[i] = _update_mean_variance(
                *stats, X[y == label]
            )
        self._data_stats = _update_mean_variance(*self._data_stats, X)
        self._epsilon = self.var_smoothing * self._data_stats[2].max()
        self._smoothed_var = self._var + self._epsilon
        # The public attributes are in the data's own units (exact when no scaling was needed).
        with np.errstate(over="ignore", under="ignore"):  # float64 holds what it can
            self.theta_ = np.ldexp(self._theta, -self._shift)
            self.var_ = np.ldexp(self._smoothed_var, -2 * self._shift)
            self.epsilon_ = float(np.ldexp(self._epsilon, -2 * self._shift))
        if self.priors is None:
            self.class_prior_ = self.class_count_ / self.class_count_.sum()
        return self

    def _start(self, classes, n_features):
        """Check the classes and priors, then set every statistic to zero (first call)."""
        n_classes = len(classes)
        if n_classes < 2:
            raise ValueError(
                f"y has 1 class ({classes[0]!r}); a classifier needs at least 2 classes."
            )
        if self.priors is not None:
            priors = np.asarray(self.priors, dtype=np.float64)
            if priors.shape != (n_classes,):
                raise ValueError(
                    f"Number of priors must match number of classes: got {priors.size} priors "
                    f"for {n_classes} classes."
                )
            if not np.isclose(priors.sum(), 1.0):
                raise ValueError(f"The sum of the priors should be 1, got {priors.sum()}.")
            if (priors < 0).any():
                raise ValueError(f"Priors must be non-negative, got {priors.tolist()}.")
            self.class_prior_ = priors
        self.classes_ = classes
        self._theta = np.zeros((n_classes, n_features))  # in the scaled units of _shift
        self._var = np.zeros((n_classes, n_features))  # without epsilon
        self.class_count_ = np.zeros(n_classes)
        self._data_stats = (0.0, np.zeros(n_features), np.zeros(n_features))  # all rows seen

    def _joint_log_likelihood(self, X):
        """``jll[i, c] = log P(c) + log p(x_i | c)``; every prediction method starts here."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        X = np.ldexp(X, self._shift) if self._shift else X
        var, theta = self._smoothed_var, self._theta
        if (var == 0).any():
            raise ValueError(
                "A class has zero variance in a feature and var_smoothing added nothing "
                "(var_smoothing=0, or every feature constant): the Gaussian density is undefined."
            )
        with np.errstate(divide="ignore"):  # a prior of 0 gives log P(c) = -inf: never predicted
            log_prior = np.log(self.class_prior_)
        jll = np.empty((X.shape[0], len(self.classes_)))
        for c in range(len(self.classes_)):
            log_norm = -0.5 * np.sum(np.log(2.0 * np.pi * var[c]))
            sq_mahalanobis = np.sum((X - theta[c]) ** 2 / var[c], axis=1)
            jll[:, c] = log_prior[c] + (log_norm - 0.5 * sq_mahalanobis)
        return jll

    def predict_log_proba(self, X):
        """``log P(c | x)``, normalised with log-sum-exp; columns follow ``classes_``."""
        jll = self._joint_log_likelihood(X)
        return jll - _logsumexp(jll)[:, None]

    def predict_proba(self, X):
        """``P(c | x)``; columns follow ``classes_``."""
        return np.exp(self.predict_log_proba(X))

    def predict(self, X):
        """The label with the largest joint log likelihood."""
        check_is_fitted(self)
        return self.classes_[np.argmax(self._joint_log_likelihood(X), axis=1)]
