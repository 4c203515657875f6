"""Rich renderables for the exercise commands. Commands build plain data; this draws it."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.text import Text as RichText

from llmprep import render
from llmprep.exercises.catalogue import Exercise
from llmprep.layout import Table, hanging_list

STATUS_MARK = {
    "passed": ("✓", "green"),
    "failed": ("✗", "red"),
    "error": ("!", "red"),
    "skipped": ("-", "yellow"),
    "not run": ("·", "dim"),
}
STATUS_STYLE = {
    "passed": "green",
    "failing": "yellow",
    "could not be graded": "red",
    "started": "cyan",
}


# What the exercise commands say on screen, per language (--json keeps the English values).
WORDS = {
    "en": {
        "title": "llmprep coding exercises",
        "columns": ("exercise", "title", "difficulty", "status", "best", "hints"),
        "statuses": {},
        "failing": "failing {failing} of {total}",
        "difficulties": {},
        "tracks": {"classic-ml": "Classic ML", "llm": "Transformers and LLMs"},
        "footer": "Start one with `llmprep start ID`, grade it with `llmprep run ID`.",
        "after_start": "Edit the starter, then grade it with `llmprep run {id}`:",
        "kept": "Your file is kept (--force replaces it with the starter); grade it with "
        "`llmprep run {id}`:",
        "hint": "Hint {n} of {total} · {id}",
    },
    "zh": {
        "title": "llmprep 编程练习",
        "columns": ("练习", "题目", "难度", "状态", "最好成绩", "提示"),
        "statuses": {
            "not started": "未开始", "started": "已开始", "passed": "已通过",
            "could not be graded": "无法评分",
        },
        "failing": "未通过 {failing}/{total}",
        "difficulties": {"easy": "易", "medium": "中", "hard": "难"},
        "tracks": {"classic-ml": "经典机器学习", "llm": "Transformer 与大模型"},
        "footer": "用 `llmprep start ID` 开始一个练习，用 `llmprep run ID` 评分。",
        "after_start": "编辑起始文件，然后用 `llmprep run {id}` 评分：",
        "kept": "你的文件已保留（--force 会用起始文件替换它）；用 `llmprep run {id}` 评分：",
        "hint": "提示 {n}/{total} · {id}",
    },
}  # fmt: skip


def words(lang: str) -> dict:
    """The on-screen words for `--lang` (both: English)."""
    return WORDS[render.languages(lang)[0]]


def status_text(row: dict, lang: str = "en") -> str:
    said = words(lang)
    if row["status"] == "failing":
        return said["failing"].format(failing=row["failing"], total=row["total"])
    return said["statuses"].get(row["status"], row["status"])


def exercises_table(rows: list[dict], lang: str) -> Table:
    """One table, a heading row per track, the rows in the order given (see catalogue.by_track)."""
    said = words(lang)
    table = Table(title=said["title"], title_justify="left")
    for index, column in enumerate(said["columns"]):
        justify = "right" if index >= 4 else "left"
        table.add_column(
            column, justify=justify, whole=index == 0, readable=24 if index == 1 else 0
        )
    track = None
    for number, row in enumerate(rows):
        if row["track"] != track:
            track = row["track"]
            name = said["tracks"].get(track, track)
            table.add_heading(RichText(name, style="bold magenta"))
        best = "-" if row["best_score"] is None else f"{row['best_score']:.0%}"
        last = number + 1 == len(rows) or rows[number + 1]["track"] != track
        table.add_row(
            RichText(row["id"], style="bold"),
            " / ".join(row["title"][code] for code in render.languages(lang)),
            RichText(
                said["difficulties"].get(row["difficulty"], row["difficulty"]),
                style=render.DIFFICULTY_STYLE.get(row["difficulty"], ""),
            ),
            RichText(status_text(row, lang), style=STATUS_STYLE.get(row["status"], "")),
            best,
            f"{row['hints_shown']}/{row['hints']}",
            end_section=last,
        )
    return table


def task_view(exercise: Exercise, lang: str) -> Group:
    parts: list = []
    for code in render.languages(lang):
        parts += [
            RichText(exercise.title.get(code), style="bold"),
            render.markdown(exercise.task.get(code)),
        ]
    return Group(*parts)


def report_view(report: dict) -> Group:
    """The grading report: each check in order, the messages, the output, a summary line."""
    parts: list = [RichText(f"{report['exercise']} · {report['file']}", style="bold")]
    rows = []
    previous = None
    for test in report["tests"]:
        mark, style = STATUS_MARK.get(test["status"], ("?", ""))
        line = RichText(test["name"], style="" if test["status"] == "passed" else style)
        if test["status"] not in ("passed", "failed"):
            line.append(f"  ({test['status']})", style="dim")
        if test["message"]:
            same = test["message"] == previous
            message = "(the same)" if same else test["message"]
            line.append("\n" + _indent(message, 2), style="dim" if same else "")
        previous = test["message"]
        rows.append((RichText(mark, style=style), line))
    parts.append(hanging_list(rows, indent=1))
    if report["output"]:
        truncated = report.get("output_truncated", False)
        title = "Your code printed" + (
            f" {report['output_bytes']:,} bytes; the beginning and the end:" if truncated else ":"
        )
        parts += [
            RichText(f"\n{title}", style="bold"),
            RichText(_indent(report["output"].rstrip("\n"), 2), style="dim"),
        ]
    parts.append(RichText(""))
    if report["error"] is not None:
        parts.append(RichText(f"Could not grade this file: {report['error']}", style="bold red"))
    elif report["passed"] == report["total"]:
        parts.append(RichText(f"All {report['total']} checks passed.", style="bold green"))
    else:
        parts.append(
            RichText(
                f"{report['passed']} of {report['total']} checks passed; fix the first ✗ above.",
                style="bold yellow",
            )
        )
    return Group(*parts)


def no_more_hints(exercise: Exercise) -> str:
    """What `llmprep hint` says once every hint of the exercise has been shown."""
    total = len(exercise.hints)
    return (
        f"{exercise.id}: no more hints ({total} of {total} shown). "
        f"`llmprep solution {exercise.id}` shows the reference solution; "
        f"`llmprep reset {exercise.id}` hides the hints again."
    )


def hint_view(exercise: Exercise, index: int, lang: str) -> Group:
    total = len(exercise.hints)
    if index >= total:
        return Group(RichText(no_more_hints(exercise)))
    heading = words(lang)["hint"].format(n=index + 1, total=total, id=exercise.id)
    parts: list = [RichText(heading, style="bold cyan")]
    for code in render.languages(lang):
        parts.append(render.markdown(exercise.hints[index].get(code)))
    return Group(*parts)


def hints_seen_view(exercise: Exercise, shown: int, lang: str) -> Group:
    """Every hint seen so far, in order (`llmprep hint ID --all`)."""
    if shown == 0:
        return Group(
            RichText(
                f"{exercise.id}: no hints seen yet; `llmprep hint {exercise.id}` shows the first."
            )
        )
    return Group(*(hint_view(exercise, index, lang) for index in range(shown)))


def solution_view(files: list[Path]):
    """The reference files, highlighted, each under a rule naming it."""
    from rich.rule import Rule
    from rich.syntax import Syntax

    parts: list = []
    for path in files:
        parts.append(Rule(path.name, align="left"))
        parts.append(
            Syntax(
                path.read_text(encoding="utf-8"),
                "python",
                theme="monokai",
                line_numbers=True,
                word_wrap=True,
            )
        )
    return Group(*parts)


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line for line in text.splitlines())
