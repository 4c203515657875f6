"""A correct ClassificationMetrics in another style: a Counter of (true, predicted) pairs for the
confusion matrix, per-class loops in plain Python for precision, recall and F1, and the AUC as the
trapezoid area under the ROC curve walked by decreasing threshold, each group of tied scores
adding one point (its diagonal segment is what counts a tied pair 1/2)."""

from collections import Counter

import numpy as np


class ClassificationMetrics:
    def confusion_matrix(self, y_true, y_pred, labels=None):
        truth, guess = np.asarray(y_true).tolist(), np.asarray(y_pred).tolist()
        if labels is None:
            labels = sorted(set(truth) | set(guess))
        labels = np.asarray(labels).tolist()
        pairs = Counter(zip(truth, guess, strict=True))
        return np.array([[pairs[(t, p)] for p in labels] for t in labels], dtype=np.int64)

    def precision_recall_f1(self, y_true, y_pred, average=None):
        if average not in {None, "macro", "micro", "weighted"}:
            raise ValueError(f"average must be None, 'macro', 'micro' or 'weighted': {average!r}")
        matrix = self.confusion_matrix(y_true, y_pred).tolist()
        k = len(matrix)
        hits = [matrix[i][i] for i in range(k)]
        predicted = [sum(matrix[j][i] for j in range(k)) for i in range(k)]
        support = [sum(row) for row in matrix]

        def scores(tp, n_predicted, n_true):
            p = tp / n_predicted if n_predicted else 0.0
            r = tp / n_true if n_true else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        if average == "micro":
            return scores(sum(hits), sum(predicted), sum(support))
        per_class = [scores(hits[i], predicted[i], support[i]) for i in range(k)]
        columns = [np.array([row[m] for row in per_class]) for m in range(3)]
        if average is None:
            return tuple(columns)
        weights = [1] * k if average == "macro" else support
        total = sum(weights)
        return tuple(
            sum(w * v for w, v in zip(weights, c.tolist(), strict=True)) / total for c in columns
        )

    def roc_auc(self, y_true, scores):
        labels = [int(v) for v in np.asarray(y_true).tolist()]
        values = [float(v) for v in np.asarray(scores).tolist()]
        n_pos = sum(1 for v in labels if v == 1)
        n_neg = len(labels) - n_pos
        if n_pos == 0 or n_neg == 0:
            raise ValueError("the AUC needs at least one positive and one negative")
        by_score = sorted(zip(values, labels, strict=True), reverse=True)
        area, tp, fp = 0.0, 0, 0
        i = 0
        while i < len(by_score):
            tp_before, fp_before = tp, fp
            threshold = by_score[i][0]
            while i < len(by_score) and by_score[i][0] == threshold:  # one point per score
                if by_score[i][1] == 1:
                    tp += 1
                else:
                    fp += 1
                i += 1
            area += (fp - fp_before) * (tp + tp_before) / 2  # trapezoid, in units of 1 x 1 pair
        return area / (n_pos * n_neg)
