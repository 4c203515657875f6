"""Rich building blocks that fit any terminal: text as it is, tables that fold rather than cut,
and lists whose wrapped lines stay under their item.

`render` and the views draw everything with these; nothing here knows about the bank.
"""

from __future__ import annotations

import re

import rich.table
from rich.console import Console
from rich.text import Text as RichText

_LINE_END_SPACES = re.compile(r"[ \t]+(?=\n)")


class PlainConsole(Console):
    """A Rich console for data: no markup, no emoji codes, no highlighting, and, when the output
    is not a terminal, no spaces at the ends of lines (Rich pads cells and paragraphs to the width).
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, emoji=False, highlight=False, **kwargs)

    def _render_buffer(self, buffer) -> str:
        text = super()._render_buffer(buffer)
        return text if self.is_terminal else strip_line_ends(text)


def strip_line_ends(text: str) -> str:
    """`text` without the spaces Rich pads lines with before each newline."""
    return _LINE_END_SPACES.sub("", text)


class Table(rich.table.Table):
    """Rich's table, except that a word too long for its column is folded onto the next line,
    never cut with '…': an id or a topic on screen is always one the user can type.

    A column added with `whole=True` (ids, topics) keeps its longest cell on one line whenever
    the terminal leaves each other column a few characters (their headers may fold). A terminal
    narrower than that gets each row as a block instead (`_records`): its whole cells on one
    line, every other cell under it as `header: value`, so no id is ever folded either.
    """

    OTHER_MIN = 7  # what each other column keeps, at most, while the whole columns are whole

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._longest: list[int] = []  # the longest cell of each column, headers aside
        self._whole: list[int] = []
        self._wanted_padding = self.padding
        self._row_cells: list[tuple] = []
        self._readable: list[int] = []
        self._header: list[int] = []

    def add_column(
        self, header="", footer="", *, overflow="fold", whole=False, readable=0, **kwargs
    ) -> None:
        """`whole`: keep the column's cells on one line (ids, topics). `readable`: the width
        below which the column's text (a question) is not worth reading; a terminal that cannot
        give it gets the rows as blocks instead."""
        super().add_column(header, footer, overflow=overflow, **kwargs)
        self._longest.append(_cell_width(header) if whole else 1)
        self._readable.append(readable)
        self._header.append(_cell_width(header))
        if whole:
            self._whole.append(len(self.columns) - 1)

    def add_row(self, *renderables, **kwargs) -> None:
        super().add_row(*renderables, **kwargs)
        self._row_cells.append(renderables)
        for index, cell in enumerate(renderables):
            if isinstance(cell, str | RichText):
                self._longest[index] = max(self._longest[index], _cell_width(cell))

    def add_heading(self, heading: RichText) -> None:
        """A row naming the rows after it (a group), in the first column; it widens that column
        no more than to its longest word (it folds between words), and as blocks it is a line
        of its own."""
        super().add_row(heading, *[""] * (len(self.columns) - 1))
        self._row_cells.append((heading,))
        words = (
            RichText(heading).plain.split() if isinstance(heading, str) else heading.plain.split()
        )
        self._longest[0] = max([self._longest[0], *map(_cell_width, words)])

    def __rich_console__(self, console, options):
        if self._whole:
            top, right, bottom, left = self.padding = self._wanted_padding
            fits = self._needs(left + right) <= options.max_width
            if not fits and self._needs(0) <= options.max_width:
                self.padding, fits = (top, 0, bottom, 0), True  # cramped, but the ids stay whole
            if not fits:
                yield from console.render(self._records(), options)
                return
            for index in self._whole:
                self.columns[index].width = self._longest[index] if fits else None
            for index, longest in enumerate(self._longest):
                if index not in self._whole and longest <= self.OTHER_MIN:
                    self.columns[index].min_width = longest  # a count is never folded
        yield from super().__rich_console__(console, options)

    def _records(self):
        """The rows as blocks, for a terminal too narrow for the table (see the class)."""
        from rich.console import Group

        def text(cell) -> RichText:
            return cell if isinstance(cell, RichText) else RichText(str(cell))

        parts = []
        if self.title:
            parts.append(RichText.assemble(text(self.title), style=self.title_style or "bold"))
        for number, cells in enumerate(self._row_cells):
            if number:
                parts.append(RichText(""))
            if len(cells) == 1 < len(self.columns):  # a heading (add_heading)
                parts.append(text(cells[0]))
                continue
            whole = [text(cells[index]) for index in self._whole if index < len(cells)]
            parts.append(hanging(RichText("  ").join(whole).copy(), 4))
            for index, cell in enumerate(cells):
                header = self.columns[index].header
                if index in self._whole or not text(cell).plain:
                    continue
                label = text(header).plain if header else ""
                line = RichText.assemble(RichText(f"{label}: ", style="dim"), text(cell))
                parts.append(indented(hanging(line, 2), 2))
        return Group(*parts)

    def _needs(self, pad: int) -> int:
        """The width the table needs with whole columns whole and `pad` spaces around cells."""
        frame = len(self.columns) * pad
        if self.box:
            frame += len(self.columns) - 1 + (2 if self.show_edge else 0)
        return frame + sum(
            width
            if index in self._whole
            else min(max(width, self._header[index]), max(self.OTHER_MIN, self._readable[index]))
            for index, width in enumerate(self._longest)
        )


def _cell_width(cell) -> int:
    from rich.cells import cell_len

    return cell_len(cell.plain if isinstance(cell, RichText) else str(cell))


class HangingList:
    """Items one under another, each after its marker (•, a), ✓) right-aligned after `indent`
    spaces; an item's wrapped lines stay under its text, never back at the left edge.

    Cheaper than a two-column `Table.grid`, which measures every cell before drawing any.
    """

    def __init__(self, rows: list[tuple[RichText | str, object]], indent: int = 2) -> None:
        self.rows = [(RichText(m) if isinstance(m, str) else m, item) for m, item in rows]
        self.width = indent + max((marker.cell_len for marker, _ in self.rows), default=1)

    def __rich_console__(self, console, options):
        from rich.segment import Segment

        inner = options.update_width(max(1, options.max_width - self.width - 1))
        blank = Segment(" " * (self.width + 1))
        for marker, item in self.rows:
            lead = RichText(" " * (self.width - marker.cell_len)) + marker + RichText(" ")
            for index, line in enumerate(console.render_lines(item, inner, pad=False)):
                yield from lead.render(console) if index == 0 else (blank,)
                yield from line
                yield Segment.line()

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        return Measurement(self.width + 2, options.max_width)


def hanging_list(rows: list[tuple[RichText | str, object]], indent: int = 2) -> HangingList:
    """`rows` of (marker, item) as a `HangingList`."""
    return HangingList(rows, indent)


class Hanging:
    """`renderable` from the left edge, each of its wrapped lines `spaces` in: a header or a run
    of ids that continues on the next line reads as one item, not as a new paragraph."""

    def __init__(self, renderable, spaces: int = 2) -> None:
        self.renderable = renderable
        self.spaces = spaces

    def __rich_console__(self, console, options):
        from rich.segment import Segment

        spaces = min(self.spaces, options.max_width // 2)
        inner = options.update_width(max(1, options.max_width - spaces))
        margin = Segment(" " * spaces)
        for index, line in enumerate(console.render_lines(self.renderable, inner, pad=False)):
            if index:
                yield margin
            yield from line
            yield Segment.line()


def hanging(renderable, spaces: int = 2) -> Hanging:
    """`renderable` with a hanging indent of `spaces` (see `Hanging`)."""
    return Hanging(renderable, spaces)


def indented(renderable, spaces: int = 2):
    """`renderable` with every line, wrapped ones too, `spaces` in from the left edge."""
    from rich.padding import Padding

    return Padding(renderable, (0, 0, 0, spaces))


def code_block(code: RichText):
    """A code block as Markdown shows one (a blank line above and below, one space in), except
    that a source line too long for the terminal continues four spaces past its own indentation,
    never at the left edge, where it would read as a new line of code."""
    from rich.console import Group
    from rich.padding import Padding

    lines = code.split("\n", allow_blank=True)
    return Padding(Group(*(hanging(line, _indent(line.plain) + 4) for line in lines)), 1)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
