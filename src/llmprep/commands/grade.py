"""`llmprep grade`: grade an answer written elsewhere with the quiz's own grader."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from llmprep import render
from llmprep.commands._common import (
    BankOption,
    JsonOption,
    LangOption,
    id_hint,
    load,
    print_json,
    resolve_lang,
)
from llmprep.errors import LlmprepError, UsageError


class UnusableAnswer(LlmprepError):
    """The answer cannot be graded: empty, or not UTF-8 text."""

    exit_code = 2


def grade(
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="The open question's id.")],
    source: Annotated[
        str, typer.Argument(metavar="[FILE|-]", help="The answer: a file, or - for stdin.")
    ] = "-",
    lang: LangOption = None,
    bank: BankOption = None,
    as_json: JsonOption = False,
) -> None:
    """Grade an answer to an open question with the quiz's grader, from a file or stdin.

    Shows which key points the answer makes (with the words that earned each), any common
    misconception it states, the score and the suggested rating. Nothing is recorded. Exits 0
    when graded, 1 for an unknown id, 2 when the answer is empty or not UTF-8.

    Examples:

        llmprep grade overfitting my-answer.md
        echo "Early stopping keeps the best checkpoint" | llmprep grade overfitting
        llmprep grade optimizers answer.txt --lang zh --json
    """
    from llmprep.quiz import grading, view

    loaded = load(bank)
    entry = loaded.get(entry_id)
    if entry is None or entry.is_choice:
        hint = id_hint(loaded, entry_id, keep=lambda other: not other.is_choice)
        kind = "is a choice question" if entry is not None else "does not exist"
        raise UsageError(f"{entry_id!r} {kind}: grade takes an open question's id.{hint}")
    answer = _read_answer(source)
    code = resolve_lang(lang)
    known = grading.known_terms(loaded.entries.values())
    result = grading.grade_entry(answer, entry, "zh" if code == "zh" else "en", known)
    if as_json:
        print_json(
            {
                "id": entry.id, "lang": result.lang, "score": round(result.score, 3),
                "rating": result.suggested, "rating_name": grading.RATING_NAMES[result.suggested],
                "stuffed": result.stuffed,
                "points": [
                    {"en": r.point.en, "zh": r.point.zh, "hit": r.hit, "evidence": r.evidence}
                    for r in result.points
                ],
                "misconceptions": [
                    {"en": m.misconception.claim.en, "zh": m.misconception.claim.zh,
                     "evidence": m.evidence, "why": m.misconception.why.to_dict(),
                     "point": m.misconception.point}
                    for m in result.misconceptions
                ],
                "dismissed": [
                    {"point": number, "en": result.points[number - 1].point.en,
                     "zh": result.points[number - 1].point.zh}
                    for number in result.dismissed
                ],
            }
        )  # fmt: skip
        return
    from llmprep.quiz.engine import Outcome

    outcome = Outcome(entry, answer, False, result.score, result.suggested, grade=result)
    show = code if code != "both" else "en"
    console = render.stdout()
    console.print(view.verdict(outcome, show))
    console.print(view.key_points_view(outcome, show))
    from llmprep.quiz.words import chrome

    said = chrome(show)
    console.print(said["suggested"].format(name=said["ratings"][result.suggested]), markup=False)


def _read_answer(source: str) -> str:
    if source == "-" and sys.stdin.isatty():
        print(
            "Type or paste your answer; end it with Ctrl-D on a line of its own.", file=sys.stderr
        )
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as error:
        raise UnusableAnswer(f"cannot read {source}: {error.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnusableAnswer(f"{'stdin' if source == '-' else source} is not UTF-8 text") from None
    if not text.strip():
        raise UnusableAnswer("the answer is empty: nothing to grade")
    return text


def register(app: typer.Typer) -> None:
    app.command()(grade)
