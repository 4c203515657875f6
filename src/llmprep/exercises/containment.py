"""Keep every process that graded code starts within reach, and end them all when grading ends.

The grading process runs in a session of its own, but the code it grades may start processes that
leave it: `subprocess.Popen(..., start_new_session=True)`, a double fork, a daemon. Three layers
find them:

1. The grading process and everything it starts carry a marker in their environment
   (`LLMPREP_GRADING=<token>`), so they can be told apart from other processes in /proc.
2. While anything is being graded, llmprep is a *child subreaper* (Linux,
   `prctl(PR_SET_CHILD_SUBREAPER)`): an orphaned descendant is re-parented to llmprep instead of
   to init, so it stays in llmprep's process tree even if it dropped the marker.
3. `end_everything` kills, round after round until none is left (a process may fork while its
   siblings die), every process in the grading process's session or below it in the tree, every
   process with its marker, and every unmarked orphan re-parented to llmprep while it graded, then
   reaps those that became llmprep's children.

Where prctl or /proc is missing (macOS and the BSDs), only the grading process's group is killed:
there a process the code started in a new session can outlive grading.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import sys
import threading
import time
from dataclasses import dataclass

MARKER_ENV = "LLMPREP_GRADING"  # token of the grading that started the process
PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
PROC = "/proc"
ROUNDS = 200  # kill-and-look rounds at most; each round kills everything found
REAP_SECONDS = 2.0  # how long to wait for one killed child of ours to become reapable

_lock = threading.Lock()
_subreaper_users = 0  # gradings running now in this process (they may run in threads)
_period_start: int | None = None  # when the current run of overlapping gradings began (ticks)
_graders: set[int] = set()  # pids of grading processes not yet reaped: never another's to kill


def new_token() -> str:
    """A marker value for one grading, unique among concurrent ones."""
    return secrets.token_hex(8)


def prctl(option: int, value: int) -> bool:
    """Call Linux's prctl(option, value); False where it is unavailable or fails."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(option, ctypes.c_ulong(value), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def die_with_parent() -> None:
    """In a child: ask Linux to SIGKILL this process when its parent dies (a no-op elsewhere)."""
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


@contextlib.contextmanager
def subreaper():
    """Make this process a child subreaper while the block runs (shared by concurrent gradings)."""
    global _subreaper_users, _period_start
    with _lock:
        if _subreaper_users == 0:
            prctl(PR_SET_CHILD_SUBREAPER, 1)
            _period_start = _now_ticks()
        _subreaper_users += 1
    try:
        yield
    finally:
        with _lock:
            _subreaper_users -= 1
            if _subreaper_users == 0:
                prctl(PR_SET_CHILD_SUBREAPER, 0)
                _period_start = None


def register(pid: int) -> None:
    """Note a grading process, so that no concurrent grading's clean-up kills or reaps it."""
    with _lock:
        _graders.add(pid)


def forget(pid: int) -> None:
    """The grading process `pid` has been reaped: its pid may now be reused."""
    with _lock:
        _graders.discard(pid)


def end_everything(pid: int, token: str) -> None:
    """Kill grading process `pid`'s group and all its descendants; `pid` itself is not reaped."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)  # its pid is not reaped yet, so it cannot be reused
    if not _has_proc():
        return
    for _ in range(ROUNDS):
        targets = _targets(pid, token)
        if not targets:
            return
        for target in targets:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(target.pid, signal.SIGKILL)
        for target in targets:
            if target.ppid == os.getpid():
                _reap(target.pid)


# -- /proc ----------------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class _Process:
    pid: int
    ppid: int
    session: int
    zombie: bool
    start: int  # clock ticks after boot


def _has_proc() -> bool:
    return os.path.isfile(f"{PROC}/self/stat")


def _stat(pid: int) -> _Process | None:
    try:
        with open(f"{PROC}/{pid}/stat", "rb") as file:
            text = file.read().decode("ascii", errors="replace")
    except OSError:
        return None
    fields = text.rpartition(")")[2].split()  # the name in parentheses may hold spaces
    try:
        return _Process(pid, int(fields[1]), int(fields[3]), fields[0] in "ZX", int(fields[19]))
    except (IndexError, ValueError):
        return None


def _processes() -> dict[int, _Process]:
    found = {}
    with contextlib.suppress(OSError):
        for entry in os.scandir(PROC):
            if entry.name.isdigit() and (process := _stat(int(entry.name))) is not None:
                found[process.pid] = process
    return found


def _marker(pid: int) -> str | None:
    """The grading token in the process's environment; None if absent or unreadable."""
    try:
        with open(f"{PROC}/{pid}/environ", "rb") as file:
            environ = file.read()
    except OSError:
        return None
    prefix = MARKER_ENV.encode() + b"="
    for item in environ.split(b"\0"):
        if item.startswith(prefix):
            return item[len(prefix) :].decode("ascii", errors="replace")
    return None


def _now_ticks() -> int:
    try:
        with open(f"{PROC}/uptime", encoding="ascii") as file:
            uptime = float(file.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return int(uptime * os.sysconf("SC_CLK_TCK")) - 1


def _targets(root: int, token: str) -> list[_Process]:
    """The live processes that belong to the grading rooted at `root` (never `root` itself)."""
    me = os.getpid()
    table = _processes()
    with _lock:
        others = _graders - {root}
        # Another grading may have started its process and not registered it yet: until it has,
        # its newborn process (still without the marker in its environment) looks like an orphan
        # of ours. Only a grading that is the only one under way takes unmarked processes.
        alone = not others and _subreaper_users <= 1
        since = _period_start if _period_start is not None else _now_ticks()
    owned = []
    for process in table.values():
        if process.pid in (me, root) or process.pid in others:
            continue
        if process.zombie and process.ppid != me:
            continue  # dead already; its parent, or we once it is re-parented, will reap it
        if process.session == root or _below(process, root, table):
            owned.append(process)
        elif process.start >= since:
            marker = _marker(process.pid)
            if marker == token or (marker is None and alone and process.ppid == me):
                owned.append(process)
    return owned


def _below(process: _Process, root: int, table: dict[int, _Process]) -> bool:
    seen = set()
    while process.ppid not in seen and process.ppid > 1:
        if process.ppid == root:
            return True
        seen.add(process.ppid)
        parent = table.get(process.ppid)
        if parent is None:
            return False
        process = parent
    return False


def _reap(pid: int) -> None:
    deadline = time.monotonic() + REAP_SECONDS
    while True:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return
        if done or time.monotonic() >= deadline:
            return
        time.sleep(0.005)
