"""The exercises: one YAML file each in `bank/exercises/`, read and checked into `Exercise` objects.

A file holds one mapping:

    id: knn                        # the file's name without .yaml; also the workspace file name
    class: KNNClassifier           # the class the candidate writes (and llmprep.solutions exports)
    difficulty: easy               # easy | medium | hard
    track: classic-ml              # classic-ml | llm: how `llmprep exercises` groups them
    title: {zh: ..., en: ...}
    task: {zh: ..., en: ...}       # Markdown: what to write, the API, the rules the grader checks
    hints: [{zh: ..., en: ...}]    # in the order `llmprep hint` shows them
    common_mistakes: [{zh: ..., en: ...}]
    related: [overfitting]         # ids of question-bank entries
    starter: |                     # the Python file `llmprep start` writes; must define `class`
      ...

Every problem is reported as `file:line: id: message`, all of them at once.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from llmprep import config
from llmprep.bank.model import Text
from llmprep.bank.problems import LineDict, LineList, Problem, display_path
from llmprep.bank.yamlfile import read_yaml
from llmprep.errors import LlmprepError, UsageError

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
DIFFICULTIES = ("easy", "medium", "hard")
TRACKS = ("classic-ml", "llm")  # in the order `llmprep exercises` shows them
FIELDS = (
    "id", "class", "difficulty", "track", "title", "task", "hints", "common_mistakes", "related",
    "starter",
)  # fmt: skip
RELATED_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ExerciseFileError(LlmprepError):
    """An exercise file is invalid; `problems` lists everything wrong, each as file:line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        lines = "\n".join(str(problem) for problem in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the exercise files:\n{lines}")


@dataclass(frozen=True, slots=True)
class Exercise:
    """One coding exercise, as described by its YAML file."""

    id: str
    class_name: str
    difficulty: str
    track: str
    title: Text
    task: Text
    hints: tuple[Text, ...]
    common_mistakes: tuple[Text, ...]
    related: tuple[str, ...]
    starter: str
    source: str = ""

    @property
    def solution_module(self) -> str:
        """The reference solution's module: `llmprep.solutions.<id>`."""
        return f"llmprep.solutions.{self.id}"

    @property
    def checks_file(self) -> Path:
        """The pytest module that grades this exercise."""
        return checks_dir() / f"test_{self.id}.py"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "class": self.class_name,
            "difficulty": self.difficulty,
            "track": self.track,
            "title": self.title.to_dict(),
            "task": self.task.to_dict(),
            "hints": [hint.to_dict() for hint in self.hints],
            "common_mistakes": [text.to_dict() for text in self.common_mistakes],
            "related": list(self.related),
        }


def checks_dir() -> Path:
    return Path(__file__).resolve().with_name("checks")


def exercises_dir() -> Path:
    """The built-in exercise files: `exercises/` of the built-in bank."""
    return config.builtin_bank_dir() / "exercises"


def load_exercises(folder: Path | None = None) -> dict[str, Exercise]:
    """Every exercise of `folder` (default: the built-in ones), by id, in file-name order.

    Raises ExerciseFileError listing every problem of every file (as file:line) when any is invalid.
    """
    folder = folder or exercises_dir()
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        raise ExerciseFileError([Problem(display_path(folder), 0, "", "no exercise files found")])
    problems: list[Problem] = []
    exercises = {}
    for path in files:
        exercise = read_exercise(path, problems)
        if exercise is not None:
            exercises[exercise.id] = exercise
    if problems:
        raise ExerciseFileError(problems)
    return exercises


def by_track(exercises) -> list[Exercise]:
    """`exercises` in the order `llmprep exercises` shows them: by track (TRACKS), then by
    difficulty (easy first), then by id."""
    return sorted(
        exercises,
        key=lambda e: (TRACKS.index(e.track), DIFFICULTIES.index(e.difficulty), e.id),
    )


def get_exercise(exercise_id: str, folder: Path | None = None) -> Exercise:
    """The exercise called `exercise_id` (`naive-bayes` also finds `naive_bayes`)."""
    exercises = load_exercises(folder)
    exercise = exercises.get(exercise_id.strip().lower().replace("-", "_"))
    if exercise is None:
        from rapidfuzz import fuzz, process

        close = [name for name, _, _ in process.extract(
            exercise_id, list(exercises), scorer=fuzz.ratio, score_cutoff=60, limit=3
        )]  # fmt: skip
        guess = f"; did you mean {' or '.join(close)}?" if close else "."
        raise UsageError(
            f"no exercise called {exercise_id!r}{guess} The exercises are: {', '.join(exercises)}"
        )
    return exercise


def check_exercises(bank, folder: Path | None = None) -> list[Problem]:
    """Every problem of the exercise files, including `related` ids missing from `bank`."""
    try:
        exercises = load_exercises(folder)
    except ExerciseFileError as error:
        return error.problems
    problems = _practice_links(bank, exercises)
    for exercise in exercises.values():
        missing = [other for other in exercise.related if other not in bank.entries]
        if missing:
            line = _line_of_key(Path(exercise.source), "related")
            problems += [
                Problem(exercise.source, line, exercise.id, f"related id {other!r} does not exist")
                for other in missing
            ]
    return problems


def _practice_links(bank, exercises: dict) -> list[Problem]:
    """An entry's `exercises` must name real exercises, and each must list the entry back in its
    `related`, so the theory and the code lead to each other."""
    problems = []
    for entry in bank.entries.values():
        for name in entry.exercises:
            exercise = exercises.get(name)
            if exercise is None:
                message = f"exercise {name!r} does not exist (see llmprep exercises)"
            elif entry.id not in exercise.related:
                message = f"exercise {name!r} does not list {entry.id!r} in its related ids"
            else:
                continue
            problems.append(Problem(entry.source, entry.line, entry.id, message))
    return problems


def _line_of_key(path: Path, key: str) -> int:
    """The line of a top-level `key:` in a YAML file (0 when it cannot be read)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    return next((n for n, text in enumerate(lines, 1) if text.startswith(f"{key}:")), 0)


def read_exercise(path: Path, problems: list[Problem]) -> Exercise | None:
    """The exercise in `path`, or None after appending every problem found to `problems`."""
    data, file_problems = read_yaml(path)
    problems.extend(file_problems)
    if data is None:
        return None
    checker = _Checker(path, data, problems)
    return checker.exercise()


class _Checker:
    """Checks one exercise mapping, reporting problems with the line of the offending key."""

    def __init__(self, path: Path, data, problems: list[Problem]) -> None:
        self.path = path
        self.shown = display_path(path)
        self.data = data
        self.problems = problems
        raw_id = data.get("id") if isinstance(data, dict) else None
        self.id = raw_id if isinstance(raw_id, str) else ""

    def line(self, key: str | None) -> int:
        if isinstance(self.data, LineDict):
            return self.data.line_of(key) if key else self.data.line
        return 1

    def report(self, key: str | None, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.shown, line or self.line(key), self.id, message))

    def exercise(self) -> Exercise | None:
        if not isinstance(self.data, dict):
            kind = "a list" if isinstance(self.data, list) else type(self.data).__name__
            self.report(None, f"an exercise file holds one mapping, got {kind}")
            return None
        before = len(self.problems)
        for key in self.data:
            if key not in FIELDS:
                self.report(key, f"unknown field {key!r} (allowed: {', '.join(FIELDS)})")
        missing = [key for key in FIELDS if key not in self.data]
        for key in missing:
            self.report(None, f"missing field {key!r}")
        if missing:
            return None
        values = {
            "id": self.exercise_id(),
            "class_name": self.class_name(),
            "difficulty": self.choice("difficulty", DIFFICULTIES),
            "track": self.choice("track", TRACKS),
            "title": self.text("title", "title", self.data["title"]),
            "task": self.text("task", "task", self.data["task"]),
            "hints": self.texts("hints", allow_empty=False),
            "common_mistakes": self.texts("common_mistakes", allow_empty=False),
            "related": self.related(),
        }
        values["starter"] = self.starter(values["class_name"])
        if len(self.problems) > before:
            return None
        return Exercise(**values, source=self.shown)

    def exercise_id(self) -> str | None:
        value = self.data["id"]
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.report("id", f"id must be lowercase snake_case text, got {value!r}")
            return None
        if value != self.path.stem:
            self.report("id", f"id {value!r} must match the file name {self.path.name!r}")
        return value

    def class_name(self) -> str | None:
        value = self.data["class"]
        if not isinstance(value, str) or not value.isidentifier():
            self.report("class", f"class must be a Python class name, got {value!r}")
            return None
        return value

    def choice(self, key: str, allowed: tuple[str, ...]) -> str | None:
        value = self.data[key]
        if value not in allowed:
            self.report(key, f"{key} must be one of {', '.join(allowed)}, got {value!r}")
            return None
        return value

    def text(self, key: str, name: str, value, line: int | None = None) -> Text | None:
        """`value` as a Text; `name` is how messages call it (e.g. `hints[2]`)."""
        if isinstance(value, LineDict):
            line = value.line
        if not isinstance(value, dict) or set(value) != {"zh", "en"}:
            self.report(key, f"{name} must be a mapping with exactly the keys zh and en", line)
            return None
        if not all(isinstance(value[lang], str) and value[lang].strip() for lang in ("zh", "en")):
            self.report(key, f"{name} needs non-empty text in both zh and en", line)
            return None
        return Text(zh=value["zh"].strip(), en=value["en"].strip())

    def texts(self, key: str, allow_empty: bool) -> tuple[Text, ...] | None:
        value = self.data[key]
        if not isinstance(value, list) or (not value and not allow_empty):
            self.report(key, f"{key} must be a non-empty list of {{zh, en}} mappings")
            return None
        lines = value.item_lines if isinstance(value, LineList) else [None] * len(value)
        items = [
            self.text(key, f"{key}[{index}]", item, lines[index])
            for index, item in enumerate(value)
        ]
        return None if None in items else tuple(items)

    def related(self) -> tuple[str, ...] | None:
        value = self.data["related"]
        if not isinstance(value, list) or not all(
            isinstance(item, str) and RELATED_PATTERN.match(item) for item in value
        ):
            self.report("related", "related must be a list of question-bank entry ids")
            return None
        return tuple(value)

    def starter(self, class_name: str | None) -> str | None:
        value = self.data["starter"]
        if not isinstance(value, str) or not value.strip():
            self.report("starter", "starter must be the text of a Python file")
            return None
        try:
            tree = ast.parse(value, filename=f"{self.shown} (starter)")
        except SyntaxError as error:
            # A block scalar (`starter: |`) starts on the line after its key.
            line = self.line("starter") + (error.lineno or 0)
            self.report("starter", f"starter is not valid Python: {error.msg}", line)
            return None
        classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
        if class_name and class_name not in classes:
            self.report("starter", f"starter must define class {class_name}")
            return None
        return value
