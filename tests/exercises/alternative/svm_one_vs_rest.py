"""A correct SVM with one-vs-rest instead of one-vs-one; the solver is imported from a helper file."""

import numpy as np
from svm_simple_smo import kernel_matrix, simplified_smo


class SVMClassifier:
    def __init__(self, C=1.0, kernel="rbf", gamma="scale"):
        self.C = C
        self.kernel = kernel
        self.gamma = gamma

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        self.classes_, y_idx = np.unique(np.asarray(y), return_inverse=True)
        self.gamma_ = 1.0 / (X.shape[1] * X.var()) if self.gamma == "scale" else float(self.gamma)
        K = kernel_matrix(X, X, self.kernel, self.gamma_)
        positives = [1] if len(self.classes_) == 2 else range(len(self.classes_))
        self.machines_ = []
        for c in positives:
            signs = np.where(y_idx == c, 1.0, -1.0)
            alpha, b = simplified_smo(K, signs, self.C)
            support = alpha > 1e-8
            self.machines_.append((X[support], (alpha * signs)[support], b))
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        scores = np.column_stack(
            [
                kernel_matrix(X, vectors, self.kernel, self.gamma_) @ coef + b
                for vectors, coef, b in self.machines_
            ]
        )
        if len(self.classes_) == 2:
            return self.classes_[(scores[:, 0] > 0).astype(int)]
        return self.classes_[scores.argmax(axis=1)]
