"""Run the grading process: start it, time the candidate's code, keep its output short, end it all.

- The time limit starts when the candidate's code starts (the plugin's `load` event), not when the
  process starts: pytest's own start-up and the loading of the checks, slow on a loaded machine,
  are not the candidate's. The start-up has a generous limit of its own, for a grader that hangs.
- The output is read as it comes, keeping only its first and last lines, so megabytes of prints
  cost neither memory nor terminal.
- On every way out (the process ended, the time ran out, llmprep got SIGTERM, SIGHUP or Ctrl-C)
  the process and everything it started are killed (see `containment.py`).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import threading
import time
from collections import deque
from pathlib import Path

from llmprep.errors import LlmprepError
from llmprep.exercises import containment
from llmprep.exercises.report import ChildEnd

OUTPUT_HEAD = 6000  # bytes of the candidate's output kept from its beginning...
OUTPUT_TAIL = 2000  # ...and from its end
HEAD_LINES = 20  # lines shown from the beginning of a long output...
TAIL_LINES = 20  # ...and from its end
STARTUP_LIMIT = 300.0  # seconds the grader itself may take to reach the candidate's code
POLL_SECONDS = 0.02
ENDING_SIGNALS = ("SIGTERM", "SIGHUP", "SIGINT")


class CannotGrade(LlmprepError):
    """The file cannot be graded at all (missing, or the grader itself could not start)."""

    exit_code = 2


class GradingInterrupted(LlmprepError):
    """llmprep was told to stop (SIGTERM, SIGHUP) while grading; the graded code was stopped."""

    def __init__(self, signum: int) -> None:
        self.exit_code = 128 + signum
        name = signal.Signals(signum).name
        super().__init__(f"grading stopped by {name}; the graded code and its processes were ended")


class CappedReader(threading.Thread):
    """Drains a pipe, keeping its first OUTPUT_HEAD and last OUTPUT_TAIL bytes and counts."""

    def __init__(self, pipe) -> None:
        super().__init__(daemon=True)
        self.pipe = pipe
        self.head = bytearray()
        self.tail: deque[bytes] = deque()
        self.tail_size = 0
        self.total = 0
        self.lines = 0

    def run(self) -> None:
        fd = self.pipe.fileno()
        while chunk := os.read(fd, 65536):
            self.total += len(chunk)
            self.lines += chunk.count(b"\n")
            room = OUTPUT_HEAD - len(self.head)
            if room > 0:
                self.head += chunk[:room]
                chunk = chunk[room:]
            if chunk:
                self.tail.append(chunk[-OUTPUT_TAIL:])
                self.tail_size += len(self.tail[-1])
                while self.tail_size - len(self.tail[0]) >= OUTPUT_TAIL:
                    self.tail_size -= len(self.tail.popleft())

    def text(self) -> tuple[str, bool]:
        """The output's first HEAD_LINES and last TAIL_LINES lines, and whether any were cut."""
        head = bytes(self.head)
        tail = b"".join(self.tail)[-OUTPUT_TAIL:]
        if len(head) + len(tail) >= self.total:  # nothing was dropped: all of it, in one piece
            lines = _lines(head + tail)
            if len(lines) <= HEAD_LINES + TAIL_LINES:
                return "".join(lines), False
            shown_head, shown_tail = lines[:HEAD_LINES], lines[-TAIL_LINES:]
        else:
            tail_lines = _lines(tail)
            if len(tail_lines) > 1:
                tail_lines = tail_lines[1:]  # the first was cut in the middle
            shown_head, shown_tail = _lines(head)[:HEAD_LINES], tail_lines[-TAIL_LINES:]
        shown = "".join(shown_head + shown_tail)
        omitted_bytes = self.total - len(shown.encode("utf-8", errors="replace"))
        omitted_lines = max(self.lines - shown.count("\n"), 0)
        text = "".join(shown_head)
        if text and not text.endswith("\n"):
            text += "\n"
        lines_note = f"{omitted_lines:,} more lines, " if omitted_lines else ""
        marker = f"[… {lines_note}{omitted_bytes:,} bytes of output not shown …]\n"
        return text + marker + "".join(shown_tail), True


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8", errors="replace").splitlines(keepends=True)


class _LoadWatch:
    """Watches the events file for the plugin's `load` event: the candidate's code starts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0
        self.partial = b""
        self.seen = False

    def candidate_started(self) -> bool:
        if self.seen:
            return True
        try:
            with open(self.path, "rb") as file:
                file.seek(self.offset)
                data = file.read()
        except OSError:
            return False
        self.offset += len(data)
        *lines, self.partial = (self.partial + data).split(b"\n")
        for line in lines:
            with contextlib.suppress(ValueError):
                if json.loads(line).get("event") == "load":
                    self.seen = True
        return self.seen


def run_child(
    command: list[str], cwd: Path, env: dict[str, str], timeout: float, events: Path
) -> ChildEnd:
    """Run `command` until it ends or the candidate's code has run `timeout` s; end all it started."""
    token = containment.new_token()
    env = {**env, containment.MARKER_ENV: token}
    with containment.subreaper(), _Stopper() as stopper:
        try:
            process = subprocess.Popen(
                command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        except OSError as error:
            raise CannotGrade(f"could not start the grading process: {error}") from error
        containment.register(process.pid)
        reader = CappedReader(process.stdout)
        reader.start()
        try:
            stopper.arm()
            ended, started = _wait(process.pid, _LoadWatch(events), timeout)
        finally:
            stopper.disarm()  # a signal now waits until everything is cleaned up
            # Not reaped yet, the process keeps its pid: no other process can have taken it.
            containment.end_everything(process.pid, token)
            process.wait()
            containment.forget(process.pid)
        stopper.raise_if_stopped()
    reader.join(timeout=2.0)  # a process out of reach may still hold the pipe open
    output, truncated = reader.text()
    return ChildEnd(
        process.returncode,
        timed_out=not ended and started,
        output=output,
        output_bytes=reader.total,
        output_truncated=truncated,
        never_started=not ended and not started,
    )


def _wait(pid: int, watch: _LoadWatch, timeout: float) -> tuple[bool, bool]:
    """Wait, without reaping it, until process `pid` exits: (it ended, the candidate's code ran)."""
    deadline = time.monotonic() + STARTUP_LIMIT
    started = False
    while True:
        if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            return True, started or watch.candidate_started()
        if not started and watch.candidate_started():
            started = True
            deadline = time.monotonic() + timeout
        if time.monotonic() >= deadline:
            return False, started
        time.sleep(POLL_SECONDS)


class _Stopper:
    """Turns SIGTERM, SIGHUP and SIGINT into GradingInterrupted, but only where clean-up follows.

    While armed, a signal raises at once; otherwise (starting the process, cleaning up) it is
    remembered and raised by `arm` or `raise_if_stopped`. Signal handlers can only be set in the
    main thread; elsewhere the signals keep their usual effect.
    """

    def __init__(self) -> None:
        self.signum: int | None = None
        self.armed = False
        self.previous: dict[int, object] = {}

    def __enter__(self) -> _Stopper:
        if threading.current_thread() is threading.main_thread():
            for name in ENDING_SIGNALS:
                if hasattr(signal, name):
                    number = getattr(signal, name)
                    self.previous[number] = signal.signal(number, self._handle)
        return self

    def __exit__(self, *exc_info) -> None:
        for number, handler in self.previous.items():
            signal.signal(number, handler)

    def _handle(self, signum, _frame) -> None:
        if self.signum is None:
            self.signum = signum
        if self.armed:
            self.armed = False
            raise GradingInterrupted(signum)

    def arm(self) -> None:
        self.armed = True
        self.raise_if_stopped()

    def disarm(self) -> None:
        self.armed = False

    def raise_if_stopped(self) -> None:
        if self.signum is not None:
            self.armed = False
            raise GradingInterrupted(self.signum)
