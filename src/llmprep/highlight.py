"""A small Python lexer for the snippets in answers.

pygments' full PythonLexer compiles about a hundred regular expressions when first built (about
17 ms, a tenth of `llmprep show`). Answers hold short, plain snippets, for which keywords,
built-ins, strings, comments, numbers and operators are all the colour a reader needs.
"""

from __future__ import annotations

import builtins
import keyword
from functools import cache

from pygments.lexer import RegexLexer
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text


def _any_word(names) -> str:
    return r"\b(" + "|".join(sorted(names, key=len, reverse=True)) + r")\b"


class SnippetPythonLexer(RegexLexer):
    """Python for short snippets: one state, a dozen rules."""

    name = "Python snippet"
    aliases = ["python-snippet"]
    tokens = {
        "root": [
            (r"#.*?$", Comment.Single),
            (r'[rRbBfFuU]{0,2}("""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\')', String.Doc),
            (r'[rRbBfFuU]{0,2}"(\\.|[^"\\\n])*"', String),
            (r"[rRbBfFuU]{0,2}'(\\.|[^'\\\n])*'", String),
            (_any_word(keyword.kwlist), Keyword),
            (_any_word(name for name in dir(builtins) if not name.startswith("_")), Name.Builtin),
            (r"@[A-Za-z_][\w.]*", Name.Decorator),
            (r"\d[\d_]*(\.\d*)?([eE][+-]?\d+)?j?|\.\d+([eE][+-]?\d+)?", Number),
            (r"[A-Za-z_]\w*", Name),
            (r"[-+*/%@<>=!&|^~]+", Operator),
            (r"[()\[\]{}:;.,]", Punctuation),
            (r"\s+", Text),
            (r".", Text),
        ]
    }


@cache
def snippet_python_lexer() -> SnippetPythonLexer:
    return SnippetPythonLexer()
