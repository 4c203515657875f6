"""Output that fits the terminal: help paragraphs flow to the width, ids stay whole in tables that
fit, list items wrap under their own text, piped lines end without spaces, and `show` says when
what it shows are only the closest matches."""

from __future__ import annotations

import json
import re

import pytest
import typer.main

from llmprep.cli import app
from tests.cli.screen import run_many

COMMANDS = sorted(typer.main.get_command(app).commands)
LIST_SECTIONS = ("Options", "Key points", "Common misconceptions", "Follow-up questions")


def _prose_lines(help_text: str) -> list[list[str]]:
    """The paragraphs of a help screen's description (before the option panels), each a list of
    its lines; examples (indented) and the usage line are left out."""
    body = help_text.split("╭")[0]
    paragraphs: list[list[str]] = [[]]
    for line in body.splitlines():
        text = line.rstrip()
        if not text.strip() or text.startswith("  ") or "Usage:" in text:
            paragraphs.append([])
        else:
            paragraphs[-1].append(text)
    return [paragraph for paragraph in paragraphs if len(paragraph) > 1]


def test_help_paragraphs_flow_to_the_width_of_the_terminal():
    width = 80
    results = run_many([([name, "--help"], None) for name in COMMANDS], env={"COLUMNS": "80"})
    for name, result in zip(COMMANDS, results, strict=True):
        assert result.returncode == 0, result.stderr
        examples = [
            line for line in result.stdout.splitlines() if line.lstrip().startswith("llmprep ")
        ]
        assert examples and all(line.startswith("     llmprep ") for line in examples), name
        for paragraph in _prose_lines(result.stdout):
            for line, following in zip(paragraph, paragraph[1:], strict=False):
                next_word = following.split()[0]
                # A line breaks only where the next word would not have fitted.
                assert len(line) + 1 + len(next_word) > width - 2, (name, line, following)


def test_ids_and_topics_stay_whole_when_the_table_fits(cli):
    hits = cli("search", "adam", env={"COLUMNS": "80"}).stdout
    lines = hits.splitlines()
    for entry_id in ("mc-adamw-decoupled-weight-decay", "optimizers"):
        assert any(entry_id in line for line in lines), hits
    assert "…" not in hits


@pytest.mark.parametrize("width", ["40", "60"])
def test_list_items_wrap_under_their_own_text(cli, width):
    out = cli("show", "mc-adamw-decoupled-weight-decay", env={"COLUMNS": width}).stdout
    out += cli("show", "overfitting", env={"COLUMNS": width}).stdout
    checked = 0
    section = None
    for line in out.splitlines():
        if line in LIST_SECTIONS:
            section = line
        elif not line.strip():
            section = None
        elif section is not None:
            # An item starts with its marker after two spaces; its other lines under its text.
            assert re.match(r"^ {2}(\S{1,2} |  {2}) ?\S", line) or line.startswith("    "), line
            checked += 1
    assert checked > 20


def test_piped_output_has_no_spaces_at_line_ends(cli, small_bank):
    commands = [
        ["show", "overfitting"],
        ["show", "test-softmax", "--bank", str(small_bank)],
        ["search", "gradient"],
        ["list"],
        ["stats"],
        ["exercises"],
    ]
    results = run_many([(args, None) for args in commands], env={"COLUMNS": "60"})
    for args, result in zip(commands, results, strict=True):
        assert result.returncode == 0, result.stderr
        ragged = [line for line in result.stdout.splitlines() if line != line.rstrip()]
        assert not ragged, (args, ragged[:3])


def test_fuzzy_show_says_it_shows_the_closest_matches(cli):
    fuzzy = cli("show", "adam weight decay").stdout
    assert fuzzy.startswith(
        "No entry or topic is named 'adam weight decay'; the 3 closest match(es):"
    )
    assert (
        "没有名为 'adam weight decay' 的条目或主题"
        in cli("show", "adam weight decay", "-l", "zh").stdout
    )
    for exact in (["show", "overfitting"], ["show", "optimization"]):
        assert "closest match" not in cli(*exact).stdout


def test_a_table_keeps_ids_whole_as_long_as_it_can_and_its_padding_after():
    import io

    from llmprep.layout import PlainConsole, Table

    table = Table()
    table.add_column("topic", whole=True)
    for header in ("entries", "open"):
        table.add_column(header, justify="right")
    table.add_row("safety-ethics", "12", "7")

    def drawn(width: int) -> str:
        console = PlainConsole(file=io.StringIO(), width=width)
        console.print(table)
        return console.file.getvalue()

    assert "│ safety-ethics │" in drawn(60)
    assert "│safety-ethics│" in drawn(30)  # cramped: no padding, the topic still whole
    # Too narrow even so: each row becomes a block, the topic whole on its own line.
    assert drawn(18).splitlines() == ["safety-ethics", "  entries: 12", "  open: 7"]
    assert "│ safety-ethics │" in drawn(60)


def test_a_heading_row_never_widens_the_id_column_and_stands_alone_as_blocks():
    import io

    from llmprep.layout import PlainConsole, Table

    table = Table()
    table.add_column("exercise", whole=True)
    table.add_column("difficulty")
    table.add_heading("Transformers and LLMs")
    table.add_row("bpe", "medium")

    def drawn(width: int) -> list[str]:
        console = PlainConsole(file=io.StringIO(), width=width)
        console.print(table)
        return console.file.getvalue().splitlines()

    wide = drawn(60)
    # As wide as its longest word, not as the whole heading: it folds between words.
    assert wide[3:6] == [
        "│ Transformers │            │",
        "│ and LLMs     │            │",
        "│ bpe          │ medium     │",
    ]
    assert drawn(21)[:3] == ["Transformers and LLMs", "", "bpe"]


def test_search_at_40_columns_shows_each_hit_as_a_block_with_its_id_whole(cli):
    out = cli("search", "adamw", env={"COLUMNS": "40"}).stdout
    lines = out.splitlines()
    assert "mc-adamw-decoupled-weight-decay" in [line.split()[0] for line in lines if line.strip()]
    assert all(len(line) <= 40 for line in lines)
    assert any(line.startswith("  score: ") for line in lines)
    assert "┃" not in out  # no table squeezed into columns a few letters wide


def _block(out: str, start: str, last: str) -> list[str]:
    """The lines of `out` from the one starting with `start` to the first holding `last`."""
    lines = out.splitlines()
    first = next(index for index, line in enumerate(lines) if line.startswith(start))
    end = next(index for index in range(first, len(lines)) if last in lines[index])
    return lines[first : end + 1]


@pytest.mark.parametrize("width", ["40", "60", "80"])
def test_wrapped_headers_and_related_ids_hang_under_their_first_line(cli, width):
    env = {"COLUMNS": width}
    shown = cli("show", "overfitting", env=env).stdout
    quizzed = cli(
        "quiz", "-n", "1", "--topic", "training", "--tag", "overfitting", input="\n", env=env
    ).stdout
    for out, start in ((shown, "overfitting"), (quizzed, "[1/1] overfitting")):
        header = _block(out, start, "regularization")  # the header ends with the last tag
        assert all(line.startswith("  ") for line in header[1:]), header
    for out in (shown, quizzed):
        related = _block(out, "Related", "mc-evaluation-leakage")[1:]
        assert all(line.startswith("  ") for line in related), related


def _help_screens(width: str) -> list[tuple[list[str], object]]:
    """`llmprep --help` and every command's, piped at `width` columns."""
    commands = [["--help"]] + [[name, "--help"] for name in COMMANDS]
    results = run_many([(args, None) for args in commands], env={"COLUMNS": width})
    return list(zip(commands, results, strict=True))


def test_help_piped_has_no_spaces_at_line_ends():
    for args, result in _help_screens("80"):
        assert result.returncode == 0, result.stderr
        ragged = [line for line in result.stdout.splitlines() if line != line.rstrip()]
        assert not ragged, (args, ragged[:3])


@pytest.mark.parametrize("width", ["40", "60"])
def test_help_never_cuts_option_names_types_or_ranges(width):
    group = typer.main.get_command(app)
    for args, result in _help_screens(width):
        assert result.returncode == 0, result.stderr
        options = result.stdout.split("╭", 1)[1]  # the option and command panels
        assert "…" not in options, (args, options)
        command = group if args == ["--help"] else group.commands[args[0]]
        words = options.split()
        for param in command.params:
            if param.param_type_name != "option":
                continue
            for name in (*param.opts, *param.secondary_opts):
                assert name in words, (args, name, options)
        ranges = re.findall(r"\[[^\]\s]*<=x<=[^\]\s]*\]|\[[^\]\s]*<=x[^\]\s]*", options)
        assert all(part.endswith("]") for part in ranges), (args, ranges)


@pytest.mark.parametrize("colour", [False, True])
def test_a_wrapped_line_of_code_continues_indented_past_its_own_indentation(colour):
    import io

    from rich.console import Console

    from llmprep.render import markdown

    code = "```python\ndef f(x):\n    return x + 1  # a comment long enough to need a second line here\n```"
    console = Console(
        file=io.StringIO(), width=50, color_system="truecolor" if colour else None,
        no_color=not colour, force_terminal=colour,
    )  # fmt: skip
    console.print(markdown(code))
    from rich.text import Text

    lines = [Text.from_ansi(line).plain.rstrip() for line in console.file.getvalue().splitlines()]
    lines = [line for line in lines if line.strip()]
    assert lines[0] == " def f(x):"
    assert lines[1].startswith("     return x + 1")
    assert all(line.startswith(" " * 9) for line in lines[2:])  # 1 + 4 of its own + 4 more
    assert "second line here" in " ".join(lines)


def test_list_at_40_columns_never_splits_a_count_and_gives_each_topic_a_block(cli):
    out = cli("list", env={"COLUMNS": "40"}).stdout
    rows = {row["topic"]: row for row in json.loads(cli("list", "--json").stdout)}
    for topic, row in rows.items():
        block = out.split(f"\n{topic}\n", 1)[1].split("\n\n", 1)[0]
        assert f"  entries: {row['entries']}" in block and f"  hard: {row['hard']}" in block


def test_a_solution_in_a_narrow_terminal_wraps_its_lines_instead_of_cutting_them():
    import io

    from rich.console import Console

    from llmprep.exercises.catalogue import get_exercise
    from llmprep.exercises.view import solution_view
    from llmprep.exercises.workspace import interview_solution_file

    path = interview_solution_file(get_exercise("knn"))
    console = Console(file=io.StringIO(), force_terminal=True, width=50, no_color=True)
    console.print(solution_view([path]))
    shown = "".join(line[6:].strip() for line in console.file.getvalue().splitlines())
    assert "return_inverse=True)" in shown.replace(" ", "")


def test_lang_zh_speaks_chinese_in_the_exercise_commands_grade_and_show(cli):
    listed = cli("exercises", "--lang", "zh").stdout
    assert "编程练习" in listed and "未开始" in listed and "not started" not in listed
    assert "用 `llmprep start ID` 开始" in listed
    started = cli("start", "knn", "--lang", "zh").stdout
    assert "编辑起始文件" in started and "Edit the starter" not in started
    hint = cli("hint", "knn", "--lang", "zh").stdout
    assert "提示 1/" in hint and "Hint 1 of" not in hint
    graded = cli("grade", "overfitting", "-", "--lang", "zh", input="过拟合就是训练误差大。").stdout
    assert "建议评分：" in graded and "Suggested rating" not in graded
    shown = cli("show", "rope", "--lang", "zh").stdout.splitlines()[0]
    assert "难 · 问答题" in shown and "hard" not in shown


def test_help_examples_too_long_for_the_terminal_continue_indented():
    results = run_many([([name, "--help"], None) for name in COMMANDS], env={"COLUMNS": "50"})
    for name, result in zip(COMMANDS, results, strict=True):
        if "Examples:" not in result.stdout:
            continue
        examples = result.stdout.split("Examples:", 1)[1].split("╭", 1)[0]
        lines = [line for line in examples.splitlines() if line.strip()]
        assert lines and all(line.startswith("     ") for line in lines), (name, lines)
