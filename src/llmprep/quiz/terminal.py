"""The two front-ends of a quiz: an interactive terminal, and piped input for scripts and tests.

On a terminal, answers are typed in a line editor (prompt_toolkit, see `quiz.editor` and
`quiz.keys`): an open answer may run over several lines and is submitted with Alt-Enter or
Ctrl-D; a rating is 1-4 and Enter, or Enter alone for the suggestion. From a pipe, each line is
one answer (empty: reveal; choice questions: option letters) and the suggested rating is taken.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from rich.console import Console, Group

from llmprep.bank.model import Entry
from llmprep.quiz import chinese, collapse, ttymodes, view
from llmprep.quiz.engine import Outcome, Result, Session, parse_choice
from llmprep.quiz.words import chrome

RATING_ROWS = 5  # below a verdict: the rating prompt's three lines, the toolbar, a blank line


class PipedFrontend:
    """One line of `stream` per question; the suggested rating; output only if `console` is given."""

    def __init__(self, console: Console | None, stream: TextIO | None = None):
        self.console = console
        self.stream = stream or sys.stdin

    def _print(self, *renderables) -> None:
        if self.console is not None:
            self.console.print(*renderables)

    def ask(self, session: Session, entry: Entry, position: int) -> str | None:
        self._print(view.question_view(session, entry, position, clock_line=True))
        line = self.stream.readline()
        if not line:
            return None  # end of input: stop, keeping what was answered
        answer = line.rstrip("\r\n")
        self._print(view.typed_answer(answer, session.lang))
        if entry.is_choice and answer.strip() and parse_choice(answer, len(entry.options)) is None:
            # No prompt to ask again: say so, and show the answer rather than mark a guess wrong.
            said = chrome(session.lang)["not_letters"].format(text=answer.strip())
            print(said, file=sys.stderr)
            return ""
        return answer

    def show(self, session: Session, outcome: Outcome) -> None:
        self._print(view.result_view(outcome, session.lang))

    def rate(self, session: Session, outcome: Outcome) -> int:
        return outcome.suggested

    def rated(self, session: Session, result: Result) -> None:
        self._print(view.rated_line(result, session.lang))
        self._print()

    def finish(self, session: Session, summary: dict) -> None:
        self._print(view.summary_view(summary, session.clock(), session.lang))

    def __enter__(self) -> PipedFrontend:
        return self

    def __exit__(self, *exc) -> None:
        pass


class TerminalFrontend(PipedFrontend):
    """Rich output and a line editor: multi-line answers, 1-4 and Enter to rate, a clock in a
    toolbar in mock mode, and results cut to fit the screen (`v` at the rating reads it all)."""

    def __init__(self, console: Console):
        super().__init__(console)
        self._editor = None
        self._clipped = False
        self._saved_modes = None

    def editor(self, session: Session):
        """The session's line editor, made (and prompt_toolkit imported) on first use: after the
        first question is on screen, so that it appears as fast as `llmprep show`."""
        if self._editor is None:
            from llmprep.quiz.editor import Editor

            self._editor = Editor(session, self.console)
        return self._editor

    def __enter__(self) -> TerminalFrontend:
        """For the whole quiz the terminal does not echo keys itself: a key pressed before a
        prompt is drawn then shows up in the prompt, not as stray text above it."""
        self._saved_modes = ttymodes.echo_off()
        return self

    def __exit__(self, *exc) -> None:
        ttymodes.restore(self._saved_modes)

    def _drop_typeahead(self) -> None:
        """Throw away the keys pressed so far: before a question or a result is on screen, a key
        was meant for what came before it (an Enter after a rating must not answer the next
        question). Keys pressed once it is on screen are kept for its prompt."""
        ttymodes.flush_input()
        if self._editor is not None:
            self._editor.drop_typeahead()

    def ask(self, session: Session, entry: Entry, position: int) -> str | None:
        console = self.console
        self._drop_typeahead()
        console.rule(style="dim")
        console.print(view.question_view(session, entry, position, clock_line=False))
        console.print(view.answer_help(entry, session.lang))
        chinese.preload()  # the grader's Chinese dictionary loads while the question is read
        editor = self.editor(session)
        return editor.choice(entry) if entry.is_choice else editor.answer()

    def show(self, session: Session, outcome: Outcome) -> None:
        words = chrome(session.lang)
        note = words["clipped_show" if session.mode == "mock" else "clipped_rate"]
        parts, self._clipped = collapse.fit(
            self.console,
            view.result_parts(outcome, session.lang),
            self.console.height - RATING_ROWS,
            lambda hidden: note.format(n=hidden, id=outcome.entry.id),
        )
        self._drop_typeahead()
        self.console.print()
        self.console.print(Group(*parts))

    def rate(self, session: Session, outcome: Outcome) -> int:
        while True:
            rating = self.editor(session).rating(outcome, can_view_all=self._clipped)
            if rating is not None:
                return rating
            self._page(view.result_view(outcome, session.lang))

    def _page(self, renderable) -> None:
        """Everything in the pager ($PAGER, else less or more), in colour if `less -R` is set."""
        colours = "R" in os.environ.get("LESS", "").upper()
        with self.console.pager(styles=colours):
            self.console.print(renderable)

    def rated(self, session: Session, result: Result) -> None:
        """The rating saved; in a mock interview, a pause so that the result can be read."""
        self.console.print(view.rated_line(result, session.lang))
        if session.mode == "mock":
            left = session.time_left()
            last = len(session.results) >= len(session.queue) or (left is not None and left <= 0)
            self.editor(session).pause(last)
