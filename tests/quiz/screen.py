"""A program in a pseudo-terminal and the screen a person sees, for the quiz's terminal tests.

pexpect runs the program in a pty; pyte, a terminal emulator, reads everything it writes and
keeps the screen and its scrollback, so a test asserts on what is on screen rather than on the
raw bytes. The emulator answers the program's cursor-position queries as a real terminal does.
"""

from __future__ import annotations

import re
import time

import pexpect
import pyte

BRACKETED_PASTE = "\x1b[200~{}\x1b[201~"  # what a terminal sends for a paste
ALT_ENTER = "\x1b\r"


class TmuxScreen(pyte.HistoryScreen):
    """pyte's screen, clearing as tmux does: with its `scroll-on-clear` option (on by default),
    erasing the whole screen from the top-left corner first moves what is on it into the
    scrollback, so a program that redraws a full screen that way leaves a copy behind."""

    def erase_in_display(self, how=0, *args, **kwargs):
        if how == 2 or (how == 0 and self.cursor.x == 0 and self.cursor.y == 0):
            rows = [self.buffer[y] for y in range(self.lines)]
            while rows and not "".join(char.data for char in rows[-1].values()).strip():
                rows.pop()
            for row in rows:
                kept = type(row)(row.default)
                kept.update(row)
                self.history.top.append(kept)
        super().erase_in_display(how, *args, **kwargs)


class Terminal:
    """`Terminal(argv, env)`: type with `send`, wait with `wait_for`, read with `lines`."""

    def __init__(self, argv: list[str], env: dict, rows: int = 24, columns: int = 80):
        self.screen = TmuxScreen(columns, rows, history=10_000)
        self.stream = pyte.Stream(self.screen)
        self.child = pexpect.spawn(
            argv[0], argv[1:], env=env, encoding="utf-8", dimensions=(rows, columns),
            timeout=None,
        )  # fmt: skip
        self.screen.write_process_input = self.child.send  # replies to cursor-position queries

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def pump(self, seconds: float = 0.05) -> bool:
        """Read what the program writes for up to `seconds`; False once it has exited."""
        try:
            self.stream.feed(self.child.read_nonblocking(65536, timeout=seconds))
        except pexpect.TIMEOUT:
            pass
        except pexpect.EOF:
            return False
        return True

    def wait_for(self, pattern: str, timeout: float = 60) -> re.Match:
        """Read until `pattern` (a regex) is on screen or in the scrollback; fail after `timeout`
        seconds (a limit for hangs only: it is never reached by a working program)."""
        return self.wait_until(lambda text: re.search(pattern, text), repr(pattern), timeout)

    def wait_until(self, found, what: str, timeout: float = 60):
        """Read until `found(text)` is true, text being the scrollback and the screen; return it."""
        deadline = time.monotonic() + timeout
        while True:
            result = found(self.text())
            if result:
                return result
            alive = self.pump()
            if not alive or time.monotonic() > deadline:
                result = found(self.text())
                if result:
                    return result
                state = "exited" if not alive else "timed out"
                raise AssertionError(f"{state} waiting for {what}; screen:\n{self.text()}")

    def wait_for_exit(self, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while self.pump():
            assert time.monotonic() < deadline, f"still running; screen:\n{self.text()}"
        self.child.close()
        return self.child.exitstatus

    def settle(self, seconds: float = 0.5) -> None:
        """Keep reading for `seconds`: to see that something does not happen."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.pump():
            pass

    def rows(self) -> list[list]:
        """Every row of the scrollback and the screen, as pyte characters."""
        history = [
            [line[x] for x in range(self.screen.columns)] for line in self.screen.history.top
        ]
        screen = [
            [self.screen.buffer[y][x] for x in range(self.screen.columns)]
            for y in range(self.screen.lines)
        ]
        return history + screen

    def lines(self) -> list[str]:
        return ["".join(char.data for char in row).rstrip() for row in self.rows()]

    def text(self) -> str:
        return "\n".join(self.lines())

    def close(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)
