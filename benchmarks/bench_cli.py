"""Start-up time of the CLI as a whole process, and load time of a large synthetic bank.

Run: `python benchmarks/bench_cli.py` (or `make bench`, which prints every benchmark).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS_MS = {"show": 150, "search": 250, "list": 150, "quiz": 300, "load-5000": 1000}
# Start-up as a multiple of the floor every Typer + Rich CLI pays: importing typer and
# rich.markdown. Ratios measured in the same run hold on a busy machine; milliseconds do not.
FLOOR = [sys.executable, "-c", "import typer, rich.markdown"]
TARGET_RATIOS = {"show": 1.2, "search": 1.3}


def _llmprep() -> list[str]:
    """The `llmprep` console script beside this Python (what a user types), else `python -m`."""
    script = Path(sys.executable).with_name("llmprep")
    return [str(script)] if script.exists() else [sys.executable, "-m", "llmprep"]


def _time_processes(commands: dict[str, list[str]], repeats: int, env: dict) -> dict[str, float]:
    """Median wall-clock milliseconds of each command as a whole process, after a warm-up run;
    the commands take turns, so that a busy machine slows them all alike."""
    for command in commands.values():
        subprocess.run(command, capture_output=True, env=env, check=True)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, env=env, check=True)
            samples[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(times) for name, times in samples.items()}


def _time_in_terminal(args: list[str], until: str, repeats: int, env: dict) -> float:
    """Median milliseconds from launching `llmprep ARGS` in a colour terminal (a pty) until
    `until` (a regex) appears, or the process ends when `until` is None."""
    import pexpect

    program, *first_args = _llmprep()
    env = {key: value for key, value in env.items() if key != "NO_COLOR"} | {
        "TERM": "xterm-256color"
    }
    samples = []
    for _ in range(repeats + 1):
        start = time.perf_counter()
        child = pexpect.spawn(
            program, [*first_args, *args], env=env, encoding="utf-8", dimensions=(40, 100),
            timeout=30,
        )  # fmt: skip
        child.expect(until if until else pexpect.EOF)
        samples.append((time.perf_counter() - start) * 1000)
        child.terminate(force=True)
    return statistics.median(samples[1:])  # the first run fills the bank cache


def synthetic_bank(folder: Path, entries: int = 5000, per_file: int = 500) -> Path:
    """Write `entries` valid open entries with realistic text lengths into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 8
    for start in range(0, entries, per_file):
        lines = []
        for n in range(start, min(start + per_file, entries)):
            lines += [
                f"- id: synthetic-{n}",
                "  type: open",
                f"  topic: synthetic-{n % 10}",
                "  tags: [synthetic, benchmark]",
                "  difficulty: medium",
                f"  question: {{zh: 合成问题 {n}, en: 'Synthetic question {n}?'}}",
                f"  answer: {{zh: '合成答案。{paragraph}', en: 'Synthetic answer. {paragraph}'}}",
                "  key_points:",
                *[f"    - {{zh: 要点{k}, en: point {k}, aliases: [alias {k}]}}" for k in range(4)],
                f"  explanation: {{zh: 解析, en: '{paragraph}'}}",
                f"  related: [synthetic-{(n + 1) % entries}]",
                "  follow_ups: [{zh: 追问, en: A follow-up?}]",
                "  references: ['A primary source, 2020']",
            ]
        (folder / f"part-{start // per_file:02d}.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def time_bank_load(folder: Path, repeats: int) -> tuple[float, float]:
    """(cold ms, warm median ms) to load and validate the bank in `folder`, in-process.

    Cold: the first load, which parses every YAML file. Warm: later loads, which take each
    unchanged file's validated entries from the cache in $LLMPREP_HOME (cross-file checks,
    duplicate ids and `related` links, still run every time).
    """
    from llmprep.bank import check_bank

    samples = []
    for _ in range(repeats + 1):
        start = time.perf_counter()
        bank, problems = check_bank([folder])
        samples.append((time.perf_counter() - start) * 1000)
        assert not problems and len(bank) == 5000, problems[:3]
    return samples[0], statistics.median(samples[1:])


def run(repeats: int = 11) -> list[dict]:
    saved_home = os.environ.get("LLMPREP_HOME")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            # The loads timed in this process cache into the same scratch folder, not the user's.
            os.environ["LLMPREP_HOME"] = tmp
            return _run(tmp, repeats)
    finally:
        if saved_home is None:
            os.environ.pop("LLMPREP_HOME", None)
        else:
            os.environ["LLMPREP_HOME"] = saved_home


def _run(tmp: str, repeats: int) -> list[dict]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "LLMPREP_HOME": tmp}
    # An installed llmprep runs from bytecode, as typer and rich do in the floor; with
    # PYTHONDONTWRITEBYTECODE set (some shells and CI images) every run would compile our
    # modules from source and time the compiler instead (11 ms of 140 here). The warm-up run of
    # each command writes the bytecode.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    from llmprep.bank import load_bank
    from llmprep.config import builtin_bank_dir

    some_id = next(iter(load_bank([builtin_bank_dir()]).entries))
    rows = [
        ("show", f"llmprep show {some_id} (piped)", ["show", some_id]),
        ("search", "llmprep search 'gradient'", ["search", "gradient"]),
        ("list", "llmprep list", ["list"]),
    ]
    commands = {key: [*_llmprep(), *args] for key, _, args in rows} | {"floor": FLOOR}
    medians = _time_processes(commands, repeats, env)
    results = [_row(label, medians[key], TARGETS_MS[key]) for key, label, _ in rows]
    results.append(_row("python -c 'import typer, rich.markdown' (the floor)", medians["floor"], 0))
    results[-1]["ok"] = True
    for key, target in TARGET_RATIOS.items():
        ratio = medians[key] / medians["floor"]
        results.append(
            {"what": f"llmprep {key} / the floor", "median_ms": round(ratio, 2),
             "target_ms": target, "ok": ratio <= target, "ratio": True}
        )  # fmt: skip
    shown = _time_in_terminal(["show", some_id], None, repeats, env)
    results.append(_row(f"llmprep show {some_id} (colour terminal)", shown, TARGETS_MS["show"]))
    quiz = _time_in_terminal(["quiz", "-n", "1", "--cram"], r"\[1/1\]", repeats, env)
    results.append(_row("llmprep quiz: first question on screen", quiz, TARGETS_MS["quiz"]))
    folder = synthetic_bank(Path(tmp) / "synthetic")
    cold, warm = time_bank_load(folder, max(3, repeats // 3))
    target = TARGETS_MS["load-5000"]
    results.append(_row("load + validate 5,000 entries, first (parse)", cold, target))
    results.append(_row("load + validate 5,000 entries, again (cache)", warm, target))
    return results


def _row(what: str, median_ms: float, target_ms: float) -> dict:
    return {"what": what, "median_ms": round(median_ms, 1), "target_ms": target_ms,
            "ok": median_ms <= target_ms}  # fmt: skip


def print_table(rows: list[dict]) -> None:
    print(f"{'what':<52} {'median ms':>10} {'target':>8}  ok")
    for row in rows:
        ok = "yes" if row["ok"] else "NO"
        if row.get("ratio"):
            shown, target = f"x{row['median_ms']:.2f}", f"x{row['target_ms']}"
        else:
            shown, target = f"{row['median_ms']:.1f}", str(row["target_ms"] or "-")
        print(f"{row['what']:<52} {shown:>10} {target:>8}  {ok}")


if __name__ == "__main__":
    print_table(run())
