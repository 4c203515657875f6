"""The ML/LLM interview canon: every area an interview probes has its minimum of open entries, no
question is asked twice in other words, and the coding exercises and their theory lead to each other.
"""

from __future__ import annotations

from itertools import combinations

from rapidfuzz import fuzz
from typer.testing import CliRunner

from llmprep.bank import load_bank
from llmprep.cli import app
from llmprep.config import builtin_bank_dir
from llmprep.exercises.catalogue import load_exercises

BANK = load_bank([builtin_bank_dir()])
ENTRIES = list(BANK.entries.values())

# The areas of the canon and the open entries each needs at least (topic -> minimum).
AREA_MINIMUMS = {
    "transformer": 12, "long-context": 6, "tokenization": 5, "pretraining": 8, "fine-tuning": 8,
    "alignment": 8, "inference": 12, "moe": 4, "rag-agents": 8, "llm-evaluation": 8,
    "multimodal": 6, "deep-learning": 12, "classical-ml": 20, "probability-statistics": 6,
    "ml-system-design": 6,
}  # fmt: skip
# Two questions this alike ask the same thing (the bank's closest distinct pair scores 76 and 68).
SAME_QUESTION_EN, SAME_QUESTION_ZH = 90, 85


def test_every_area_has_its_minimum_of_open_entries():
    counts = {area: 0 for area in AREA_MINIMUMS}
    for entry in ENTRIES:
        if entry.type == "open" and entry.topic in counts:
            counts[entry.topic] += 1
    short = {area: n for area, n in counts.items() if n < AREA_MINIMUMS[area]}
    assert not short, f"areas below their minimum: {short}"


def test_the_bank_holds_the_canon_and_the_source_articles():
    assert sum(entry.type == "open" for entry in ENTRIES) >= 196
    assert sum(entry.type == "choice" for entry in ENTRIES) >= 86


def test_no_two_questions_ask_the_same_thing():
    alike = [
        (a.id, b.id)
        for a, b in combinations(ENTRIES, 2)
        if fuzz.token_sort_ratio(a.question.en, b.question.en) >= SAME_QUESTION_EN
        or fuzz.ratio(a.question.zh, b.question.zh) >= SAME_QUESTION_ZH
    ]
    assert not alike, f"near-duplicate questions: {alike}"


def test_each_exercise_and_its_theory_entries_link_both_ways():
    exercises = load_exercises()
    practised = {name: [] for name in exercises}
    for entry in ENTRIES:
        for name in entry.exercises:
            assert entry.id in exercises[name].related, (name, entry.id)
            practised[name].append(entry.id)
    assert all(practised.values()), f"exercises no entry leads to: {practised}"


def test_list_shows_every_area():
    result = CliRunner().invoke(app, ["list"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    for area in AREA_MINIMUMS:
        assert area in result.output, area


def test_show_tells_how_to_start_the_exercise_of_an_entry():
    entry = next(entry for entry in ENTRIES if entry.exercises)
    result = CliRunner().invoke(app, ["show", entry.id, "--lang", "en"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert "Practise it in code" in result.output
    assert f"llmprep start {entry.exercises[0]}" in result.output
