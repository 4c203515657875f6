"""`llmprep report`: turn an error a user found in an entry into a ready-to-paste issue."""

import sys
from typing import Annotated

import typer

from llmprep.commands._common import BankOption, JsonOption, id_hint, load, print_json
from llmprep.errors import UsageError


def report(
    entry_id: Annotated[
        str, typer.Argument(metavar="ID", help="The id of the entry that is wrong.")
    ],
    note: Annotated[
        str, typer.Option("--note", "-m", help="What is wrong, and the source that says so.")
    ] = "",
    open_page: Annotated[
        bool,
        typer.Option(
            "--open", help="Also open a new issue on the project's issue page, filled in."
        ),
    ] = False,
    bank: BankOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print a Markdown error report about entry ID, ready to paste into an issue.

    The report names the entry, its file and line, the llmprep version and the question in both
    languages, so a maintainer can find it at once. Exits 1 for an unknown id.

    Examples:

        llmprep report overfitting --note "Dropout is not applied at inference time"
        llmprep report mc-wer-definition --open
        llmprep report optimizers --json
    """
    from llmprep.bank import report as reports

    loaded = load(bank)
    entry = loaded.get(entry_id)
    if entry is None:
        raise UsageError(f"no entry has the id {entry_id!r}.{id_hint(loaded, entry_id)}")
    data = reports.report_data(entry, note)
    page = reports.issue_page()
    if as_json:
        print_json(data | {"markdown": reports.report_markdown(data), "issue_page": page})
    else:
        sys.stdout.write(reports.report_markdown(data))
    if open_page:
        if page is None:
            raise UsageError("no issue page is configured (project.urls.Issues in pyproject.toml)")
        import webbrowser

        url = reports.new_issue_url(page, data)
        if not webbrowser.open(url):
            print(f"Open this link to file the report:\n{url}", file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.command()(report)
