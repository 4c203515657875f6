"""The `quiz` command: spaced-repetition review, cramming, and timed mock interviews."""

import functools
import sys
from datetime import timedelta
from typing import Annotated

import typer

from llmprep import render
from llmprep.bank.validate import DIFFICULTIES, TYPES
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

MOCK_MINUTES_PER_QUESTION = 3


def _option(*names: str, help: str, **kwargs):
    return typer.Option(*names, help=help, show_default=kwargs.pop("show_default", False), **kwargs)


Count = Annotated[
    int, NumberOption("--count", "-n", low=1, high=10_000, help="At most this many questions.")
]
Topic = Annotated[str | None, _option("--topic", "-t", help="Only this topic.")]
Tag = Annotated[str | None, _option("--tag", help="Only entries with this tag.")]
Difficulty = Annotated[str | None, _option("--difficulty", "-d", help="easy, medium or hard.")]
Type = Annotated[str | None, _option("--type", help="open or choice questions only.")]
New = Annotated[
    int, NumberOption("--new", low=0, high=10_000, help="At most this many never-seen questions.")
]
Cram = Annotated[
    bool,
    _option(
        "--cram",
        help="Ignore the schedule: any questions in random order; logged, not rescheduled.",
    ),
]
Mock = Annotated[
    bool,
    _option("--mock", help="Timed mock interview: random open questions, a report, no scheduling."),
]
Minutes = Annotated[
    float | None,
    NumberOption(
        "--minutes",
        low=0.1,
        high=24 * 60,
        help="Time limit of --mock (default: 3 per question).",
        show_default=False,
    ),
]


def quiz(
    count: Count = 10,
    topic: Topic = None,
    tag: Tag = None,
    difficulty: Difficulty = None,
    type_: Type = None,
    new: New = 10,
    cram: Cram = False,
    mock: Mock = False,
    minutes: Minutes = None,
    lang: LangOption = None,
    bank: BankOption = None,
    as_json: JsonOption = False,
) -> None:
    """Review the due questions, type your answers, and see which key points you made.

    Due cards come first (most overdue first), then new ones (easiest first). An open question
    takes a multi-line answer: Enter starts a new line, Alt-Enter (or Esc, Enter) or Ctrl-D
    submits it, Enter on an empty answer reveals the answer, Up recalls an earlier answer. A
    choice question takes option letters (`b`, `a,c`, `b，d`). The grader marks each key point
    hit or missed and suggests a rating: type 1-4 (Again, Hard, Good, Easy) and Enter, or Enter
    alone to accept it. Every rating is saved at once; Ctrl-C, or Ctrl-D on an empty answer,
    ends the quiz with a summary.

    When stdin is not a terminal, each line is one answer (empty: reveal; `b` or `a,c` for a
    choice question) and the suggested rating is taken.

    Examples:

        llmprep quiz
        llmprep quiz -n 5 --topic optimization --lang zh
        llmprep quiz --cram --tag attention
        llmprep quiz --mock -n 3 --minutes 10
        printf 'overfitting is high variance\\nb\\n' | llmprep quiz --json
    """
    from llmprep.quiz import engine, terminal
    from llmprep.store import open_store

    if cram and mock:
        raise UsageError("--cram and --mock cannot be used together")
    if minutes is not None and not mock:
        raise UsageError("--minutes only applies to --mock")
    _check_choice("--type", type_, TYPES)
    _check_choice("--difficulty", difficulty, DIFFICULTIES)
    lang = resolve_lang(lang)
    mode = "mock" if mock else "cram" if cram else "review"

    loaded = load(bank)
    entries = engine.filter_entries(loaded, engine.Filters(topic, tag, difficulty, type_))
    interactive = sys.stdin.isatty()
    console = render.stderr() if as_json else render.stdout()
    with open_store() as store:
        now = engine.utc_now()
        cards = store.cards()
        queue = engine.choose(entries, cards, mode=mode, limit=count, new=new, now=now)
        limit = None
        if mock:
            limit = timedelta(minutes=minutes or MOCK_MINUTES_PER_QUESTION * max(1, len(queue)))

        def known_terms() -> frozenset[str]:
            from llmprep.quiz import grading  # with the first answer, not before the first question

            return grading.known_terms(loaded.entries.values())

        session = engine.Session(
            store, queue, frozenset(loaded.entries), mode=mode, lang=lang, time_limit=limit,
            known_terms=functools.cache(known_terms),
        )  # fmt: skip
        if not queue:
            summary = session.summary()
            if as_json:
                print_json(summary)
            else:
                console.print(_nothing_to_do(summary, entries))
            return
        if interactive or not as_json:
            from llmprep.quiz import view

            overview = engine.overview(entries, cards, store, now)
            console.print(view.intro(overview, mode, len(queue), lang))
        if interactive:
            frontend = terminal.TerminalFrontend(console)
        else:
            frontend = terminal.PipedFrontend(None if as_json else console)
        with frontend:
            summary = engine.run(session, frontend)
    if as_json:
        print_json(summary)


def _check_choice(option: str, value: str | None, allowed: tuple[str, ...]) -> None:
    if value is not None and value not in allowed:
        raise UsageError(f"{option} must be one of {', '.join(allowed)}, got {value!r}")


def _nothing_to_do(summary: dict, entries: list) -> str:
    from llmprep.quiz.engine import utc_now
    from llmprep.quiz.scheduling import humanize_interval
    from llmprep.store import parse_iso

    if not entries:
        return "No question matches these filters. Try `llmprep list`."
    next_due = summary["due_next"]["next_due"]
    when = ""
    if next_due is not None:
        wait = humanize_interval((parse_iso(next_due) - utc_now()).total_seconds())
        when = f"; the next card is due in {wait}"
    return (
        f"Nothing to review now{when}. Run `llmprep quiz --cram` to practise anyway, "
        "or raise `--new` for more new questions."
    )


def register(app: typer.Typer) -> None:
    app.command()(quiz)
