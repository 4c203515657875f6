"""The `llmprep` command: wiring only. Each command group lives in `llmprep.commands`."""

import importlib
import sys
from functools import cache

import typer

from llmprep import __version__
from llmprep.commands._common import flowing
from llmprep.commands.helpscreen import FittedCommand, FittedGroup
from llmprep.errors import BankError, LlmprepError

# The module that registers each command, in the order `llmprep --help` lists them. A command
# line that names a command imports only its module: the others are a third of llmprep's own
# start-up. A test keeps this table and the modules in step.
COMMAND_MODULES = {
    "list": "study", "show": "study", "search": "study", "validate": "study", "quiz": "quiz",
    "stats": "stats", "exercises": "exercises", "start": "exercises", "run": "exercises",
    "hint": "exercises", "solution": "exercises", "reset": "exercises", "report": "report",
    "grade": "grade",
}  # fmt: skip


def _version(value: bool) -> None:
    if value:
        print(f"llmprep {__version__}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """llmprep: interview preparation for ML and large models."""


def build_app(modules: tuple[str, ...]) -> typer.Typer:
    """The llmprep application with the commands of `modules` (names in `llmprep.commands`)."""
    application = typer.Typer(
        name="llmprep",
        help="Prepare for machine-learning and large-model interviews: study the bilingual "
        "question bank, take spaced-repetition quizzes, and grade your own implementations of "
        "classic algorithms.",
        no_args_is_help=True,
        cls=FittedGroup,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode="rich",
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    for module in modules:
        importlib.import_module(f"llmprep.commands.{module}").register(application)
    for command in application.registered_commands:  # help paragraphs flow to the width
        command.help = flowing(command.callback.__doc__ or "")
        command.cls = FittedCommand
    application.callback()(_root)
    return application


@cache
def _full_app() -> typer.Typer:
    return build_app(tuple(dict.fromkeys(COMMAND_MODULES.values())))


def __getattr__(name: str):
    """`llmprep.cli.app`: the application with every command, built when first asked for."""
    if name == "app":
        return _full_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Run the CLI, turning llmprep's own errors into a message and an exit code, never a traceback."""
    import gc

    from llmprep import render, streams

    named = sys.argv[1] if len(sys.argv) > 1 else None
    application = build_app((COMMAND_MODULES[named],)) if named in COMMAND_MODULES else _full_app()
    # The modules imported so far live as long as the process: freezing them spares every later
    # garbage collection from walking their objects again (several ms each at start-up).
    gc.freeze()
    streams.configure()
    try:
        application()
    except BankError as error:
        console = render.stderr()
        for problem in error.problems:
            console.print(str(problem), markup=False)
        console.print(f"error: {error}. Fix the files above, then run `llmprep validate`.")
        sys.exit(error.exit_code)
    except LlmprepError as error:
        render.stderr().print(f"error: {error}", markup=False)
        sys.exit(error.exit_code)
