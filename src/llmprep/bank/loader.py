"""Find the bank files, read and validate them all, and check the links between entries."""

from __future__ import annotations

import os
from pathlib import Path

from llmprep.bank import cache
from llmprep.bank.model import Bank, Entry, LazyEntries
from llmprep.bank.problems import (
    LineDict,
    LineList,
    Problem,
    display_path,
    entry_label,
    kind_of,
    short_repr,
)
from llmprep.errors import BankError

BANK_SUFFIXES = (".yaml", ".yml")


def bank_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The YAML files of each folder (not recursive) or file in `paths`, each once, in order."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            folder = path.resolve()  # once per folder, not once per file: a call per path part
            found = sorted(
                folder / item.name
                for item in os.scandir(folder)
                if item.name.endswith(BANK_SUFFIXES) and item.is_file()
            )
        elif path.is_file():
            found = [path]
        else:
            problems.append(Problem(display_path(path), 0, "", "no such file or folder"))
            continue
        for file in found:
            key = file if path.is_dir() and not file.is_symlink() else file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files, problems


FileResult = tuple[list[Entry | cache.CachedEntry], list[Problem]]
PARALLEL_MIN_BYTES = 2 * 2**20  # below this, starting worker processes costs more than it saves


def read_files(files: list[Path]) -> list[FileResult]:
    """The valid entries and the problems of each file, in order.

    Unchanged files come from the cache. The others are parsed (and cached): in worker
    processes, one file each, when there are several and enough YAML to be worth it, since
    parsing is pure Python work that one core does at about 5 MB/s.
    """
    results: list[FileResult | None] = [cache.load(path, display_path(path)) for path in files]
    todo = [path for path, result in zip(files, results, strict=True) if result is None]
    parsed = iter(_parse_in_parallel(todo) if _worth_parallel(todo) else map(_parse_file, todo))
    return [result if result is not None else next(parsed) for result in results]


def _parse_file(path: Path) -> FileResult:
    shown = display_path(path)
    problems: list[Problem] = []
    entries = _parse_entries(path, shown, problems)
    cache.save(path, shown, entries, problems)
    return entries, problems


def reparse_entry(path: Path, entry_id: str) -> Entry:
    """Entry `entry_id` of bank file `path`, parsed afresh (its cached copy was unusable)."""
    for entry in _parse_file(path)[0]:
        if entry.id == entry_id:
            return entry
    raise BankError([Problem(display_path(path), 0, entry_id, "the entry changed while read")])


def _worth_parallel(paths: list[Path]) -> bool:
    if len(paths) < 2 or (os.cpu_count() or 1) < 2 or not hasattr(os, "fork"):
        return False
    return sum(path.stat().st_size for path in paths) >= PARALLEL_MIN_BYTES


def _parse_in_parallel(paths: list[Path]) -> list[FileResult]:
    # Imported here: these modules cost more start-up time than a small bank takes to parse.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context

    workers = min(len(paths), os.cpu_count() or 1)
    try:
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            return list(pool.map(_parse_file, paths))
    except (OSError, BrokenProcessPool):  # no processes to be had: do it here instead
        return [_parse_file(path) for path in paths]


def _parse_entries(path: Path, shown: str, problems: list[Problem]) -> list[Entry]:
    # Imported here: when every file comes from the cache, neither PyYAML nor the checks load.
    from llmprep.bank.validate import check_entry
    from llmprep.bank.yamlfile import read_yaml

    data, file_problems = read_yaml(path)
    if isinstance(data, LineList):
        file_problems = [_name_entry(problem, data) for problem in file_problems]
    problems.extend(file_problems)
    if data is None and not file_problems:
        problems.append(Problem(shown, 1, "", "the file is empty: expected a list of entries"))
    if data is None:
        return []
    if not isinstance(data, list):
        line = data.line if isinstance(data, LineDict) else 1
        problems.append(
            Problem(
                shown, line, "", f"the top level must be a list of entries, got {kind_of(data)}"
            )
        )
        return []
    entries = []
    for index, raw in enumerate(data):
        line = data.item_lines[index] if isinstance(data, LineList) else 1
        entry = check_entry(raw, shown, index, problems, list_line=line)
        if entry is not None:
            entries.append(entry)
    return entries


def _name_entry(problem: Problem, entries: LineList) -> Problem:
    """Fill in the id of the entry a file-level problem (such as a duplicate key) falls in."""
    owner = ""
    for raw, line in zip(entries, entries.item_lines, strict=True):
        if line > problem.line:
            break
        owner = entry_label(raw.get("id")) if isinstance(raw, dict) else ""
    return Problem(problem.path, problem.line, owner, problem.message)


def check_links(entries: list, problems: list[Problem]) -> dict:
    """Index entries (built or cached) by id, reporting ids defined twice and `related` ids that
    do not exist."""
    by_id: dict = {}
    for entry in entries:
        first = by_id.get(entry.id)
        if first is not None:
            problems.append(
                Problem(
                    entry.source, entry.line, entry.id,
                    f"duplicate id: already defined at {first.source}:{first.line}",
                )
            )  # fmt: skip
            continue
        by_id[entry.id] = entry
    for entry in by_id.values():
        for other in entry.related:
            if other not in by_id:
                problems.append(
                    Problem(
                        entry.source,
                        entry.line,
                        entry.id,
                        f"related id {short_repr(other)} does not exist",
                    )
                )
    return by_id


def check_bank(paths: list[Path]) -> tuple[Bank, list[Problem]]:
    """Load every bank file under `paths`; return the valid entries and all problems found."""
    files, problems = bank_files(paths)
    entries: list = []
    for file_entries, file_problems in read_files(files):
        entries.extend(file_entries)
        problems.extend(file_problems)
    by_id = check_links(entries, problems)
    return Bank(LazyEntries(by_id)), problems


def load_bank(paths: list[Path]) -> Bank:
    """The bank under `paths`, or BankError listing every problem when any file is invalid."""
    bank, problems = check_bank(paths)
    if problems:
        raise BankError(problems)
    return bank
