"""Study commands: list, show, search and validate the question bank."""

from pathlib import Path
from typing import Annotated

import typer

from llmprep import config, render
from llmprep.commands._common import (
    BankOption,
    JsonOption,
    LangOption,
    NumberOption,
    load,
    print_json,
    resolve_lang,
)
from llmprep.errors import UsageError


def list_topics(bank: BankOption = None, as_json: JsonOption = False) -> None:
    """List the topics with their number of entries by type and difficulty.

    Examples:

        llmprep list
        llmprep list --json
    """
    data = topic_summary(load(bank))
    if as_json:
        print_json(data)
    else:
        render.stdout().print(render.topics_table(data))


def topic_summary(bank) -> list[dict]:
    rows = []
    for topic, entries in bank.topics().items():
        row = {"topic": topic, "entries": len(entries)}
        for key, values in (
            ("type", ("open", "choice")),
            ("difficulty", ("easy", "medium", "hard")),
        ):
            for value in values:
                row[value] = sum(1 for entry in entries if getattr(entry, key) == value)
        rows.append(row)
    return rows


def show(
    query: Annotated[
        str, typer.Argument(metavar="QUERY", help="An entry id, a topic, or words to look for.")
    ],
    lang: LangOption = None,
    bank: BankOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show an entry with its answer, a whole topic, or the entries that best match QUERY.

    Examples:

        llmprep show overfitting
        llmprep show optimization --lang zh
        llmprep show "adam weight decay" --lang both
        llmprep show distributed-training --json
    """
    lang = resolve_lang(lang)
    loaded = load(bank)
    entry = loaded.get(query)
    matched = False  # True when QUERY names nothing and the entries are the best matches
    if entry is not None:
        entries = [entry]
    elif query in loaded.topics():
        entries = loaded.topics()[query]
    else:
        from llmprep.bank import search  # rapidfuzz is needed only when the query is not a name

        entries = [hit.entry for hit in search.best_matches(loaded, query, limit=3)]
        matched = True
    if not entries:
        raise UsageError(f"nothing in the bank matches {query!r}. {_no_match_hint(loaded, query)}")
    if as_json:
        print_json([entry.to_dict() for entry in entries])
        return
    console = render.stdout()
    if matched:
        console.print(render.matches_heading(query, len(entries), lang))
    for index, entry in enumerate(entries):
        if index:
            console.rule()
        console.print(render.entry_view(entry, lang))


def _no_match_hint(loaded, query: str) -> str:
    """Entries that mention `query`, else ids and topics that look like it, else `list`."""
    from llmprep.bank import search

    mentions = [hit.entry.id for hit in search.search(loaded, query, limit=5)]
    if mentions:
        return f"Entries that mention it: {', '.join(mentions)} (see `llmprep search {query}`)."
    similar = search.suggest(loaded, query)
    if similar:
        return f"Did you mean: {', '.join(similar)}?"
    return "Try `llmprep list` for the topics."


def search_bank(
    text: Annotated[
        str, typer.Argument(metavar="TEXT", help="Words to look for, in English or Chinese.")
    ],
    limit: Annotated[
        int, NumberOption("--limit", "-n", low=1, high=1000, help="At most this many results.")
    ] = 10,
    lang: LangOption = None,
    bank: BankOption = None,
    as_json: JsonOption = False,
) -> None:
    """Search questions, answers and key points in both languages, best match first.

    Exits 1 when nothing matches (with --json, after printing an empty list).

    Examples:

        llmprep search "gradient clipping"
        llmprep search 过拟合
        llmprep search zero --json
    """
    from llmprep.bank import search

    lang = resolve_lang(lang)
    found = search.search(load(bank), text, limit=None)
    hits = found[:limit]
    if as_json:
        print_json([hit.to_dict() | {"entry": hit.entry.to_dict()} for hit in hits])
        if not hits:
            raise typer.Exit(1)  # the same exit code as the text output: nothing found
        return
    if not hits:
        raise UsageError(f"no entry mentions {text!r}")
    render.stdout().print(render.hits_table(hits, lang, text, total=len(found)))


def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Bank files or folders to check (default: every configured bank).",
        ),
    ] = None,
    bank: BankOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check bank files and report every problem as file:line: entry-id: message.

    The built-in bank and your --bank folders are always loaded too, so `related` links to
    their entries resolve, and the coding-exercise files are checked as well. Warnings (an entry
    not reviewed in 18 months, an open entry with fewer than 2 misconceptions) are listed but do
    not fail. Exits 0 when everything is valid, 1 otherwise.

    Examples:

        llmprep validate
        llmprep validate my-bank/ --bank my-bank
        llmprep validate bank/training.yaml --json
    """
    from llmprep.bank import check_bank
    from llmprep.bank.review import bank_warnings
    from llmprep.exercises.catalogue import check_exercises

    loaded, problems = check_bank(config.bank_dirs(bank) + list(paths or []))
    problems += check_exercises(loaded)
    warnings = bank_warnings(loaded)
    if as_json:
        print_json(
            {
                "valid": not problems,
                "entries": len(loaded),
                "problems": [p.to_dict() for p in problems],
                "warnings": [w.to_dict() for w in warnings],
            }
        )
        if problems:
            raise typer.Exit(1)
        return
    console = render.stderr()
    for problem in problems + warnings:
        console.print(str(problem), markup=False)
    noted = f"; {len(warnings)} warning(s)" if warnings else ""
    if problems:
        console.print(f"{len(problems)} problem(s) found; {len(loaded)} valid entries{noted}.")
    else:
        render.stdout().print(f"OK: {len(loaded)} entries, no problems{noted}.")
    if problems:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("list")(list_topics)
    app.command()(show)
    app.command("search")(search_bank)
    app.command()(validate)
