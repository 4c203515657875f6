"""Mistake: the confusion matrix is transposed, rows the predicted labels and columns the true
ones, so every class's precision and recall swap places."""

import numpy as np


def safe_ratio(top, bottom):
    top, bottom = np.asarray(top, dtype=float), np.asarray(bottom, dtype=float)
    return np.divide(top, bottom, out=np.zeros_like(top), where=bottom > 0)


class ClassificationMetrics:
    def confusion_matrix(self, y_true, y_pred, labels=None):
        y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
        if labels is None:
            labels = np.unique(np.concatenate([y_true, y_pred]))
        position = {value: i for i, value in enumerate(np.asarray(labels).tolist())}
        counts = np.zeros((len(position), len(position)), dtype=int)
        for truth, guess in zip(y_true.tolist(), y_pred.tolist(), strict=True):
            counts[position[guess], position[truth]] += 1
        return counts

    def precision_recall_f1(self, y_true, y_pred, average=None):
        if average not in (None, "macro", "micro", "weighted"):
            raise ValueError(average)
        counts = self.confusion_matrix(y_true, y_pred)
        hits = np.diag(counts)
        p = safe_ratio(hits, counts.sum(axis=0))
        r = safe_ratio(hits, counts.sum(axis=1))
        f = safe_ratio(2 * p * r, p + r)
        if average is None:
            return p, r, f
        if average == "micro":
            acc = float(hits.sum() / counts.sum())
            return acc, acc, acc
        weights = counts.sum(axis=1) if average == "weighted" else None
        return tuple(float(np.average(v, weights=weights)) for v in (p, r, f))

    def roc_auc(self, y_true, scores):
        y = np.asarray(y_true) == 1
        s = np.asarray(scores, dtype=float)
        if y.all() or not y.any():
            raise ValueError("one class only")
        pos, neg = s[y], s[~y]
        wins = (pos[:, None] > neg).sum() + 0.5 * (pos[:, None] == neg).sum()
        return float(wins / (len(pos) * len(neg)))
