"""The quiz's line editor on a terminal: prompt_toolkit prompts for answers, choices and ratings.

One `Editor` lives for a whole quiz, so Up and Down bring back the answers given earlier in it.
Keys pressed before a question or a result is on screen are thrown away (`quiz.terminal` calls
`drop_typeahead` before it prints one), so a key meant for one question never answers the next;
keys pressed once it is on screen are kept, even before the prompt is drawn. A bottom toolbar,
redrawn by prompt_toolkit and fitted to the width (`quiz.toolbar`), names the keys and, in a mock
interview, holds the running clock. Every prompt is erased when it ends, toolbar and all, so no
stale time is left in the scrollback even after an answer taller than the screen; what was typed
is then printed again, whole, in its place.

This module imports prompt_toolkit; `quiz.terminal` imports it only once the first question is
on screen, so that no other command pays for it.
"""

from __future__ import annotations

import sys

from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.history import DummyHistory, InMemoryHistory
from prompt_toolkit.input import Input, create_input
from prompt_toolkit.input.typeahead import clear_typeahead
from prompt_toolkit.layout.dimension import Dimension
from prompt_toolkit.output import create_output
from prompt_toolkit.styles import Style
from prompt_toolkit.validation import Validator

from llmprep.bank.model import Entry
from llmprep.quiz import keys, toolbar, view
from llmprep.quiz.engine import Outcome, Session, parse_choice
from llmprep.quiz.words import chrome

STYLE = Style.from_dict(
    {
        "clock": "bold",
        "clock.low": "bold #ff5f5f",
        "prompt": "bold",
        "verdict.1": "bold #ff5f5f",
        "verdict.2": "bold #ffd75f",
        "verdict.3": "bold #5fd75f",
        "verdict.4": "bold #5fd7d7",
        "rating.1": "#ff5f5f",
        "rating.2": "#ffd75f",
        "rating.3": "#5fd75f",
        "rating.4": "#5fd7d7",
        "suggested": "bold underline",
        "interval": "#8a8a8a",
    }
)


class _Prompt(PromptSession):
    """A prompt that never takes the whole screen: its text scrolls inside it instead. Erasing a
    prompt that fills the screen clears it from the top-left corner, and tmux (`scroll-on-clear`)
    then copies the whole screen, toolbar and clock included, into its scrollback."""

    def _get_default_buffer_control_height(self) -> Dimension:
        rows = get_app().output.get_size().rows
        return Dimension(max=max(1, rows - 2))  # a row for the toolbar, one left above


def discard_typeahead(source: Input) -> None:
    """Drop the keys prompt_toolkit holds but has not used: read ahead by an earlier prompt, or
    (on Windows) waiting in the console's queue. The terminal's own queue is `quiz.ttymodes`'s."""
    if sys.platform == "win32":  # pragma: no cover - the console's queue is read, not flushed
        with source.raw_mode():
            while source.read_keys():
                pass
    source.flush_keys()
    clear_typeahead(source)


class Editor:
    """The prompts of one quiz; each returns what was typed, or None when the quiz should end."""

    def __init__(self, quiz: Session, console):
        """`console` (Rich) is where the questions are printed: stdout, or stderr under `--json`."""
        self.quiz = quiz
        self.words = chrome(quiz.lang)
        self._console = console
        self._input = create_input()  # one input for every prompt: one queue of keys to drop
        common = {
            "input": self._input,
            "output": create_output(stdout=console.file),
            "style": STYLE,
            "refresh_interval": 1.0 if quiz.time_limit else None,
            "erase_when_done": True,
        }
        self._answers = _Prompt(history=InMemoryHistory(), **common)
        self._choices = _Prompt(history=InMemoryHistory(), **common)
        self._ratings = _Prompt(history=DummyHistory(), **common)
        self._pauses = _Prompt(history=DummyHistory(), **common)
        self._answer_keys, self._rating_keys = keys.answer_bindings(), keys.rating_bindings()
        self._pause_keys = keys.pause_bindings()

    def drop_typeahead(self) -> None:
        """Drop the keys read but not used by the prompts so far."""
        discard_typeahead(self._input)

    def answer(self) -> str | None:
        """A multi-line answer (empty: reveal), or None after Ctrl-D on an empty answer."""
        return self._typed(
            self._answers,
            multiline=True,
            prompt_continuation="  ",
            key_bindings=self._answer_keys,
            bottom_toolbar=lambda: self._toolbar(self.words["open_keys"]),
        )

    def choice(self, entry: Entry) -> str | None:
        """Option letters (or nothing, to reveal), checked before they are taken."""
        options = len(entry.options)
        validator = Validator.from_callable(
            lambda text: not text.strip() or parse_choice(text, options) is not None,
            error_message=self.words["bad_choice"],
            move_cursor_to_end=True,
        )
        return self._typed(
            self._choices,
            key_bindings=self._answer_keys,
            validator=validator,
            validate_while_typing=False,
            bottom_toolbar=lambda: self._toolbar(self.words["choice_keys"]),
        )

    def rating(self, outcome: Outcome, can_view_all: bool) -> int | None:
        """1-4 as chosen, the suggestion on Enter alone, or None when `v` asks to read it all.

        Ctrl-D here ends the quiz like Ctrl-C: the answer is saved with the suggested rating.
        """
        name = view.rating_name(outcome.suggested, self.quiz.lang)
        hint = [
            tuple(form.format(name=name) for form in forms) for forms in self.words["rating_keys"]
        ]
        if can_view_all:
            hint.insert(0, self.words["view_all_key"])
        typed = self._prompt(
            self._ratings,
            self._rating_message(outcome),
            key_bindings=self._rating_keys,
            bottom_toolbar=lambda: self._toolbar(hint),
        )
        if typed is None:
            raise KeyboardInterrupt
        if typed == keys.VIEW_ALL:
            return None
        return keys.RATING_KEYS.get(typed.strip(), outcome.suggested)

    def pause(self, last: bool) -> None:
        """Wait for Enter after a mock interview's result, the clock running: the result can be
        read before the next question (`last`: the report) pushes it away. Ctrl-C or Ctrl-D
        ends the interview."""
        prompt, hint = ("report_prompt", "report_keys") if last else ("next_prompt", "next_keys")
        typed = self._prompt(
            self._pauses,
            [("class:prompt", self.words[prompt] + " › ")],
            key_bindings=self._pause_keys,
            bottom_toolbar=lambda: self._toolbar(self.words[hint], submit=False),
        )
        if typed is None:
            raise KeyboardInterrupt

    def _typed(self, session: PromptSession, **options) -> str | None:
        """An answer prompt; what was typed is printed again once the prompt is erased (also
        when Ctrl-C drops it, so that nothing typed vanishes from the screen)."""
        try:
            text = self._prompt(session, [("class:prompt", "› ")], **options)
        except KeyboardInterrupt:
            if session.default_buffer.text.strip():
                self._console.print(view.submitted_answer(session.default_buffer.text))
            raise
        if text is not None:
            self._console.print(view.submitted_answer(text))
        return text

    def _prompt(self, session: PromptSession, message: StyleAndTextTuples, **options) -> str | None:
        try:
            return session.prompt(message, **options)
        except EOFError:
            return None

    def _rating_message(self, outcome: Outcome) -> StyleAndTextTuples:
        """The compact verdict, the four ratings with the interval each saves, then the prompt."""
        verdict, colour = view.compact_verdict(outcome, self.quiz.lang)
        message: StyleAndTextTuples = [(f"class:verdict.{colour}", verdict), ("", "\n")]
        from rich.cells import cell_len

        plan = self.quiz.plan(outcome.entry)
        width, used = max(20, self._console.width), 0
        for rating, name, interval, suggested in view.rating_choices(
            outcome.suggested, plan, self.quiz.lang
        ):
            shown = f"{rating} {name}" + (f" {interval}" if interval else "")
            if used and used + cell_len(shown) > width:  # a narrow terminal: the next line
                message.append(("", "\n"))
                used = 0
            style = f"class:rating.{rating}" + (" class:suggested" if suggested else "")
            message.append((style, f"{rating} {name}"))
            if interval:
                message.append(("class:interval", f" {interval}"))
            message.append(("", "   "))
            used += cell_len(shown) + 3
        name = view.rating_name(outcome.suggested, self.quiz.lang)
        message += [("", "\n"), ("class:prompt", self.words["rate_prompt"].format(name=name))]
        return [*message, ("class:prompt", " › ")]

    def _toolbar(self, hints: toolbar.Keys, submit: bool = True) -> StyleAndTextTuples:
        """The keys of the prompt, after the time left of a mock interview (redrawn each second),
        as many as the width holds; once time is up, an answer prompt says to submit now."""
        left = self.quiz.time_left()
        clock = None
        if left is not None and left > 0:
            style = "class:clock.low" if left < 60 else "class:clock"
            clock = (style, self.words["time_left"].format(clock=view.clock(left)))
        elif left is not None:
            clock = ("class:clock.low", self.words["time_up" if submit else "time_over"])
        return toolbar.fit(hints, clock, get_app().output.get_size().columns)
