"""GaussianNaiveBayes against scikit-learn's GaussianNB: fit + predict_proba time, side by side.

Run: `python benchmarks/bench_naive_bayes.py` (or `make bench`, which prints every benchmark).

What is timed: `fit(X_train, y_train).predict_proba(X_test)` for ours and for
`sklearn.naive_bayes.GaussianNB`, alternating which goes first, medians over the repeats. One
call takes milliseconds, so each sample runs several and reports the mean of those.
"""

from __future__ import annotations

import functools
import sys
import time
from pathlib import Path

from _compare import interleaved_medians
from sklearn.datasets import load_digits, make_classification
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import GaussianNB
from sklearn.preprocessing import StandardScaler

try:
    from llmprep.solutions.naive_bayes import GaussianNaiveBayes
except ImportError:  # running from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from llmprep.solutions.naive_bayes import GaussianNaiveBayes

MAKERS = {"ours": GaussianNaiveBayes, "sklearn": GaussianNB}


def _datasets():
    """(name, X_train, X_test, y_train, calls per sample)."""
    X, y = make_classification(
        n_samples=25_000, n_features=32, n_informative=16, n_classes=4, random_state=0
    )
    yield "synthetic 20000+5000 x 32", X[:20_000], X[20_000:], y[:20_000], 5
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, _ = train_test_split(
        StandardScaler().fit_transform(X), y, test_size=0.2, random_state=0
    )
    yield "digits 1437+360 x 64", X_train, X_test, y_train, 20


def _time(make, X_train, X_test, y_train, calls):
    start = time.perf_counter()
    for _ in range(calls):
        make().fit(X_train, y_train).predict_proba(X_test)
    return (time.perf_counter() - start) / calls


def _seconds(make, X_train, X_test, y_train, calls):
    return _time(make, X_train, X_test, y_train, calls)


def run(repeats: int = 5) -> list[dict]:
    rows = []
    for name, X_train, X_test, y_train, calls in _datasets():
        timers = {
            key: functools.partial(_seconds, make, X_train, X_test, y_train, calls)
            for key, make in MAKERS.items()
        }
        ours, ref = interleaved_medians(timers, repeats).values()
        rows.append(
            {
                "estimator": "GaussianNaiveBayes",
                "dataset": name,
                "ours_s": ours,
                "sklearn_s": ref,
                "ratio": ours / ref,
                "target": "<= 1.2x",
                "ok": ours / ref <= 1.2,
            }
        )
    return rows


if __name__ == "__main__":
    print(f"{'dataset':<28} {'ours s':>9} {'sklearn s':>10} {'ratio':>7} {'target':>8}  ok")
    for row in run():
        print(
            f"{row['dataset']:<28} {row['ours_s']:>9.4f} {row['sklearn_s']:>10.4f} "
            f"{row['ratio']:>7.2f} {row['target']:>8}  {'yes' if row['ok'] else 'NO'}"
        )
