"""The quiz's line editor on a terminal: prompt_toolkit prompts for answers, choices and ratings.

One `Editor` lives for a whole quiz, so Up and Down bring back the answers given earlier in it.
Keys pressed before a question or a result is on screen are thrown away (`quiz.terminal` calls
`drop_typeahead` before it prints one), so a key meant for one question never answers the next;
keys pressed once it is on screen are kept, even before the prompt is drawn. A bottom toolbar,
redrawn by prompt_toolkit, names the keys and, in a mock interview, holds the running clock; it
is erased when the prompt ends, so no stale time is left in the scrollback.

This module imports prompt_toolkit; `quiz.terminal` imports it only once the first question is
on screen, so that no other command pays for it.
"""

from __future__ import annotations

import sys
from typing import TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.history import DummyHistory, InMemoryHistory
from prompt_toolkit.input import Input, create_input
from prompt_toolkit.input.typeahead import clear_typeahead
from prompt_toolkit.output import create_output
from prompt_toolkit.styles import Style
from prompt_toolkit.validation import Validator

from llmprep.bank.model import Entry
from llmprep.quiz import keys, view
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

    def __init__(self, quiz: Session, screen: TextIO):
        """`screen` is where the questions are printed: stdout, or stderr under `--json`."""
        self.quiz = quiz
        self.words = chrome(quiz.lang)
        self._input = create_input()  # one input for every prompt: one queue of keys to drop
        common = {
            "input": self._input,
            "output": create_output(stdout=screen),
            "style": STYLE,
            "refresh_interval": 1.0 if quiz.time_limit else None,
        }
        self._answers = PromptSession(history=InMemoryHistory(), **common)
        self._choices = PromptSession(history=InMemoryHistory(), **common)
        self._ratings = PromptSession(history=DummyHistory(), **common)
        self._answer_keys, self._rating_keys = keys.answer_bindings(), keys.rating_bindings()

    def drop_typeahead(self) -> None:
        """Drop the keys read but not used by the prompts so far."""
        discard_typeahead(self._input)

    def answer(self) -> str | None:
        """A multi-line answer (empty: reveal), or None after Ctrl-D on an empty answer."""
        return self._prompt(
            self._answers,
            [("class:prompt", "› ")],
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
        return self._prompt(
            self._choices,
            [("class:prompt", "› ")],
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
        hint = self.words["rating_keys"].format(name=name)
        if can_view_all:
            hint = f"{self.words['view_all_key']} · {hint}"
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

    def _prompt(self, session: PromptSession, message: StyleAndTextTuples, **options) -> str | None:
        try:
            return session.prompt(message, **options)
        except EOFError:
            return None

    def _rating_message(self, outcome: Outcome) -> StyleAndTextTuples:
        """The compact verdict, the four ratings with the interval each saves, then the prompt."""
        verdict, colour = view.compact_verdict(outcome, self.quiz.lang)
        message: StyleAndTextTuples = [(f"class:verdict.{colour}", verdict), ("", "\n")]
        plan = self.quiz.plan(outcome.entry)
        for rating, name, interval, suggested in view.rating_choices(
            outcome.suggested, plan, self.quiz.lang
        ):
            style = f"class:rating.{rating}" + (" class:suggested" if suggested else "")
            message.append((style, f"{rating} {name}"))
            if interval:
                message.append(("class:interval", f" {interval}"))
            message.append(("", "   "))
        name = view.rating_name(outcome.suggested, self.quiz.lang)
        message += [("", "\n"), ("class:prompt", self.words["rate_prompt"].format(name=name))]
        return [*message, ("class:prompt", " › ")]

    def _toolbar(self, hint: str) -> StyleAndTextTuples:
        """The keys of the prompt, after the time left of a mock interview (redrawn each second)."""
        left = self.quiz.time_left()
        if left is None:
            return [("", f" {hint} ")]
        if left > 0:
            style = "class:clock.low" if left < 60 else "class:clock"
            text = self.words["time_left"].format(clock=view.clock(left))
        else:
            style, text = "class:clock.low", self.words["time_up"]
        return [(style, f" {text} "), ("", f" │ {hint} ")]
