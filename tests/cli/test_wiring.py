"""`llmprep CMD` builds the application with CMD's module alone; the table that says which module
registers which command must match the modules."""

from __future__ import annotations

import typer.main

from llmprep import cli


def test_command_modules_name_the_module_of_every_command_in_help_order():
    commands = typer.main.get_command(cli.app).commands
    assert list(commands) == list(cli.COMMAND_MODULES)
    for name, command in commands.items():
        assert command.callback.__module__ == f"llmprep.commands.{cli.COMMAND_MODULES[name]}"


def test_an_app_of_one_module_has_its_commands_with_the_same_help():
    full = typer.main.get_command(cli.app).commands
    study = typer.main.get_command(cli.build_app(("study",))).commands
    assert set(study) == {"list", "show", "search", "validate"}
    assert all(study[name].help == full[name].help for name in study)
