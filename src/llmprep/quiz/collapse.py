"""Fit a quiz result on one screen: long reference answers are cut, with a note of what is left.

At the rating prompt the candidate should see their verdict and the key points without scrolling
back. `fit` renders each part at the console's width, keeps the parts that must stay whole, and
shares the remaining rows among the parts that may be shortened (the reference answer and the
explanation), cutting each to its share and ending it with a note such as "… 27 more lines".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import Console
from rich.segment import Segment, Segments
from rich.text import Text

MIN_LINES = 1  # a part that is cut may shrink to its note alone, unless it asks for more


def fit(
    console: Console,
    parts: Sequence[tuple[object, bool]],
    rows: int,
    note: Callable[[int], str],
) -> tuple[list, bool]:
    """The renderables of `parts` cut to fit in `rows` lines where they can, and whether any was.

    `parts` are (renderable, may_shorten) pairs in order: False for a part that stays whole,
    True for one that may shrink to its note alone, or a number of lines it keeps at least (the
    reference answer: a result that shows none of it teaches nothing). `note(n)` is the line that
    ends a part with `n` lines left out. The result may still be taller than `rows` when the
    whole parts and the floors alone are.
    """
    rendered = [console.render_lines(part, console.options, pad=False) for part, _ in parts]
    fixed = sum(len(lines) for lines, (_, short) in zip(rendered, parts, strict=True) if not short)
    shortenable = [index for index, (_, short) in enumerate(parts) if short]
    shares = _shares(
        [len(rendered[index]) for index in shortenable],
        rows - fixed,
        [max(MIN_LINES, int(parts[index][1])) for index in shortenable],
    )
    cut = False
    out = []
    for index, lines in enumerate(rendered):
        keep = shares.get(shortenable.index(index)) if index in shortenable else None
        if keep is not None and keep < len(lines):
            lines = _trim(lines[: keep - 1])
            hidden = len(rendered[index]) - len(lines)
            lines = lines + console.render_lines(Text(note(hidden), style="dim"), pad=False)
            cut = True
        out.append(_as_renderable(lines))
    return out, cut


def _shares(heights: list[int], free: int, floors: list[int]) -> dict[int, int]:
    """Rows for each shortenable part: the short ones whole, the rest an equal share of what is
    left (at least its floor each). Empty when everything fits."""
    if sum(heights) <= free:
        return {}
    shares: dict[int, int] = {}
    left = max(0, free)
    order = sorted(range(len(heights)), key=lambda index: heights[index])
    for position, index in enumerate(order):
        share = max(floors[index], left // (len(order) - position))
        shares[index] = min(heights[index], share)
        left = max(0, left - shares[index])
    return shares


def _trim(lines: list[list[Segment]]) -> list[list[Segment]]:
    """Without its trailing blank lines."""
    while lines and not "".join(segment.text for segment in lines[-1]).strip():
        lines = lines[:-1]
    return lines


def _as_renderable(lines: list[list[Segment]]) -> Segments:
    segments: list[Segment] = []
    for line in lines:
        segments += [*line, Segment.line()]
    return Segments(segments)
