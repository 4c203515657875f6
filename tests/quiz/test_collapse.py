"""A quiz result is cut to fit the screen: the verdict and key points whole, long answers cut."""

from __future__ import annotations

from rich.console import Console, Group
from rich.text import Text

from llmprep.quiz import collapse


def printed(parts) -> list[str]:
    console = Console(width=60, force_terminal=False, color_system=None)
    with console.capture() as captured:
        console.print(Group(*parts))
    return captured.get().splitlines()


def note(hidden: int) -> str:
    return f"… {hidden} more lines"


def numbered(name: str, count: int) -> Text:
    return Text("\n".join(f"{name} {n}" for n in range(1, count + 1)))


def test_collapse_everything_fits_nothing_is_cut():
    console = Console(width=60)
    parts = [(Text("Score 67%"), False), (numbered("answer", 5), True)]
    fitted, cut = collapse.fit(console, parts, rows=10, note=note)
    assert not cut
    assert printed(fitted) == ["Score 67%", *(f"answer {n}" for n in range(1, 6))]


def test_collapse_long_parts_share_the_rows_left_and_say_what_is_hidden():
    console = Console(width=60)
    parts = [
        (numbered("verdict", 4), False),
        (numbered("answer", 40), True),
        (numbered("explanation", 3), True),
        (Text("related"), False),
    ]
    fitted, cut = collapse.fit(console, parts, rows=15, note=note)
    lines = printed(fitted)
    assert cut and len(lines) == 15
    assert lines[:4] == [f"verdict {n}" for n in range(1, 5)]  # never cut
    assert lines[4:11] == [*(f"answer {n}" for n in range(1, 7)), "… 34 more lines"]
    assert lines[11:] == ["explanation 1", "explanation 2", "explanation 3", "related"]


def test_collapse_no_room_leaves_only_the_note():
    console = Console(width=60)
    parts = [(numbered("point", 12), False), (numbered("answer", 9), True)]
    fitted, cut = collapse.fit(console, parts, rows=10, note=note)
    assert cut and printed(fitted) == [*(f"point {n}" for n in range(1, 13)), "… 9 more lines"]


def test_collapse_a_part_with_a_floor_keeps_that_many_lines_even_with_no_room():
    # At 80x24 the key points alone can fill the screen; the reference answer must still show.
    console = Console(width=60)
    parts = [
        (numbered("point", 12), False),
        (numbered("answer", 30), 8),
        (numbered("why", 9), True),
    ]
    fitted, cut = collapse.fit(console, parts, rows=10, note=note)
    lines = printed(fitted)
    assert cut and lines[12:20] == [*(f"answer {n}" for n in range(1, 8)), "… 23 more lines"]
    assert lines[20:] == ["… 9 more lines"]
