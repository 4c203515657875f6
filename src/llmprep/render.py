"""Everything that draws on the terminal with Rich. Commands build data; this turns it into text.

Rich already writes plain text when output is piped or `NO_COLOR` is set. The consoles here print
text exactly as the data says: bank and user text is never read as Rich markup (`[/b]`, `[eos]`)
or emoji codes (`:warning:`), and nothing is highlighted on its own. Tables fold a word too long
for its column instead of cutting it, and list items wrap under their own text.
"""

from __future__ import annotations

import re
from functools import cache

from rich.console import Console, Group
from rich.text import Text as RichText

from llmprep import cjkwrap
from llmprep.bank.model import Entry, Text
from llmprep.layout import (
    HangingList,
    PlainConsole,
    Table,
    code_block,
    hanging,
    hanging_list,
    indented,
)

LABELS = {
    "en": {
        "question": "Question", "answer": "Answer", "key_points": "Key points",
        "explanation": "Explanation", "follow_ups": "Follow-up questions", "related": "Related",
        "references": "References", "options": "Options",
        "misconceptions": "Common misconceptions", "reviewed": "reviewed",
        "exercises": "Practise it in code", "start": "llmprep start {id}",
        "matches": "No entry or topic is named {query}; the {n} closest match(es):\n",
        "search": "Search: {query}",
        "hit_columns": ("score", "id", "topic", "question", "matched in"),
        "fields": {"key_points": "key points"},
        "more": "The best {shown} of {total} matches; `--limit {total}` shows them all.",
    },
    "zh": {
        "question": "题目", "answer": "答案", "key_points": "要点", "explanation": "解析",
        "follow_ups": "追问", "related": "相关条目", "references": "参考文献", "options": "选项",
        "misconceptions": "常见误解", "reviewed": "审校于",
        "difficulties": {"easy": "易", "medium": "中", "hard": "难"},
        "types": {"open": "问答题", "choice": "选择题"},
        "exercises": "编程练习", "start": "llmprep start {id}",
        "matches": "没有名为 {query} 的条目或主题；最接近的 {n} 条如下：\n",
        "search": "搜索：{query}",
        "hit_columns": ("得分", "条目", "主题", "题目", "匹配位置"),
        "fields": {
            "id": "条目名", "question": "题目", "tags": "标签", "key_points": "要点",
            "answer": "答案", "explanation": "解析",
        },
        "more": "共 {total} 条匹配，只显示了最相关的 {shown} 条；用 `--limit {total}` 查看全部。",
    },
}  # fmt: skip
DIFFICULTY_STYLE = {"easy": "green", "medium": "yellow", "hard": "red"}


@cache
def stdout() -> Console:
    """The console of a command's output."""
    cjkwrap.install()  # Chinese lines break between characters, not only at spaces
    return PlainConsole(soft_wrap=False)


@cache
def stderr() -> Console:
    """The console of diagnostics and of the quiz's chrome when stdout carries JSON."""
    cjkwrap.install()
    return PlainConsole(stderr=True, soft_wrap=True)


def languages(lang: str) -> list[str]:
    """The languages to show for a `--lang` value: `both` shows English, then Chinese."""
    return ["en", "zh"] if lang == "both" else [lang]


def markdown(text: str):
    return _markdown_class()(text, code_theme="monokai")


@cache
def _markdown_class():
    """Rich's Markdown, with code blocks that are quick to highlight.

    Building pygments' Python lexer compiles about a hundred regular expressions (about 17 ms,
    a tenth of `llmprep show`). Python snippets use a small lexer instead, and when colours are
    off a code block is plain text, since highlighting would be invisible (and pygments' styles
    and lexers are not even loaded). Imported when first needed, as rich.markdown pulls in
    markdown-it and pygments.
    """
    from rich.markdown import CodeBlock, Markdown

    class PlainWhenColourlessCodeBlock(CodeBlock):
        def __rich_console__(self, console, options):
            code = str(self.text).rstrip()
            if console.no_color or console.color_system is None:
                yield code_block(RichText(code))
                return
            from rich.syntax import Syntax

            if self.lexer_name in ("python", "py", "python3"):
                from llmprep.highlight import snippet_python_lexer

                self.lexer_name = snippet_python_lexer()  # Syntax takes a lexer or its name
            text = Syntax(code, self.lexer_name, theme=self.theme).highlight(code)
            text.rstrip()
            yield code_block(text)

    class LlmprepMarkdown(Markdown):
        elements = {
            **Markdown.elements,
            "fence": PlainWhenColourlessCodeBlock,
            "code_block": PlainWhenColourlessCodeBlock,
        }

    return LlmprepMarkdown


def option_letter(index: int) -> str:
    return chr(ord("a") + index)


def entry_header(entry: Entry, lang: str = "en") -> RichText:
    label = LABELS[languages(lang)[0]]
    header = RichText()
    header.append(entry.id, style="bold")
    header.append(f"  {entry.topic} · ")
    difficulty = label.get("difficulties", {}).get(entry.difficulty, entry.difficulty)
    header.append(difficulty, style=DIFFICULTY_STYLE.get(entry.difficulty, ""))
    header.append(f" · {label.get('types', {}).get(entry.type, entry.type)}")
    if entry.tags:
        header.append(f" · {', '.join(entry.tags)}", style="dim")
    return header


def matches_heading(query: str, count: int, lang: str) -> RichText:
    """What `show` says above entries it found by searching, not by their id or topic."""
    text = LABELS[languages(lang)[0]]["matches"].format(query=repr(query), n=count)
    return RichText(text, style="bold yellow")


def heading(label: str) -> RichText:
    return RichText(f"\n{label}", style="bold cyan")


def bullet_list(items: list[str], style: str = "") -> HangingList:
    return hanging_list(
        [(RichText("•", style=style), RichText(item, style=style)) for item in items]
    )


def choice_options(entry: Entry, lang: str, reveal: bool) -> HangingList:
    rows = []
    for index, option in enumerate(entry.options):
        is_correct = reveal and index in entry.correct
        text = option.get(lang) + (" ✓" if is_correct else "")
        rows.append(
            (f"{option_letter(index)})", RichText(text, style="green" if is_correct else ""))
        )
    return hanging_list(rows)


def entry_view(entry: Entry, lang: str, *, answer: bool = True) -> Group:
    """An entry in one or both languages; with `answer=False`, only what a quiz may show first."""
    parts: list = [hanging(entry_header(entry, lang))]
    for code in languages(lang):
        label = LABELS[code]
        parts += [heading(label["question"]), markdown(entry.question.get(code))]
        if entry.is_choice:
            parts += [heading(label["options"]), choice_options(entry, code, reveal=answer)]
        if not answer:
            continue
        parts += [heading(label["answer"]), markdown(entry.answer.get(code))]
        if entry.key_points:
            parts += [
                heading(label["key_points"]),
                bullet_list([p.get(code) for p in entry.key_points]),
            ]
        parts += [heading(label["explanation"]), markdown(entry.explanation.get(code))]
        if entry.misconceptions:
            parts += [heading(label["misconceptions"]), misconception_list(entry, code)]
        if entry.follow_ups:
            parts += [
                heading(label["follow_ups"]),
                bullet_list([t.get(code) for t in entry.follow_ups]),
            ]
    if answer:
        label = LABELS[languages(lang)[0]]
        if entry.related:
            parts += [heading(label["related"]), indented(RichText(", ".join(entry.related)))]
        if entry.exercises:
            commands = [label["start"].format(id=exercise) for exercise in entry.exercises]
            parts += [heading(label["exercises"]), bullet_list(commands)]
        parts += [heading(label["references"]), bullet_list(list(entry.references), style="dim")]
        if entry.reviewed:
            parts.append(RichText(f"\n{label['reviewed']} {entry.reviewed}", style="dim"))
    return Group(*parts)


_EMPHASIS = re.compile(r"\*{1,2}(\S(?:[^*]*?\S)?)\*{1,2}")


def plain(text: str) -> str:
    """`text` with Markdown emphasis (`*word*`, `**word**`) dropped, other asterisks kept."""
    return _EMPHASIS.sub(r"\1", text)


def misconception_list(entry: Entry, lang: str) -> HangingList:
    """Each wrong claim in red with its correction under it, wrapped with a hanging indent.

    The correction is Markdown like the rest of the entry; long Chinese lines fold, never cut.
    """
    rows = []
    for item in entry.misconceptions:
        rows.append(
            (RichText("✗", style="red"), RichText(plain(item.claim.get(lang)), style="red"))
        )
        rows.append((RichText("→", style="green"), markdown(item.why.get(lang))))
    return hanging_list(rows)


def text_in(text: Text, lang: str) -> str:
    return " / ".join(text.get(code) for code in languages(lang))


def topics_table(rows: list[dict]) -> Table:
    table = Table(title="llmprep question bank", title_justify="left")
    table.add_column("topic", whole=True)
    for column in ("entries", "open", "choice", "easy", "medium", "hard"):
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(
            row["topic"], str(row["entries"]), str(row["open"]), str(row["choice"]),
            str(row["easy"]), str(row["medium"]), str(row["hard"]),
        )  # fmt: skip
    return table


def hits_table(hits, lang: str, query: str, total: int) -> Group:
    """`search`'s hits (best first) as a table, and a line saying so when `total` matches were
    more than the hits shown. Where a hit matched is named in words (JSON keeps field names)."""
    said = LABELS[languages(lang)[0]]
    table = Table(title=RichText(said["search"].format(query=query)), title_justify="left")
    score, entry_id, topic, question, field = said["hit_columns"]
    table.add_column(score, justify="right")
    table.add_column(entry_id, style="bold", whole=True)
    table.add_column(topic, whole=True)
    table.add_column(question, readable=24)
    table.add_column(field, style="dim")
    for hit in hits:
        entry = hit.entry
        where = said["fields"].get(hit.field, hit.field)
        table.add_row(
            f"{hit.score:.0f}", entry.id, entry.topic, text_in(entry.question, lang), where
        )
    if total <= len(hits):
        return Group(table)
    more = said["more"].format(shown=len(hits), total=total)
    return Group(table, RichText(more, style="dim"))
