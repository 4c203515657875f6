"""Classification metrics, as a learner wrote it from `llmprep start metrics`'s task and `llmprep hint metrics` alone.

The writer read nothing else (no solution, no checks); tests/exercises/test_grader.py asserts
it passes every check, which proves the hints are enough. Regenerate it if a hint changes.
"""

import numpy as np


def ratio(a, b):
    """Return a / b elementwise, 0 where b is 0 (never NaN)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.divide(a, b, out=np.zeros_like(a), where=b > 0)


class ClassificationMetrics:
    """The confusion matrix, precision, recall and F1 (per class or averaged), and ROC-AUC."""

    def confusion_matrix(self, y_true, y_pred, labels=None):
        """Return the int array C of shape (k, k): C[i, j] counts true labels[i], predicted labels[j].

        labels=None means the sorted union of the labels in y_true and y_pred.
        """
        y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
        if labels is None:
            labels = np.unique(np.concatenate([y_true, y_pred]))  # the sorted union
        index = {label: i for i, label in enumerate(np.asarray(labels).tolist())}
        matrix = np.zeros((len(index), len(index)), dtype=int)
        for t, p in zip(y_true.tolist(), y_pred.tolist(), strict=True):
            matrix[index[t], index[p]] += 1  # row: the true label, column: the predicted one
        return matrix

    def precision_recall_f1(self, y_true, y_pred, average=None):
        """Return (precision, recall, f1): arrays of shape (k,) for average=None, else floats.

        average is None, "macro", "micro" or "weighted"; a ratio with denominator 0 is 0.
        """
        if average not in (None, "macro", "micro", "weighted"):
            raise ValueError(f"unknown average {average!r}")
        C = self.confusion_matrix(y_true, y_pred)
        tp = np.diag(C)
        predicted = C.sum(axis=0)  # column sums: TP + FP
        support = C.sum(axis=1)  # row sums: TP + FN
        precision, recall = ratio(tp, predicted), ratio(tp, support)
        f1 = ratio(2 * precision * recall, precision + recall)
        if average is None:
            return precision, recall, f1
        if average == "micro":  # pool the counts first, then take the ratios
            p = ratio(tp.sum(), predicted.sum())
            r = ratio(tp.sum(), support.sum())
            return float(p), float(r), float(ratio(2 * p * r, p + r))
        weights = support if average == "weighted" else None  # macro: the plain mean
        return tuple(float(np.average(v, weights=weights)) for v in (precision, recall, f1))

    def roc_auc(self, y_true, scores):
        """Return P(a random positive scores higher than a random negative), ties counting 1/2."""
        positive = np.asarray(y_true) == 1  # works for ints 0/1 and for bools
        s = np.asarray(scores, dtype=float)
        pos, neg = s[positive], s[~positive]
        if len(pos) == 0 or len(neg) == 0:
            raise ValueError("roc_auc needs both classes in y_true")
        higher = (pos[:, None] > neg[None, :]).sum()
        tied = (pos[:, None] == neg[None, :]).sum()
        return float((higher + 0.5 * tied) / (len(pos) * len(neg)))
