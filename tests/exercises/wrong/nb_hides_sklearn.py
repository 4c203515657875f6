"""Mistake: imports scikit-learn's GaussianNB under a computed name, hoping no one notices.

No import statement names scikit-learn, so only what the code does while it runs shows it.
"""

import importlib

LIBRARY = importlib.import_module(
    ".".join(["sklearn", "naive", "bayes"]).replace("naive.", "naive_")
)


class GaussianNaiveBayes:
    def __init__(self, var_smoothing=1e-9):
        self.var_smoothing = var_smoothing

    def fit(self, X, y):
        self.model_ = LIBRARY.GaussianNB(var_smoothing=self.var_smoothing).fit(X, y)
        return self

    def predict(self, X):
        return self.model_.predict(X)

    def predict_proba(self, X):
        return self.model_.predict_proba(X)
