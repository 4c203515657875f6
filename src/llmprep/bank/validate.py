"""Check raw YAML entries against the bank schema and turn them into `Entry` objects.

Every check appends a `Problem` instead of raising, so one run reports everything that is wrong.
The rules here and `bank/schema.json` describe the same format; a test keeps them in step.
"""

from __future__ import annotations

import re

from llmprep.bank.model import Entry, KeyPoint, Misconception, Text
from llmprep.bank.problems import LineDict, Problem, entry_label, kind_of, short_repr

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TYPES = ("open", "choice")
DIFFICULTIES = ("easy", "medium", "hard")
COMMON_FIELDS = (
    "id", "type", "topic", "tags", "difficulty", "question", "answer", "key_points",
    "explanation", "related", "follow_ups", "references",
)  # fmt: skip
OPTIONAL_FIELDS = ("seeds", "misconceptions", "reviewed", "exercises")
EXERCISE_ID = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")
REVIEWED_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
CHOICE_FIELDS = ("options", "correct")
KEY_POINTS_OPEN = (3, 8)
OPTIONS_RANGE = (2, 8)


class _EntryChecker:
    """Collects the problems of one entry; each `_field` method returns a clean value or None."""

    def __init__(self, raw: LineDict, path: str, problems: list[Problem]) -> None:
        self.raw = raw
        self.path = path
        self.problems = problems
        raw_id = raw.get("id")
        self.entry_id = entry_label(raw_id)

    def report(self, key: str | None, message: str, line: int | None = None) -> None:
        if line is None:
            line = self.raw.line_of(key) if key is not None else self.raw.line
        self.problems.append(Problem(self.path, line, self.entry_id, message))

    def text(self, key: str, value, where: str | None = None, extra=frozenset()) -> Text | None:
        where = where or key
        line = getattr(value, "line", None) or self.raw.line_of(key)
        if not isinstance(value, dict):
            self.report(key, f"{where} must be a mapping with 'zh' and 'en' texts", line)
            return None
        ok = True
        for lang in ("zh", "en"):
            text = value.get(lang)
            if text is None:
                self.report(key, f"{where} is missing its '{lang}' translation", line)
                ok = False
            elif not isinstance(text, str) or not text.strip():
                self.report(key, f"{where}.{lang} must be non-empty text", line)
                ok = False
        for unknown in value.keys() - {"zh", "en"} - set(extra):
            self.report(key, f"{where} has unknown field {short_repr(unknown)}", line)
        return Text(value["zh"].strip(), value["en"].strip()) if ok else None

    def strings(
        self, key: str, value, pattern: re.Pattern | None = None, shape: str = "kebab-case"
    ) -> tuple[str, ...] | None:
        if not isinstance(value, list):
            self.report(key, f"{key} must be a list of strings")
            return None
        clean = []
        for item in value:
            if not isinstance(item, str) or not item.strip():
                self.report(key, f"{key} must hold non-empty strings, got {short_repr(item)}")
                return None
            if pattern and not pattern.match(item):
                self.report(key, f"{key}: {short_repr(item)} is not {shape}")
                return None
            clean.append(item.strip())
        return tuple(clean)

    def texts(self, key: str, value) -> tuple[Text, ...] | None:
        if not isinstance(value, list):
            self.report(key, f"{key} must be a list of {{zh, en}} texts")
            return None
        items = [self.text(key, item, f"{key}[{i}]") for i, item in enumerate(value)]
        return None if any(item is None for item in items) else tuple(items)

    def key_points(self, value) -> tuple[KeyPoint, ...] | None:
        if not isinstance(value, list):
            self.report("key_points", "key_points must be a list of {zh, en, aliases}")
            return None
        points = []
        for i, item in enumerate(value):
            where = f"key_points[{i}]"
            text = self.text("key_points", item, where, extra={"aliases"})
            if text is None:
                return None
            aliases = item.get("aliases", [])
            if not isinstance(aliases, list) or not all(
                isinstance(alias, str) and alias.strip() for alias in aliases
            ):
                self.report("key_points", f"{where}.aliases must be a list of strings", item.line)
                return None
            points.append(KeyPoint(text.zh, text.en, tuple(alias.strip() for alias in aliases)))
        return tuple(points)

    def misconceptions(self, value, n_points: int) -> tuple[Misconception, ...] | None:
        key = "misconceptions"
        if not isinstance(value, list):
            self.report(key, "misconceptions must be a list of {claim, why, terms, point}")
            return None
        items = []
        for i, item in enumerate(value):
            where = f"misconceptions[{i}]"
            line = getattr(item, "line", None)
            if not isinstance(item, dict):
                self.report(key, f"{where} must be a mapping with claim, why and terms", line)
                return None
            for unknown in item.keys() - {"claim", "why", "terms", "point"}:
                self.report(key, f"{where} has unknown field {short_repr(unknown)}", line)
            missing = [name for name in ("claim", "why", "terms") if name not in item]
            for name in missing:
                self.report(key, f"{where} is missing '{name}'", line)
            if missing:
                return None
            claim = self.text(key, item["claim"], f"{where}.claim")
            why = self.text(key, item["why"], f"{where}.why")
            terms = item["terms"]
            if (
                not isinstance(terms, list)
                or not terms
                or not all(isinstance(term, str) and term.strip() for term in terms)
            ):
                self.report(key, f"{where}.terms must be a non-empty list of strings", line)
                return None
            point = item.get("point")
            if point is not None and (
                not isinstance(point, int) or isinstance(point, bool) or not 1 <= point <= n_points
            ):
                self.report(
                    key,
                    f"{where}.point must be a key point number 1..{n_points}, got {short_repr(point)}",
                    line,
                )
                return None
            if claim is None or why is None:
                return None
            items.append(Misconception(claim, why, tuple(t.strip() for t in terms), point))
        return tuple(items)


def check_entry(
    raw, path: str, index: int, problems: list[Problem], list_line: int
) -> Entry | None:
    """Validate one raw entry; return it as an Entry, or None after recording its problems."""
    if not isinstance(raw, LineDict):
        problems.append(
            Problem(path, list_line, "", f"item {index} must be a mapping, got {kind_of(raw)}")
        )
        return None
    checker = _EntryChecker(raw, path, problems)
    before = len(problems)
    entry_type = raw.get("type")
    allowed = set(COMMON_FIELDS) | set(OPTIONAL_FIELDS) | set(CHOICE_FIELDS)
    required = list(COMMON_FIELDS) + (list(CHOICE_FIELDS) if entry_type == "choice" else [])
    for key in required:
        if key not in raw:
            checker.report(None, f"missing field '{key}'")
    for key in raw:
        if key not in allowed:
            checker.report(key, f"unknown field {short_repr(key)}")
        elif key in CHOICE_FIELDS and entry_type != "choice":
            checker.report(key, f"field '{key}' is only for choice entries")

    entry_id = raw.get("id")
    if "id" in raw and (not isinstance(entry_id, str) or not ID_PATTERN.match(entry_id)):
        checker.report("id", f"id must be kebab-case text, got {short_repr(entry_id)}")
    if "type" in raw and entry_type not in TYPES:
        checker.report(
            "type", f"type must be one of {', '.join(TYPES)}, got {short_repr(entry_type)}"
        )
    topic = raw.get("topic")
    if "topic" in raw and (not isinstance(topic, str) or not ID_PATTERN.match(topic)):
        checker.report("topic", f"topic must be kebab-case text, got {short_repr(topic)}")
    if "difficulty" in raw and raw["difficulty"] not in DIFFICULTIES:
        checker.report(
            "difficulty",
            f"difficulty must be one of {', '.join(DIFFICULTIES)}, got {short_repr(raw['difficulty'])}",
        )
    checks = {
        "tags": checker.strings,
        "question": checker.text,
        "answer": checker.text,
        "explanation": checker.text,
        "key_points": lambda key, value: checker.key_points(value),
        "related": lambda key, value: checker.strings(key, value, ID_PATTERN),
        "follow_ups": checker.texts,
        "references": checker.strings,
        "seeds": checker.strings,
        "exercises": lambda key, value: checker.strings(key, value, EXERCISE_ID, "an exercise id"),
    }
    fields = {key: check(key, raw[key]) if key in raw else None for key, check in checks.items()}
    fields["seeds"] = fields["seeds"] or ()
    fields["exercises"] = fields["exercises"] or ()
    misconceptions = ()
    if "misconceptions" in raw:
        misconceptions = checker.misconceptions(
            raw["misconceptions"], len(fields["key_points"] or ())
        )
    reviewed = raw.get("reviewed", "")
    if "reviewed" in raw and not (isinstance(reviewed, str) and REVIEWED_PATTERN.match(reviewed)):
        checker.report(
            "reviewed", f"reviewed must be a month as YYYY-MM, got {short_repr(reviewed)}"
        )
    if fields["references"] is not None and not fields["references"]:
        checker.report("references", "references must cite at least one source")
    points = fields["key_points"]
    low, high = KEY_POINTS_OPEN
    if entry_type == "open" and points is not None and not low <= len(points) <= high:
        checker.report(
            "key_points", f"an open entry needs {low}-{high} key_points, has {len(points)}"
        )
    if fields["related"] and entry_id in fields["related"]:
        checker.report("related", "related lists the entry itself")
    options, correct = (), ()
    if entry_type == "choice" and "options" in raw and "correct" in raw:
        options, correct = _check_choice(checker, raw)
    if len(problems) > before or options is None or correct is None:
        return None
    return Entry(
        id=entry_id, type=entry_type, topic=topic, tags=fields["tags"],
        difficulty=raw["difficulty"], question=fields["question"], answer=fields["answer"],
        key_points=points, explanation=fields["explanation"], related=fields["related"],
        follow_ups=fields["follow_ups"], references=fields["references"], seeds=fields["seeds"],
        misconceptions=misconceptions, reviewed=reviewed, exercises=fields["exercises"], options=options, correct=correct, source=path, line=raw.line,
    )  # fmt: skip


def _check_choice(checker: _EntryChecker, raw: LineDict):
    options = checker.texts("options", raw["options"])
    low, high = OPTIONS_RANGE
    if options is not None and not low <= len(options) <= high:
        checker.report("options", f"a choice entry needs {low}-{high} options, has {len(options)}")
        options = None
    correct = raw["correct"]
    if not isinstance(correct, list) or not correct:
        checker.report("correct", "correct must be a non-empty list of option indices (0-based)")
        return options, None
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in correct):
        checker.report("correct", f"correct must hold integers, got {short_repr(correct)}")
        return options, None
    if len(set(correct)) != len(correct):
        checker.report("correct", f"correct repeats an index: {short_repr(correct)}")
        return options, None
    if options is not None:
        bad = [i for i in correct if not 0 <= i < len(options)]
        if bad:
            checker.report(
                "correct",
                f"correct index {bad[0]} is out of range: options are 0..{len(options) - 1}",
            )
            return options, None
    return options, tuple(correct)
