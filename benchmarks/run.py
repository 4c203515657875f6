"""`make bench`: every benchmark in one run, printed as tables of ratios and milliseconds.

The machines this runs on are shared and noisy, so each benchmark times ours and scikit-learn's
interleaved in the same process and quotes medians: compare the ratios, not the seconds.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

SOLUTION_BENCHES = ("bench_knn", "bench_naive_bayes", "bench_svm")


def solution_rows() -> list[dict]:
    rows = []
    for name in SOLUTION_BENCHES:
        module = importlib.import_module(name)
        rows.extend(module.run())
    return rows


def print_solutions(rows: list[dict]) -> None:
    print("\nSolutions against scikit-learn (median seconds, same run; ratio = ours / sklearn)")
    header = f"{'estimator':<22} {'dataset':<28} {'ours s':>9} {'sklearn s':>10} {'ratio':>7} {'target':>9}  ok"
    print(header)
    print("-" * len(header))
    for row in rows:
        ok = "yes" if row["ok"] else "NO"
        print(
            f"{row['estimator']:<22} {row['dataset']:<28} {row['ours_s']:>9.4f} "
            f"{row['sklearn_s']:>10.4f} {row['ratio']:>7.2f} {row['target']:>9}  {ok}"
        )
        extras = {k: v for k, v in row.items() if k not in {"estimator", "dataset", "ours_s",
                                                              "sklearn_s", "ratio", "target", "ok"}}  # fmt: skip
        if extras:
            print(f"{'':<22} {json.dumps(extras)}")


def main() -> int:
    import bench_cli
    import bench_grading

    started = time.perf_counter()
    print("CLI start-up as a whole process and bank loading (median ms)")
    cli_rows = bench_cli.run()
    bench_cli.print_table(cli_rows)
    grading_rows = bench_grading.run()
    bench_grading.print_table(grading_rows)
    rows = solution_rows()
    print_solutions(rows)
    failed = [row for row in cli_rows + grading_rows + rows if not row["ok"]]
    print(
        f"\n{len(failed)} target(s) missed; benchmarks took {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
