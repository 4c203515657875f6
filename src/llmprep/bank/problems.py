"""Where a problem in a bank file is: the located containers YAML is read into, and `Problem`.

Kept apart from `yamlfile` so that reading entries from the cache never imports PyYAML.
"""

from __future__ import annotations

from dataclasses import dataclass
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


def display_path(path: Path) -> str:
    """`path` relative to the working directory when it is below it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
