"""Mistake: macro-F1 is computed as the harmonic mean of macro-precision and macro-recall instead
of the plain mean of the per-class F1 scores."""

import numpy as np


class ClassificationMetrics:
    def confusion_matrix(self, y_true, y_pred, labels=None):
        y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
        if labels is None:
            labels = np.unique(np.concatenate([y_true, y_pred]))
        labels = list(np.asarray(labels).tolist())
        k = len(labels)
        matrix = np.zeros((k, k), dtype=int)
        for t, p in zip(y_true.tolist(), y_pred.tolist(), strict=True):
            matrix[labels.index(t), labels.index(p)] += 1
        return matrix

    def _per_class(self, y_true, y_pred):
        m = self.confusion_matrix(y_true, y_pred)
        tp = np.diag(m).astype(float)
        col, row = m.sum(axis=0), m.sum(axis=1)
        p = np.where(col > 0, tp / np.maximum(col, 1), 0.0)
        r = np.where(row > 0, tp / np.maximum(row, 1), 0.0)
        f = np.where(p + r > 0, 2 * p * r / np.maximum(p + r, 1e-300), 0.0)
        return p, r, f, tp, col, row

    def precision_recall_f1(self, y_true, y_pred, average=None):
        if average not in (None, "macro", "micro", "weighted"):
            raise ValueError(f"unknown average {average!r}")
        p, r, f, tp, col, row = self._per_class(y_true, y_pred)
        if average is None:
            return p, r, f
        if average == "macro":
            mp, mr = float(p.mean()), float(r.mean())
            return mp, mr, (2 * mp * mr / (mp + mr) if mp + mr > 0 else 0.0)
        if average == "micro":
            mp, mr = tp.sum() / col.sum(), tp.sum() / row.sum()
            return float(mp), float(mr), float(2 * mp * mr / (mp + mr) if mp + mr else 0.0)
        w = row / row.sum()
        return float(w @ p), float(w @ r), float(w @ f)

    def roc_auc(self, y_true, scores):
        y = np.asarray(y_true) == 1
        s = np.asarray(scores, dtype=float)
        pos, neg = s[y], s[~y]
        if len(pos) == 0 or len(neg) == 0:
            raise ValueError("need both classes")
        return float(
            ((pos[:, None] > neg).sum() + 0.5 * (pos[:, None] == neg).sum()) / pos.size / neg.size
        )
