"""A correct KNN in plain Python: lists, math.dist and Counter (ties go to the nearest label)."""

import math
from collections import Counter


class KNNClassifier:
    def __init__(self, n_neighbors=5):
        self.n_neighbors = n_neighbors

    def fit(self, X, y):
        self.points = [[float(value) for value in row] for row in X]
        self.labels = list(y)
        return self

    def predict(self, X):
        return [self._predict_one([float(value) for value in row]) for row in X]

    def _predict_one(self, x):
        ranked = sorted(range(len(self.points)), key=lambda i: math.dist(x, self.points[i]))
        return Counter(self.labels[i] for i in ranked[: self.n_neighbors]).most_common(1)[0][0]
