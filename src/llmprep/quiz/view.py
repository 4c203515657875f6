"""Rich renderables of the quiz and of `stats`: plain data in, something to print out."""

from __future__ import annotations

import re
from datetime import datetime

from rich.console import Group
from rich.text import Text as RichText

from llmprep import render
from llmprep.bank.model import Entry
from llmprep.layout import HangingList, Table, hanging, hanging_list, indented
from llmprep.quiz import ratings
from llmprep.quiz.engine import Outcome, Result, Session
from llmprep.quiz.scheduling import Plan, humanize_interval
from llmprep.quiz.words import chrome
from llmprep.store import parse_iso

RATING_STYLE = {1: "red", 2: "yellow", 3: "green", 4: "cyan"}


def clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def intro(overview: dict, mode: str, planned: int, lang: str) -> RichText:
    """`Quiz: 10 questions · 3 due · 7 new · 12 reviewed today`."""
    words = chrome(lang)
    line = RichText()
    line.append(words["modes"][mode], style="bold")
    line.append(words["planned"].format(n=planned, s="s" if planned != 1 else ""))
    line.append(
        words["overview"].format(
            due=overview["due"], new=overview["new"], today=overview["reviewed_today"]
        ),
        style="dim",
    )
    return line


_MARKDOWN = re.compile(r"[`*_#\[\]|>\\]|^\s*([-+]|\d+\.)\s|\n", re.MULTILINE)


def question_text(text: str):
    """Markdown only when the text uses it: importing Rich's Markdown costs the first question
    ~40 ms, and most questions are one plain sentence."""
    return render.markdown(text) if _MARKDOWN.search(text) else RichText(text)


def entry_header(entry: Entry, lang: str) -> RichText:
    """`id  topic · easy · open · tags`, in the quiz's language (`id  主题 topic · 难度 易 · 问答题`)."""
    words = chrome(lang)
    header = RichText()
    header.append(entry.id, style="bold")
    header.append(f"  {words['topic_label']}{entry.topic} · {words['difficulty_label']}")
    header.append(
        words["difficulties"].get(entry.difficulty, entry.difficulty),
        style=render.DIFFICULTY_STYLE.get(entry.difficulty, ""),
    )
    header.append(f" · {words['types'].get(entry.type, entry.type)}")
    if entry.tags:
        header.append(f" · {', '.join(entry.tags)}", style="dim")
    return header


def question_view(session: Session, entry: Entry, position: int, clock_line: bool = True) -> Group:
    """`[1/10] id  topic · …`, then the question (and options) in each language.

    With `clock_line`, a mock interview's header says the time left; a terminal shows a live
    clock in the editor's toolbar instead, so that no stale time stays in the scrollback.
    """
    header = RichText()
    header.append(f"[{position}/{len(session.queue)}] ", style="bold magenta")
    header.append_text(entry_header(entry, session.lang))
    left = session.time_left()
    if left is not None and clock_line:
        header.append(f"  ⏱ {clock(left)} left", style="bold red" if left < 60 else "bold")
    parts: list = [hanging(header)]
    for code in render.languages(session.lang):
        parts.append(question_text(entry.question.get(code)))
        if entry.is_choice:
            parts.append(render.choice_options(entry, code, reveal=False))
    return Group(*parts)


def answer_help(entry: Entry, lang: str) -> RichText:
    return RichText(chrome(lang)["choice_help" if entry.is_choice else "open_help"], style="dim")


def typed_answer(answer: str, lang: str) -> RichText:
    """The answer read from a pipe, echoed so that a transcript reads like a session."""
    shown = answer if answer.strip() else f"({chrome(lang)['reveal_echo']})"
    return RichText(f"› {shown}", style="dim")


def submitted_answer(answer: str) -> HangingList:
    """An answer as typed in the editor, `›` before it and its other lines under its text."""
    return hanging_list([(RichText("›", style="bold"), RichText(answer.strip("\n")))], indent=0)


def verdict(outcome: Outcome, lang: str) -> RichText | Group:
    """The score line; then each misconception stated (the words that state it, and the
    correction, every wrapped line under its own text) and each point denied."""
    words = chrome(lang)
    if outcome.revealed:
        return RichText(words["revealed"], style="yellow")
    if outcome.entry.is_choice:
        if outcome.correct:
            return RichText(words["correct"], style="bold green")
        letters = ", ".join(render.option_letter(i) for i in outcome.entry.correct)
        return RichText(words["wrong"].format(letters=letters), style="bold red")
    grade = outcome.grade
    style = {1: "bold red", 2: "bold yellow"}.get(grade.suggested, "bold green")
    line = RichText(
        words["score"].format(score=grade.score, hits=grade.hits, total=len(grade.points)),
        style=style,
    )
    parts: list = [line]
    if grade.stuffed:
        parts.append(RichText(words["stuffed"], style="yellow"))
    code = render.languages(lang)[0]
    for stated in grade.misconceptions:
        said = RichText(f"{words['misconception']} ", style="bold red")
        said.append(f"“{stated.evidence}”", style="red")
        parts.append(hanging(said, 2))
        why = render.plain(stated.misconception.why.get(code))
        parts.append(hanging_list([(RichText("→"), RichText(why))], indent=2))
    for number in grade.dismissed:
        denied = RichText(f"{words['dismissed']} ", style="bold red")
        denied.append(grade.points[number - 1].point.get(code), style="red")
        parts.append(hanging(denied, 2))
    parts.append(RichText(words["grader_scope"], style="dim"))
    return Group(*parts)


def key_points_view(outcome: Outcome, lang: str) -> HangingList:
    """Each key point marked hit (✓, green, with the words that made it) or missed (✗, red)."""
    code = render.languages(lang)[0]
    rows = []
    for result in outcome.grade.points:
        style = "green" if result.hit else "red"
        point = RichText(result.point.get(code), style=style)
        if result.hit and result.evidence:  # every wrapped line of the quote under its first
            quote = indented(RichText(f"“{_clip(result.evidence)}”", style="dim"), 2)
            point = Group(point, quote)
        rows.append((RichText("✓" if result.hit else "✗", style=style), point))
    return hanging_list(rows)


def _clip(text: str, width: int = 160) -> str:
    """The evidence of a hit, cut in the middle only when very long, between words: it shows,
    not re-tells."""
    if len(text) <= width:
        return text
    head, tail = text[: width // 2 - 1], text[-(width // 2) :]
    if " " in head.strip():
        head = head[: head.rstrip().rfind(" ")]
    if " " in tail.strip():
        tail = tail[tail.lstrip().find(" ") + len(tail) - len(tail.lstrip()) + 1 :]
    return f"{head.rstrip()} … {tail.lstrip()}"


def chosen_options(outcome: Outcome, lang: str) -> HangingList:
    """The options, the chosen ones pointed at (›), the right ones ticked (✓), wrong picks ✗."""
    rows = []
    entry, chosen = outcome.entry, set(outcome.chosen or ())
    for index, option in enumerate(entry.options):
        right = index in entry.correct
        mark = "✓" if right else ("✗" if index in chosen else " ")
        style = "green" if right else ("red" if index in chosen else "")
        pointer = "›" if index in chosen else " "
        marker = RichText(f"{pointer}{mark} {render.option_letter(index)})", style=style)
        rows.append((marker, RichText(option.get(lang), style=style)))
    return hanging_list(rows, indent=1)


ANSWER_LINES = 4  # the reference answer keeps its first lines even when the screen is short


def result_parts(outcome: Outcome, lang: str) -> list[tuple[object, bool | int]]:
    """The verdict, the key points, the reference answer, the explanation and related ids, each
    with whether it may be shortened to fit the screen (see `collapse.fit`): the explanation may
    shrink to a note, the answer to its first ANSWER_LINES lines, the rest stays whole."""
    entry = outcome.entry
    parts: list[tuple[object, bool | int]] = [(verdict(outcome, lang), False)]
    for code in render.languages(lang):
        label = render.LABELS[code]
        if entry.is_choice:
            parts += [(render.heading(label["options"]), False)]
            parts += [(chosen_options(outcome, code), False)]
        elif outcome.grade is not None and code == render.languages(lang)[0]:
            parts += [(render.heading(label["key_points"]), False)]
            parts += [(key_points_view(outcome, lang), False)]
        elif entry.key_points:
            parts += [(render.heading(label["key_points"]), False)]
            parts += [(render.bullet_list([p.get(code) for p in entry.key_points]), False)]
        parts += [(render.heading(label["answer"]), False)]
        parts += [(render.markdown(entry.answer.get(code)), ANSWER_LINES)]
        parts += [(render.heading(label["explanation"]), False)]
        parts += [(render.markdown(entry.explanation.get(code)), True)]
    if entry.related:
        label = render.LABELS[render.languages(lang)[0]]
        parts += [
            (render.heading(label["related"]), False),
            (indented(RichText(", ".join(entry.related), style="dim")), False),
        ]
    return parts


def result_view(outcome: Outcome, lang: str) -> Group:
    """Everything `result_parts` holds, in full."""
    return Group(*(part for part, _ in result_parts(outcome, lang)))


def compact_verdict(outcome: Outcome, lang: str) -> tuple[str, int]:
    """One line for the rating prompt, and the rating whose colour it takes:
    `Score 67% · 2 hit · 1 missed · a misconception stated`, `Correct.`, `Answer revealed.`."""
    words = chrome(lang)
    if outcome.revealed:
        return words["revealed"], ratings.AGAIN
    if outcome.entry.is_choice:
        if outcome.correct:
            return words["correct"], ratings.GOOD
        letters = ", ".join(render.option_letter(i) for i in outcome.entry.correct)
        return words["wrong"].format(letters=letters), ratings.AGAIN
    grade = outcome.grade
    line = words["compact_score"].format(
        score=grade.score, hits=grade.hits, missed=len(grade.points) - grade.hits
    )
    if grade.misconceptions:
        line += " · " + words["compact_misconception"]
    return line, grade.suggested


def rating_name(rating: int, lang: str) -> str:
    """`Good`, or `良好` in Chinese."""
    return chrome(lang)["ratings"][rating]


def rating_choices(suggested: int, plan: Plan, lang: str) -> list[tuple[int, str, str, bool]]:
    """(rating, name, interval, suggested?) for 1-4: `(4, "Easy", "9d", False)`.

    The interval is the one `plan` saves for that rating (empty when nothing is scheduled).
    """
    choices = []
    for rating in ratings.RATING_NAMES:
        interval = plan.interval(rating)
        shown = "" if interval is None else humanize_interval(interval.total_seconds(), lang)
        choices.append((rating, rating_name(rating, lang), shown, rating == suggested))
    return choices


def rated_line(result: Result, lang: str) -> RichText:
    """`Saved: Easy · next due in 9d`: the interval the rating showed, measured from the review."""
    words = chrome(lang)
    line = RichText(
        words["saved"].format(name=rating_name(result.rating, lang)),
        style=RATING_STYLE[result.rating],
    )
    interval = result.interval
    if interval is not None:
        text = humanize_interval(interval.total_seconds(), lang)
        line.append(" · " + words["due_in"].format(interval=text), style="dim")
    else:
        line.append(" · " + words["logged"], style="dim")
    return line


def summary_view(summary: dict, now: datetime, lang: str) -> Group:
    """The end of a session: answered, score, time, ratings, and what is due next."""
    words = chrome(lang)
    row = words["columns"]
    title = ("mock" if summary["mode"] == "mock" else "quiz") + (
        "_interrupted" if summary["interrupted"] else ""
    )
    table = Table(
        title=words["titles"][title], title_justify="left", show_header=False, box=None,
        padding=(0, 2),
    )  # fmt: skip
    table.add_column(style="bold")
    table.add_column()
    score = "-" if summary["score"] is None else f"{summary['score']:.0%}"
    table.add_row(
        row["answered"],
        words["answered_of"].format(answered=summary["answered"], planned=summary["planned"]),
    )
    table.add_row(row["score"], score)
    table.add_row(row["time"], clock(summary["duration_s"]))
    names = {name.lower(): rating for rating, name in ratings.RATING_NAMES.items()}
    table.add_row(
        row["ratings"],
        "  ".join(
            f"{rating_name(names[name], lang).lower()} {count}"
            for name, count in summary["ratings"].items()
        ),
    )
    due = summary["due_next"]
    nxt = due["next_due"]
    later = "-" if nxt is None else humanize_interval((parse_iso(nxt) - now).total_seconds(), lang)
    table.add_row(
        row["due"], words["due_line"].format(now=due["due_now"], day=due["due_24h"], later=later)
    )
    parts: list = [RichText(""), table]
    if summary["saved_on_interrupt"]:
        parts.append(RichText(words["saved_on_interrupt"], style="dim"))
    if summary["mode"] == "mock" and summary["items"]:
        parts.append(mock_table(summary, lang))
    return Group(*parts)


def mock_table(summary: dict, lang: str) -> Table:
    """Per question of a mock interview: score, time taken, the key points missed."""
    words = chrome(lang)
    column = words["columns"]
    table = Table(title=words["questions"], title_justify="left")
    table.add_column("#", justify="right")
    table.add_column(column["id"], style="bold", whole=True)
    table.add_column(column["score"], justify="right")
    table.add_column(column["time"], justify="right")
    table.add_column(column["missed"])
    for index, item in enumerate(summary["items"], 1):
        score = words["revealed_cell"] if item["revealed"] else f"{item['score']:.0%}"
        missed = ""
        if "grade" in item:
            missed = ", ".join(p["point"] for p in item["grade"]["points"] if not p["hit"])
        elif item.get("correct") is False:
            missed = words["wrong_choice"]
        table.add_row(str(index), item["id"], score, clock(item["duration_ms"] / 1000), missed)
    return table


# --- stats ---


def bar(value: int, largest: int, width: int = 30) -> str:
    if not largest or not value:
        return ""
    return "█" * max(1, round(value / largest * width))


def day_bars(rows: list[dict], key: str, style: str, width: int = 20) -> Table:
    """One row per day: `11-24  3 ███`."""
    table = Table.grid(padding=(0, 1))
    table.add_column()
    table.add_column(justify="right")
    table.add_column()
    largest = max((row[key] for row in rows), default=0)
    for row in rows:
        bars = RichText(bar(row[key], largest, width), style=style)
        table.add_row(row["date"][5:], str(row[key]), bars)
    return table


def stats_view(data: dict, lang: str) -> Group:
    """`llmprep stats`: activity, retention, the due forecast, weak spots and coverage."""
    words = chrome(lang)
    column = words["columns"]
    head = RichText()
    head.append(words["progress"], style="bold")
    head.append(
        words["progress_line"].format(
            reviews=data["reviews_total"], cards=data["cards_total"], due=data["due_now"],
            streak=data["streak_days"],
        )
    )  # fmt: skip
    retention = RichText(words["retention"], style="bold")
    for key in ("last_30_days", "all_time"):
        value = data["retention"][key]
        shown = "-" if value["rate"] is None else words["rate_of"].format(**value)
        retention.append(words[key] + shown)

    from rich.columns import Columns

    days = Columns(  # side by side when the terminal is wide enough, else one under the other
        [
            Group(RichText(""), RichText(title), day_bars(data[key], count, style))
            for title, key, count, style in (
                (words["reviews_per_day"], "reviews_per_day", "reviews", "cyan"),
                (words["forecast"], "forecast", "due", "magenta"),
            )
        ],
        padding=(0, 4),
    )
    parts: list = [head, retention, days]

    if data["weakest_topics"]:
        table = Table(title=words["weakest_topics"], title_justify="left", title_style="bold")
        for key in ("topic", "reviews", "fail_rate", "mean_score"):
            table.add_column(
                column[key], justify="left" if key == "topic" else "right", whole=key == "topic"
            )
        for row in data["weakest_topics"]:
            table.add_row(
                row["topic"],
                str(row["reviews"]),
                f"{row['fail_rate']:.0%}",
                _pct(row["mean_score"]),
            )
        parts += [RichText(""), table]
    if data["weakest_entries"]:
        table = Table(title=words["weakest_entries"], title_justify="left", title_style="bold")
        for key in ("id", "topic", "reviews", "fails", "mean_score"):
            kept = key in ("id", "topic")
            table.add_column(column[key], justify="left" if kept else "right", whole=kept)
        for row in data["weakest_entries"]:
            name = row["id"] + ("" if row["in_bank"] else words["removed"])
            table.add_row(
                name, row["topic"] or "-", str(row["reviews"]), str(row["fails"]),
                _pct(row["mean_score"]),
            )  # fmt: skip
        parts += [RichText(""), table]

    coverage = Table(title=words["coverage"], title_justify="left", title_style="bold")
    coverage.add_column(column["topic"], whole=True)
    coverage.add_column(column["seen"], justify="right")
    coverage.add_column("")
    for row in data["coverage"]:
        share = row["seen"] / row["total"] if row["total"] else 0
        cell = RichText(bar(row["seen"], row["total"], 20).ljust(20), style="green")
        cell.append(f" {share:.0%}", style="dim")
        coverage.add_row(row["topic"], f"{row['seen']}/{row['total']}", cell)
    parts += [RichText(""), coverage]
    return Group(*parts)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"
