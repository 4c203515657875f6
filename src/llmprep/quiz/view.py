"""Rich renderables of the quiz and of `stats`: plain data in, something to print out."""

from __future__ import annotations

import re
from datetime import datetime

from rich.console import Group
from rich.table import Table
from rich.text import Text as RichText

from llmprep import render
from llmprep.bank.model import Entry
from llmprep.quiz import grading
from llmprep.quiz.engine import Outcome, Result, Session
from llmprep.quiz.scheduling import humanize_interval
from llmprep.store import parse_iso

CHROME = {
    "en": {
        "open_help": "Type your answer; finish with an empty line (Enter twice) or Ctrl-D. "
        "Press Enter right away to see the answer. Ctrl-C ends the quiz.",
        "choice_help": "Type the letter(s) of your choice (e.g. b or a,c) and Enter; "
        "Enter alone shows the answer.",
        "bad_choice": "Type option letters, e.g. b or a,c.",
        "revealed": "Answer revealed.",
        "correct": "Correct.",
        "wrong": "Not quite: the answer is {letters}.",
        "score": "Score {score:.0%}: {hits}/{total} key points",
        "stuffed": "That reads as a list of key terms rather than an explanation: score halved. "
        "Say how the points connect.",
        "rate": "Rate it",
        "accept": "Enter = {name}",
        "saved": "Saved: {name}",
        "due_in": "next due in {interval}",
        "logged": "logged, schedule unchanged",
    },
    "zh": {
        "open_help": "输入你的回答，空行（连按两次回车）或 Ctrl-D 结束；直接回车查看答案；Ctrl-C 结束测验。",
        "choice_help": "输入选项字母（如 b 或 a,c）后回车；直接回车查看答案。",
        "bad_choice": "请输入选项字母，如 b 或 a,c。",
        "revealed": "已显示答案。",
        "correct": "回答正确。",
        "wrong": "不对：正确答案是 {letters}。",
        "score": "得分 {score:.0%}：命中 {hits}/{total} 个要点",
        "stuffed": "这更像是关键词罗列而不是解释：得分减半。请说明要点之间的联系。",
        "rate": "评分",
        "accept": "回车 = {name}",
        "saved": "已保存：{name}",
        "due_in": "下次复习：{interval} 后",
        "logged": "已记录，不改变复习计划",
    },
}
RATING_STYLE = {1: "red", 2: "yellow", 3: "green", 4: "cyan"}


def chrome(lang: str) -> dict:
    return CHROME["zh" if lang == "zh" else "en"]


def clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def intro(overview: dict, mode: str, planned: int) -> RichText:
    """`Quiz: 10 questions · 3 due · 7 new · 12 reviewed today`."""
    line = RichText()
    line.append({"review": "Quiz", "cram": "Cram", "mock": "Mock interview"}[mode], style="bold")
    line.append(f": {planned} question{'s' if planned != 1 else ''}")
    line.append(f" · {overview['due']} due · {overview['new']} new", style="dim")
    line.append(f" · {overview['reviewed_today']} reviewed today", style="dim")
    return line


_MARKDOWN = re.compile(r"[`*_#\[\]|>\\]|^\s*([-+]|\d+\.)\s|\n", re.MULTILINE)


def question_text(text: str):
    """Markdown only when the text uses it: importing Rich's Markdown costs the first question
    ~40 ms, and most questions are one plain sentence."""
    return render.markdown(text) if _MARKDOWN.search(text) else RichText(text)


def question_view(session: Session, entry: Entry, position: int) -> Group:
    header = RichText()
    header.append(f"[{position}/{len(session.queue)}] ", style="bold magenta")
    header.append_text(render.entry_header(entry))
    left = session.time_left()
    if left is not None:
        header.append(f"  ⏱ {clock(left)} left", style="bold red" if left < 60 else "bold")
    parts: list = [header]
    for code in render.languages(session.lang):
        parts.append(question_text(entry.question.get(code)))
        if entry.is_choice:
            parts.append(render.choice_options(entry, code, reveal=False))
    return Group(*parts)


def answer_help(entry: Entry, lang: str) -> RichText:
    return RichText(chrome(lang)["choice_help" if entry.is_choice else "open_help"], style="dim")


def typed_answer(answer: str) -> RichText:
    """The answer read from a pipe, echoed so that a transcript reads like a session."""
    return RichText(f"› {answer}" if answer.strip() else "› (reveal)", style="dim")


def verdict(outcome: Outcome, lang: str) -> RichText:
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
    if grade.stuffed:
        line.append("\n" + words["stuffed"], style="yellow")
    return line


def key_points_view(outcome: Outcome, lang: str) -> RichText:
    """Each key point marked hit (✓, green, with the term found) or missed (✗, red)."""
    lines = RichText()
    code = render.languages(lang)[0]
    for index, result in enumerate(outcome.grade.points):
        if index:
            lines.append("\n")
        if result.hit:
            lines.append(f"  ✓ {result.point.get(code)}", style="green")
            if result.term and result.term != result.point.get(code):
                lines.append(f"  ({result.term})", style="dim")
        else:
            lines.append(f"  ✗ {result.point.get(code)}", style="red")
    return lines


def chosen_options(outcome: Outcome, lang: str) -> RichText:
    lines = RichText()
    entry, chosen = outcome.entry, set(outcome.chosen or ())
    for index, option in enumerate(entry.options):
        right = index in entry.correct
        mark = "✓" if right else ("✗" if index in chosen else " ")
        style = "green" if right else ("red" if index in chosen else "")
        pointer = "›" if index in chosen else " "
        lines.append(
            f" {pointer}{mark} {render.option_letter(index)}) {option.get(lang)}\n", style=style
        )
    return lines


def result_view(outcome: Outcome, lang: str) -> Group:
    """The verdict, then the key points, the reference answer, the explanation and related ids."""
    entry = outcome.entry
    parts: list = [verdict(outcome, lang)]
    for code in render.languages(lang):
        label = render.LABELS[code]
        if entry.is_choice:
            parts += [render.heading(label["options"]), chosen_options(outcome, code)]
        elif outcome.grade is not None and code == render.languages(lang)[0]:
            parts += [render.heading(label["key_points"]), key_points_view(outcome, lang)]
        elif entry.key_points:
            parts += [
                render.heading(label["key_points"]),
                render.bullet_list([p.get(code) for p in entry.key_points]),
            ]
        parts += [render.heading(label["answer"]), render.markdown(entry.answer.get(code))]
        parts += [
            render.heading(label["explanation"]),
            render.markdown(entry.explanation.get(code)),
        ]
    if entry.related:
        label = render.LABELS[render.languages(lang)[0]]
        parts += [
            render.heading(label["related"]),
            RichText("  " + ", ".join(entry.related), style="dim"),
        ]
    return Group(*parts)


def rating_prompt(
    suggested: int, previews: dict[int, datetime], now: datetime, lang: str
) -> RichText:
    """`Rate it: 1 Again (10m)  2 Hard (1d)  3 Good (3d)  4 Easy (8d) · Enter = Good`."""
    words = chrome(lang)
    line = RichText(f"{words['rate']}: ", style="bold")
    for rating, name in grading.RATING_NAMES.items():
        style = RATING_STYLE[rating] + (" bold underline" if rating == suggested else "")
        line.append(f"{rating} {name}", style=style)
        if rating in previews:
            line.append(
                f" ({humanize_interval((previews[rating] - now).total_seconds())})", style="dim"
            )
        line.append("  ")
    line.append("· " + words["accept"].format(name=grading.RATING_NAMES[suggested]), style="dim")
    return line


def rated_line(result: Result, now: datetime, lang: str) -> RichText:
    words = chrome(lang)
    line = RichText(
        words["saved"].format(name=grading.RATING_NAMES[result.rating]),
        style=RATING_STYLE[result.rating],
    )
    if result.due is not None:
        line.append(
            " · "
            + words["due_in"].format(
                interval=humanize_interval((result.due - now).total_seconds())
            ),
            style="dim",
        )
    else:
        line.append(" · " + words["logged"], style="dim")
    return line


def summary_view(summary: dict, now: datetime) -> Group:
    """The end of a session: answered, score, time, ratings, and what is due next."""
    title = "Quiz interrupted" if summary["interrupted"] else "Quiz finished"
    if summary["mode"] == "mock":
        title = "Mock interview " + ("interrupted" if summary["interrupted"] else "report")
    table = Table(title=title, title_justify="left", show_header=False, box=None, padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    score = "-" if summary["score"] is None else f"{summary['score']:.0%}"
    table.add_row("answered", f"{summary['answered']} of {summary['planned']}")
    table.add_row("score", score)
    table.add_row("time", clock(summary["duration_s"]))
    table.add_row(
        "ratings", "  ".join(f"{name} {count}" for name, count in summary["ratings"].items())
    )
    due = summary["due_next"]
    nxt = due["next_due"]
    later = "-" if nxt is None else humanize_interval((parse_iso(nxt) - now).total_seconds())
    table.add_row("due", f"{due['due_now']} now · {due['due_24h']} within 24h · next in {later}")
    parts: list = [RichText(""), table]
    if summary["saved_on_interrupt"]:
        parts.append(RichText("Your last answer was saved with the suggested rating.", style="dim"))
    if summary["mode"] == "mock" and summary["items"]:
        parts.append(mock_table(summary))
    return Group(*parts)


def mock_table(summary: dict) -> Table:
    """Per question of a mock interview: score, time taken, the key points missed."""
    table = Table(title="Questions", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("id", style="bold")
    table.add_column("score", justify="right")
    table.add_column("time", justify="right")
    table.add_column("missed")
    for index, item in enumerate(summary["items"], 1):
        score = "revealed" if item["revealed"] else f"{item['score']:.0%}"
        missed = ""
        if "grade" in item:
            missed = ", ".join(p["point"] for p in item["grade"]["points"] if not p["hit"])
        elif item.get("correct") is False:
            missed = "wrong choice"
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


def stats_view(data: dict) -> Group:
    """`llmprep stats`: activity, retention, the due forecast, weak spots and coverage."""
    head = RichText()
    head.append("Progress", style="bold")
    head.append(
        f": {data['reviews_total']} reviews · {data['cards_total']} cards · "
        f"{data['due_now']} due now · streak {data['streak_days']} day(s)"
    )
    retention = RichText("True retention", style="bold")
    for label, key in ((" last 30 days ", "last_30_days"), ("  all time ", "all_time")):
        value = data["retention"][key]
        shown = "-" if value["rate"] is None else f"{value['rate']:.0%} of {value['reviews']}"
        retention.append(label + shown)

    days = Table(box=None, padding=(0, 4, 0, 0), show_edge=False)
    days.add_column("Reviews per day (last 14 days)", style="", no_wrap=True)
    days.add_column("Due in the next 14 days", no_wrap=True)
    days.add_row(
        day_bars(data["reviews_per_day"], "reviews", "cyan"),
        day_bars(data["forecast"], "due", "magenta"),
    )
    parts: list = [head, retention, RichText(""), days]

    if data["weakest_topics"]:
        table = Table(title="Weakest topics", title_justify="left", title_style="bold")
        for column in ("topic", "reviews", "fail rate", "mean score"):
            table.add_column(column, justify="left" if column == "topic" else "right")
        for row in data["weakest_topics"]:
            table.add_row(
                row["topic"],
                str(row["reviews"]),
                f"{row['fail_rate']:.0%}",
                _pct(row["mean_score"]),
            )
        parts += [RichText(""), table]
    if data["weakest_entries"]:
        table = Table(title="Weakest entries", title_justify="left", title_style="bold")
        for column in ("id", "topic", "reviews", "fails", "mean score"):
            table.add_column(column, justify="left" if column in ("id", "topic") else "right")
        for row in data["weakest_entries"]:
            name = row["id"] + ("" if row["in_bank"] else " (removed)")
            table.add_row(
                name, row["topic"] or "-", str(row["reviews"]), str(row["fails"]),
                _pct(row["mean_score"]),
            )  # fmt: skip
        parts += [RichText(""), table]

    coverage = Table(title="Coverage per topic", title_justify="left", title_style="bold")
    coverage.add_column("topic")
    coverage.add_column("seen", justify="right")
    coverage.add_column("", no_wrap=True)
    for row in data["coverage"]:
        share = row["seen"] / row["total"] if row["total"] else 0
        cell = RichText(bar(row["seen"], row["total"], 20).ljust(20), style="green")
        cell.append(f" {share:.0%}", style="dim")
        coverage.add_row(row["topic"], f"{row['seen']}/{row['total']}", cell)
    parts += [RichText(""), coverage]
    return Group(*parts)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"
