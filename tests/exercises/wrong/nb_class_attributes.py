"""Mistake: the per-class statistics live in dicts that are class attributes, shared by all models.

`means = {}` in the class body is one dict for every model: a second model fitted on other labels
adds its classes to the first model's.
"""

import numpy as np


class GaussianNaiveBayes:
    means = {}
    variances = {}
    priors = {}

    def __init__(self, var_smoothing=1e-9):
        self.var_smoothing = var_smoothing

    def fit(self, X, y):
        X, y = np.asarray(X, dtype=float), np.asarray(y)
        epsilon = self.var_smoothing * X.var(axis=0).max()
        for label in np.unique(y):
            rows = X[y == label]
            self.means[label] = rows.mean(axis=0)
            self.variances[label] = rows.var(axis=0) + epsilon
            self.priors[label] = len(rows) / len(X)
        return self

    def _joint_log_likelihood(self, X):
        X = np.asarray(X, dtype=float)
        labels = sorted(self.means)
        columns = []
        for label in labels:
            mean, var = self.means[label], self.variances[label]
            log_density = -0.5 * (np.log(2 * np.pi * var) + (X - mean) ** 2 / var).sum(axis=1)
            columns.append(np.log(self.priors[label]) + log_density)
        return np.array(labels), np.column_stack(columns)

    def predict(self, X):
        labels, joint = self._joint_log_likelihood(X)
        return labels[joint.argmax(axis=1)]

    def predict_proba(self, X):
        _, joint = self._joint_log_likelihood(X)
        joint = joint - joint.max(axis=1, keepdims=True)
        proba = np.exp(joint)
        return proba / proba.sum(axis=1, keepdims=True)
