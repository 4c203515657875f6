"""Where a problem in a bank file is: the located containers YAML is read into, and `Problem`.

Kept apart from `yamlfile` so that reading entries from the cache never imports PyYAML.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a bank file, printed as `file:line: entry-id: message`."""

    path: str
    line: int
    entry_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.entry_id or '-'}: {self.message}"

    def to_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "id": self.entry_id, "message": self.message}


class LineDict(dict):
    """A mapping that knows the line it starts on and the line of each key."""

    __slots__ = ("line", "key_lines")

    def __init__(self) -> None:
        super().__init__()
        self.line = 0
        self.key_lines: dict = {}

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence that knows the line of each item."""

    __slots__ = ("item_lines",)

    def __init__(self) -> None:
        super().__init__()
        self.item_lines: list[int] = []


def kind_of(value) -> str:
    """How a YAML value reads to a person: 'a list', 'a mapping', 'text', 'a number', ..."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return "nothing" if value is None else type(value).__name__


def entry_label(raw_id) -> str:
    """How a problem names the entry whose `id` field holds `raw_id`: the id when it is text
    (cut to a line when it is absurdly long), else nothing."""
    if not isinstance(raw_id, str):
        return ""
    return raw_id if len(raw_id) <= 80 else raw_id[:79] + "…"


def short_repr(value) -> str:
    """`repr(value)` cut to a line: a message quotes what the file says, never all of it."""
    return _bounded_repr().repr(value)


@cache
def _bounded_repr():
    import reprlib  # only when a problem is found

    class ShortRepr(reprlib.Repr):
        """reprlib's bounded repr, told that LineDict and LineList are a dict and a list."""

        def repr_LineDict(self, value, level):  # noqa: N802 (reprlib looks methods up by type name)
            return self.repr_dict(value, level)

        def repr_LineList(self, value, level):  # noqa: N802
            return self.repr_list(value, level)

    short = ShortRepr()
    short.maxlevel, short.maxdict, short.maxlist = 2, 4, 6
    short.maxstring = short.maxother = 60
    return short


def display_path(path: Path) -> str:
    """`path` relative to the working directory when it is below it, else as given."""
    cwd = _resolved(os.getcwd())
    try:  # a path under a resolved folder needs no resolving of its own (see loader.bank_files)
        return str((path if path.is_absolute() else path.resolve()).relative_to(cwd))
    except ValueError:
        try:
            return str(path.resolve().relative_to(cwd))
        except ValueError:
            return str(path)


@lru_cache(maxsize=4)
def _resolved(folder: str) -> Path:
    return Path(folder).resolve()
