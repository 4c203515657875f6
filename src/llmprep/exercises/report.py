"""What grading a file found, built from the grading process's events and how that process ended.

The pytest plugin appends one JSON line per event (file loaded, tests collected, test started, test
result, finished), so the events are there even if the candidate's code crashed, exited or hung:
the last test started is the one that stopped it.
"""

from __future__ import annotations

import json
import os
import re
import signal
from dataclasses import dataclass, field
from pathlib import Path

OUTPUT_ALLOWED = 2**20  # bytes the candidate's code may print before the output check fails
EVENTS_LIMIT = 4 * 2**20  # bytes of the event file read at most


@dataclass(slots=True)
class TestResult:
    """One check: its readable name, `passed`, `failed`, `error`, `skipped` or `not run`, and why."""

    name: str
    status: str
    message: str = ""

    def to_dict(self) -> dict:
        return {"name": self.name, "status": self.status, "message": self.message}


@dataclass(slots=True)
class Report:
    """What grading a file found. `error` is set when the file could not be graded."""

    exercise: str
    file: str
    tests: list[TestResult] = field(default_factory=list)
    error: str | None = None
    output: str = ""
    output_bytes: int = 0
    duration_ms: int = 0
    output_truncated: bool = False

    @property
    def passed(self) -> int:
        return sum(test.status == "passed" for test in self.tests)

    @property
    def failed(self) -> int:
        return sum(test.status in ("failed", "error") for test in self.tests)

    @property
    def total(self) -> int:
        return len(self.tests)

    @property
    def exit_code(self) -> int:
        """0 when every check passed, 1 when any failed, 2 when the file could not be graded."""
        if self.error is not None:
            return 2
        return 0 if self.passed == self.total else 1

    def to_dict(self) -> dict:
        return {
            "exercise": self.exercise,
            "file": self.file,
            "passed": self.passed,
            "failed": self.failed,
            "total": self.total,
            "error": self.error,
            "exit_code": self.exit_code,
            "tests": [test.to_dict() for test in self.tests],
            "output": self.output,
            "output_bytes": self.output_bytes,
            "output_truncated": self.output_truncated,
            "duration_ms": self.duration_ms,
        }


@dataclass(slots=True)
class ChildEnd:
    """How the grading process ended, as the runner saw it."""

    returncode: int
    timed_out: bool  # the candidate's code ran past the time limit
    output: str
    output_bytes: int
    output_truncated: bool = False
    never_started: bool = False  # the grader itself did not reach the candidate's code in time


def read_events(path: Path) -> list[dict]:
    """The events the grading process wrote, skipping a line cut short by a crash."""
    try:
        with open(path, "rb") as file:
            data = file.read(EVENTS_LIMIT)
    except OSError:
        return []
    events = []
    for line in data.decode("utf-8", errors="replace").splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict):
            events.append(event)
    return events


@dataclass(slots=True)
class _Progress:
    """How far the child got, from its events."""

    phase: str = "start"  # start -> import -> tests
    error: str | None = None
    collected: list[str] = field(default_factory=list)
    results: list[TestResult] = field(default_factory=list)
    running: str | None = None
    finished: bool = False

    @classmethod
    def from_events(cls, events: list[dict]) -> _Progress:
        progress = cls()
        for event in events:
            kind = event.get("event")
            if kind == "load":
                progress.phase = "import"
            elif kind == "error" and progress.error is None:
                progress.error = str(event.get("message"))
            elif kind == "collected":
                progress.phase = "tests"
                progress.collected = [str(name) for name in event.get("tests", [])]
            elif kind == "start":
                progress.running = str(event.get("name"))
            elif kind == "result":
                status, message = str(event.get("status")), str(event.get("message") or "")
                progress.results.append(TestResult(str(event.get("name")), status, message))
                progress.running = None
            elif kind == "finish":
                progress.finished = True
        return progress


def build_report(
    exercise_id: str, impl: Path, events: list[dict], child: ChildEnd, timeout: float
) -> Report:
    """The report of one grading, from its events and how its process ended."""
    progress = _Progress.from_events(events)
    report = Report(
        exercise_id,
        str(impl),
        list(progress.results),
        progress.error,
        child.output,
        child.output_bytes,
        output_truncated=child.output_truncated,
    )
    if progress.phase == "start":
        report.error = _never_started(child, impl)
    elif child.timed_out and progress.running is not None and progress.error is None:
        # A check that never ends is a failed check, like any other: the rest are not run.
        report.tests.append(TestResult(progress.running, "failed", _hung(progress, timeout)))
    elif child.timed_out or not progress.finished or progress.running is not None:
        problem = (
            _stopped(child, timeout, impl)
            if not progress.finished
            else "the checks were interrupted"
        )
        report.output = _tidy_fault_dump(report.output, impl)
        where = (
            f"while running “{progress.running}”"
            if progress.running
            else _phase_text(progress.phase, impl.name)
        )
        hint = ". Raise --timeout if your code is only slow." if child.timed_out else ""
        report.error = f"{problem} {where}{hint}"
        if progress.running:
            report.tests.append(TestResult(progress.running, "error", problem))
    elif report.error is None and not progress.collected:
        report.error = "no checks were run (a bug in llmprep, please report it)"
    report.tests += [
        TestResult(name, "not run") for name in progress.collected[len(report.tests) :]
    ]
    if report.error is None:
        report.tests.append(_output_check(child.output_bytes))
    return report


def _hung(progress: _Progress, timeout: float) -> str:
    """The message of the check that was running when the time ran out."""
    base = str(progress.running).split(" [")[0]
    passed = [
        result.name[len(base) :].strip(" []")
        for result in progress.results
        if result.name.split(" [")[0] == base and result.status == "passed"
    ]
    limit = f"did not finish within the time limit ({timeout:g} s)"
    rest = "The checks after it were not run."
    if passed:
        return (
            f"{limit}, yet passed with {' and '.join(passed)}: your code loops forever on some "
            f"random draws, an intermittent hang (some runs finish, others never do). {rest}"
        )
    return (
        f"{limit}: an endless loop? It may be intermittent (a loop that stops only on some random "
        f"draws hangs in some runs, not in others); raise --timeout if your code is only slow. {rest}"
    )


def _never_started(child: ChildEnd, impl: Path) -> str:
    if child.never_started:
        return (
            f"the grader itself did not get as far as loading {impl.name} in time (your code never "
            "ran); its output is shown below. This is a bug in llmprep or a badly overloaded machine."
        )
    return (
        f"the grader stopped before it could load {impl.name} (exit code {child.returncode}); "
        "its output is shown below. If you lowered --memory, raise it; otherwise this is a bug "
        "in llmprep or a broken installation."
    )


def _output_check(printed: int) -> TestResult:
    """A check of the parent's own: an estimator may print a little, not flood the terminal."""
    name = f"prints at most {OUTPUT_ALLOWED // 2**20} MiB"
    if printed <= OUTPUT_ALLOWED:
        return TestResult(name, "passed")
    return TestResult(
        name, "failed",
        f"your code printed {printed:,} bytes while being graded; remove the debugging prints "
        "(only the beginning and the end of the output are shown below)",
    )  # fmt: skip


def _stopped(child: ChildEnd, timeout: float, impl: Path) -> str:
    if child.timed_out:
        return f"timed out after {timeout:g} s (an endless loop?)"
    code = child.returncode
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else f"signal {-code}"
        description = signal.strsignal(-code) or name
        frames = fault_dump_frames(child.output, impl)
        where = f" at {impl.name}, line {frames[0][0]} in {frames[0][1]}()" if frames else ""
        return f"the Python process running {impl.name} crashed ({name}: {description}){where}"
    return (
        f"the Python process running {impl.name} ended early with exit code {code} "
        "(does your code call sys.exit() or os._exit()?)"
    )


_FAULT_FRAME = re.compile(r'^\s+File "(?P<file>.+)", line (?P<line>\d+) in (?P<name>\S+)$')


def fault_dump_frames(output: str, impl: Path) -> list[tuple[int, str]]:
    """(line, function) of the candidate's frames in a faulthandler dump, innermost first."""
    target = os.path.realpath(impl)
    frames = []
    for line in output.splitlines():
        match = _FAULT_FRAME.match(line)
        if match and os.path.realpath(match["file"]) == target:
            frames.append((int(match["line"]), match["name"]))
    return frames


def _tidy_fault_dump(output: str, impl: Path) -> str:
    """Shorten Python's crash dump to the candidate's own frames (pytest's are noise to them)."""
    if "Fatal Python error:" not in output:
        return output
    target = os.path.realpath(impl)
    kept: list[str] = []
    skipping_modules = False
    for line in output.splitlines():
        match = _FAULT_FRAME.match(line)
        if match and os.path.realpath(match["file"]) != target:
            if kept and kept[-1] != "  ...":
                kept.append("  ...")
            continue
        if line.startswith("Extension modules:"):
            skipping_modules = True
        elif skipping_modules and not line.strip():
            skipping_modules = False
        if not skipping_modules:
            kept.append(line)
    return "\n".join(kept) + "\n"


def _phase_text(phase: str, file_name: str) -> str:
    return {"import": f"while importing {file_name}"}.get(phase, "before grading started")
