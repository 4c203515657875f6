"""The editor's bottom toolbar fits any width in both languages, the clock always first."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from llmprep.quiz import toolbar
from llmprep.quiz.words import chrome

PROMPTS = ("open_keys", "choice_keys", "next_keys", "report_keys")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [200, 120, 80, 60, 40, 30, 20])
def test_toolbar_fits_the_width_and_always_shows_the_clock(lang, width):
    words = chrome(lang)
    for clock in (words["time_left"].format(clock="01:57"), words["time_up"]):
        for prompt in PROMPTS:
            parts = toolbar.fit(words[prompt], ("class:clock", clock), width)
            line = "".join(text for _, text in parts)
            assert parts[0] == ("class:clock", f" {clock} ")  # the clock, never dropped or cut
            assert cell_len(line) <= max(width - toolbar.MARGIN, cell_len(clock) + 2), line
            hints = line[len(clock) + 2 :].strip(" │").split(" · ") if len(parts) > 1 else []
            known = {form for forms in words[prompt] for form in forms}
            assert all(hint in known for hint in hints), line  # whole hints only


def test_toolbar_shortens_then_drops_the_least_needed_hints():
    words = chrome("en")["open_keys"]
    wide = "".join(text for _, text in toolbar.fit(words, ("", "⏱ 01:57 left"), 120))
    assert wide.endswith("│ Alt-Enter or Ctrl-D: submit · Ctrl-C: end quiz · Enter: new line ")
    at_80 = "".join(text for _, text in toolbar.fit(words, ("", "⏱ 01:57 left"), 80))
    assert at_80.endswith("│ Alt-Enter/Ctrl-D: submit · Ctrl-C: end · Enter: new line ")
    at_40 = "".join(text for _, text in toolbar.fit(words, ("", "⏱ 01:57 left"), 40))
    assert at_40 == " ⏱ 01:57 left  │ Alt-Enter: submit "
    assert toolbar.fit(words, None, 120) == [("", f" {toolbar.hint_choices(words)[0]} ")]
