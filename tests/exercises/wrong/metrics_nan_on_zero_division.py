"""Mistake: precision, recall and F1 divide as they are, so a class that is never predicted (or
never true) gets 0 / 0 = NaN instead of 0, and every average that includes it is NaN too."""

import numpy as np


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
        tp = np.diag(C).astype(float)
        predicted, support = C.sum(axis=0), C.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            if average == "micro":
                p = tp.sum() / predicted.sum()
                r = tp.sum() / support.sum()
                return float(p), float(r), float(2 * p * r / (p + r))
            precision = tp / predicted
            recall = tp / support
            f1 = 2 * precision * recall / (precision + recall)
        if average is None:
            return precision, recall, f1
        weights = support if average == "weighted" else None
        return tuple(float(np.average(v, weights=weights)) for v in (precision, recall, f1))

    def roc_auc(self, y_true, scores):
        positive = np.asarray(y_true) == 1
        s = np.asarray(scores, dtype=float)
        pos, neg = s[positive], s[~positive]
        if len(pos) == 0 or len(neg) == 0:
            raise ValueError("roc_auc needs both classes in y_true")
        higher = (pos[:, None] > neg[None, :]).sum()
        tied = (pos[:, None] == neg[None, :]).sum()
        return float((higher + 0.5 * tied) / (len(pos) * len(neg)))
