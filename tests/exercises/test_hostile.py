"""Hostile and broken code gets a clear report: never a hang, never a pass, never our traceback.

Each case is a KNN file graded through the real command, `llmprep run knn --file F --json`. The
cases run two at a time, once per test session; each test then checks one of them.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.exercises.conftest import run_llmprep

GOOD_KNN = """
import numpy as np


class KNNClassifier:
    def __init__(self, n_neighbors=5):
        self.n_neighbors = n_neighbors

    def fit(self, X, y):
        self.X_ = np.asarray(X, dtype=float)
        self.classes_, self.y_ = np.unique(np.asarray(y), return_inverse=True)
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        distances = ((X[:, None, :] - self.X_[None, :, :]) ** 2).sum(axis=2)
        nearest = np.argsort(distances, axis=1)[:, : self.n_neighbors]
        votes = [np.bincount(self.y_[row], minlength=len(self.classes_)).argmax() for row in nearest]
        return self.classes_[votes]
"""


def replacing_fit(body: str) -> str:
    """GOOD_KNN whose fit runs `body` first."""
    return GOOD_KNN + textwrap.dedent(
        """
        _fit = KNNClassifier.fit

        def _hostile_fit(self, X, y):
        {body}
            return _fit(self, X, y)

        KNNClassifier.fit = _hostile_fit
        """
    ).format(body=textwrap.indent(textwrap.dedent(body).strip(), "    "))


LOOP_TIMEOUT = 3  # seconds; an endless loop is stopped at this --timeout

# case -> (source of the file, extra options of `llmprep run`)
CASES = {
    # The limit starts with the candidate's code, so a short one holds on a loaded machine.
    "endless loop in fit": (
        replacing_fit("while True:\n    pass"),
        ["--timeout", f"{LOOP_TIMEOUT}"],
    ),
    "hangs in the third check": (
        replacing_fit(
            "import os\n"
            "KNNClassifier.calls = int(os.environ.get('CALLS', '0')) + 1\n"
            "os.environ['CALLS'] = str(KNNClassifier.calls)\n"
            "while KNNClassifier.calls >= 3:\n    pass"
        ),
        ["--timeout", f"{LOOP_TIMEOUT}"],
    ),
    "2,000 lines, then an endless loop": (
        replacing_fit("for step in range(2000):\n    print(f'step {step}')\nwhile True:\n    pass"),
        ["--timeout", f"{LOOP_TIMEOUT}"],
    ),
    "endless loop at import": (
        "while True:\n    pass\n" + GOOD_KNN,
        ["--timeout", f"{LOOP_TIMEOUT}"],
    ),
    "sys.exit at import": ("import sys\nsys.exit(0)\n" + GOOD_KNN, []),
    "sys.exit in fit": (replacing_fit("import sys\nsys.exit(0)"), []),
    "os._exit in fit": (replacing_fit("import os\nos._exit(0)"), []),
    "segfault in fit": (replacing_fit("import ctypes\nctypes.string_at(0)"), []),
    "syntax error": (
        "import numpy as np\n\nclass KNNClassifier:\n    def fit(self X, y):\n        pass\n",
        [],
    ),
    "import error": ("import numpy as np\nimport not_a_real_module\n" + GOOD_KNN, []),
    "missing class": (GOOD_KNN.replace("class KNNClassifier", "class KnnClassifier"), []),
    "not a class": ("KNNClassifier = 'a string'\n", []),
    "10 MB printed": (replacing_fit("print('x' * 10_000_000)"), []),
    "allocation past the cap": (
        replacing_fit("import numpy\nself.huge = numpy.ones(3 * 2**30 // 8)"),
        ["--memory", "1024"],
    ),
    "KeyboardInterrupt in fit": (replacing_fit("raise KeyboardInterrupt"), []),
}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """`llmprep run knn --file F --json` of every case: (exit code, JSON report, stderr, seconds)."""
    home = tmp_path_factory.mktemp("hostile-home")

    def run(case: str):
        source, options = CASES[case]
        path = tmp_path_factory.mktemp("hostile") / "knn.py"
        path.write_text(source, encoding="utf-8")
        started = time.monotonic()
        done = run_llmprep(
            "run", "knn", "--file", str(path), "--json", *options, env={"LLMPREP_HOME": str(home)}
        )
        report = json.loads(done.stdout) if done.stdout.strip() else None
        return done.returncode, report, done.stderr, time.monotonic() - started

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {case: pool.submit(run, case) for case in CASES}
        return {case: future.result() for case, future in futures.items()}


def outcome(results, case):
    code, report, stderr, seconds = results[case]
    assert report is not None, f"no JSON report; stderr: {stderr}"
    assert "Traceback" not in stderr, stderr
    assert set(report) >= {"exercise", "passed", "failed", "error", "tests"}
    return code, report, seconds


def message_of(report, name):
    return next(test["message"] for test in report["tests"] if test["name"] == name)


def test_run_fails_the_check_that_hangs_and_does_not_run_the_rest(results):
    """An endless loop is a failed check ("did not finish"), not a file that cannot be graded."""
    code, report, seconds = outcome(results, "endless loop in fit")
    assert code == 1 and report["error"] is None and report["passed"] == 1  # the output check
    first = report["tests"][0]
    assert (first["name"], first["status"]) == ("fit returns self", "failed")
    assert first["message"].startswith(
        f"did not finish within the time limit ({LOOP_TIMEOUT} s): an endless loop? It may be intermittent"
    )
    assert {test["status"] for test in report["tests"][1:-1]} == {"not run"}
    assert report["tests"][-1] == {
        "name": "prints at most 1 MiB",
        "status": "passed",
        "message": "",
    }
    assert seconds < LOOP_TIMEOUT + 60  # a hang guard, not a measurement


def test_run_that_hangs_after_passing_checks_fails_only_the_one_that_hangs(results):
    code, report, _ = outcome(results, "hangs in the third check")
    statuses = [test["status"] for test in report["tests"]]
    assert code == 1 and report["error"] is None
    assert statuses[:3] == ["passed", "passed", "failed"] and set(statuses[3:-1]) == {"not run"}
    assert "did not finish" in report["tests"][2]["message"]


def test_a_timed_out_run_shows_the_start_and_end_of_its_output(results):
    code, report, _ = outcome(results, "2,000 lines, then an endless loop")
    lines = report["output"].splitlines()
    assert code == 1 and report["output_truncated"]
    assert 35 <= len(lines) <= 45, len(lines)
    assert lines[0] == "step 0" and lines[-1] == "step 1999"
    assert "1,960 more lines" in report["output"]


def test_run_stops_an_endless_loop_at_import(results):
    code, report, seconds = outcome(results, "endless loop at import")
    assert code == 2
    assert f"timed out after {LOOP_TIMEOUT} s" in report["error"]
    assert "while importing knn.py" in report["error"]
    assert seconds < LOOP_TIMEOUT + 30  # a hang guard, not a measurement


def test_run_reports_sys_exit_at_import(results):
    code, report, _ = outcome(results, "sys.exit at import")
    assert code == 2 and report["tests"] == []
    assert "knn.py called sys.exit(0) while being imported (knn.py, line 2" in report["error"]


def test_run_fails_the_checks_where_fit_calls_sys_exit(results):
    code, report, _ = outcome(results, "sys.exit in fit")
    assert code == 1 and report["error"] is None
    assert "your code called sys.exit(0) in _hostile_fit()" in message_of(
        report, "fit returns self"
    )


def test_run_reports_os_exit_in_fit(results):
    code, report, _ = outcome(results, "os._exit in fit")
    assert code == 2 and report["passed"] == 0
    assert "ended early with exit code 0" in report["error"]
    assert "while running “fit returns self”" in report["error"]


def test_run_reports_a_segfault(results):
    code, report, _ = outcome(results, "segfault in fit")
    assert code == 2 and report["passed"] == 0
    assert "crashed (SIGSEGV" in report["error"]
    assert "in _hostile_fit() while running “fit returns self”" in report["error"]
    # Python's crash dump is cut down to the candidate's own frames.
    assert "knn.py" in report["output"] and "_pytest" not in report["output"]


def test_run_reports_a_syntax_error_with_its_line(results):
    code, report, _ = outcome(results, "syntax error")
    assert code == 2
    assert "knn.py has a syntax error" in report["error"] and "line 4" in report["error"]


def test_run_reports_an_import_error(results):
    code, report, _ = outcome(results, "import error")
    assert code == 2
    assert "No module named 'not_a_real_module'" in report["error"]
    assert "(knn.py, line 2" in report["error"]


def test_run_reports_a_missing_class(results):
    code, report, _ = outcome(results, "missing class")
    assert code == 2
    assert "does not define a class named KNNClassifier" in report["error"]
    assert "rename it to KNNClassifier" in report["error"]


def test_run_reports_a_name_that_is_not_a_class(results):
    code, report, _ = outcome(results, "not a class")
    assert code == 2
    assert "KNNClassifier in knn.py must be a class, but it is a str" in report["error"]


def test_run_truncates_10_mb_of_output_and_fails_the_output_check(results):
    code, report, _ = outcome(results, "10 MB printed")
    assert code == 1 and report["error"] is None
    assert report["output_bytes"] >= 10_000_000
    assert len(report["output"]) < 10_000
    assert "bytes of output not shown" in report["output"]
    failed = [test["name"] for test in report["tests"] if test["status"] != "passed"]
    assert failed == ["prints at most 1 MiB"]


def test_run_reports_an_allocation_past_the_memory_cap(results):
    code, report, _ = outcome(results, "allocation past the cap")
    assert code == 1 and report["error"] is None
    passed = [test["name"] for test in report["tests"] if test["status"] == "passed"]
    assert passed == [
        "uses only numpy and the standard library (the task's rule)",
        "prints at most 1 MiB",
    ]
    message = message_of(report, "fit returns self")
    assert "ran out of memory" in message and "the grader allows 1 GiB" in message


def test_run_reports_a_keyboard_interrupt_raised_by_the_code(results):
    code, report, _ = outcome(results, "KeyboardInterrupt in fit")
    assert code == 2
    assert "interrupted while running “fit returns self”" in report["error"]


def test_no_hostile_case_passes(results):
    for case in CASES:
        code, report, _ = outcome(results, case)
        assert code in (1, 2), case
        assert report["passed"] < len(report["tests"]) or report["error"], case


def test_run_time_limit_starts_when_the_candidates_code_starts(tmp_path):
    """A grader slow to start (3 s here, on purpose) does not use up the candidate's --timeout 1."""
    slow_start = tmp_path / "slow-start"
    slow_start.mkdir()
    (slow_start / "sitecustomize.py").write_text(
        # Only in the grading process: the runner sets LLMPREP_MEMORY_LIMIT there.
        "import os, time\nif 'LLMPREP_MEMORY_LIMIT' in os.environ:\n    time.sleep(3)\n",
        encoding="utf-8",
    )
    path = tmp_path / "knn.py"
    path.write_text(replacing_fit("while True:\n    pass"), encoding="utf-8")
    python_path = os.pathsep.join(filter(None, [str(slow_start), os.environ.get("PYTHONPATH")]))
    done = run_llmprep(
        "run", "knn", "--file", str(path), "--json", "--timeout", "1",
        env={"PYTHONPATH": python_path, "LLMPREP_HOME": str(tmp_path / "home")},
    )  # fmt: skip
    report = json.loads(done.stdout)
    first = report["tests"][0]
    assert (first["name"], first["status"]) == ("fit returns self", "failed"), report  # fit ran
    assert first["message"].startswith("did not finish within the time limit (1 s)")


ESCAPING = """
import os, subprocess, sys, time

PIDS = {pids!r}


def _note(pid):
    open(os.path.join(PIDS, str(pid)), "w").close()


# 1. A child in a session of its own, out of the grading process's group.
_note(subprocess.Popen(["sleep", "600"], start_new_session=True).pid)
# 2. A double fork: the grandchild is orphaned, in a new session.
_middle = os.fork()
if _middle == 0:
    os.setsid()
    if os.fork() == 0:
        _note(os.getpid())
        os.execvp("sleep", ["sleep", "600"])
    os._exit(0)
os.waitpid(_middle, 0)
# 3. A daemon that also drops the grading's environment.
_DAEMON = (
    "import os, sys, time\\n"
    "if os.fork():\\n    sys.exit(0)\\n"
    "os.setsid()\\n"
    "open(os.path.join(sys.argv[1], str(os.getpid())), 'w').close()\\n"
    "time.sleep(600)\\n"
)
subprocess.Popen([sys.executable, "-c", _DAEMON, PIDS], env={{}}, start_new_session=True)
_deadline = time.monotonic() + 30
while len(os.listdir(PIDS)) < 3 and time.monotonic() < _deadline:
    time.sleep(0.01)
"""


@pytest.mark.parametrize("ending", ["checks pass", "time limit", "SIGTERM"])
def test_run_leaves_no_process_of_the_code_running(tmp_path, ending):
    """Processes started in a new session, double-forked or without our environment all end."""
    pids = tmp_path / "pids"
    pids.mkdir()
    source = ESCAPING.format(pids=str(pids)) + GOOD_KNN
    if ending != "checks pass":
        source = source.replace(
            "    def fit(self, X, y):\n",
            "    def fit(self, X, y):\n        while True:\n            pass\n",
        )
    path = tmp_path / "knn.py"
    path.write_text(source, encoding="utf-8")
    command = [sys.executable, "-m", "llmprep", "run", "knn", "--file", str(path), "--json"]
    if ending == "time limit":
        command += ["--timeout", "2"]
    env = {**os.environ, "LLMPREP_HOME": str(tmp_path / "home")}
    llmprep = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    started: list[int] = []
    try:
        deadline = time.monotonic() + 120  # a hang guard
        while len(started) < 3 and time.monotonic() < deadline and llmprep.poll() is None:
            started = [int(name) for name in os.listdir(pids)]
            time.sleep(0.05)
        if ending == "SIGTERM":
            llmprep.send_signal(signal.SIGTERM)
        stdout, stderr = llmprep.communicate(timeout=120)
        started = [int(name) for name in os.listdir(pids)]
        assert len(started) >= 3, (stdout, stderr)
        assert [pid for pid in started if _alive(pid)] == []
        if ending == "checks pass":
            assert json.loads(stdout)["exit_code"] == 0
    finally:
        llmprep.kill()
        for pid in started:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def test_grading_without_a_subreaper_still_ends_what_carries_its_marker(tmp_path, monkeypatch):
    """Where prctl is refused, grading still works and ends the processes that keep its marker."""
    from llmprep.exercises import containment
    from tests.exercises.conftest import grade_file

    monkeypatch.setattr(containment, "prctl", lambda option, value: False)
    pids = tmp_path / "pids"
    pids.mkdir()
    path = tmp_path / "knn.py"
    path.write_text(ESCAPING.format(pids=str(pids)) + GOOD_KNN, encoding="utf-8")
    started: list[int] = []
    try:
        report = grade_file("knn", path)
        started = [int(name) for name in os.listdir(pids)]
        assert report.exit_code == 0, report.error
        ended = [pid for pid in started if not _alive(pid)]
        assert len(ended) >= 2, started  # the new-session child and the double-forked grandchild
    finally:
        for pid in started:  # the daemon without our environment may have escaped: end it
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def test_run_kills_what_the_code_left_running(tmp_path):
    pid_file = tmp_path / "pid"
    source = (
        f"import subprocess\nchild = subprocess.Popen(['sleep', '600'])\n"
        f"open({str(pid_file)!r}, 'w').write(str(child.pid))\n" + GOOD_KNN
    )
    path = tmp_path / "knn.py"
    path.write_text(source, encoding="utf-8")
    done = run_llmprep("run", "knn", "--file", str(path), "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_run_stopped_by_a_signal_ends_the_graded_code(tmp_path, signal_name):
    """`kill -TERM` (or a closed terminal's SIGHUP) to llmprep also ends the candidate's loop."""
    pid_file = tmp_path / "pid"
    path = tmp_path / "knn.py"
    path.write_text(
        replacing_fit(
            f"import os\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\nwhile True:\n    pass"
        ),
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "llmprep", "run", "knn", "--file", str(path), "--json"]
    env = {**os.environ, "LLMPREP_HOME": str(tmp_path / "home")}
    llmprep = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        pid = _wait_for_pid(pid_file)
        llmprep.send_signal(getattr(signal, signal_name))
        _, stderr = llmprep.communicate(timeout=60)
        assert llmprep.returncode == 128 + getattr(signal, signal_name)
        assert f"grading stopped by {signal_name}" in stderr.decode()
        assert not _alive(pid), "the candidate's endless loop is still running"
    finally:
        llmprep.kill()
        with contextlib.suppress(ProcessLookupError, ValueError, OSError):
            os.kill(_read_pid(pid_file), signal.SIGKILL)


def _wait_for_pid(path: Path) -> int:
    deadline = time.monotonic() + 120  # a hang guard: the grader starts in a few seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, ValueError):
            return _read_pid(path)
        time.sleep(0.05)
    raise AssertionError(f"the graded code never wrote {path}")


def _read_pid(path: Path) -> int:
    return int(path.read_text(encoding="utf-8"))


def _alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie waiting for init to reap it does not count)."""
    stat = Path(f"/proc/{pid}/stat")
    if stat.parent.parent.is_dir() and Path("/proc/self").exists():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_grading_starting_alongside_is_never_taken_for_an_orphan():
    """Between starting its process and registering it, another grading's newborn process has no
    marker yet and looks like an orphan of ours: while two gradings are under way, the clean-up of
    one never kills it (it did under load: the other grading's process died 20 ms after starting)."""
    import subprocess
    import sys

    from llmprep.exercises import containment

    env = {k: v for k, v in os.environ.items() if k != containment.MARKER_ENV}
    sleeper = [sys.executable, "-c", "import time; time.sleep(30)"]
    with containment.subreaper():
        root = subprocess.Popen(sleeper, env=env)  # this grading's own process
        try:
            with containment.subreaper():  # a second grading is under way...
                newborn = subprocess.Popen(sleeper, env=env)  # ...and has not registered yet
                try:
                    targets = {p.pid for p in containment._targets(root.pid, "token")}
                    assert newborn.pid not in targets
                finally:
                    newborn.kill()
                    newborn.wait()
            alone = subprocess.Popen(sleeper, env=env)  # with one grading, an orphan is ours
            try:
                assert alone.pid in {p.pid for p in containment._targets(root.pid, "token")}
            finally:
                alone.kill()
                alone.wait()
        finally:
            root.kill()
            root.wait()
