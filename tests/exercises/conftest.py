"""Helpers of the exercise tests: grade files in a child process, several at a time."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from llmprep.exercises.catalogue import get_exercise
from llmprep.exercises.runner import Report, grade

HERE = Path(__file__).resolve().parent
WRONG = HERE / "wrong"
ALTERNATIVE = HERE / "alternative"
HINT_FOLLOWERS = HERE / "hint_followers"

# Candidate files are graded, never imported by the test run (--doctest-modules would import them).
collect_ignore = ["wrong", "alternative", "hint_followers"]


def grade_file(exercise_id: str, path: Path, **limits) -> Report:
    return grade(get_exercise(exercise_id), path, **limits)


def grade_all(jobs: dict[str, tuple], workers: int = 2) -> dict[str, Report]:
    """Grade every (exercise id, path[, limits]) of `jobs` concurrently; reports by the same keys."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {
            key: pool.submit(grade_file, job[0], job[1], **(job[2] if len(job) > 2 else {}))
            for key, job in jobs.items()
        }
        return {key: future.result() for key, future in futures.items()}


def statuses(report: Report) -> dict[str, str]:
    return {test.name: test.status for test in report.tests}


def failures(report: Report) -> str:
    """The failed checks and their messages, for assertion messages of these tests."""
    lines = [
        f"{test.status}: {test.name}: {test.message}"
        for test in report.tests
        if test.status != "passed"
    ]
    return "\n".join([f"error: {report.error}", *lines, "output:", report.output[-2000:]])


def run_llmprep(
    *args: str, env: dict | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """`python -m llmprep ARGS` with plain 100-column output, as a user runs it."""
    full_env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "llmprep", *args],
        capture_output=True, text=True, env=full_env, timeout=timeout,
    )  # fmt: skip
