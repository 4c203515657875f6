"""The `stats` command: reviews per day, retention, the due forecast, weak spots and coverage."""

from datetime import UTC, datetime

import typer

from llmprep import render
from llmprep.commands._common import (
    BankOption,
    JsonOption,
    LangOption,
    load,
    print_json,
    resolve_lang,
)


def stats(lang: LangOption = None, bank: BankOption = None, as_json: JsonOption = False) -> None:
    """Show your progress: reviews per day, retention, the due forecast and weak spots.

    Reviews per day over the last 14 days, true retention (last 30 days and all time), how many
    cards fall due on each of the next 14 days, your weakest topics and entries, and how much of
    each topic you have seen.

    True retention counts each card's first review of a day (Again = forgotten). Entries removed
    from the bank keep their history. The JSON keys are English whatever --lang says.

    Examples:

        llmprep stats
        llmprep stats --json
        llmprep stats --lang zh
    """
    from llmprep.quiz.stats import compute_stats
    from llmprep.store import open_store

    lang = resolve_lang(lang)
    loaded = load(bank)
    with open_store() as store:
        data = compute_stats(store, loaded, datetime.now(UTC))
    if as_json:
        print_json(data)
        return
    from llmprep.quiz.view import stats_view

    render.stdout().print(stats_view(data, lang))


def register(app: typer.Typer) -> None:
    app.command()(stats)
