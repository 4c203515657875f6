"""KNNClassifier against scikit-learn's brute force: fit + predict time, and predict's peak memory.

Run: `python benchmarks/bench_knn.py` (or `make bench`, which prints every benchmark).

What is timed: `fit(X_train, y_train).predict(X_test)` with the defaults (k=5, uniform,
euclidean) for ours and for `KNeighborsClassifier(algorithm="brute")`, alternating which goes
first, medians over the repeats. Digits is fast, so each of its samples runs 10 fits+predicts.

Peak memory of `predict` on the 20,000-point problem, measured the same way for both: the growth
of the peak resident memory (VmHWM) during predict, in a fresh process per estimator (median of
3 processes each). RSS sees every allocation: numpy's, and scikit-learn's C++ distance buffers
(256 x 256 tiles per thread), which `tracemalloc` cannot see. RSS only counts new pages, so
memory freed during fit and reused by predict is not counted, for either estimator. The
`tracemalloc` peaks are printed too, for information only: they undercount scikit-learn. Where
/proc is missing (not Linux), the row falls back to `tracemalloc` and says so.
"""

from __future__ import annotations

import functools
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from _compare import interleaved_medians
from sklearn.datasets import load_digits, make_classification
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler

try:
    from llmprep.solutions.knn import KNNClassifier
except ImportError:  # running from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from llmprep.solutions.knn import KNNClassifier

SYNTHETIC = "synthetic 20000+5000 x 32"
MAKERS = {"ours": KNNClassifier, "sklearn": lambda: KNeighborsClassifier(algorithm="brute")}


def _datasets():
    """(name, X_train, X_test, y_train, inner repeats)."""
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, _ = train_test_split(
        StandardScaler().fit_transform(X), y, test_size=0.2, random_state=0
    )
    yield "digits 1437+360 x 64", X_train, X_test, y_train, 10
    X, y = make_classification(
        n_samples=25_000, n_features=32, n_informative=16, n_classes=4, random_state=0
    )
    yield SYNTHETIC, X[:20_000], X[20_000:], y[:20_000], 1


def _synthetic():
    _, X_train, X_test, y_train, _ = list(_datasets())[1]
    return X_train, X_test, y_train


def _time(make, X_train, X_test, y_train, inner):
    start = time.perf_counter()
    for _ in range(inner):
        make().fit(X_train, y_train).predict(X_test)
    return time.perf_counter() - start


def _tracemalloc_peak_mb(make, X_train, X_test, y_train):
    model = make().fit(X_train, y_train)
    tracemalloc.start()
    try:
        model.predict(X_test)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _rss_growth_in_fresh_process(which):
    """MB by which predict raises the peak resident memory of a new process (None if unknown)."""
    done = subprocess.run(
        [sys.executable, __file__, "--rss", which], capture_output=True, text=True, timeout=300
    )
    try:
        return float(done.stdout.strip())
    except ValueError:
        return None


def _median_rss_growth(which, processes=3):
    samples = [_rss_growth_in_fresh_process(which) for _ in range(processes)]
    return None if None in samples else statistics.median(samples)


def _print_rss_growth(which):
    """Child process: fit, reset the peak-RSS counter, predict, print the growth in MB."""

    def kib(field):
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith(field))

    X_train, X_test, y_train = _synthetic()
    model = MAKERS[which]().fit(X_train, y_train)
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # reset VmHWM to the current VmRSS
    before = kib("VmRSS:")
    model.predict(X_test)
    print((kib("VmHWM:") - before) / 1024)


def _seconds(make, X_train, X_test, y_train, inner):
    return _time(make, X_train, X_test, y_train, inner) / inner


def run(repeats: int = 5) -> list[dict]:
    rows = []
    for name, X_train, X_test, y_train, inner in _datasets():
        timers = {
            key: functools.partial(_seconds, make, X_train, X_test, y_train, inner)
            for key, make in MAKERS.items()
        }
        ours, ref = interleaved_medians(timers, repeats).values()
        rows.append(
            {
                "estimator": "KNNClassifier",
                "dataset": name,
                "ours_s": ours,
                "sklearn_s": ref,
                "ratio": ours / ref,
                "target": "<= 1.5x",
                "ok": ours / ref <= 1.5,
            }
        )

    rows.append(_peak_memory_row())
    return rows


def _peak_memory_row():
    """Peak memory of predict on the synthetic problem, by the same method for both estimators."""
    X_train, X_test, y_train = _synthetic()
    traced = {
        key: _tracemalloc_peak_mb(make, X_train, X_test, y_train) for key, make in MAKERS.items()
    }
    rss = {key: _median_rss_growth(key) for key in MAKERS}
    if None in rss.values():
        peak, measure = traced, "tracemalloc (misses sklearn's C++ buffers)"
    else:
        peak, measure = rss, "peak RSS growth, fresh process each, median of 3"
    return {
        "estimator": "KNNClassifier",
        "dataset": "predict peak MB (not s)",
        "ours_s": peak["ours"],
        "sklearn_s": peak["sklearn"],
        "ratio": peak["ours"] / peak["sklearn"],
        "target": "<= 2x",
        "ok": peak["ours"] <= 2 * peak["sklearn"],
        "measure": measure,
        "tracemalloc_mb": {key: round(value, 2) for key, value in traced.items()},
    }


def _print(rows):
    print(f"{'dataset':<28} {'ours':>9} {'sklearn':>9} {'ratio':>7} {'target':>8}  ok")
    for row in rows:
        print(
            f"{row['dataset']:<28} {row['ours_s']:>9.4f} {row['sklearn_s']:>9.4f} "
            f"{row['ratio']:>7.2f} {row['target']:>8}  {'yes' if row['ok'] else 'NO'}"
        )
        if "measure" in row:
            print(f"{'':<28} measured as {row['measure']}")
            print(f"{'':<28} tracemalloc peaks in MB, for information: {row['tracemalloc_mb']}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--rss":
        _print_rss_growth(sys.argv[2])
    else:
        _print(run())
