"""The two front-ends of a quiz: an interactive terminal, and piped input for scripts and tests.

On a terminal an open answer may run over several lines (an empty line or Ctrl-D ends it) and a
rating is one key press, 1-4, or Enter for the suggestion. From a pipe, each line is one answer
(empty: reveal; choice questions: option letters) and the suggested rating is taken.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from typing import TextIO

from rich.console import Console

from llmprep.bank.model import Entry
from llmprep.quiz import chinese, view
from llmprep.quiz.engine import Outcome, Result, Session, parse_choice


class PipedFrontend:
    """One line of `stream` per question; the suggested rating; output only if `console` is given."""

    def __init__(self, console: Console | None, stream: TextIO | None = None):
        self.console = console
        self.stream = stream or sys.stdin

    def _print(self, *renderables) -> None:
        if self.console is not None:
            self.console.print(*renderables)

    def ask(self, session: Session, entry: Entry, position: int) -> str | None:
        self._print(view.question_view(session, entry, position))
        line = self.stream.readline()
        if not line:
            return None  # end of input: stop, keeping what was answered
        answer = line.rstrip("\r\n")
        self._print(view.typed_answer(answer))
        return answer

    def show(self, session: Session, outcome: Outcome) -> None:
        self._print(view.result_view(outcome, session.lang))

    def rate(self, session: Session, outcome: Outcome) -> int:
        return outcome.suggested

    def rated(self, session: Session, result: Result) -> None:
        self._print(view.rated_line(result, session.clock(), session.lang))
        self._print()

    def finish(self, session: Session, summary: dict) -> None:
        self._print(view.summary_view(summary, session.clock(), session.lang))


class TerminalFrontend(PipedFrontend):
    """Rich on a terminal: multi-line answers, a key press to rate, a running clock in mock mode."""

    def __init__(self, console: Console, stream: TextIO | None = None):
        super().__init__(console, stream)
        with contextlib.suppress(ImportError):  # not on every platform
            import readline  # noqa: F401  (line editing and history for input())

    def ask(self, session: Session, entry: Entry, position: int) -> str | None:
        console = self.console
        console.rule(style="dim")
        console.print(view.question_view(session, entry, position))
        console.print(view.answer_help(entry, session.lang))
        chinese.preload()  # the grader's Chinese dictionary loads while the question is read
        with MockClock(console, session):
            if entry.is_choice:
                return self._read_choice(entry, session.lang)
            return self._read_lines()

    def _read_choice(self, entry: Entry, lang: str) -> str | None:
        while True:
            try:
                line = input("› ")
            except EOFError:
                return None
            if not line.strip() or parse_choice(line, len(entry.options)) is not None:
                return line
            self.console.print(view.chrome(lang)["bad_choice"], style="yellow")

    def _read_lines(self) -> str | None:
        lines: list[str] = []
        while True:
            try:
                line = input("› " if not lines else "  ")
            except EOFError:
                if not lines:
                    return None  # Ctrl-D on an empty answer: end the quiz
                print()
                break
            if not line.strip():
                break
            lines.append(line)
        return "\n".join(lines)

    def show(self, session: Session, outcome: Outcome) -> None:
        self.console.print()
        self.console.print(view.result_view(outcome, session.lang))

    def rate(self, session: Session, outcome: Outcome) -> int:
        previews = session.previews(outcome.entry)
        self.console.print()
        self.console.print(
            view.rating_prompt(outcome.suggested, previews, session.clock(), session.lang)
        )
        while True:
            key = read_key(self.stream)
            if key in ("1", "2", "3", "4"):
                return int(key)
            if key in ("\r", "\n", " ", ""):
                return outcome.suggested

    def rated(self, session: Session, result: Result) -> None:
        self.console.print(view.rated_line(result, session.clock(), session.lang))


def read_key(stream: TextIO) -> str:
    """One key press from a terminal without waiting for Enter (Ctrl-C still interrupts)."""
    try:
        import termios
        import tty
    except ImportError:  # pragma: no cover - Windows: fall back to a line
        return stream.readline()[:1]
    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        data = os.read(fd, 8)  # a whole escape sequence at most; only the first byte matters
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
    return data[:1].decode("ascii", "replace")


class MockClock:
    """In a mock interview, a clock in the top-right corner counting down while the candidate types.

    A background thread writes the time left once a second, saving and restoring the cursor
    (ESC 7 / ESC 8), so the line being typed is not disturbed. Off unless stdout is a terminal.
    """

    def __init__(self, console: Console, session: Session):
        self.console, self.session = console, session
        self.enabled = (
            session.time_limit is not None
            and console.is_terminal
            and not console.is_dumb_terminal
            and sys.stdout.isatty()
        )
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> MockClock:
        if self.enabled:
            self._thread = threading.Thread(target=self._tick, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=1)

    def _tick(self) -> None:
        while not self._stop.wait(1.0):
            left = self.session.time_left() or 0
            text = f" ⏱ {view.clock(left)} left " if left > 0 else " ⏱ time is up "
            column = max(1, self.console.width - len(text) - 1)
            sys.stdout.write(f"\x1b7\x1b[1;{column}H\x1b[7m{text}\x1b[0m\x1b8")
            sys.stdout.flush()
