"""Find the bank files, read and validate them all, and check the links between entries."""

from __future__ import annotations

from pathlib import Path

from llmprep.bank import cache
from llmprep.bank.model import Bank, Entry
from llmprep.bank.problems import LineDict, LineList, Problem, display_path, kind_of
from llmprep.errors import BankError

BANK_SUFFIXES = (".yaml", ".yml")


def bank_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The YAML files of each folder (not recursive) or file in `paths`, each once, in order."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in BANK_SUFFIXES and p.is_file())
        elif path.is_file():
            found = [path]
        else:
            problems.append(Problem(display_path(path), 0, "", "no such file or folder"))
            continue
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files, problems


def read_entries(path: Path, problems: list[Problem]) -> list[Entry]:
    """The valid entries of one file (from the cache when it is unchanged); problems are appended."""
    shown = display_path(path)
    cached = cache.load(path, shown)
    if cached is None:
        found: list[Problem] = []
        cached = _parse_entries(path, shown, found), found
        cache.save(path, shown, *cached)
    entries, file_problems = cached
    problems.extend(file_problems)
    return entries


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
        owner = raw.get("id", "") if isinstance(raw, dict) else ""
    return Problem(problem.path, problem.line, str(owner or ""), problem.message)


def check_links(entries: list[Entry], problems: list[Problem]) -> dict[str, Entry]:
    """Index entries by id, reporting ids defined twice and `related` ids that do not exist."""
    by_id: dict[str, Entry] = {}
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
                        entry.source, entry.line, entry.id, f"related id {other!r} does not exist"
                    )
                )
    return by_id


def check_bank(paths: list[Path]) -> tuple[Bank, list[Problem]]:
    """Load every bank file under `paths`; return the valid entries and all problems found."""
    files, problems = bank_files(paths)
    entries: list[Entry] = []
    for file in files:
        entries.extend(read_entries(file, problems))
    by_id = check_links(entries, problems)
    return Bank(by_id), problems


def load_bank(paths: list[Path]) -> Bank:
    """The bank under `paths`, or BankError listing every problem when any file is invalid."""
    bank, problems = check_bank(paths)
    if problems:
        raise BankError(problems)
    return bank
