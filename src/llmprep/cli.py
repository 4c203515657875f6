"""The `llmprep` command: wiring only. Each command group lives in `llmprep.commands`."""

from __future__ import annotations

import sys

import typer

from llmprep import __version__
from llmprep.commands import exercises, grade, quiz, report, stats, study
from llmprep.commands._common import flowing
from llmprep.errors import BankError, LlmprepError

app = typer.Typer(
    name="llmprep",
    help="Prepare for machine-learning and large-model interviews: study the bilingual question "
    "bank, take spaced-repetition quizzes, and grade your own implementations of classic algorithms.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
study.register(app)
quiz.register(app)
stats.register(app)
exercises.register(app)
report.register(app)
grade.register(app)
for _command in app.registered_commands:  # help paragraphs flow to the terminal's width
    _command.help = flowing(_command.callback.__doc__ or "")


def _version(value: bool) -> None:
    if value:
        print(f"llmprep {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """llmprep: interview preparation for ML and large models."""


def main() -> None:
    """Run the CLI, turning llmprep's own errors into a message and an exit code, never a traceback."""
    from llmprep import render, streams

    streams.configure()
    try:
        app()
    except BankError as error:
        console = render.stderr()
        for problem in error.problems:
            console.print(str(problem), markup=False)
        console.print(f"error: {error}. Fix the files above, then run `llmprep validate`.")
        sys.exit(error.exit_code)
    except LlmprepError as error:
        render.stderr().print(f"error: {error}", markup=False)
        sys.exit(error.exit_code)
