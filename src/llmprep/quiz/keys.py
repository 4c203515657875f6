"""The keys of the quiz's prompts, one function per prompt, each returning prompt_toolkit bindings.

They add to prompt_toolkit's own Emacs-style editing keys (arrows, Home/End, Ctrl-A/E/K/U/W,
Up/Down through the answers given earlier in the session) and to its prompt keys: Ctrl-C ends the
quiz (KeyboardInterrupt) and Ctrl-D on an empty line ends it too (EOFError).

- An open answer is multi-line: Enter starts a new line and Alt-Enter (or Esc then Enter)
  submits, as in IPython; a paste is inserted whole, blank lines and all.
- Ctrl-D submits what has been typed; Enter on an empty answer reveals the reference answer.
- A rating is a digit 1-4 and Enter (Enter alone takes the suggestion): a digit alone never
  submits, so the Enter that follows it cannot land on the next question.
"""

from __future__ import annotations

from prompt_toolkit.application import get_app
from prompt_toolkit.filters import Condition
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys

VIEW_ALL = "view-all"  # what the rating prompt returns when the candidate asks to read everything
# The digits 1-4, and their full-width forms as a Chinese input method types them.
RATING_KEYS = {digit: int(digit) for digit in "1234"} | {"１": 1, "２": 2, "３": 3, "４": 4}


@Condition
def _empty() -> bool:
    return not get_app().current_buffer.text.strip()


def answer_bindings() -> KeyBindings:
    """Keys of an answer (open or choice): Ctrl-D submits, Enter on nothing reveals."""
    bindings = KeyBindings()

    @bindings.add("c-d", filter=~_empty)
    def _submit_typed(event: KeyPressEvent) -> None:
        """Ctrl-D after some text submits it (on an empty answer it ends the quiz)."""
        event.current_buffer.validate_and_handle()

    @bindings.add("enter", filter=_empty)
    def _reveal(event: KeyPressEvent) -> None:
        """Enter on an empty answer submits nothing: the reference answer is shown."""
        event.current_buffer.reset()
        event.current_buffer.validate_and_handle()

    return bindings


def rating_bindings() -> KeyBindings:
    """Keys of the rating prompt: 1-4 choose, Enter confirms, v shows everything, others do nothing."""
    bindings = KeyBindings()

    @bindings.add(Keys.Any)
    def _ignore(event: KeyPressEvent) -> None:
        """Any other key is ignored, so a stray letter cannot become a rating."""

    for key in RATING_KEYS:

        @bindings.add(key)
        def _choose(event: KeyPressEvent) -> None:
            """A rating digit replaces the one chosen before; Enter confirms it."""
            event.current_buffer.text = str(RATING_KEYS[event.data])
            event.current_buffer.cursor_position = 1

    @bindings.add("v")
    def _view_all(event: KeyPressEvent) -> None:
        """v: read the whole verdict and reference answer in a pager, then rate."""
        event.app.exit(result=VIEW_ALL)

    @bindings.add(Keys.BracketedPaste)
    def _no_paste(event: KeyPressEvent) -> None:
        """Pasted text is not a rating."""

    return bindings


def pause_bindings() -> KeyBindings:
    """Keys of the pause after a mock interview's result: Enter goes on, others do nothing."""
    bindings = KeyBindings()

    @bindings.add(Keys.Any)
    def _ignore(event: KeyPressEvent) -> None:
        """Any other key is ignored: only Enter (or Ctrl-C to end) leaves the result."""

    @bindings.add(Keys.BracketedPaste)
    def _no_paste(event: KeyPressEvent) -> None:
        """Pasted text is ignored too."""

    return bindings
