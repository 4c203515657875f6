"""Every command is documented: help text with examples, and a line in the README."""

from __future__ import annotations

import re

import pytest
import typer.main

from llmprep.cli import app
from tests.conftest import REPO

COMMANDS = sorted(typer.main.get_command(app).commands)
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_cli_has_the_study_commands():
    assert {"list", "show", "search", "validate"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_with_examples(name):
    command = typer.main.get_command(app).commands[name]
    summary = command.help.strip().split("\n\n")[0]
    # One line, so that `llmprep --help` lists the command without a break mid-sentence.
    assert "\n" not in summary and 10 < len(summary) <= 90, summary
    assert "Examples:" in command.help
    assert f"llmprep {name}" in command.help


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_in_the_readme(name):
    assert f"llmprep {name}" in README


def test_readme_gives_the_two_setup_commands():
    assert "make quiz" in README and "make test" in README


def test_the_readme_table_lists_every_exercise_in_the_order_llmprep_exercises_shows():
    from llmprep.exercises.catalogue import by_track, load_exercises

    listed = re.findall(r"^\| [^|]+ \| `(\w+)` \|", README, flags=re.MULTILINE)
    assert listed == [exercise.id for exercise in by_track(load_exercises().values())]
