"""A support vector classifier written from scratch: the C-SVC dual solved by SMO, as in LIBSVM.

The solver lives in ``_smo.py`` (Fan, Chen & Lin's second-order working-set selection) and the
kernels in ``_kernels.py``; this module turns binary solutions into a multiclass classifier by
one-vs-one voting and lays the results out exactly as ``sklearn.svm.SVC`` does, including the
one-column-per-class ("ovr") decision function that scikit-learn's tools expect.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from llmprep.solutions._kernels import KERNELS, kernel_matrix, resolve_gamma
from llmprep.solutions._scaling import exponent_shift
from llmprep.solutions._smo import KernelRows, solve_binary_svm

_PREDICT_BLOCK_ENTRIES = 1 << 22  # rows of X x support vectors handled at once in predict


class SVMClassifier(ClassifierMixin, BaseEstimator):
    """C-support vector classifier (LIBSVM's C-SVC) trained by SMO, multiclass by one-vs-one.

    Parameters
    ----------
    C : float, default=1.0
        Upper bound on every dual variable; a larger C penalises margin violations more.
    kernel : {"rbf", "linear", "poly", "sigmoid"}, default="rbf"
    gamma : {"scale", "auto"} or float, default="scale"
        Kernel coefficient. "scale" is 1 / (n_features * X.var()), "auto" is 1 / n_features.
    degree : int, default=3
        Degree of the "poly" kernel.
    coef0 : float, default=0.0
        Constant term of the "poly" and "sigmoid" kernels.
    tol : float, default=1e-3
        Stop when the maximal violation m(alpha) - M(alpha) is at most ``tol`` (LIBSVM's eps).
    max_iter : int, default=-1
        Iteration limit per binary problem; -1 means none.
    decision_function_shape : {"ovr", "ovo"}, default="ovr"
        Layout of ``decision_function`` for three or more classes: "ovr", one column per class
        (votes plus a bounded confidence, see Notes), which is what ``CalibratedClassifierCV``,
        ``roc_auc_score(multi_class="ovr")`` and the other scikit-learn tools assume; "ovo", the
        k(k - 1)/2 raw pairwise values. Training and ``predict`` are the same for both.
    break_ties : bool, default=False
        With "ovr" and three or more classes, make ``predict`` return the argmax of
        ``decision_function``: a tied vote goes to the class with the larger confidence instead
        of the lowest index (LIBSVM's rule). Slower, as in scikit-learn.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    n_features_in_ : int
    support_ : ndarray of shape (n_SV,)
        Indices of the support vectors in the training data, grouped by class.
    support_vectors_ : ndarray of shape (n_SV, n_features)
    n_support_ : ndarray of shape (n_classes,)
        Number of support vectors of each class.
    dual_coef_ : ndarray of shape (n_classes - 1, n_SV)
        y_t * alpha_t of each support vector in the binary problems of its class (LIBSVM layout:
        for the pair (p, q), class-p SVs sit in row q - 1 and class-q SVs in row p).
    intercept_ : ndarray of shape (n_classes * (n_classes - 1) / 2,)
    n_iter_ : ndarray of shape (n_classes * (n_classes - 1) / 2,)
        SMO iterations of each binary problem.
    dual_objective_ : ndarray of shape (n_classes * (n_classes - 1) / 2,)
        Final value of 1/2 alpha^T Q alpha - sum(alpha) for each binary problem.

    Notes
    -----
    For labels y_t in {+1, -1} the soft-margin SVM is the dual problem

        minimise 1/2 sum_st alpha_s alpha_t y_s y_t k(x_s, x_t) - sum_t alpha_t
        subject to 0 <= alpha_t <= C and sum_t y_t alpha_t = 0,

    and the decision function is f(x) = sum_t y_t alpha_t k(x_t, x) + b. SMO changes two alphas
    per iteration (the smallest step that keeps sum_t y_t alpha_t = 0), choosing the pair by
    second-order information (see ``_smo.py``). Samples with alpha_t > 0 are support vectors.

    With k classes, one binary SVM is trained for every pair (p, q), p < q, on the samples of those
    two classes (class p as +1). Each votes for p if f(x) > 0, else for q; the class with the most
    votes wins and a tie goes to the lowest class index, as in LIBSVM. With two classes
    ``decision_function`` returns -f(x), so that, as in scikit-learn, a positive value means
    ``classes_[1]``. With more, "ovo" returns the k(k - 1)/2 values f(x) in that pair order, and
    "ovr" turns them into one score per class c:

        score_c(x) = votes_c(x) + s_c(x) / (3 (|s_c(x)| + 1)),
        s_c(x) = sum of f(x) over the pairs (c, q) - sum of f(x) over the pairs (p, c),

    the votes plus a confidence squeezed into (-1/3, 1/3). Two classes whose votes differ by one
    or more keep their order, so the argmax is the vote's winner (the predicted class) except on
    a tied vote, where it is the more confident class; ``break_ties=True`` makes ``predict``
    follow it there too. This is scikit-learn's formula, so the values match ``SVC``'s.

    Common mistakes: handing the dual to a generic QP solver (that is not SMO, and needs the
    whole n x n matrix at once); picking the working pair at random or by first-order violation
    alone, which needs far more iterations; forgetting to clip the two-variable step to [0, C];
    computing b from a single support vector; returning vote indices instead of class labels.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = SVMClassifier(C=10.0).fit(X, y)
    >>> clf.predict(X[[0, 60, 120]])
    array([0, 1, 2])
    >>> clf.decision_function(X[:1]).round(2)  # one column per class; argmax = prediction
    array([[ 2.24,  1.24, -0.28]])
    >>> clf.set_params(decision_function_shape="ovo").decision_function(X[:1]).shape  # 3 pairs
    (1, 3)
    >>> round(clf.score(X, y), 2)
    0.99
    """

    def __init__(
        self,
        C=1.0,
        kernel="rbf",
        gamma="scale",
        degree=3,
        coef0=0.0,
        tol=1e-3,
        max_iter=-1,
        decision_function_shape="ovr",
        break_ties=False,
    ):
        self.C = C
        self.kernel = kernel
        self.gamma = gamma
        self.degree = degree
        self.coef0 = coef0
        self.tol = tol
        self.max_iter = max_iter
        self.decision_function_shape = decision_function_shape
        self.break_ties = break_ties

    def fit(self, X, y):
        """Train one binary SVM per pair of classes."""
        self._check_hyperparameters()
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        self.classes_, y_idx = np.unique(y, return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError(
                "SVMClassifier needs samples of at least two classes; "
                f"got 1 class ({self.classes_[0]!r})."
            )
        self._shift, X_scaled = _scaled_to_unit(X)
        self._kernel_params, self._C = self._scaled_parameters(X_scaled)
        pairs = _class_pairs(len(self.classes_))
        solutions = [self._solve_pair(X_scaled, y_idx, p, q) for p, q in pairs]
        self._store_support_vectors(X_scaled, y_idx, pairs, solutions)
        self._support_scaled = self.support_vectors_
        self.support_vectors_ = X[self.support_]  # in the data's own units
        self.n_iter_ = np.array([s.n_iter for _, s in solutions])
        self.dual_objective_ = np.array([s.objective for _, s in solutions])
        self._bias = np.array([s.bias for _, s in solutions])
        # scikit-learn flips the binary problem so that a positive value means classes_[1].
        flip = -1.0 if len(self.classes_) == 2 else 1.0
        self.intercept_ = flip * self._bias
        self.dual_coef_ = flip * self.dual_coef_
        return self

    def decision_function(self, X):
        """Decision values: one score per class ("ovr") or the one-vs-one values f(x) ("ovo").

        Returns
        -------
        ndarray of shape (n_samples,) for two classes (positive means ``classes_[1]``); else of
        shape (n_samples, n_classes) for "ovr", or (n_samples, n_classes * (n_classes - 1) / 2)
        in the pair order (0, 1), (0, 2), ..., (1, 2) for "ovo".
        """
        values = self._pairwise_decisions(X)
        n_classes = len(self.classes_)
        if n_classes == 2:
            return -values[:, 0]
        if self.decision_function_shape == "ovo":
            return values
        return _one_vs_rest_scores(values, n_classes)

    def predict(self, X):
        """One-vs-one vote; ties go to the class with the lowest index (see ``break_ties``)."""
        values = self._pairwise_decisions(X)
        n_classes = len(self.classes_)
        if self.break_ties and n_classes > 2:
            if self.decision_function_shape == "ovo":
                raise ValueError("break_ties needs decision_function_shape='ovr'.")
            return self.classes_[np.argmax(_one_vs_rest_scores(values, n_classes), axis=1)]
        return self.classes_[_vote(values, n_classes)]

    # -- fitting helpers ------------------------------------------------------------------

    def _check_rescaled(self, name, value, allow_zero=False):
        if not (np.isfinite(value) and (value > 0 or allow_zero and value == 0)):
            raise ValueError(
                f"the data's magnitude (about 2^{-self._shift}) squares beyond what a float "
                f"holds, and {name} cannot be rescaled to match (it would be {value!r}); scale "
                "the features first (for example with StandardScaler)."
            )

    def _check_hyperparameters(self):
        if not (isinstance(self.C, Real) and self.C > 0):
            raise ValueError(f"C must be a positive number; got {self.C!r}.")
        if self.kernel not in KERNELS:
            raise ValueError(f"kernel must be one of {KERNELS}; got {self.kernel!r}.")
        if self.gamma not in ("scale", "auto") and not (
            isinstance(self.gamma, Real) and self.gamma >= 0
        ):
            raise ValueError(f'gamma must be "scale", "auto" or a number >= 0; got {self.gamma!r}.')
        if not (isinstance(self.degree, Integral) and self.degree >= 0):
            raise ValueError(f"degree must be an integer >= 0; got {self.degree!r}.")
        if not (isinstance(self.tol, Real) and self.tol > 0):
            raise ValueError(f"tol must be a positive number; got {self.tol!r}.")
        if not (isinstance(self.max_iter, Integral) and (self.max_iter == -1 or self.max_iter > 0)):
            raise ValueError(f"max_iter must be -1 or a positive integer; got {self.max_iter!r}.")
        if self.decision_function_shape not in ("ovr", "ovo"):
            raise ValueError(
                "decision_function_shape must be 'ovr' or 'ovo'; "
                f"got {self.decision_function_shape!r}."
            )
        if self.break_ties and self.decision_function_shape == "ovo":
            raise ValueError("break_ties needs decision_function_shape='ovr'.")

    def _solve_pair(self, X, y_idx, p, q):
        """Binary SVM of class p (+1) against class q (-1); returns (sample indices, solution)."""
        rows = np.flatnonzero((y_idx == p) | (y_idx == q))
        y = np.where(y_idx[rows] == p, 1.0, -1.0)
        K = KernelRows(X[rows], self._kernel_params)
        return rows, solve_binary_svm(K, y, self._C, float(self.tol), int(self.max_iter))

    def _scaled_parameters(self, X_scaled):
        """The kernel parameters and C for the data scaled by 2^shift, giving the same f(x).

        The kernels see the data through gamma <x, z> or gamma ||x - z||^2, which scaling by
        s = 2^shift multiplies by s^2: gamma / s^2 undoes it exactly ("scale" is recomputed on
        the scaled data, which is the same thing). The linear kernel has no gamma: K becomes
        s^2 K, and the dual with C / s^2 has alpha / s^2 as its solution, the same f(x).
        Raises ValueError where that parameter is not a finite positive double (a linear SVM
        on data near 1e300, say): scale the features first (StandardScaler).
        """
        shift2 = -2 * self._shift
        gamma, C = resolve_gamma(self.gamma, X_scaled), float(self.C)
        with np.errstate(over="ignore", under="ignore"):
            if self.gamma != "scale" and self.kernel != "linear":
                gamma = float(np.ldexp(gamma, shift2))
                self._check_rescaled("gamma", gamma, allow_zero=self.gamma == 0)
            if self.kernel == "linear":
                C = float(np.ldexp(C, shift2))
                self._check_rescaled("C", C)
        params = dict(kernel=self.kernel, gamma=gamma, degree=self.degree, coef0=self.coef0)
        return params, C

    def _store_support_vectors(self, X, y_idx, pairs, solutions):
        """support_, support_vectors_, n_support_, dual_coef_ and the per-pair coefficients."""
        n_classes = len(self.classes_)
        alpha_y = np.zeros((len(pairs), len(X)))  # y_t alpha_t of every sample, one row per pair
        for k, (rows, solution) in enumerate(solutions):
            alpha_y[k, rows] = np.where(y_idx[rows] == pairs[k][0], 1.0, -1.0) * solution.alpha
        by_class = np.argsort(y_idx, kind="stable")  # LIBSVM groups samples by class
        self.support_ = by_class[np.any(alpha_y[:, by_class] != 0, axis=0)]
        self.support_vectors_ = X[self.support_]
        self.n_support_ = np.bincount(y_idx[self.support_], minlength=n_classes).astype(np.int32)
        self._pair_coef = alpha_y[:, self.support_].T  # (n_SV, n_pairs), used in predict
        # dual_coef_: for pair (p, q), class-p SVs go to row q - 1 and class-q SVs to row p.
        sv_class = y_idx[self.support_]
        self.dual_coef_ = np.zeros((n_classes - 1, len(self.support_)))
        for k, (p, q) in enumerate(pairs):
            self.dual_coef_[q - 1, sv_class == p] = self._pair_coef[sv_class == p, k]
            self.dual_coef_[p, sv_class == q] = self._pair_coef[sv_class == q, k]

    # -- prediction helpers ---------------------------------------------------------------

    def _pairwise_decisions(self, X):
        """f(x) = sum_t y_t alpha_t k(x_t, x) + b for every pair, in blocks of rows of X."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        values = np.empty((len(X), len(self._bias)))
        block = max(1, _PREDICT_BLOCK_ENTRIES // max(1, len(self.support_vectors_)))
        for start in range(0, len(X), block):
            rows = slice(start, start + block)
            X_block = np.ldexp(X[rows], self._shift) if self._shift else X[rows]
            K = kernel_matrix(X_block, self._support_scaled, **self._kernel_params)
            values[rows] = K @ self._pair_coef + self._bias
        return values


def _scaled_to_unit(X):
    """(shift, X * 2^shift), the data brought near 1 exactly if its squares would overflow or
    underflow (see ``_scaling``); the kernels square the data."""
    shift = exponent_shift(X)
    return shift, (np.ldexp(X, shift) if shift else X)


def _class_pairs(n_classes):
    """(p, q) for p < q in LIBSVM's order: (0, 1), (0, 2), ..., (1, 2), ..."""
    return [(p, q) for p in range(n_classes) for q in range(p + 1, n_classes)]


def _votes(values, n_classes):
    """Votes per class: pair (p, q) votes p if f(x) > 0, else q."""
    votes = np.zeros((len(values), n_classes), dtype=np.intp)
    for k, (p, q) in enumerate(_class_pairs(n_classes)):
        positive = values[:, k] > 0
        votes[:, p] += positive
        votes[:, q] += ~positive
    return votes


def _vote(values, n_classes):
    """Index of the winning class per row; argmax returns the first maximum: lowest index wins."""
    return np.argmax(_votes(values, n_classes), axis=1)


def _one_vs_rest_scores(values, n_classes):
    """votes_c + s_c / (3 (|s_c| + 1)), where s_c adds f(x) for c's pairs, signed towards c."""
    confidence = np.zeros((len(values), n_classes))
    for k, (p, q) in enumerate(_class_pairs(n_classes)):
        confidence[:, p] += values[:, k]
        confidence[:, q] -= values[:, k]
    squeezed = confidence / (3.0 * (np.abs(confidence) + 1.0))  # in (-1/3, 1/3)
    return _votes(values, n_classes) + squeezed
