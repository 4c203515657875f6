"""Grade a candidate's file: run its exercise's checks with pytest in a separate, limited process.

The child (`launcher.py`) caps its own memory (RLIMIT_AS) and runs pytest with llmprep's plugin,
which appends one JSON line per event (file loaded, tests collected, test started, test result,
finished) to a file in a temporary folder. The parent here

- starts the child in a new session, so that on timeout the whole process group is killed
  (including anything the candidate's code started), and kills leftovers when it ends;
- reads the child's output as it comes, keeping only its beginning and end, so megabytes of
  prints cost neither memory nor terminal;
- builds the report from the events, which are there even if the child crashed, exited or hung:
  the last test started is the one that killed it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from llmprep.errors import LlmprepError
from llmprep.exercises.candidate import MEMORY_LIMIT_ENV
from llmprep.exercises.limits import DEFAULT_MEMORY, DEFAULT_TIMEOUT

OUTPUT_HEAD = 6000  # bytes of the candidate's output kept from its beginning...
OUTPUT_TAIL = 2000  # ...and from its end
OUTPUT_ALLOWED = 2**20  # bytes the candidate's code may print before the output check fails
EVENTS_LIMIT = 4 * 2**20  # bytes of the event file read at most
POLL_SECONDS = 0.02


class CannotGrade(LlmprepError):
    """The file cannot be graded at all (missing, or the grader itself could not start)."""

    exit_code = 2


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
            "duration_ms": self.duration_ms,
        }


def grade(
    exercise, impl: Path, *, timeout: float = DEFAULT_TIMEOUT, memory: int = DEFAULT_MEMORY
) -> Report:
    """Run `exercise`'s checks on the file `impl` in a child process; never raises for bad code."""
    if not impl.is_file():
        raise CannotGrade(f"no file at {impl}")
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
        started = time.monotonic()
        child = _run(command, tmp, _child_env(memory), timeout)
        report = _build_report(exercise.id, impl, _read_events(events), child, timeout)
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


# -- the child process ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Child:
    returncode: int
    timed_out: bool
    output: str
    output_bytes: int


class _CappedReader(threading.Thread):
    """Drains a pipe, keeping its first OUTPUT_HEAD and last OUTPUT_TAIL bytes and a byte count."""

    def __init__(self, pipe) -> None:
        super().__init__(daemon=True)
        self.pipe = pipe
        self.head = bytearray()
        self.tail: deque[bytes] = deque()
        self.tail_size = 0
        self.total = 0

    def run(self) -> None:
        fd = self.pipe.fileno()
        while chunk := os.read(fd, 65536):
            self.total += len(chunk)
            room = OUTPUT_HEAD - len(self.head)
            if room > 0:
                self.head += chunk[:room]
                chunk = chunk[room:]
            if chunk:
                self.tail.append(chunk[-OUTPUT_TAIL:])
                self.tail_size += len(self.tail[-1])
                while self.tail_size - len(self.tail[0]) >= OUTPUT_TAIL:
                    self.tail_size -= len(self.tail.popleft())

    def text(self) -> str:
        tail = b"".join(self.tail)[-OUTPUT_TAIL:]
        omitted = self.total - len(self.head) - len(tail)
        text = self.head.decode("utf-8", errors="replace")
        if omitted > 0:
            text += f"\n[… {omitted:,} bytes of output not shown …]\n"
        return text + tail.decode("utf-8", errors="replace")


def _run(command: list[str], cwd: Path, env: dict[str, str], timeout: float) -> _Child:
    try:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    except OSError as error:
        raise CannotGrade(f"could not start the grading process: {error}") from error
    reader = _CappedReader(process.stdout)
    reader.start()
    try:
        timed_out = not _wait_without_reaping(process.pid, time.monotonic() + timeout)
    finally:
        # The exited child stays a zombie until reaped, so its process group id cannot have been
        # reused: killing the group reaches exactly what the candidate's code left behind.
        _kill_group(process.pid)
        process.wait()
    reader.join(timeout=2.0)  # a process that escaped the group may still hold the pipe open
    return _Child(process.returncode, timed_out, reader.text(), reader.total)


def _wait_without_reaping(pid: int, deadline: float) -> bool:
    """Wait until process `pid` exits (True) or the deadline passes (False); do not reap it."""
    while True:
        if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_SECONDS)


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # nothing left to kill
        os.killpg(pgid, signal.SIGKILL)


# -- from events to a report ----------------------------------------------------------------------


def _read_events(path: Path) -> list[dict]:
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
            continue  # a line cut short by a crash
        if isinstance(event, dict):
            events.append(event)
    return events


@dataclass(slots=True)
class _Progress:
    """How far the child got, from its events."""

    phase: str = "start"  # start -> import -> collect -> tests
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
            elif kind == "loaded":
                progress.phase = "collect"
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


def _build_report(
    exercise_id: str, impl: Path, events: list[dict], child: _Child, timeout: float
) -> Report:
    progress = _Progress.from_events(events)
    report = Report(
        exercise_id,
        str(impl),
        list(progress.results),
        progress.error,
        child.output,
        child.output_bytes,
    )
    if progress.phase == "start" and not child.timed_out:
        report.error = (
            f"the grader stopped before it could load {impl.name} (exit code {child.returncode}); "
            "its output is shown below. If you lowered --memory, raise it; otherwise this is a bug "
            "in llmprep or a broken installation."
        )
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


def _stopped(child: _Child, timeout: float, impl: Path) -> str:
    if child.timed_out:
        return f"timed out after {timeout:g} s (an endless loop?)"
    code = child.returncode
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else f"signal {-code}"
        description = signal.strsignal(-code) or name
        frames = _fault_dump_frames(child.output, impl)
        where = f" at {impl.name}, line {frames[0][0]} in {frames[0][1]}()" if frames else ""
        return f"the Python process running {impl.name} crashed ({name}: {description}){where}"
    return (
        f"the Python process running {impl.name} ended early with exit code {code} "
        "(does your code call sys.exit() or os._exit()?)"
    )


_FAULT_FRAME = re.compile(r'^\s+File "(?P<file>.+)", line (?P<line>\d+) in (?P<name>\S+)$')


def _fault_dump_frames(output: str, impl: Path) -> list[tuple[int, str]]:
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
    return {
        "import": f"while importing {file_name}",
        "collect": "while loading the exercise's checks",
    }.get(phase, "before grading started")
