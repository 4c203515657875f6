"""Options and helpers shared by every command."""

import inspect
import json
import math
import sys
from pathlib import Path
from typing import Annotated

import typer

from llmprep import config
from llmprep.errors import UsageError

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print machine-readable JSON instead of text.")
]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        "-l",
        metavar="zh|en|both",
        help="Language: zh, en or both. Default: $LLMPREP_LANG, else the locale, else en.",
        show_default=False,
    ),
]
BankOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--bank",
        help="An extra bank folder of your own questions (repeatable; also $LLMPREP_BANK).",
        show_default=False,
    ),
]


def flowing(doc: str) -> str:
    """A command's docstring as help text that wraps to any width: the lines of each prose
    paragraph joined into one, indented blocks (the examples) kept line by line."""
    summary, *paragraphs = inspect.cleandoc(doc).split("\n\n")
    body = []
    for paragraph in paragraphs:
        lines = paragraph.splitlines()
        if any(line.startswith(" ") for line in lines):
            body.append(paragraph)
        else:
            body.append(" ".join(line.strip() for line in lines))
    # Typer dedents the text after the summary as a docstring, leaving out its first line: an
    # extra newline makes that first line blank, so the examples keep their indent.
    return "\n\n\n".join([summary, "\n\n".join(body)]) if body else summary


def _finite(value: float | None) -> float | None:
    # nan compares false with every bound, so the range check alone would let it through.
    if isinstance(value, float) and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a finite number.")
    return value


def NumberOption(*names: str, low: float, high: float, help: str, **kwargs):
    """A numeric option that takes only a finite number from `low` to `high`.

    Anything else (nan, inf, 1e13, a word) is a usage error that names the option and its range,
    exit code 2; the range is shown in `--help`. Every numeric option of every command uses this.
    """
    return typer.Option(*names, min=low, max=high, callback=_finite, help=help, **kwargs)


def resolve_lang(value: str | None) -> str:
    """The language to use for a `--lang` value (zh, en or both), checked."""
    lang = (value or config.default_language()).lower()
    allowed = (*config.LANGUAGES, "both")
    if lang not in allowed:
        raise UsageError(f"--lang must be one of {', '.join(allowed)}, got {value!r}")
    return lang


def load(bank: list[Path] | None):
    """The built-in bank plus the user's folders; BankError lists every problem."""
    from llmprep.bank import load_bank

    return load_bank(config.bank_dirs(bank))


def print_json(data) -> None:
    """Write `data` as indented JSON to stdout: UTF-8 text, or escapes (`\\u4e2d`) when stdout's
    encoding cannot hold every character, so that the JSON never loses one."""
    from llmprep.streams import is_unicode

    text = json.dumps(data, ensure_ascii=not is_unicode(sys.stdout), indent=2)
    sys.stdout.write(text + "\n")


def id_hint(bank, entry_id: str, keep=lambda entry: True) -> str:
    """' Did you mean: a, b?' with the bank's ids that look like `entry_id` (those `keep`
    accepts), else a pointer to `llmprep search`: the end of an unknown-id error."""
    from llmprep.bank import search  # rapidfuzz: only when an id is wrong

    similar = [
        name for name in search.suggest(bank, entry_id)
        if name in bank.entries and keep(bank.entries[name])
    ]  # fmt: skip
    return (
        f" Did you mean: {', '.join(similar)}?" if similar else " Find ids with `llmprep search`."
    )
