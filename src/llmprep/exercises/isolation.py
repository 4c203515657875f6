"""Each check gets the candidate's code afresh, and state shared between models is named.

All checks run in one process. A model that keeps what it learns in class attributes or module
globals (`class KNN: X_train = []`) would carry one check's data into the next, and its failure
would show up checks later as a puzzling mismatch. So:

- `FreshCandidate` imports the candidate's file again before each check (with the modules of its
  own that it imported), so every check starts from the file as written;
- `SharedState` takes a fingerprint of the class attributes and module globals that hold data,
  so a check can say which of them a `fit` changed: the state every instance shares.
"""

from __future__ import annotations

import os
import sys
import zlib
from pathlib import Path

from llmprep.exercises.candidate import load_candidate


class FreshCandidate:
    """The candidate's class, imported anew for each check that asks for it."""

    def __init__(self, path: Path, class_name: str) -> None:
        self.path = path
        self.class_name = class_name
        self.root = _import_root(path)
        self.own_modules: list[str] = []
        self.current: type | None = None
        self.handed_out = False

    def first(self) -> type:
        """Import the file the first time (raises CandidateError, as `load_candidate` does)."""
        before = set(sys.modules)
        self.current = load_candidate(self.path, self.class_name)
        self.own_modules = [name for name in set(sys.modules) - before if self._is_own(name)]
        self.own_modules.append(self.current.__module__)
        return self.current

    def fresh(self) -> type:
        """The class from a fresh import of the file (the first import serves the first check)."""
        if self.current is not None and not self.handed_out:
            self.handed_out = True
            return self.current
        for name in set(self.own_modules):
            sys.modules.pop(name, None)
        self.current = load_candidate(self.path, self.class_name)
        return self.current

    def _is_own(self, name: str) -> bool:
        """A module imported from the candidate's folder (or package), not an installed one."""
        file = getattr(sys.modules.get(name), "__file__", None)
        if not file:
            return False
        real = os.path.realpath(file)
        return real.startswith(self.root) and "site-packages" not in real


def _import_root(path: Path) -> str:
    folder = path.resolve().parent
    while (folder / "__init__.py").is_file():
        folder = folder.parent
    return str(folder) + os.sep


class SharedState:
    """A fingerprint of the data a class (with its own bases) and its module hold for everyone."""

    def __init__(self, candidate: type) -> None:
        self.holders = _holders(candidate)
        self.prints = {label: _fingerprint(value) for label, value in self._values()}

    def _values(self):
        for label, holder in self.holders:
            for name, value in list(vars(holder).items()):
                if not _is_data(name, value):
                    continue
                yield f"{label}.{name}" if label else f"the global {name}", value

    def changed(self) -> list[str]:
        """The class attributes and globals set, changed or added since the fingerprint."""
        now = dict(self._values())
        return [
            label
            for label, value in now.items()
            if label not in self.prints or self.prints[label] != _fingerprint(value)
        ]


def _holders(candidate: type) -> list[tuple[str, object]]:
    """The candidate class, its bases from the same module, and that module, with their names."""
    module = sys.modules.get(candidate.__module__)
    holders = [
        (klass.__name__, klass)
        for klass in candidate.__mro__
        if klass.__module__ == candidate.__module__
    ]
    if module is not None:
        holders.append(("", module))
    return holders


def _is_data(name: str, value) -> bool:
    if name.startswith("__") or callable(value) or isinstance(value, type(sys)):
        return False
    return not isinstance(value, staticmethod | classmethod | property)


def _fingerprint(value, depth: int = 0) -> tuple:
    """What changes when `value` is rebound or mutated (cheaply, not a deep comparison).

    Classes and functions inside a container are compared by identity: a class's attributes
    are descriptors, not data (numpy's scalar types in `from numpy import *`'s tables have a
    `shape` and an `nbytes` that are descriptors). Anything that cannot be read is compared by
    identity too: watching for shared state must never fail a check itself.
    """
    if isinstance(value, type) or callable(value):
        return (id(value),)
    try:
        return _contents(value, depth)
    except Exception:  # a candidate's object whose attributes raise: identity is enough
        return (id(value),)


def _contents(value, depth: int) -> tuple:
    shape = getattr(value, "shape", None)
    if shape is not None and hasattr(value, "tobytes"):
        data = value.tobytes() if getattr(value, "nbytes", 0) <= 2**24 else b""
        return (id(value), shape, str(getattr(value, "dtype", "")), zlib.crc32(data))
    if isinstance(value, list | tuple | dict | set | frozenset | bytearray):
        items = list(value) if not isinstance(value, dict) else list(value.items())
        ends = items[:3] + items[-3:] if depth < 3 else []
        if isinstance(value, dict):  # an item is a new tuple at every call: read its key and value
            inner = tuple(
                (_fingerprint(key, depth + 1), _fingerprint(item, depth + 1)) for key, item in ends
            )
        else:
            inner = tuple(_fingerprint(item, depth + 1) for item in ends)
        return (id(value), len(items), inner)
    if isinstance(value, int | float | complex | str | bytes | bool | type(None)):
        return (type(value).__name__, value)
    return (id(value), len(getattr(value, "__dict__", {}) or {}))


def shared_state_note(changed: list[str]) -> str:
    """What a learner reads when a check changed state that every instance shares."""
    names = " and ".join(changed[:3]) + (" and more" if len(changed) > 3 else "")
    return (
        f"your code changed {names}, shared by every instance of the class (a class attribute or "
        "a module global), so one model's training data leaks into the next model: keep what fit "
        "learns on self (self.X_ = ...), and create lists and dicts in __init__ or fit"
    )
