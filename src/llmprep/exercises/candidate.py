"""The candidate's code as the grader sees it: imported from a file, and explained when it fails.

Used by the pytest plugin inside the grading process. Every message here is for a learner: it says
what their code did, where (file and line), and what to do about it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

MESSAGE_LIMIT = 1500  # characters of one message
MEMORY_LIMIT_ENV = "LLMPREP_MEMORY_LIMIT"  # bytes; set by the runner so messages can quote it


class CandidateError(Exception):
    """The candidate's file cannot be imported, or does not define the class to grade."""


def load_candidate(path: Path, class_name: str) -> type:
    """Import the file at `path` and return its class `class_name`, or raise CandidateError."""
    import importlib
    import importlib.util

    module_name, root = _module_name(path)
    if root is None:
        if str(path.parent) not in sys.path:  # lets the file import its own helpers, not shadowing
            sys.path.append(str(path.parent))
    elif str(root) not in sys.path:
        sys.path.insert(0, str(root))
    try:
        if root is None:
            spec = importlib.util.spec_from_file_location(module_name, path)
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module
            spec.loader.exec_module(module)
        else:
            module = importlib.import_module(module_name)
    except SyntaxError as error:
        raise CandidateError(_syntax_message(path, error)) from None
    except BaseException as error:  # noqa: BLE001 - SystemExit and friends are the candidate's too
        raise CandidateError(_import_message(path, error)) from None
    candidate = getattr(module, class_name, None)
    if candidate is None:
        raise CandidateError(_missing_class_message(path, module, class_name))
    if not isinstance(candidate, type):
        raise CandidateError(
            f"{class_name} in {path.name} must be a class, but it is a {type(candidate).__name__}"
        )
    return candidate


def _module_name(path: Path) -> tuple[str, Path | None]:
    """A file inside a package is imported by its dotted name (so relative imports work)."""
    parts = [path.stem]
    folder = path.parent
    while (folder / "__init__.py").is_file():
        parts.insert(0, folder.name)
        folder = folder.parent
    if len(parts) == 1:
        return f"llmprep_candidate_{path.stem}", None
    return ".".join(parts), folder


def _syntax_message(path: Path, error: SyntaxError) -> str:
    import traceback

    detail = "".join(traceback.format_exception_only(type(error), error)).rstrip()
    return f"{path.name} has a syntax error, so it cannot be imported:\n{detail}"


def _import_message(path: Path, error: BaseException) -> str:
    where = _where(_candidate_frames(error.__traceback__, path)[-1:], path)
    if isinstance(error, SystemExit):
        return (
            f"{path.name} called sys.exit({error.code!r}) while being imported{where}. The grader "
            'imports your file as a module: put demo code under `if __name__ == "__main__":`.'
        )
    if isinstance(error, ModuleNotFoundError):
        return (
            f"{path.name} could not be imported{where}: {_exception_text(error)}. Use only the "
            "standard library and numpy (and what llmprep installs)."
        )
    if isinstance(error, MemoryError):
        return f"{path.name} ran out of memory while being imported{where} ({_memory_note()})."
    return f"{path.name} could not be imported{where}: {_exception_text(error)}"


def _missing_class_message(path: Path, module, class_name: str) -> str:
    import difflib

    classes = sorted(
        name for name, value in vars(module).items()
        if isinstance(value, type) and getattr(value, "__module__", None) == module.__name__
    )  # fmt: skip
    message = (
        f"{path.name} does not define a class named {class_name}, so there is nothing to grade"
    )
    close = difflib.get_close_matches(class_name, classes, n=1, cutoff=0.6)
    if close:
        return f"{message}; it defines {close[0]}: rename it to {class_name}"
    if classes:
        return f"{message} (it defines: {', '.join(classes)})"
    return message


# -- explaining failures --------------------------------------------------------------------------


def explain(error: BaseException, impl: Path) -> str:
    """A learner's message for an exception raised in a test."""
    frames = _candidate_frames(error.__traceback__, impl)
    if not frames:
        if isinstance(error, AssertionError):
            return limit(str(error) or "a check failed")
        return limit(f"{_exception_text(error)} (while checking your results)")
    method = frames[0].name  # the method the test called, e.g. fit
    where = _where(frames[-1:], impl)
    if isinstance(error, SystemExit):
        text = (
            f"your code called sys.exit({error.code!r}) in {method}(){where}; an estimator must "
            "return or raise an exception, never end the program"
        )
    elif isinstance(error, MemoryError):
        text = f"{method}() ran out of memory{where}: {_memory_note()}"
    elif isinstance(error, NotImplementedError):
        detail = f": {error}" if str(error) else ""
        text = f"{method}() is not implemented yet{detail} ({impl.name}, line {frames[-1].lineno})"
    elif isinstance(error, AssertionError):
        text = f"an assert in your {method}() failed{where}" + (f": {error}" if str(error) else "")
    else:
        text = f"{method}() raised {_exception_text(error)}{where}"
    return limit(text)


def _candidate_frames(tb, impl: Path) -> list:
    """The traceback's frames that run code of the candidate's file, outermost first."""
    import traceback

    target = os.path.realpath(impl)
    return [
        frame for frame in traceback.extract_tb(tb)
        if frame.filename and os.path.realpath(frame.filename) == target
    ]  # fmt: skip


def _where(frames: list, impl: Path) -> str:
    if not frames:
        return ""
    frame = frames[-1]
    line = (frame.line or "").strip()
    code = f": `{line}`" if line else ""
    return f" ({impl.name}, line {frame.lineno}{code})"


def _exception_text(error: BaseException) -> str:
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _memory_note() -> str:
    limit = os.environ.get(MEMORY_LIMIT_ENV, "")
    if limit.isdigit():
        return (
            f"the grader allows {int(limit) / 2**30:.3g} GiB; does your code build something far "
            "larger than the data (e.g. an n x n x d array)?"
        )
    return "does your code build something far larger than the data?"


def limit(text: str) -> str:
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"
