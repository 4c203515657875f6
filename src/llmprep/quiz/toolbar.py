"""The line editor's bottom toolbar, fitted to the terminal's width.

The clock of a mock interview is always shown; the key hints after it are shortened, then the
least needed dropped, until the line fits. A line as wide as the terminal would wrap (some
terminals, tmux among them, draw ⏱ two cells wide) and push a copy of the toolbar into the
scrollback, so the toolbar always leaves the last two columns free.
"""

from __future__ import annotations

from rich.cells import cell_len

MARGIN = 2  # columns left free: the last one, and one for a glyph drawn double width

Keys = list[
    tuple[str, ...]
]  # each key hint from its longest to its shortest form, most needed first


def hint_choices(keys: Keys) -> list[str]:
    """The key hints from the longest line to the shortest: every hint in its longest form, then
    in shorter and shorter forms, then fewer and fewer in their shortest (the last dropped first),
    then none."""
    levels = max((len(forms) for forms in keys), default=1)
    choices = [
        " · ".join(forms[min(level, len(forms) - 1)] for forms in keys) for level in range(levels)
    ]
    for count in range(len(keys) - 1, -1, -1):
        choices.append(" · ".join(forms[-1] for forms in keys[:count]))
    return choices


def fit(keys: Keys, clock: tuple[str, str] | None, width: int) -> list[tuple[str, str]]:
    """(style, text) pairs: the clock (style, text) if any, then the key hints that fit `width`."""
    budget = width - MARGIN
    head = [] if clock is None else [(clock[0], f" {clock[1]} ")]
    used = sum(cell_len(text) for _, text in head)
    for hints in hint_choices(keys):
        if not hints:
            break
        tail = f" │ {hints} " if head else f" {hints} "
        if used + cell_len(tail) <= budget:
            return [*head, ("", tail)]
    return head
