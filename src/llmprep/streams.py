"""Standard streams that never fail on a character they cannot carry.

A Windows console, a redirect or `PYTHONIOENCODING=ascii` can give stdout an encoding such as
cp1252 or ASCII, in which Chinese text or a ✓ cannot be written: Python then raises
UnicodeEncodeError in the middle of the output. `configure()` makes every stream degrade instead:
a symbol llmprep draws becomes its ASCII look-alike (✓ `+`, ✗ `x`, → `->`, ⏱ `~`), an accented
letter loses its accent, and anything else becomes `?`. Input that is not valid in stdin's
encoding becomes U+FFFD instead of raising UnicodeDecodeError.
"""

from __future__ import annotations

import codecs
import contextlib
import sys
import unicodedata

ERRORS = "llmprep-ascii-fallback"

# What a symbol looks like in ASCII; box-drawing characters are Rich's concern (it draws ASCII
# boxes itself on such streams).
SYMBOLS = {
    "✓": "+", "✔": "+", "✗": "x", "✘": "x", "·": "-", "•": "*", "→": "->", "←": "<-",
    "⏱": "~", "›": ">", "‹": "<", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "...",
    "—": "--", "–": "-", "█": "#", "─": "-", "━": "=", "│": "|", "≤": "<=", "≥": ">=",
    "≈": "~", "≠": "!=", "×": "x", "−": "-", "\u00a0": " ", "，": ",", "。": ".", "：": ":",
    "；": ";", "（": "(", "）": ")", "？": "?", "！": "!", "、": ",",
}  # fmt: skip


def ascii_fallback(char: str) -> str:
    """How `char` is written where it cannot be: a look-alike, its unaccented letter, or `?`."""
    known = SYMBOLS.get(char)
    if known is not None:
        return known
    decomposed = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    return decomposed or "?"


def _fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = error.object[error.start : error.end]
    return "".join(ascii_fallback(char) for char in chunk), error.end


codecs.register_error(ERRORS, _fallback)


def configure() -> None:
    """Make stdout and stderr write what they cannot encode as ASCII look-alikes, and stdin read
    undecodable bytes as U+FFFD; streams that cannot be reconfigured are left alone."""
    for stream, errors in ((sys.stdout, ERRORS), (sys.stderr, ERRORS), (sys.stdin, "replace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a closed or detached stream
                reconfigure(errors=errors)


def is_unicode(stream) -> bool:
    """Whether `stream` can write any character (UTF-8, UTF-16, GB 18030...), not only a subset."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        "✓中\U0001f600".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True
