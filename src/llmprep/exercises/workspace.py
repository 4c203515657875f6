"""The candidate's side of an exercise: the file in `$LLMPREP_HOME/exercises/` and the progress made.

Nothing here ever deletes the candidate's work: `start` refuses to overwrite a file without
`force`, and `restore_starter` moves the old file to a backup name first (unless it is still the
starter, or a backup with the same bytes is already there).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from llmprep import config
from llmprep.errors import LlmprepError, UsageError
from llmprep.exercises.catalogue import Exercise


class WorkspaceError(LlmprepError):
    """The exercises folder, or a file in it, cannot be created or written."""


def workspace_file(exercise: Exercise) -> Path:
    """Where `llmprep start` puts the exercise's starter and `llmprep run` looks for it."""
    return config.home() / "exercises" / f"{exercise.id}.py"


def write_starter(exercise: Exercise, force: bool = False) -> Path:
    """Write the starter file; an existing file is kept unless `force`."""
    path = workspace_file(exercise)
    if path.exists() and not force:
        raise UsageError(
            f"{path} already exists and may hold your work; `llmprep run {exercise.id}` grades it, "
            f"and `llmprep start {exercise.id} --force` replaces it with the starter"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(exercise.starter, encoding="utf-8")
    except OSError as error:
        raise _workspace_error(f"cannot write the starter to {path}", path, error) from error
    return path


@dataclass(frozen=True, slots=True)
class Restored:
    """Where the starter was written, and where the candidate's file is kept (if it held work)."""

    path: Path
    backup: Path | None
    already_saved: bool = False  # the file was identical to `backup`, made by an earlier reset


def restore_starter(exercise: Exercise) -> Restored:
    """Put the starter back, keeping an existing file under a free `<id>.py.bak[N]` name.

    No copy is made of a file that is still the starter, nor of one identical to a backup already
    there (that backup is reported), so resets do not pile up copies of the same file.
    """
    path = workspace_file(exercise)
    backup, already_saved = None, False
    current = _read_bytes(path)
    if current is not None and current != exercise.starter.encode("utf-8"):
        backup = _same_backup(path, current)
        already_saved = backup is not None
        if backup is None:
            backup = _free_name(path.with_name(path.name + ".bak"))
            try:
                path.replace(backup)
            except OSError as error:
                raise _workspace_error(f"cannot move {path} to {backup}", path, error) from error
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(exercise.starter, encoding="utf-8")
    except OSError as error:
        kept = f" (your file is safe in {backup})" if backup is not None else ""
        raise _workspace_error(f"cannot write the starter to {path}{kept}", path, error) from error
    return Restored(path, backup, already_saved)


def _read_bytes(path: Path) -> bytes | None:
    """The file's bytes; None if there is no file. A folder in the way is reported later."""
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        return b"\0unreadable"  # never equal to the starter: it is moved aside, not overwritten


def _same_backup(path: Path, content: bytes) -> Path | None:
    """An existing `<id>.py.bak[N]` with exactly `content`, if there is one."""
    candidate, number = path.with_name(path.name + ".bak"), 1
    while candidate.exists():
        try:
            if candidate.is_file() and candidate.read_bytes() == content:
                return candidate
        except OSError:
            pass
        number += 1
        candidate = path.with_name(f"{path.name}.bak{number}")
    return None


def _workspace_error(what: str, target: Path, error: OSError) -> WorkspaceError:
    """`what` failed on `target`: say why, naming the path the system refused if another."""
    failed = Path(error.filename) if error.filename is not None else target
    reason = error.strerror or str(error)
    if isinstance(error, (FileExistsError, NotADirectoryError)):
        blocker = next((p for p in (failed, *failed.parents) if p.is_file()), None)
        if blocker is not None:
            return WorkspaceError(f"{what}: {blocker} is a file, not a folder")
    if failed != target:
        reason += f": {failed}"
    return WorkspaceError(f"{what}: {reason}")


def _free_name(path: Path) -> Path:
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}{number}")
    return candidate


def solution_files(exercise: Exercise) -> list[Path]:
    """The reference solution's module, then the modules of its own package that it imports.

    Found without importing them: the solutions package imports every solution and scikit-learn.
    `find_spec` of the package itself only imports its parent, `llmprep`.
    """
    package, _, name = exercise.solution_module.rpartition(".")
    spec = importlib.util.find_spec(package)
    folders = (spec.submodule_search_locations or []) if spec is not None else []
    found = [Path(folder) / f"{name}.py" for folder in folders]
    files = [path for path in found if path.is_file()][:1]
    if not files:
        raise UsageError(f"the reference solution {exercise.solution_module} is not installed")
    for path in files:  # grows while it is walked: helpers of helpers are found too
        for module in _imported_modules(path, package):
            helper = path.with_name(f"{module}.py")
            if helper.is_file() and helper not in files:
                files.append(helper)
    return files


def interview_solution_file(exercise: Exercise) -> Path:
    """The interview-length solution of `exercise`: `llmprep/solutions/interview/ID.py`, numpy
    only, short enough to write on a whiteboard; it passes the same checks as the library one.
    An exercise whose reference solution is already that short has no separate interview
    version: its reference module is returned."""
    spec = importlib.util.find_spec("llmprep.solutions")
    folders = (spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        path = Path(folder) / "interview" / f"{exercise.id}.py"
        if path.is_file():
            return path
    return solution_files(exercise)[0]


def _imported_modules(path: Path, package: str) -> list[str]:
    """Names of the modules of `package` that the file imports (relatively or absolutely)."""
    import ast

    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.level == 1:
                names.append(node.module)
            elif node.level == 0 and node.module.startswith(package + "."):
                names.append(node.module.removeprefix(package + "."))
    return names


def summary(exercise: Exercise, store) -> dict:
    """An exercise's status for `llmprep exercises`, from the attempts in the progress store."""
    attempts = store.attempts(exercise.id)
    best = store.best_attempt(exercise.id)
    latest = attempts[0] if attempts else None
    path = workspace_file(exercise)
    if (
        best is not None
        and not best["errored"]
        and best["total"]
        and best["passed"] == best["total"]
    ):
        status = "passed"
    elif latest is not None:
        status = "could not be graded" if latest["errored"] else "failing"
    else:
        status = "started" if path.exists() else "not started"
    return {
        "id": exercise.id,
        "title": exercise.title.to_dict(),
        "difficulty": exercise.difficulty,
        "track": exercise.track,
        "status": status,
        "failing": latest["failed"] if status == "failing" else None,
        "total": latest["total"] if latest is not None else None,
        "best_score": best["score"] if best is not None else None,
        "attempts": len(attempts),
        "hints_shown": min(store.hints_shown(exercise.id), len(exercise.hints)),
        "hints": len(exercise.hints),
        "file": str(path),
    }
