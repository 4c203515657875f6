"""Mistake: the weighted average weights each class by how often it is predicted (the column sums
of the confusion matrix) instead of its support, how often it is true (the row sums)."""

import numpy as np


def divide(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.divide(a, b, out=np.zeros_like(a), where=b > 0)


class ClassificationMetrics:
    def confusion_matrix(self, y_true, y_pred, labels=None):
        y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
        if labels is None:
            labels = np.unique(np.concatenate([y_true, y_pred]))
        index = {label: i for i, label in enumerate(np.asarray(labels).tolist())}
        rows = np.array([index[v] for v in y_true.tolist()], dtype=int)
        cols = np.array([index[v] for v in y_pred.tolist()], dtype=int)
        k = len(index)
        return np.bincount(rows * k + cols, minlength=k * k).reshape(k, k)

    def precision_recall_f1(self, y_true, y_pred, average=None):
        if average not in (None, "macro", "micro", "weighted"):
            raise ValueError(f"average={average!r}")
        c = self.confusion_matrix(y_true, y_pred)
        tp, predicted, support = np.diag(c), c.sum(axis=0), c.sum(axis=1)
        if average == "micro":
            tp, predicted, support = tp.sum(), predicted.sum(), support.sum()
        precision, recall = divide(tp, predicted), divide(tp, support)
        f1 = divide(2 * precision * recall, precision + recall)
        if average is None:
            return precision, recall, f1
        if average == "micro":
            return float(precision), float(recall), float(f1)
        weights = predicted if average == "weighted" else None
        return tuple(float(np.average(v, weights=weights)) for v in (precision, recall, f1))

    def roc_auc(self, y_true, scores):
        positive = np.asarray(y_true) == 1
        s = np.asarray(scores, dtype=float)
        n_pos = int(positive.sum())
        n_neg = positive.size - n_pos
        if n_pos == 0 or n_neg == 0:
            raise ValueError("roc_auc needs both classes")
        _, group, counts = np.unique(s, return_inverse=True, return_counts=True)
        ranks = (np.cumsum(counts) - (counts - 1) / 2)[group]
        return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
