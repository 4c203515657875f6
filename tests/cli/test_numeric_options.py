"""Every numeric option of every command refuses nan, inf and out-of-range values with a usage
error (exit 2) that names the option and its range, through the one shared validator."""

from __future__ import annotations

import inspect

import pytest
import typer.main
from typer.testing import CliRunner

from llmprep.cli import app
from llmprep.commands import _common

COMMANDS = typer.main.get_command(app).commands
# A command line that reaches each numeric option, and the option's valid range.
NUMERIC = {
    ("quiz", "--count"): (["quiz", "--mock"], 1, 10_000),
    ("quiz", "--new"): (["quiz"], 0, 10_000),
    ("quiz", "--minutes"): (["quiz", "--mock"], 0.1, 24 * 60),
    ("search", "--limit"): (["search", "adam"], 1, 1000),
    ("run", "--timeout"): (["run", "knn", "--solution"], 0.5, 3600),
    ("run", "--memory"): (["run", "knn", "--solution"], 256, 2**20),
}


def _numeric_options():
    for name, command in COMMANDS.items():
        for param in command.params:
            if param.type.name.split()[0] in ("int", "integer", "float"):
                yield name, param


def test_every_numeric_option_is_checked_by_the_shared_validator():
    found = {(name, param.opts[0]) for name, param in _numeric_options()}
    assert found == set(NUMERIC)
    for _, param in _numeric_options():
        assert param.callback is not None
        assert inspect.unwrap(param.callback).__name__ == _common._finite.__name__
        assert param.type.min is not None and param.type.max is not None


@pytest.mark.parametrize("option", sorted(NUMERIC), ids=lambda key: " ".join(key))
def test_numeric_option_refuses_nan_inf_and_out_of_range(option):
    args, low, high = NUMERIC[option]
    runner = CliRunner()
    for value in ("nan", "inf", "-inf", "1e13", str(low - 1), str(high + 1), "NaN"):
        result = runner.invoke(app, [*args, option[1], value])
        output = " ".join(result.output.replace("│", " ").split())  # unwrapped
        assert result.exit_code == 2, (value, output, result.exception)
        assert f"Invalid value for '{option[1]}'" in output, output
        said = (
            "is not a finite number",
            f"is not in the range {low}<=x<={high}",
            "not a valid int",
        )
        assert any(words in output for words in said), output


def test_numeric_ranges_are_in_the_help():
    help_text = CliRunner().invoke(app, ["quiz", "--help"], env={"COLUMNS": "120"}).output
    assert "1<=x<=10000" in help_text and "0.1<=x<=1440" in help_text
