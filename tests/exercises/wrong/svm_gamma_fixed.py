"""Mistake: gamma="scale" is treated as gamma=1, whatever the scale of the data.

The solver is scikit-learn's SVC so that only the mistake differs from a correct solution.
"""

from sklearn.svm import SVC


class SVMClassifier:
    def __init__(self, C=1.0, kernel="rbf", gamma="scale"):
        self.C = C
        self.kernel = kernel
        self.gamma = gamma

    def fit(self, X, y):
        gamma = 1.0 if self.gamma == "scale" else self.gamma
        self.svc_ = SVC(C=self.C, kernel=self.kernel, gamma=gamma).fit(X, y)
        return self

    def predict(self, X):
        return self.svc_.predict(X)
