"""A per-file cache of validated entries, so a large bank is parsed once, not at every command.

YAML parsing dominates loading (PyYAML builds every node in Python). Each bank file's validated
entries and problems are kept as JSON under `$LLMPREP_HOME/cache/bank/`, keyed by the file's path,
size and modification time and by llmprep's version; a changed file is simply parsed again. The
cache is an optimisation only: any error reading or writing it falls back to parsing.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path

from llmprep import __version__, config
from llmprep.bank.model import Entry, KeyPoint, Misconception, Text
from llmprep.bank.problems import Problem

FORMAT = 2


def _cache_file(path: Path) -> Path:
    # A short name is enough: the stamp inside holds the full path, so a clash is only a miss.
    key = str(path.resolve()).encode("utf-8")
    return config.home() / "cache" / "bank" / f"{zlib.crc32(key):08x}-{len(key)}.json"


def _stamp(path: Path, shown: str) -> list:
    info = path.stat()
    return [FORMAT, __version__, str(path.resolve()), shown, info.st_size, info.st_mtime_ns]


def load(path: Path, shown: str) -> tuple[list[Entry], list[Problem]] | None:
    """The cached result for `path`, or None when there is none or it is stale or unreadable."""
    try:
        data = json.loads(_cache_file(path).read_text(encoding="utf-8"))
        if data["stamp"] != _stamp(path, shown):
            return None
        entries = [_entry(raw) for raw in data["entries"]]
        problems = [Problem(*raw) for raw in data["problems"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return entries, problems


def save(path: Path, shown: str, entries: list[Entry], problems: list[Problem]) -> None:
    """Remember the result of parsing `path`; silently does nothing if the cache is not writable."""
    try:
        target = _cache_file(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "stamp": _stamp(path, shown),
            "entries": [_plain(entry) for entry in entries],
            "problems": [[p.path, p.line, p.entry_id, p.message] for p in problems],
        }
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        temporary.replace(target)
    except OSError:
        pass


def _plain(entry: Entry) -> dict:
    data = entry.to_dict()
    data["source"], data["line"] = entry.source, entry.line
    return data


def _entry(raw: dict) -> Entry:
    def text(value) -> Text:
        return Text(value["zh"], value["en"])

    return Entry(
        id=raw["id"], type=raw["type"], topic=raw["topic"], tags=tuple(raw["tags"]),
        difficulty=raw["difficulty"], question=text(raw["question"]), answer=text(raw["answer"]),
        key_points=tuple(
            KeyPoint(point["zh"], point["en"], tuple(point["aliases"])) for point in raw["key_points"]
        ),
        explanation=text(raw["explanation"]), related=tuple(raw["related"]),
        follow_ups=tuple(text(item) for item in raw["follow_ups"]),
        references=tuple(raw["references"]), seeds=tuple(raw.get("seeds", ())),
        misconceptions=tuple(
            Misconception(text(item["claim"]), text(item["why"]), tuple(item["terms"]),
                          item.get("point"))
            for item in raw.get("misconceptions", ())
        ),
        reviewed=raw.get("reviewed", ""),
        options=tuple(text(item) for item in raw.get("options", ())),
        correct=tuple(raw.get("correct", ())), source=raw["source"], line=raw["line"],
    )  # fmt: skip
