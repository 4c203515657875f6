"""Grade a candidate's file: run its exercise's checks with pytest in a separate, limited process.

The child (`launcher.py`) caps its own memory (RLIMIT_AS) and runs pytest with llmprep's plugin,
which appends one JSON line per event to a file in a temporary folder. `process.py` runs the child
(timing the candidate's code, keeping its output short, ending everything it started) and
`report.py` turns the events and the way the child ended into the report.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from llmprep.exercises.candidate import MEMORY_LIMIT_ENV
from llmprep.exercises.limits import DEFAULT_MEMORY, DEFAULT_TIMEOUT
from llmprep.exercises.process import CannotGrade, GradingInterrupted, run_child
from llmprep.exercises.report import Report, TestResult, build_report, read_events

__all__ = ["CannotGrade", "GradingInterrupted", "Report", "TestResult", "grade"]


def grade(
    exercise, impl: Path, *, timeout: float = DEFAULT_TIMEOUT, memory: int = DEFAULT_MEMORY
) -> Report:
    """Run `exercise`'s checks on the file `impl` in a child process; never raises for bad code.

    `timeout` counts seconds from the moment the candidate's code starts; `memory` caps the child's
    address space in bytes. Raises CannotGrade when there is no file, and GradingInterrupted when
    this process is told to stop (SIGTERM, SIGHUP, SIGINT) while grading.
    """
    if not impl.is_file():
        raise CannotGrade(f"no file at {impl}")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="llmprep-grade-") as folder:
        tmp = Path(folder)
        (tmp / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        events = tmp / "events.jsonl"
        command = [
            sys.executable, "-m", "llmprep.exercises.launcher", str(memory), "--",
            "-c", str(tmp / "pytest.ini"), "--rootdir", str(tmp), "-s",
            "-p", "no:cacheprovider", "-p", "no:terminal", "-p", "no:warnings",
            "-p", "llmprep.exercises.plugin", "--llmprep-impl", str(impl.resolve()),
            "--llmprep-exercise", exercise.id, "--llmprep-report", str(events),
            str(exercise.checks_file),
        ]  # fmt: skip
        child = run_child(command, tmp, _child_env(memory), timeout, events)
        report = build_report(exercise.id, impl, read_events(events), child, timeout)
    report.duration_ms = round((time.monotonic() - started) * 1000)
    return report


def _child_env(memory: int) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    env.update(
        PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",  # only llmprep's plugin: the user's plugins stay out
        PYTHONUNBUFFERED="1",  # prints reach us in order, even right before a crash
        PYTHONDONTWRITEBYTECODE="1",  # no __pycache__ next to the candidate's file
        OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",  # small, steady
    )  # fmt: skip
    env[MEMORY_LIMIT_ENV] = str(memory)
    return env
