"""The pytest plugin that grades a candidate's file: `pytest --llmprep-impl PATH`.

It is registered for every pytest run in this environment (entry point `pytest11`), so importing it
costs nothing and it does nothing unless `--llmprep-impl` is given. Then it:

1. works out the exercise (`--llmprep-exercise`, else the file's name, else the class the file
   defines) and, unless test paths were given, collects that exercise's module of `checks/`;
2. imports the candidate's file once the checks are collected (so the time limit, which starts
   with the `load` event, counts the candidate's code and not pytest's start-up). A file that
   cannot be imported, or that lacks the class, stops the run with one clear message instead of
   failing every test alike;
3. hands each check the candidate's class from a fresh import of the file (`isolation.py`), and
   turns each failure into a message a learner understands (see `candidate.py`): the check's own
   message, or the exception the candidate's code raised, with the line that raised it, and the
   class attributes or module globals the check changed, if any (state every model shares);
4. with `--llmprep-report FILE`, appends one JSON line to FILE per event as it happens, so the
   parent process knows how far the run got even if the candidate's code kills the process.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llmprep.exercises.candidate import CandidateError, explain, limit
from llmprep.exercises.isolation import FreshCandidate, SharedState, shared_state_note

CANDIDATE = pytest.StashKey[object]()  # isolation.FreshCandidate: the class, fresh per check
SHARED_CHANGES = pytest.StashKey[list]()  # class attributes and globals a check changed
RULES = pytest.StashKey[tuple]()  # (rules.Sources, rules.ImportWatch) of the graded file


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("llmprep", "llmprep coding exercises")
    group.addoption(
        "--llmprep-impl", metavar="PATH", default=None,
        help="Grade the implementation in PATH with its llmprep exercise tests.",
    )  # fmt: skip
    group.addoption(
        "--llmprep-exercise", metavar="ID", default=None,
        help="The exercise PATH implements (default: from the file's name or its class).",
    )  # fmt: skip
    group.addoption(
        "--llmprep-report", metavar="FILE", default=None,
        help="Append the grading events to FILE, one JSON object per line.",
    )  # fmt: skip


def pytest_configure(config: pytest.Config) -> None:
    impl = config.getoption("llmprep_impl", default=None)
    if impl is None:
        return
    path = Path(impl).expanduser().resolve()
    if not path.is_file():
        raise pytest.UsageError(f"--llmprep-impl: no file at {impl}")
    exercise = _resolve_exercise(path, config.getoption("llmprep_exercise"))
    if config.args_source != pytest.Config.ArgsSource.ARGS:
        # The folder rather than the file, so that test ids read `test_knn.py::test_...`.
        config.args = [str(exercise.checks_file.parent)]
    report = config.getoption("llmprep_report")
    config.pluginmanager.register(Grader(exercise, path, report), "llmprep-grader")


def _resolve_exercise(path: Path, exercise_id: str | None):
    from llmprep.errors import LlmprepError
    from llmprep.exercises.catalogue import load_exercises

    try:
        exercises = load_exercises()
    except LlmprepError as error:
        raise pytest.UsageError(str(error)) from None
    if exercise_id is None:
        exercise_id = _guess_exercise(path, exercises)
    exercise = exercises.get(exercise_id.replace("-", "_"))
    if exercise is None:
        raise pytest.UsageError(
            f"--llmprep-exercise: no exercise {exercise_id!r}; choose one of {', '.join(exercises)}"
        )
    return exercise


def _guess_exercise(path: Path, exercises: dict) -> str:
    """The exercise named like the file, else the one whose class the file defines."""
    if path.stem in exercises:
        return path.stem
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise pytest.UsageError(f"--llmprep-impl: cannot read {path}: {error}") from None
    found = [e.id for e in exercises.values() if f"class {e.class_name}" in text]
    if len(found) != 1:
        raise pytest.UsageError(
            f"cannot tell which exercise {path.name} implements; "
            f"add --llmprep-exercise with one of {', '.join(exercises)}"
        )
    return found[0]


class Grader:
    """The plugin's active part, registered only when there is an implementation to grade."""

    def __init__(self, exercise, impl: Path, report_path: str | None) -> None:
        self.exercise = exercise
        self.impl = impl
        self.report_path = report_path
        self.error: str | None = None
        self.names: dict[str, str] = {}
        self.outcomes: dict[str, tuple[str, str]] = {}

    def emit(self, **event) -> None:
        """Append one event to the report file at once, so it survives a crash right after."""
        if self.report_path is None:
            return
        with open(self.report_path, "a", encoding="utf-8") as file:
            file.write(json.dumps(event, ensure_ascii=False) + "\n")

    def fail_run(self, message: str) -> None:
        if self.error is None:
            self.error = message
            self.emit(event="error", message=message)

    def pytest_ignore_collect(self, collection_path: Path) -> bool | None:
        """Of the checks, collect only this exercise's module."""
        checks = self.exercise.checks_file
        if collection_path.parent == checks.parent and collection_path.name.startswith("test_"):
            return collection_path != checks or None
        return None

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.fail_run(
                "the exercise's tests could not be loaded (a bug in llmprep, please report it):\n"
                + limit(report.longreprtext)
            )

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, session: pytest.Session, items: list) -> None:
        """Import the candidate's file once the checks are loaded: its code starts the clock."""
        if self.error is not None:
            items.clear()
            return
        from llmprep.exercises.rules import ImportWatch, Sources

        sources = Sources(self.impl)
        watch = ImportWatch(sources)
        watch.install()  # before the file's first line runs: it notes what the file imports
        session.config.stash[RULES] = (sources, watch)
        self.emit(event="load", exercise=self.exercise.id, file=str(self.impl))
        candidate = FreshCandidate(self.impl, self.exercise.class_name)
        try:
            candidate.first()
        except CandidateError as error:
            self.fail_run(str(error))
            items.clear()  # nothing to grade: one message instead of every check failing alike
            return
        session.config.stash[CANDIDATE] = candidate
        self.emit(event="loaded")

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        for item in session.items:
            self.names[item.nodeid] = readable_name(item)
        self.emit(event="collected", tests=[self.names[item.nodeid] for item in session.items])

    def pytest_runtest_logstart(self, nodeid: str) -> None:
        self.emit(event="start", name=self.names.get(nodeid, nodeid))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item):
        """Note the shared state (class attributes, module globals) the check changed."""
        candidate = getattr(item, "funcargs", {}).get("Candidate")
        state = SharedState(candidate) if isinstance(candidate, type) else None
        try:
            return (yield)
        finally:
            if state is not None:
                item.stash[SHARED_CHANGES] = state.changed()

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        report = yield
        if report.failed and call.excinfo is not None:
            message = explain(call.excinfo.value, self.impl)
            changed = item.stash.get(SHARED_CHANGES, [])
            if changed and call.when == "call" and "shared by every instance" not in message:
                message = limit(f"{message}\n{shared_state_note(changed)}")
            report.llmprep_message = message
        return report

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        status, message = self.outcomes.get(report.nodeid, ("passed", ""))
        if report.failed and status == "passed":  # the first failure of a test says the most
            message = getattr(report, "llmprep_message", None) or limit(report.longreprtext)
            if report.when == "call":
                status = "failed"
            else:
                status = "error"
                message = f"could not run this test ({report.when}): {message}"
        elif report.skipped:
            status = "skipped"
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
            message = str(reason).removeprefix("Skipped: ")
        self.outcomes[report.nodeid] = (status, message)

    def pytest_runtest_logfinish(self, nodeid: str) -> None:
        status, message = self.outcomes.get(nodeid, ("error", "the test did not report"))
        self.emit(
            event="result", name=self.names.get(nodeid, nodeid), status=status, message=message
        )

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.error is not None:
            session.exitstatus = pytest.ExitCode.INTERRUPTED
        self.emit(event="finish", exitstatus=int(session.exitstatus))

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.error is not None:
            terminalreporter.section("llmprep", red=True)
            terminalreporter.line(f"could not grade {self.impl}: {self.error}", red=True)


def readable_name(item: pytest.Item) -> str:
    """The first line of the test's docstring (else its name), with its parameters."""
    function = getattr(item, "function", None)
    doc = (getattr(function, "__doc__", None) or "").strip()
    name = (
        doc.splitlines()[0]
        if doc
        else item.name.split("[")[0].removeprefix("test_").replace("_", " ")
    )
    callspec = getattr(item, "callspec", None)
    return f"{name} [{callspec.id}]" if callspec is not None else name
