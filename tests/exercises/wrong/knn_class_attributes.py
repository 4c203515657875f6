"""Mistake: the training data lives in class attributes, which every instance (and fit) shares.

`X_train = []` in the class body is one list for all models: each fit adds to it, so a second
model's data leaks into the first.
"""

import numpy as np


class KNNClassifier:
    X_train = []
    y_train = []

    def __init__(self, n_neighbors=5):
        self.n_neighbors = n_neighbors

    def fit(self, X, y):
        self.X_train.extend(np.asarray(X, dtype=float).tolist())
        self.y_train.extend(np.asarray(y).tolist())
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        train = np.asarray(self.X_train)
        classes, y_idx = np.unique(np.asarray(self.y_train), return_inverse=True)
        distances = ((X[:, None, :] - train[None, :, :]) ** 2).sum(axis=2)
        nearest = np.argsort(distances, axis=1)[:, : self.n_neighbors]
        votes = [np.bincount(y_idx[row], minlength=len(classes)).argmax() for row in nearest]
        return classes[votes]
