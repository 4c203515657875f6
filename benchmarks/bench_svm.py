"""SVMClassifier (rbf) against LIBSVM (sklearn.svm.SVC): fit + predict time, side by side.

Run: `python benchmarks/bench_svm.py` (or `make bench`, which prints every benchmark).

Each repeat fits both estimators on the whole standardised data set and predicts it back;
ours and LIBSVM's alternate (the order swaps every repeat) so that machine noise hits both,
and the medians are compared. Fit-only medians are reported too.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from sklearn.datasets import load_digits, make_classification
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

try:
    from llmprep.solutions.svm import SVMClassifier
except ImportError:  # running from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from llmprep.solutions.svm import SVMClassifier

TARGETS = {"synthetic 6000x20, 3 classes": 3.0, "digits 1797x64, 10 classes": 10.0}


def _datasets():
    X, y = make_classification(
        n_samples=6000, n_features=20, n_informative=10, n_classes=3, random_state=0
    )
    yield "synthetic 6000x20, 3 classes", StandardScaler().fit_transform(X), y
    X, y = load_digits(return_X_y=True)
    yield "digits 1797x64, 10 classes", StandardScaler().fit_transform(X), y


def _time_fit_predict(estimator, X, y):
    """(fit seconds, fit + predict seconds)."""
    start = time.perf_counter()
    estimator.fit(X, y)
    fitted = time.perf_counter()
    estimator.predict(X)
    return fitted - start, time.perf_counter() - start


def run(repeats: int = 5) -> list[dict]:
    rows = []
    for name, X, y in _datasets():
        makers = {"ours": SVMClassifier, "sklearn": SVC}
        for make in makers.values():  # warm-up, untimed
            _time_fit_predict(make(), X, y)
        samples = {key: [] for key in makers}
        for repeat in range(repeats):
            order = list(makers) if repeat % 2 == 0 else list(reversed(makers))
            for key in order:
                samples[key].append(_time_fit_predict(makers[key](), X, y))
        fit = {key: statistics.median(s[0] for s in samples[key]) for key in makers}
        total = {key: statistics.median(s[1] for s in samples[key]) for key in makers}
        ratio = total["ours"] / total["sklearn"]
        rows.append(
            {
                "estimator": "SVMClassifier(rbf)",
                "dataset": name,
                "ours_s": round(total["ours"], 4),
                "sklearn_s": round(total["sklearn"], 4),
                "ratio": round(ratio, 2),
                "target": f"<= {TARGETS[name]:g}x",
                "ok": ratio <= TARGETS[name],
                "ours_fit_s": round(fit["ours"], 4),
                "sklearn_fit_s": round(fit["sklearn"], 4),
                "fit_ratio": round(fit["ours"] / fit["sklearn"], 2),
            }
        )
    return rows


def _print_table(rows: list[dict]) -> None:
    columns = list(rows[0])
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(str(row[c]).ljust(widths[c]) for c in columns))


if __name__ == "__main__":
    _print_table(run())
