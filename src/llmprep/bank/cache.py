"""A per-file cache of validated entries, so a large bank is parsed once, not at every command.

YAML parsing dominates loading (PyYAML builds every node in Python). Each bank file's validated
entries and problems are kept as JSON under `$LLMPREP_HOME/cache/bank/`, keyed by the file's path,
size and modification time and by llmprep's version; a changed file is simply parsed again. The
cache is an optimisation only: any error reading or writing it falls back to parsing.

Each entry is stored as its own JSON text beside its id and links, and is built only when a
command first uses it (`CachedEntry`): `llmprep show ID` builds one entry, not the whole bank.
Beside it is the entry's searchable text, already normalised (`search.search_texts`), so that
`llmprep search` reads only that and builds just the entries it finds.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path

from llmprep import __version__, config
from llmprep.bank.model import Entry, KeyPoint, Misconception, Text
from llmprep.bank.problems import Problem

FORMAT = 7  # 5: each entry line's length in the header; 6: entries' `exercises`; 7: search texts


class CachedEntry:
    """An entry read from the cache and not yet built: what the checks across files need (id,
    links, place), and the entry's JSON. `build()` makes the `Entry`."""

    __slots__ = ("id", "related", "source", "line", "data", "span", "search_span", "file")

    def __init__(
        self, entry_id: str, related, source: str, line: int, data: bytes, spans, file: Path
    ) -> None:
        self.id, self.related, self.source, self.line = entry_id, tuple(related), source, line
        # Its JSON is data[a:b] and its search texts data[c:d], for spans ((a, b), (c, d)).
        self.data, (self.span, self.search_span), self.file = data, spans, file

    def search_texts(self) -> list[tuple[str, str]] | None:
        """The entry's (field, normalised text) pairs as cached, or None if damaged."""
        from llmprep.bank.search import unpack_texts

        try:
            return unpack_texts(self.data[slice(*self.search_span)].decode("utf-8"))
        except ValueError:  # UnicodeDecodeError included
            return None

    def build(self) -> Entry:
        """The entry; if its cached JSON is damaged, the bank file is parsed again instead."""
        try:
            text = self.data[self.span[0] : self.span[1]]
            return _entry(json.loads(text) | {"source": self.source, "line": self.line})
        except (ValueError, KeyError, TypeError):
            from llmprep.bank.loader import reparse_entry

            return reparse_entry(self.file, self.id)


def _cache_file(absolute: Path) -> Path:
    # A short name is enough: the stamp inside holds the full path, so a clash is only a miss.
    key = str(absolute).encode("utf-8")
    return config.home() / "cache" / "bank" / f"{zlib.crc32(key):08x}-{len(key)}.jsonl"


def _stamp(path: Path, absolute: Path, shown: str) -> list:
    info = path.stat()
    return [FORMAT, __version__, str(absolute), shown, info.st_size, info.st_mtime_ns]


def load(path: Path, shown: str) -> tuple[list[CachedEntry], list[Problem]] | None:
    """The cached result for `path`, or None when there is none or it is stale or unreadable.

    The cache file is JSON lines: a header (stamp, problems, each entry's id, links, line and
    the lengths of its two lines), then two lines per entry, its JSON and its search texts, each
    decoded (and even cut out of the file's bytes) only when used. A file is keyed by its absolute path, not its
    resolved one: resolving costs a system call per folder of the path, and two names for one
    file only cost a second cache file.
    """
    try:
        absolute = path.absolute()
        content = _cache_file(absolute).read_bytes()
        start = content.index(b"\n") + 1
        data = json.loads(content[: start - 1])
        if data["stamp"] != _stamp(path, absolute, shown):
            return None
        entries = []
        for entry_id, related, line, size, search_size in data["entries"]:
            middle = start + size + 1
            spans = ((start, start + size), (middle, middle + search_size))
            entries.append(CachedEntry(entry_id, related, shown, line, content, spans, path))
            start = middle + search_size + 1
        if start != len(content):
            return None
        problems = [Problem(*raw) for raw in data["problems"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return entries, problems


def save(path: Path, shown: str, entries: list[Entry], problems: list[Problem]) -> None:
    """Remember the result of parsing `path`; silently does nothing if the cache is not writable."""
    try:
        absolute = path.absolute()
        target = _cache_file(absolute)
        target.parent.mkdir(parents=True, exist_ok=True)
        from llmprep.bank.search import pack_texts, search_texts

        def dump(value) -> bytes:
            return json.dumps(value, ensure_ascii=False).encode()

        pairs = [
            (dump(_plain(entry)), pack_texts(search_texts(entry)).encode()) for entry in entries
        ]
        header = {
            "stamp": _stamp(path, absolute, shown),
            "entries": [
                [entry.id, list(entry.related), entry.line, len(text), len(texts)]
                for entry, (text, texts) in zip(entries, pairs, strict=True)
            ],
            "problems": [[p.path, p.line, p.entry_id, p.message] for p in problems],
        }
        lines = [dump(header), *(line for pair in pairs for line in pair)]
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(b"".join(line + b"\n" for line in lines))
        temporary.replace(target)
    except OSError:
        pass


def _plain(entry: Entry) -> dict:
    data = entry.to_dict()
    del data["source"]  # kept once per file, in the stamp
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
        reviewed=raw.get("reviewed", ""), exercises=tuple(raw.get("exercises", ())),
        options=tuple(text(item) for item in raw.get("options", ())),
        correct=tuple(raw.get("correct", ())), source=raw["source"], line=raw["line"],
    )  # fmt: skip
