"""Mistake: the ROC curve is traced at a fixed grid of thresholds 1, 0.99, ..., 0, as if every
score were a probability, so scores outside [0, 1] (logits, exp(s), 3 s + 7) give a wrong AUC."""

import numpy as np


def ratio(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.divide(a, b, out=np.zeros_like(a), where=b > 0)


class ClassificationMetrics:
    def confusion_matrix(self, y_true, y_pred, labels=None):
        y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
        if labels is None:
            labels = np.unique(np.concatenate([y_true, y_pred]))
        index = {label: i for i, label in enumerate(np.asarray(labels).tolist())}
        matrix = np.zeros((len(index), len(index)), dtype=int)
        for t, p in zip(y_true.tolist(), y_pred.tolist(), strict=True):
            matrix[index[t], index[p]] += 1
        return matrix

    def precision_recall_f1(self, y_true, y_pred, average=None):
        if average not in (None, "macro", "micro", "weighted"):
            raise ValueError(f"unknown average {average!r}")
        C = self.confusion_matrix(y_true, y_pred)
        tp, predicted, support = np.diag(C), C.sum(axis=0), C.sum(axis=1)
        precision, recall = ratio(tp, predicted), ratio(tp, support)
        f1 = ratio(2 * precision * recall, precision + recall)
        if average is None:
            return precision, recall, f1
        if average == "micro":
            p = ratio(tp.sum(), predicted.sum())
            r = ratio(tp.sum(), support.sum())
            return float(p), float(r), float(ratio(2 * p * r, p + r))
        weights = support if average == "weighted" else None
        return tuple(float(np.average(v, weights=weights)) for v in (precision, recall, f1))

    def roc_auc(self, y_true, scores):
        positive = np.asarray(y_true) == 1
        s = np.asarray(scores, dtype=float)
        if positive.all() or not positive.any():
            raise ValueError("roc_auc needs both classes in y_true")
        thresholds = np.linspace(1.0, 0.0, 101)  # from the strictest to the loosest
        flagged = s[None, :] >= thresholds[:, None]
        tpr = (flagged & positive).sum(axis=1) / positive.sum()
        fpr = (flagged & ~positive).sum(axis=1) / (~positive).sum()
        return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
