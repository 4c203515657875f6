"""Mistake: predict returns the sign of the decision function (+1/-1), not the labels.

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
        self.svc_ = SVC(C=self.C, kernel=self.kernel, gamma=self.gamma).fit(X, y)
        return self

    def predict(self, X):
        return np.where(self.svc_.decision_function(X) > 0, 1, -1)
