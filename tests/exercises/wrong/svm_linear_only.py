"""Mistake: a linear SVM that accepts kernel and C but ignores both.

The solver is scikit-learn's SVC so that only the mistake differs from a correct solution. On
overlapping blobs an RBF boundary is nearly straight, so only data with a curved boundary
tells this model from a correct one.
"""

from sklearn.svm import SVC


class SVMClassifier:
    def __init__(self, C=1.0, kernel="rbf", gamma="scale"):
        self.C = C
        self.kernel = kernel
        self.gamma = gamma

    def fit(self, X, y):
        self.svc_ = SVC(kernel="linear").fit(X, y)
        return self

    def predict(self, X):
        return self.svc_.predict(X)
