"""Mistake: hands the work to scikit-learn's SVC instead of writing SMO (the task allows only numpy).

Every prediction is right, so only the task's rule catches it.
"""

from sklearn.svm import SVC


class SVMClassifier:
    def __init__(self, C=1.0, kernel="rbf", gamma="scale"):
        self.C = C
        self.kernel = kernel
        self.gamma = gamma

    def fit(self, X, y):
        self.model_ = SVC(C=self.C, kernel=self.kernel, gamma=self.gamma).fit(X, y)
        return self

    def predict(self, X):
        return self.model_.predict(X)
