"""A claim made through a pronoun: "bagging averages bootstrap models, which mainly reduces bias".

A misconception's terms name what the claim is about ("bagging mainly reduces bias"), but people
often state the claim in a later part of the sentence, or in the next sentence, that starts with
a pronoun: "..., which mainly reduces bias", "...; it never overfits", "so they ...". For the
misconception check only, each such part is also read with the pronoun replaced by the words it
most likely stands for: the subject at the start of the sentence (its first one or two words),
or the words just before the pronoun ("MSE, which is more robust" -> "MSE is more robust").
Key points are never matched on these readings: a pronoun earns no point.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A part that starts with one of these (after an optional connective) refers back to something.
_PRONOUN_START = re.compile(
    r"^\s*(?:(?:and|but|so|thus|hence|therefore|because|since)\s+)?"
    r"(?P<pronoun>which|it|they|this|these)\b\s*",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][\w+\-]*")


def readings(clauses: list[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """For each clause (a list of its segments) whose segment starts with a pronoun, the clause's
    segments with that pronoun replaced by each likely antecedent: (clause index, segments).

    >>> clauses = [["Bagging averages bootstrap models", "which mainly reduces bias"]]
    >>> [segments[1] for _, segments in readings(clauses)]  # doctest: +NORMALIZE_WHITESPACE
    ['Bagging mainly reduces bias', 'Bagging averages mainly reduces bias',
     'models mainly reduces bias', 'bootstrap models mainly reduces bias']
    """
    for index, segments in enumerate(clauses):
        for position, segment in enumerate(segments):
            found = _PRONOUN_START.match(segment)
            if not found:
                continue
            rest = segment[found.end() :]
            if position:
                subject, before = segments[0], segments[position - 1]
            elif index:
                subject, before = clauses[index - 1][0], clauses[index - 1][-1]
            else:
                continue
            for antecedent in _antecedents(subject, before):
                changed = list(segments)
                changed[position] = f"{antecedent} {rest}"
                yield index, changed


def _antecedents(subject: str, before: str) -> list[str]:
    """The first one and two words of the sentence's subject part, the last one and two words
    before the pronoun; each once, in that order."""
    first, last = _WORD.findall(subject), _WORD.findall(before)
    guesses = [" ".join(first[:1]), " ".join(first[:2]), " ".join(last[-1:]), " ".join(last[-2:])]
    return list(dict.fromkeys(guess for guess in guesses if guess))
