"""Typer's help screens, fitted to the terminal like the rest of llmprep's output.

Typer draws `--help` with a Rich console and tables of its own, so `PlainConsole` and
`layout.Table` do not reach them. `FittedCommand` and `FittedGroup` adjust Typer's drawing the
first time a help screen is asked for (Typer's help module costs ~45 ms to import, which no
other command line should pay): no spaces at line ends when piped, and option names and their
types never cut with '…' or split inside a word; the help column wraps instead.
"""

from __future__ import annotations

import typer.core

HELP_MIN = 12  # the help column keeps at least this width before the types column wraps


def _longest_word(cell) -> int:
    from rich.cells import cell_len
    from rich.text import Text

    text = cell.plain if isinstance(cell, Text) else cell if isinstance(cell, str) else ""
    return max((cell_len(word) for word in text.split()), default=0)


def _longest_line(cell) -> int:
    from rich.cells import cell_len
    from rich.text import Text

    text = cell.plain if isinstance(cell, Text) else cell if isinstance(cell, str) else ""
    return max((cell_len(line) for line in text.splitlines()), default=0)


def _fitted_table():
    from rich.table import Table

    class FittedTable(Table):
        """Typer's options and commands table: every column but the last (the help) as wide as
        its cells, or as its longest word when the terminal is too narrow for that; only the
        help column is left to wrap, and nothing is cut."""

        def __rich_console__(self, console, options):
            # Columns no option fills (Typer's negative-flag columns) would still take padding.
            self.columns = [
                column
                for column in self.columns
                if column is self.columns[-1] or any(map(_longest_line, column.cells))
            ]
            for index, column in enumerate(self.columns):
                column._index = index
            columns = self.columns[:-1]
            cells = [list(column.cells) for column in columns]
            padding = sum(self._get_padding_width(index) for index in range(len(self.columns)))
            whole = [max(map(_longest_line, cell), default=0) for cell in cells]
            words = [max(map(_longest_word, cell), default=0) for cell in cells]
            room = options.max_width - padding - HELP_MIN
            if sum(words) > room:
                yield self._stacked()
                return
            for column, width in zip(columns, whole if sum(whole) <= room else words, strict=True):
                column.width = width
                column.overflow = "fold"
            self.columns[-1].overflow = "fold"
            for cell in self.columns[-1].cells:  # a help text's own overflow wins over its column's
                for text in getattr(cell, "renderables", [cell]):
                    if hasattr(text, "overflow"):
                        text.overflow = "fold"
            yield from super().__rich_console__(console, options)

        def _stacked(self):
            """Too narrow for columns: each option's names and type on a line, its help under
            them, four spaces in."""
            from rich.console import Group
            from rich.text import Text

            from llmprep.layout import hanging, indented

            parts = []
            for row in range(self.row_count):
                head = [column._cells[row] for column in self.columns[:-1]]
                head = [Text(cell) if isinstance(cell, str) else cell for cell in head]
                parts.append(hanging(Text(" ").join(c for c in head if _longest_line(c))))
                parts.append(indented(self.columns[-1]._cells[row], 4))
            return Group(*parts)

    return FittedTable


def _examples_hang(part):
    """A help text whose indented lines (the examples) continue, when too long for the terminal,
    four spaces further in, never at the left edge where they would read as prose."""
    from rich.console import Group
    from rich.text import Text

    from llmprep.layout import hanging

    if not isinstance(part, Text) or "\n" not in part.plain and not part.plain.startswith(" "):
        return part
    lines = part.split("\n", allow_blank=True)
    shaped = []
    for line in lines:
        indent = len(line.plain) - len(line.plain.lstrip(" "))
        shaped.append(hanging(line, indent + 4) if indent else line)
    return Group(*shaped)


_fitted = False


def fit_typer_help() -> None:
    """Make Typer's help drawing fit the terminal (see the module's docstring); idempotent."""
    global _fitted
    if _fitted:
        return
    from typer import rich_utils

    from llmprep.layout import strip_line_ends

    original = rich_utils._get_rich_console

    def console(stderr: bool = False):
        made = original(stderr)
        render = made._render_buffer
        made._render_buffer = lambda buffer: (
            render(buffer) if made.is_terminal else strip_line_ends(render(buffer))
        )
        return made

    rich_utils._get_rich_console = console
    rich_utils.Table = _fitted_table()
    help_text = rich_utils._get_help_text

    def hanging_examples(**kwargs):
        from rich.console import Group

        made = help_text(**kwargs)  # Typer's is a rich `group()`: a Group of Text parts
        return Group(*(_examples_hang(part) for part in getattr(made, "renderables", made)))

    rich_utils._get_help_text = hanging_examples
    _fitted = True


class FittedCommand(typer.core.TyperCommand):
    """A command whose help screen fits the terminal."""

    def format_help(self, ctx, formatter):
        fit_typer_help()
        return super().format_help(ctx, formatter)


class FittedGroup(typer.core.TyperGroup):
    """The `llmprep` group, whose help screen fits the terminal."""

    def format_help(self, ctx, formatter):
        fit_typer_help()
        return super().format_help(ctx, formatter)
