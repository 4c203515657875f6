"""Mistake: a binary SVM only; labels are mapped to +1/-1 with a two-class assert.

The solver is scikit-learn's SVC so that only the mistake differs from a correct solution.
"""

import numpy as np
from sklearn.svm import SVC


class SVMClassifier:
    def __init__(self, C=1.0, kernel="rbf", gamma="scale"):
        self.C = C
        self.kernel = kernel
        self.gamma = gamma

    def fit(self, X, y):
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        assert len(self.classes_) == 2, "binary classification only"
        signs = np.where(y == self.classes_[1], 1, -1)
        self.svc_ = SVC(C=self.C, kernel=self.kernel, gamma=self.gamma).fit(X, signs)
        return self

    def predict(self, X):
        return np.where(self.svc_.predict(X) > 0, self.classes_[1], self.classes_[0])
