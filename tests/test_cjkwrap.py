"""Chinese text wraps between characters, so a mixed Chinese and English line is filled."""

from __future__ import annotations

from rich import _wrap
from rich.cells import cell_len
from rich.console import Console
from rich.markdown import Markdown
from rich.text import Text

from llmprep import cjkwrap, render

MIXED = (
    "使用 Adam 优化器时，权重衰减与 L2 正则并不等价，因为自适应学习率会把正则项按每个参数的"
    "梯度历史缩放，所以 AdamW 把衰减从梯度中解耦出来，直接作用在权重上。"
)


def lines(renderable, width: int = 40) -> list[str]:
    console = Console(width=width, force_terminal=False, color_system=None)
    with console.capture() as captured:
        console.print(renderable)
    return [line.rstrip() for line in captured.get().splitlines()]


def test_cjkwrap_mixed_chinese_lines_are_filled():
    render.stdout()  # the CLI's consoles install the Chinese line breaking
    wrapped = lines(Text(MIXED))
    assert "".join(wrapped).replace(" ", "") == MIXED.replace(" ", "")
    for line in wrapped[:-1]:  # every line but the last reaches the right edge (a Chinese
        assert cell_len(line) >= 40 - 6, wrapped  # character is 2 columns; "AdamW" stays whole)
    assert not any(line.startswith(("，", "。")) for line in wrapped)  # no line opens on a comma


def test_cjkwrap_markdown_lists_wrap_with_their_indent():
    render.stdout()
    wrapped = [line for line in lines(Markdown("- " + MIXED)) if line]
    assert wrapped[0].startswith(" • 使用 Adam")
    assert all(line.startswith("   ") for line in wrapped[1:]), wrapped
    assert all(cell_len(line) >= 40 - 8 for line in wrapped[:-1]), wrapped


def test_cjkwrap_leaves_text_without_chinese_as_rich_splits_it():
    english = "  Weight decay is not L2 regularisation under Adam: see AdamW.  Two spaces. "
    assert list(cjkwrap.split_words(_rich_words)(english)) == list(_rich_words(english))
    mixed = " 用 AdamW，别用 L2 "
    words = list(cjkwrap.split_words(_rich_words)(mixed))
    assert "".join(word for _, _, word in words) == mixed  # every character, once, in order
    assert [mixed[start:end] for start, end, _ in words] == [word for _, _, word in words]


def test_cjkwrap_break_rules():
    assert cjkwrap.breaks("优化器") == [1, 2]
    assert cjkwrap.breaks("等价，因为") == [1, 3, 4]  # never before the comma
    assert cjkwrap.breaks("（注意）") == [2]  # never after an opening or before a closing bracket
    assert cjkwrap.breaks("Adam优化") == [4, 5]  # between a Latin word and Chinese
    assert cjkwrap.breaks("AdamW") == []


def _rich_words(text: str):
    for match in _wrap.re_word.finditer(text):
        yield match.start(), match.end(), match.group(0)
