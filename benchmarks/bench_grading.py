"""The quiz grader on the labelled answers: dev and test figures side by side, against targets.

Targets (grading issue, test split): wrong answers suggested Hard or Good <= 10%; strong answers
suggested Again <= 5%; exact rating agreement >= 70%; key-point F1 >= 0.85; p95 grading time
<= 50 ms.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from llmprep.bank import load_bank
from llmprep.config import builtin_bank_dir
from llmprep.quiz.evaluate import measure

LABELLED = Path(__file__).resolve().parents[1] / "tests" / "quiz" / "labelled_answers.yaml"
TARGETS = {
    "wrong_passed": ("<=", 0.10),
    "strong_failed": ("<=", 0.05),
    "agreement": (">=", 0.70),
    "f1": (">=", 0.85),
    "p95_ms": ("<=", 50.0),
}


def run() -> list[dict]:
    bank = load_bank([builtin_bank_dir()])
    cases = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    figures = {
        split: measure(bank, [case for case in cases if case["split"] == split]).to_dict()
        for split in ("dev", "test")
    }
    rows = []
    for name in (
        "wrong_passed",
        "strong_failed",
        "agreement",
        "precision",
        "recall",
        "f1",
        "p95_ms",
    ):
        op, target = TARGETS.get(name, ("", None))
        test = figures["test"][name]
        ok = target is None or (test <= target if op == "<=" else test >= target)
        rows.append(
            {"figure": name, "dev": figures["dev"][name], "test": test,
             "target": f"{op} {target}" if target is not None else "", "ok": ok}
        )  # fmt: skip
    return rows


def print_table(rows: list[dict]) -> None:
    print("\nGrader on the labelled answers (dev: tuned on; test: never tuned on)")
    header = f"{'figure':<15} {'dev':>8} {'test':>8} {'target':>10}  ok"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['figure']:<15} {row['dev']:>8.3f} {row['test']:>8.3f} {row['target']:>10}  "
            f"{'yes' if row['ok'] else 'NO'}"
        )
