"""Classification metrics: the confusion matrix, precision / recall / F1 and ROC-AUC, numpy only.

Every number here is a count, or a ratio of counts, of the confusion matrix, except ROC-AUC, which
is a ranking statistic of the scores. The conventions are scikit-learn's (``confusion_matrix``,
``precision_recall_fscore_support`` with ``zero_division=0``, ``roc_auc_score``).

Common mistakes
---------------
- A transposed confusion matrix: rows are the TRUE labels, columns the predicted ones.
- Macro-F1 as the F1 of macro-precision and macro-recall: it is the mean of the per-class F1.
- Weighting by how often a class is predicted: the weights are the support, the TRUE counts.
- A ratio with a denominator of 0 (a class never predicted, or never true) giving NaN: it is 0.
- Counting only ``s_pos > s_neg`` pairs for AUC: a tied pair counts 1/2, so all-tied scores give
  0.5; and a trapezoid over points taken in data order instead of by decreasing threshold.
"""

import numpy as np

AVERAGES = (None, "macro", "micro", "weighted")


def ratio(numerator, denominator):
    """numerator / denominator elementwise, and 0 where the denominator is 0 (no NaN, no warning)."""
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.asarray(denominator, dtype=float)
    out = np.zeros(np.broadcast(numerator, denominator).shape)
    return np.divide(numerator, denominator, out=out, where=denominator > 0)


class ClassificationMetrics:
    """The confusion matrix, precision, recall and F1 (per class or averaged), and ROC-AUC.

    Labels may be any values numpy sorts (ints, strings, bools); ``y_true`` and ``y_pred`` are
    arrays or lists of the same length n >= 1.

    Notes
    -----
    With the confusion matrix C (rows true, columns predicted), class i has
    TP_i = C[i, i], TP_i + FP_i = sum of column i (how often i is predicted) and
    TP_i + FN_i = sum of row i (the support: how often i is true). Then (Manning, Raghavan and
    Schütze, Introduction to Information Retrieval, 2008, Section 8.3; van Rijsbergen,
    Information Retrieval, 2nd ed., 1979, Chapter 7, the F measure with beta = 1)

        P_i = TP_i / (TP_i + FP_i),  R_i = TP_i / (TP_i + FN_i),  F1_i = 2 P_i R_i / (P_i + R_i)

    with 0 for any ratio whose denominator is 0. Averages (Sokolova and Lapalme, A systematic
    analysis of performance measures for classification tasks, 2009, Table 3; Manning et al.
    Section 13.6): macro is the plain mean of the per-class values; micro pools the counts
    (sum TP / sum (TP + FP), ...), which for single-label data is the accuracy for P, R and F1
    alike; weighted is the mean weighted by the support (scikit-learn's ``average="weighted"``).

    ROC-AUC is the probability that a random positive scores above a random negative, a tie
    counting 1/2: the Mann-Whitney U statistic divided by n_pos n_neg (Hanley and McNeil, The
    meaning and use of the area under a ROC curve, Radiology 1982; Fawcett, An introduction to
    ROC analysis, 2006, Sections 5.1 and 7). With the ranks of all the scores, tied scores
    sharing the mean of their ranks (Mann and Whitney, 1947),

        U = (sum of the positives' ranks) - n_pos (n_pos + 1) / 2.

    Examples
    --------
    >>> m = ClassificationMetrics()
    >>> m.confusion_matrix([0, 0, 0, 1], [0, 1, 1, 1]).tolist()
    [[1, 2], [0, 1]]
    >>> p, r, f1 = m.precision_recall_f1([0, 0, 0, 1], [0, 1, 1, 1])
    >>> p.tolist(), r.round(3).tolist(), f1.round(3).tolist()
    ([1.0, 0.3333333333333333], [0.333, 1.0], [0.5, 0.5])
    >>> m.precision_recall_f1([0, 0, 0, 1], [0, 1, 1, 1], average="micro")  # the accuracy
    (0.5, 0.5, 0.5)
    >>> m.roc_auc([0, 0, 1, 1], [0.1, 0.5, 0.5, 0.9])  # (1 + 1/2 + 1 + 1) / 4 pairs
    0.875
    """

    def confusion_matrix(self, y_true, y_pred, labels=None):
        """Counts C[i, j] of samples whose true label is labels[i] and predicted one labels[j].

        ``labels=None`` means the sorted union of the labels in y_true and y_pred; given labels
        fix the order of the rows and columns (a label with no sample gets zeros). Returns an
        int array of shape (k, k), k = len(labels), summing to n.
        """
        y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
        if labels is None:
            labels = np.unique(np.concatenate([y_true, y_pred]))
        index = {label: i for i, label in enumerate(np.asarray(labels).tolist())}
        rows = [index[label] for label in y_true.tolist()]
        columns = [index[label] for label in y_pred.tolist()]
        matrix = np.zeros((len(index), len(index)), dtype=int)
        np.add.at(matrix, (rows, columns), 1)  # one count per (true, predicted) pair
        return matrix

    def precision_recall_f1(self, y_true, y_pred, average=None):
        """(precision, recall, f1) of the sorted labels of y_true and y_pred.

        ``average=None``: three float arrays of shape (k,), one value per label in sorted order.
        ``"macro"``, ``"micro"`` or ``"weighted"``: three floats. Anything else: ValueError.
        """
        if average not in AVERAGES:
            raise ValueError(f"average must be one of {AVERAGES}, got {average!r}")
        matrix = self.confusion_matrix(y_true, y_pred)
        tp = np.diag(matrix)
        predicted = matrix.sum(axis=0)  # TP + FP of each class
        support = matrix.sum(axis=1)  # TP + FN of each class: its true count
        if average == "micro":  # pool the counts over the classes first
            tp, predicted = tp.sum(), predicted.sum()
            support = support.sum()
        precision, recall = ratio(tp, predicted), ratio(tp, support)
        f1 = ratio(2 * precision * recall, precision + recall)
        if average is None:
            return precision, recall, f1
        if average == "micro":
            return float(precision), float(recall), float(f1)
        weights = support if average == "weighted" else None
        return tuple(float(np.average(v, weights=weights)) for v in (precision, recall, f1))

    def roc_auc(self, y_true, scores):
        """Area under the ROC curve of binary labels y_true (0/1 or bools) and real scores.

        Equals P(score of a random positive > score of a random negative), ties counting 1/2.
        Raises ValueError when y_true holds only one class (the AUC is then undefined).
        """
        positive = np.asarray(y_true) == 1
        s = np.asarray(scores, dtype=float)
        n_pos = int(positive.sum())
        n_neg = len(positive) - n_pos
        if n_pos == 0 or n_neg == 0:
            raise ValueError("roc_auc needs both classes in y_true: the AUC is undefined")
        _, group, counts = np.unique(s, return_inverse=True, return_counts=True)
        last = np.cumsum(counts)  # the 1-based rank of the last score of each group of ties
        ranks = (last - (counts - 1) / 2)[group]  # tied scores share the mean of their ranks
        u = ranks[positive].sum() - n_pos * (n_pos + 1) / 2
        return float(u / (n_pos * n_neg))
