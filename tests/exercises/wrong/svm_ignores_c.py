"""Mistake: C is ignored: the solver always uses C=1.

The solver is scikit-learn's SVC so that only the mistake differs from a correct solution.
"""

from sklearn.svm import SVC


class SVMClassifier:
    def __init__(self, C=1.0, kernel="rbf", gamma="scale"):
        self.C = C
        self.kernel = kernel
        self.gamma = gamma

    def fit(self, X, y):
        self.svc_ = SVC(C=1.0, kernel=self.kernel, gamma=self.gamma).fit(X, y)
        return self

    def predict(self, X):
        return self.svc_.predict(X)
