"""Line breaking for Chinese in Rich: a line may break between any two Chinese characters.

Rich wraps text at spaces only. Chinese has no spaces between words, so after an English word
Rich sees `优化器时，权重衰减与…` as one long "word", moves all of it to the next line and leaves
the current line half empty: a ragged right edge in every mixed Chinese and English paragraph.

`install` teaches Rich's word splitter (`rich._wrap.words`, which `Text.wrap` uses for every
paragraph, table cell and Markdown block) the basic rule of Chinese typesetting: a break is
allowed before and after each Chinese character, except before closing punctuation (，。）…)
and after opening punctuation (（《“…), so no line starts with a comma. Text without Chinese is
split exactly as Rich splits it. Should a Rich release drop the splitter, `install` does nothing
and Rich's own wrapping is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache

# Han ideographs, kana, CJK punctuation, full-width forms: written without spaces between words.
# Compiled when first needed (about 2 ms), so output that is all ASCII never pays for it.
_UNSPACED_CLASS = (
    r"[\u2e80-\u2fff\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)


@cache
def _unspaced() -> re.Pattern[str]:
    return re.compile(_UNSPACED_CLASS)


def _has_unspaced(text: str) -> bool:
    return not text.isascii() and _unspaced().search(text) is not None


_NO_BREAK_BEFORE = set("，。、；：！？）》」』】〉”’…—·%,.;:!?)]}》％")
_NO_BREAK_AFTER = set("（《「『【〈“‘([{")

_installed = False


def breaks(word: str) -> list[int]:
    """The offsets inside `word` (a run without spaces) where a line may break."""
    offsets = []
    for index in range(1, len(word)):
        before, after = word[index - 1], word[index]
        if not (_unspaced().match(before) or _unspaced().match(after)):
            continue
        if after in _NO_BREAK_BEFORE or before in _NO_BREAK_AFTER:
            continue
        offsets.append(index)
    return offsets


def split_words(
    words: Callable[[str], Iterable[tuple[int, int, str]]],
) -> Callable[[str], Iterable[tuple[int, int, str]]]:
    """Rich's `words(text)` with each Chinese run split further at the places `breaks` allows."""

    def cjk_words(text: str) -> Iterable[tuple[int, int, str]]:
        if not _has_unspaced(text):  # most lines: Rich's own split, at Rich's speed
            yield from words(text)
            return
        for start, end, word in words(text):
            if not _has_unspaced(word):
                yield start, end, word
                continue
            core = word.strip()
            lead = len(word) - len(word.lstrip())
            cuts = [0, *(lead + offset for offset in breaks(core)), len(word)]
            cuts[0] = 0
            for left, right in zip(cuts, cuts[1:], strict=False):
                yield start + left, start + right, word[left:right]

    cjk_words.__doc__ = words.__doc__
    return cjk_words


def install() -> None:
    """Make Rich break lines between Chinese characters (once; harmless if Rich has changed)."""
    global _installed
    if _installed:
        return
    _installed = True
    try:
        from rich import _wrap
    except ImportError:  # pragma: no cover - a Rich without the private module
        return
    if callable(getattr(_wrap, "words", None)) and callable(getattr(_wrap, "divide_line", None)):
        _wrap.words = split_words(_wrap.words)
