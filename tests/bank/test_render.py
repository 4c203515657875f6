"""Code in answers is highlighted in a colour terminal, cheaply, and left plain without colours."""

from __future__ import annotations

import io
import re
import subprocess
import sys

from rich.console import Console

from llmprep import render

SNIPPET = "Text.\n\n```python\nimport math  # a comment\nprint(math.pi, 'pi', 3.14)\n```\n"


def _rendered(**console_options) -> str:
    out = io.StringIO()
    Console(file=out, width=80, **console_options).print(render.markdown(SNIPPET))
    return out.getvalue()


def test_python_snippets_are_highlighted_in_a_colour_terminal():
    coloured = _rendered(force_terminal=True, color_system="truecolor")
    plain = _rendered(force_terminal=False)
    assert "import" in plain and "\x1b[" not in plain
    # Keywords, comments, strings and numbers each get a colour of their own.
    styles = {token: _style_before(coloured, token) for token in ("import", "# a", "'pi'", "3.14")}
    assert all(styles.values()) and len(set(styles.values())) == 4, styles


def _style_before(text: str, token: str) -> str:
    start = text.index(token)
    return text[text.rindex("\x1b[", 0, start) : start]


def test_show_never_builds_the_full_pygments_python_lexer():
    code = (
        "import io, sys\nfrom rich.console import Console\nfrom llmprep import render\n"
        f"Console(file=io.StringIO(), force_terminal=True).print(render.markdown({SNIPPET!r}))\n"
        "print('pygments.lexers.python' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "False", result.stderr


def test_misconceptions_fold_long_chinese_lines_and_render_their_markdown():
    from rich.console import Console

    from llmprep import render
    from llmprep.bank import load_bank
    from llmprep.config import builtin_bank_dir

    bank = load_bank([builtin_bank_dir()])
    for entry in bank.entries.values():
        if not entry.misconceptions:
            continue
        for lang in ("zh", "en"):
            console = Console(width=60, no_color=True)
            with console.capture() as captured:
                console.print(render.misconception_list(entry, lang))
            out = captured.get()
            assert not any(line.rstrip().endswith("…") for line in out.splitlines()), entry.id
            assert not re.search(r"\*\w[^*\n]*\w\*", out), entry.id
