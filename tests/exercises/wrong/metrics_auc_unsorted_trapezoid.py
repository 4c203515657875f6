"""Mistake: the AUC is a trapezoid under ROC points taken with each sample's score as the
threshold, in the order the samples come, instead of by decreasing threshold, so the area
changes when the samples are shuffled."""

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
        np.add.at(
            matrix, ([index[t] for t in y_true.tolist()], [index[p] for p in y_pred.tolist()]), 1
        )
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
        n_pos = positive.sum()
        n_neg = len(s) - n_pos
        if n_pos == 0 or n_neg == 0:
            raise ValueError("roc_auc needs both classes in y_true")
        fpr, tpr = [0.0], [0.0]
        for threshold in s:  # each score as a threshold, as the samples come
            flagged = s >= threshold
            tpr.append((flagged & positive).sum() / n_pos)
            fpr.append((flagged & ~positive).sum() / n_neg)
        fpr.append(1.0)
        tpr.append(1.0)
        area = 0.0
        for i in range(1, len(fpr)):
            area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2
        return float(area)
