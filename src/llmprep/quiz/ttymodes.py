"""The terminal's own input queue and echo, for the quiz (POSIX termios; elsewhere nothing to do).

Between two prompts the terminal itself would echo a key and hold it for the next read. During a
quiz its echo is off (`echo_off`, undone by `restore`), so a key pressed before a prompt is drawn
appears in that prompt rather than as stray text above it; and `flush_input` drops the keys
pressed before a question or a result was on screen. prompt_toolkit sets its own modes while a
prompt runs and puts these back after it.
"""

from __future__ import annotations

import contextlib
import sys

try:
    import termios
except ImportError:  # pragma: no cover - Windows: the console neither echoes nor queues this way
    termios = None

_NOT_A_TERMINAL = (OSError, ValueError) + ((termios.error,) if termios else ())


def echo_off() -> list | None:
    """Stop the terminal echoing keys; the modes to `restore` (None if stdin is no terminal)."""
    if termios is None:  # pragma: no cover
        return None
    try:
        saved = termios.tcgetattr(sys.stdin.fileno())
        quiet = termios.tcgetattr(sys.stdin.fileno())
        quiet[3] &= ~termios.ECHO  # the local modes
        termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, quiet)
    except _NOT_A_TERMINAL:
        return None
    return saved


def restore(saved: list | None) -> None:
    """Put back the modes `echo_off` saved."""
    if saved is None or termios is None:
        return
    with contextlib.suppress(*_NOT_A_TERMINAL):
        termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, saved)


def flush_input() -> None:
    """Drop what was typed on the terminal and not read yet."""
    if termios is None:  # pragma: no cover
        return
    with contextlib.suppress(*_NOT_A_TERMINAL):
        termios.tcflush(sys.stdin.fileno(), termios.TCIFLUSH)
