"""Coding exercises: list them, start one, grade it, get hints, see the solution, reset."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from llmprep import render
from llmprep.commands._common import (
    JsonOption,
    LangOption,
    NumberOption,
    print_json,
    resolve_lang,
)
from llmprep.exercises.limits import DEFAULT_MEMORY, DEFAULT_TIMEOUT

ExerciseArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID", help="The exercise id (`llmprep exercises` lists them).", show_default=False
    ),
]


def list_exercises(lang: LangOption = None, as_json: JsonOption = False) -> None:
    """List the coding exercises with your status, best score and hints seen.

    They are grouped by track (classic ML, then transformers and LLMs), easiest first. The status is one of: not started, started, failing (k of n checks), passed, could not be
    graded.

    Examples:

        llmprep exercises
        llmprep exercises --json
    """
    from llmprep.exercises.catalogue import by_track, load_exercises
    from llmprep.exercises.workspace import summary
    from llmprep.store import open_store

    lang = resolve_lang(lang)
    exercises = load_exercises()
    with open_store() as store:
        rows = [summary(exercise, store) for exercise in by_track(exercises.values())]
    if as_json:
        print_json(rows)
        return
    from llmprep.exercises.view import exercises_table, words

    console = render.stdout()
    console.print(exercises_table(rows, lang))
    console.print(words(lang)["footer"], markup=False)


def start(
    exercise_id: ExerciseArgument,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing file with the starter.")
    ] = False,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write an exercise's starter file, show the task and print the file's path.

    The file is $LLMPREP_HOME/exercises/ID.py. An existing file is never replaced without --force:
    `start` then shows the task again and keeps your file.

    Examples:

        llmprep start knn
        llmprep start naive_bayes --lang zh
        llmprep start svm --force
    """
    from llmprep.exercises.catalogue import get_exercise
    from llmprep.exercises.workspace import workspace_file, write_starter

    lang = resolve_lang(lang)
    exercise = get_exercise(exercise_id)
    path = workspace_file(exercise)
    kept = path.is_file() and not force  # started before: show the task again, keep the work
    if not kept:
        path = write_starter(exercise, force=force)
    if as_json:
        print_json({"exercise": exercise.id, "path": str(path), "written": not kept})
        return
    from llmprep.exercises.view import task_view, words

    console = render.stdout()
    console.print(task_view(exercise, lang))
    after = words(lang)["kept" if kept else "after_start"].format(id=exercise.id)
    console.print("\n" + after, markup=False)
    console.print(str(path), markup=False, soft_wrap=True)


def run(
    exercise_id: ExerciseArgument,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            "-f",
            help="The file to grade; by default, the exercise's file in $LLMPREP_HOME/exercises.",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float,
        NumberOption("--timeout", low=0.5, high=3600.0, help="Seconds before the run is stopped."),
    ] = DEFAULT_TIMEOUT,
    memory: Annotated[
        int,
        NumberOption(
            "--memory", low=256, high=2**20, help="Memory cap of the graded code, in MiB."
        ),
    ] = DEFAULT_MEMORY // 2**20,
    solution: Annotated[
        bool,
        typer.Option(
            "--solution", help="Run the checks on the solution `llmprep solution` shows instead."
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Grade your implementation with the exercise's checks and record the attempt.

    The checks run with pytest in a separate process, with a time limit and a memory cap; each is
    listed in order with what went wrong. Exits 0 when every check passes, 1 when any fails, 2
    when the file could not be graded at all (syntax error, crash, timeout...).

    Examples:

        llmprep run knn
        llmprep run svm --file my_svm.py --timeout 120
        llmprep run naive_bayes --json
        llmprep run knn --solution
    """
    from llmprep.exercises.catalogue import get_exercise
    from llmprep.exercises.runner import CannotGrade, grade
    from llmprep.exercises.workspace import interview_solution_file, workspace_file

    exercise = get_exercise(exercise_id)
    if solution:
        path = interview_solution_file(exercise)
    else:
        path = file if file is not None else workspace_file(exercise)
        if not path.is_file():
            hint = (
                f"run `llmprep start {exercise.id}` first, or"
                if file is None
                else "check the path, or"
            )
            raise CannotGrade(f"no file at {path}: {hint} pass --file PATH")
    report = grade(exercise, path, timeout=timeout, memory=memory * 2**20)
    data = report.to_dict()
    if as_json:
        print_json(data)
    else:
        from llmprep.exercises.view import report_view

        render.stdout().print(report_view(data))
    if not solution:
        _record(exercise.id, report, data)
    raise typer.Exit(report.exit_code)


def _record(exercise_id: str, report, data: dict) -> None:
    """Log the attempt; a broken store is reported but does not change the grading's exit code."""
    from llmprep.errors import StoreError
    from llmprep.store import open_store

    try:
        with open_store() as store:
            store.record_attempt(
                exercise_id, report.passed, report.failed, report.error is not None,
                report.total, report.duration_ms, data,
            )  # fmt: skip
    except StoreError as error:
        render.stderr().print(f"warning: this attempt was not recorded: {error}", markup=False)


def hint(
    exercise_id: ExerciseArgument,
    show_all: Annotated[
        bool,
        typer.Option("--all", help="Show again every hint seen so far (shows no new one)."),
    ] = False,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show the exercise's next hint: the first one, then one more each time.

    With --all, show again every hint seen so far, without counting a new one.

    Examples:

        llmprep hint knn
        llmprep hint svm --lang both
        llmprep hint knn --all
    """
    from llmprep.exercises.catalogue import get_exercise
    from llmprep.exercises.view import hint_view, hints_seen_view, no_more_hints
    from llmprep.store import open_store

    lang = resolve_lang(lang)
    exercise = get_exercise(exercise_id)
    total = len(exercise.hints)
    with open_store() as store:  # past the last hint, nothing more is counted
        shown = min(store.hints_shown(exercise.id), total)
        if not show_all:
            index = store.next_hint_index(exercise.id) if shown < total else total
    if show_all:
        if as_json:
            seen = [hint.to_dict() for hint in exercise.hints[:shown]]
            print_json({"exercise": exercise.id, "shown": shown, "total": total, "hints": seen})
        else:
            render.stdout().print(hints_seen_view(exercise, shown, lang))
        return
    if as_json:
        done = index >= total
        print_json(
            {
                "exercise": exercise.id,
                "number": total if done else index + 1,
                "total": total,
                "hint": None if done else exercise.hints[index].to_dict(),
                "message": no_more_hints(exercise) if done else None,
            }
        )
        return
    render.stdout().print(hint_view(exercise, index, lang))


def solution(
    exercise_id: ExerciseArgument,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Show the library class instead: fast, bounded in memory, scikit-learn compatible.",
        ),
    ] = False,
) -> None:
    """Show a reference solution's source code, highlighted (plain text when piped).

    By default the interview-length version: numpy only, the length you would write in an
    interview. `--full` shows the library class of `llmprep.solutions` and its helper modules.
    Both pass every check of `llmprep run`.

    Examples:

        llmprep solution knn
        llmprep solution svm --full
        llmprep solution naive_bayes > nb_reference.py
    """
    from llmprep.exercises.catalogue import get_exercise
    from llmprep.exercises.workspace import interview_solution_file, solution_files

    exercise = get_exercise(exercise_id)
    files = solution_files(exercise) if full else [interview_solution_file(exercise)]
    console = render.stdout()
    if not console.is_terminal:
        for index, path in enumerate(files):
            header = "" if index == 0 else f"\n\n# ---- {path.name} ----\n\n"
            sys.stdout.write(header + path.read_text(encoding="utf-8"))
        return
    from llmprep.exercises.view import solution_view

    console.print(solution_view(files))


def reset(
    exercise_id: ExerciseArgument,
    keep_file: Annotated[
        bool, typer.Option("--keep-file", help="Only hide the hints again; leave your file alone.")
    ] = False,
) -> None:
    """Start an exercise over: put the starter file back and hide the hints again.

    Your file is kept as ID.py.bak (then ID.py.bak2, ...), unless it is still the starter or the
    same as a backup already there. Your past attempts stay in the history.

    Examples:

        llmprep reset knn
        llmprep reset svm --keep-file
    """
    from llmprep.exercises.catalogue import get_exercise
    from llmprep.exercises.workspace import restore_starter
    from llmprep.store import open_store

    exercise = get_exercise(exercise_id)
    console = render.stdout()
    if not keep_file:  # the file first: if it cannot be restored, nothing has changed
        restored = restore_starter(exercise)
        if restored.backup is not None and restored.already_saved:
            console.print(
                f"Your file was the same as {restored.backup}, which keeps it; no new copy made.",
                markup=False, soft_wrap=True,
            )  # fmt: skip
        elif restored.backup is not None:
            console.print(f"Your file was moved to {restored.backup}", markup=False, soft_wrap=True)
        console.print(f"Starter written to {restored.path}", markup=False, soft_wrap=True)
    with open_store() as store:
        store.reset_exercise(exercise.id)
    console.print(f"{exercise.id}: hints hidden again; past attempts kept.", markup=False)


def register(app: typer.Typer) -> None:
    app.command("exercises")(list_exercises)
    app.command()(start)
    app.command()(run)
    app.command()(hint)
    app.command()(solution)
    app.command()(reset)
