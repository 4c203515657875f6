"""Find a key point's terms in an answer: normalised, stemmed, fuzzy where it is safe.

- Both sides are normalised: NFKC (full-width letters become ASCII), acronym plurals singular
  (`GPUs` is `GPU`), case-folded, punctuation dropped. English words are reduced by a light suffix
  stemmer, so `regularizing`, `regularization` and `regularize` are the same word.
- An English term of k words is compared with every run of k consecutive (stemmed) words of the
  answer, spaces removed, with `rapidfuzz.fuzz.ratio`: a hit needs `LATIN_CUTOFF` (one typo in
  about seven letters), or an exact match for a term of five letters or fewer (`adam` is not
  `adamw`; whole words only, so `rag` never matches inside `average`). Runs of k-1 and k+1 words
  must match at `JOINED_CUTOFF` (`minibatch` for `mini batch`, `mini-batch` for `minibatch`).
- Failing that, a term of several content words is hit when they all occur in order within a
  span of 2k+1 words (`a query, a key and a value` makes `query key value`), or, for two words,
  the other way round with at most one word between them (`augment the data`).
- A Chinese term is looked for character by character with `rapidfuzz.fuzz.partial_ratio`:
  exactly for terms of three characters or fewer, with `CJK_CUTOFF` for longer ones (`梯度会消失`
  makes the point `梯度消失`).

A `Matcher` holds one clause, as the list of its comma-separated segments, and says where a term
was found: which segment, and what stands right before it, so that the grader can tell `no
dropout` from `dropout`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

LATIN_CUTOFF = 85.0
JOINED_CUTOFF = 95.0  # a term matched by one word more or fewer (`minibatch` for `mini batch`)
CJK_CUTOFF = 75.0
SHORT_LATIN = 5  # a stemmed term this short must match exactly (`adam` is not `adamw`)
SHORT_CJK = 3  # a Chinese term this short must appear verbatim (or with one slip, see find_slip)
CJK_GAP = 4  # at most this many characters between the words of a Chinese term

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_LETTERS = "0-9a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff"  # not × or ÷
_LATIN_WORD = re.compile(rf"[{_LETTERS}]+")
_NOT_TEXT = re.compile(rf"[^{_LETTERS}{_CJK}]+")

# Longest first; a suffix is removed only if at least three letters remain.
_SUFFIXES = (
    "izations", "isations", "ization", "isation", "ations", "izing", "ising", "ation",
    "izers", "isers", "ities", "izer", "iser", "ized", "ised", "izes", "ises", "ings", "ness",
    "ment", "ize", "ise", "ing", "ity", "ers", "er", "ed",
)  # fmt: skip
_EN_FUNCTION_WORDS = frozenset((
    "a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "am", "of", "to", "in",
    "on", "at", "by", "for", "with", "from", "as", "into", "onto", "over", "under", "and", "or",
    "but", "nor", "not", "no", "so", "than", "then", "that", "this", "these", "those", "it",
    "its", "it's", "they", "them", "their", "there", "here", "we", "you", "he", "she", "i", "my",
    "our", "your", "which", "who", "whom", "whose", "what", "when", "where", "why", "how",
    "because", "since", "while", "if", "unless", "although", "though", "can", "could", "will",
    "would", "shall", "should", "may", "might", "must", "do", "does", "did", "has", "have", "had",
    "also", "only", "just", "very", "more", "most", "less", "least", "too", "each", "every",
    "both", "either", "neither", "any", "all", "some", "such", "same", "other", "another",
    "about", "after", "before", "between", "through", "during", "without", "within", "against",
    "up", "down", "out", "off", "again", "further", "once",
))  # fmt: skip


_ACRONYM_PLURAL = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2,})s(?![A-Za-z0-9])")  # GPUs显存 too


@lru_cache(maxsize=4096)
def _readings(char: str) -> frozenset[str]:
    from pypinyin import Style, pinyin  # only when a slip is in question

    return frozenset(pinyin(char, style=Style.NORMAL, heteronym=True)[0])


def _same_word(have: str, want: str) -> bool:
    """Equal stems, or the term's word a prefix of the answer's of at least 5 letters, so that a
    term written as a stem (`hallucinat`, `normaliz`) matches `hallucination`, `normalize`; a
    term's word is never cut short to fit the answer (`momentum` is not `moment`)."""
    if stem(have) == stem(want):
        return True
    return len(want) >= 5 and (have.startswith(want) or stem(have).startswith(want))


def sounds_alike(first: str, second: str) -> bool:
    """Whether two Chinese characters share a reading, tones aside (绿 and 率: lv)."""
    return bool(_readings(first) & _readings(second))


def term_key(term: str) -> str:
    """How a term is compared: Chinese as its characters, English as its stems run together."""
    normalized = normalize(term)
    if _CJK_CHAR.search(normalized):
        return normalized.replace(" ", "")
    return "".join(stem(word) for word in _LATIN_WORD.findall(normalized))


@lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """NFKC, acronym plurals singular, case-folded, punctuation and spaces made one space."""
    text = _ACRONYM_PLURAL.sub(r"\1", unicodedata.normalize("NFKC", text)).casefold()
    return _NOT_TEXT.sub(" ", text).strip()


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """A light English stemmer: `normalizing`/`normalization` -> `normal`, `biases` -> `bias`."""
    if not word.isalpha() or len(word) <= 3:
        return word
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith("es") and word[-3:-2] in ("s", "x", "z", "h") and not word.endswith("izes"):
        word = word[:-2]
    elif word.endswith("s") and word[-2:-1] not in ("s", "u", "i", "a"):
        word = word[:-1]
    for _ in range(2):  # twice: augmentation -> augment -> aug, like augment -> aug
        suffix = next((s for s in _SUFFIXES if word.endswith(s) and len(word) - len(s) >= 3), None)
        if suffix is None:
            break
        word = word[: -len(suffix)]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class Found:
    """Where a term was found: its segment, whether a negator stands right before it, and the
    segments its words were gathered from when they are not all in one (`also` includes `segment`)."""

    segment: int
    negated: bool
    also: tuple[int, ...] = ()


_NEGATORS_EN = frozenset(("no", "not", "without", "never", "non", "nor", "neither"))
_NEGATING_PAIRS = frozenset((("rather", "than"), ("instead", "of")))
_NEGATORS_ZH = ("不是", "没有", "无须", "而非", "无", "非", "不", "没")


# Words that may stand between the words of a strict (misconception) term without changing the
# claim: articles and intensifiers. Never a negation, quantifier or hedge ("not", "only", "rarely").
_FILLERS = frozenset((
    "the", "a", "an", "actually", "also", "really", "much", "far", "very", "quite", "generally",
    "usually", "typically", "mostly", "mainly", "primarily", "basically", "indeed", "significantly",
    "substantially", "considerably", "still", "even", "just", "simply",
))  # fmt: skip
FILLER_GAP = 2


class Matcher:
    """A clause prepared once for matching many terms: words, stems, windows and characters.

    `segments` are the clause's comma-separated parts; a term may span them (`a query, a key and
    a value`), and `locate` reports the segment where it starts. `known` holds every term of the
    bank in `term_key` form: a near spelling that is itself a known term is a different term
    (`data parallelism` is not `3D parallelism`, 精确率 is not 准确率), never a typo.
    """

    def __init__(self, segments: list[str] | str, known: frozenset[str] = frozenset()):
        if isinstance(segments, str):
            segments = [segments]
        self.known = known
        self.words: list[str] = []
        self.word_segment: list[int] = []
        self.chars = ""
        self.char_segment: list[int] = []
        self.word_edges: set[int] = set()  # where, in `chars`, an English word starts or ends
        for index, segment in enumerate(segments):
            normalized = normalize(segment)
            words = _LATIN_WORD.findall(normalized)
            self.words += words
            self.word_segment += [index] * len(words)
            offset = len(self.chars)
            for match in _LATIN_WORD.finditer(normalized):
                start = offset + len(normalized[: match.start()].replace(" ", ""))
                self.word_edges.update((start, start + len(match.group())))
            chars = normalized.replace(" ", "")
            self.chars += chars
            self.char_segment += [index] * len(chars)
        self.stems = [stem(word) for word in self.words]
        self.cjk_positions = [i for i, char in enumerate(self.chars) if _CJK_CHAR.match(char)]
        self.covered_words: set[int] = set()
        self.covered_chars: set[int] = set()
        self._windows: dict[int, list[str]] = {}
        self._starts: dict[str, list[int]] = {}
        self._found: Found | None = None

    def windows(self, size: int) -> list[str]:
        """Every run of `size` consecutive stemmed words, joined without spaces."""
        if size not in self._windows:
            self._windows[size] = [
                "".join(self.stems[i : i + size]) for i in range(len(self.stems) - size + 1)
            ]
        return self._windows[size]

    def find_chars(self, target: str, start: int = 0) -> int:
        """Where `target` next occurs in the clause's characters from `start`, or -1.

        An end of `target` that is an English letter must fall on a word's edge in the answer:
        `adam无需预热` does not occur in `radam无需预热`, nor `gpu显存` in `gpus显存`.
        """
        latin_start = bool(_LATIN_WORD.match(target[:1]))
        latin_end = bool(_LATIN_WORD.match(target[-1:]))
        position = self.chars.find(target, start)
        while position >= 0:
            if (not latin_start or position in self.word_edges) and (
                not latin_end or position + len(target) in self.word_edges
            ):
                return position
            position = self.chars.find(target, position + 1)
        return -1

    def inside_word(self, position: int) -> bool:
        """Whether `position` in `chars` falls between two letters of one English word."""
        pair = self.chars[max(position - 1, 0) : position + 1]
        return (
            position not in self.word_edges and bool(_LATIN_WORD.fullmatch(pair)) and len(pair) == 2
        )

    def _at_word(self, index: int, gathered: Sequence[int] = ()) -> None:
        segment = self.word_segment[index]
        before = [
            self.words[i] for i in (index - 2, index - 1)
            if i >= 0 and self.word_segment[i] == segment
        ]  # fmt: skip
        negated = bool(before) and (before[-1] in _NEGATORS_EN or tuple(before) in _NEGATING_PAIRS)
        self._found = Found(
            segment, negated, tuple(sorted({self.word_segment[i] for i in gathered}))
        )

    def _at_char(self, index: int, gathered: Sequence[int] = ()) -> None:
        segment = self.char_segment[index]
        start = index
        while start > 0 and self.char_segment[start - 1] == segment and index - start < 2:
            start -= 1
        negated = self.chars[start:index].endswith(_NEGATORS_ZH)
        self._found = Found(
            segment, negated, tuple(sorted({self.char_segment[i] for i in gathered}))
        )

    def locate(self, term: str, strict: bool = False) -> Found | None:
        """Where `term` occurs in the clause, or None; every occurrence is marked as covered.

        `strict`: only the term itself (stemmed) or, in Chinese, its words close together; no
        typos forgiven. Used for the parts of a misconception, where a false match costs a right
        answer its rating.
        """
        self._found = None
        if strict:
            return self._found if self.find_strict(term) else None
        return self._found if self.find(term) else None

    def find_strict(self, term: str) -> bool:
        term = normalize(term)
        if not term:
            return False
        if _CJK_CHAR.search(term):
            target = term.replace(" ", "")
            start = self.find_chars(target)
            if start >= 0:
                self._at_char(start)
                return True
            return self.find_cjk_words(target)
        wanted = _LATIN_WORD.findall(term)
        if not wanted:
            return False
        for start in self._positions_of(wanted[0]):
            if start + len(wanted) <= len(self.words) and self._rest_follows(start, wanted):
                self._at_word(start)
                return True
        return False

    def _positions_of(self, want: str) -> list[int]:
        """Where the answer has a word that `_same_word` takes for `want` (cached: a misconception's
        terms share their first words, and most never occur)."""
        if want not in self._starts:
            self._starts[want] = [i for i, word in enumerate(self.words) if _same_word(word, want)]
        return self._starts[want]

    def _rest_follows(self, start: int, wanted: list[str]) -> bool:
        """Whether `wanted[1:]` follow the word at `start` in order, with at most
        `FILLER_GAP` filler words (articles, intensifiers: "MSE is actually more robust",
        "reduces the bias") before each; a filler the term itself names must match."""
        at = start
        for want in wanted[1:]:
            for skip in range(FILLER_GAP + 1):
                position = at + 1 + skip
                if position >= len(self.words):
                    return False
                if _same_word(self.words[position], want):
                    at = position
                    break
                if self.words[position] not in _FILLERS:
                    return False
            else:
                return False
        return True

    def find_latin(self, term: str) -> bool:
        words = _LATIN_WORD.findall(term)
        if not words:
            return False
        target = "".join(stem(word) for word in words)
        for size in (len(words), len(words) - 1, len(words) + 1):
            windows = self.windows(size) if size else []
            if not windows:
                continue
            if len(target) <= SHORT_LATIN:
                matches = [i for i, window in enumerate(windows) if window == target]
            else:
                # With a word fewer or more, a near match is only a coincidence of spelling:
                # `precision` alone is 86% of `lowprecision`.
                cutoff = LATIN_CUTOFF if size == len(words) else JOINED_CUTOFF
                matches = [
                    index
                    for window, _, index in process.extract(
                        target, windows, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
                    )
                    if window == target or window not in self.known
                ]
            if matches:
                for index in matches:
                    self.covered_words.update(range(index, index + size))
                self._at_word(min(matches))
                return True
        return self.find_scattered(words)

    def word_positions(self, word: str) -> list[int]:
        target = stem(word)
        if len(target) <= SHORT_LATIN:
            return [i for i, candidate in enumerate(self.stems) if candidate == target]
        return sorted(
            index
            for _, _, index in process.extract(
                target, self.stems, scorer=fuzz.ratio, score_cutoff=LATIN_CUTOFF, limit=None
            )
        )

    def find_scattered(self, words: list[str]) -> bool:
        """A term of several content words whose words all occur in order, close together.

        `a query, a key and a value` makes `query key value`, `decouples the weight decay` makes
        `decoupled weight decay`: k content words within a span of 2k+1 answer words. Two words
        may also come the other way round with at most one word between them (`augment the
        data`, `variance and bias`); further apart, `the model is too simple` would make
        `simpler model`.
        """
        content = [word for word in words if word not in _EN_FUNCTION_WORDS]
        if len(content) < 2:
            return False
        positions = [self.word_positions(word) for word in content]
        if not all(positions):
            return False
        span = 2 * len(content) + 1
        for start in positions[0]:
            chosen = [start]
            for candidates in positions[1:]:
                following = [p for p in candidates if chosen[-1] < p <= start + span]
                if not following:
                    break
                chosen.append(following[0])
            else:
                self.covered_words.update(chosen)
                self._at_word(chosen[0], chosen)
                return True
        if len(content) == 2:
            for first in positions[1]:
                following = [p for p in positions[0] if first < p <= first + 2]
                if following:
                    self.covered_words.update((first, following[0]))
                    self._at_word(first, [first, following[0]])
                    return True
        return False

    def find_cjk(self, term: str) -> bool:
        target = term.replace(" ", "")
        if len(target) <= SHORT_CJK or len(self.chars) < len(target):
            start = self.find_chars(target)
            if start >= 0:
                self._at_char(start)
            found = start >= 0
            while start >= 0:
                self.covered_chars.update(range(start, start + len(target)))
                start = self.find_chars(target, start + 1)
            return found or self.find_slip(target) or self.find_cjk_words(target)
        # Padding keeps partial_ratio from scoring a few characters at either end of the answer
        # against the whole term (`注意力...` is not `多头注意力`).
        pad = "\0" * len(target)
        alignment = fuzz.partial_ratio_alignment(
            target, pad + self.chars + pad, score_cutoff=CJK_CUTOFF
        )
        if alignment is None:
            return self.find_cjk_words(target)
        start, end = alignment.dest_start - len(pad), alignment.dest_end - len(pad)
        if self.inside_word(start) or self.inside_word(end):
            return self.find_cjk_words(target)  # `adam 无需预热` aligned inside `radam`
        self.covered_chars.update(range(max(start, 0), min(end, len(self.chars))))
        self._at_char(min(max(start, 0), len(self.chars) - 1))
        return True

    def find_slip(self, target: str) -> bool:
        """A three-character term with one character typed as a homophone (召回绿 for 召回率).

        Pinyin input makes homophones the usual slip; any other one-character difference is
        usually another word (树模型 is not 大模型, 参数越 is not 参数量). Only where the slip is
        not itself a known term.
        """
        if len(target) != SHORT_CJK or not _CJK_CHAR.match(target[0]):
            return False
        for start in range(len(self.chars) - len(target) + 1):
            window = self.chars[start : start + len(target)]
            differ = [(a, b) for a, b in zip(window, target, strict=True) if a != b]
            if (
                len(differ) == 1
                and _CJK_CHAR.match(differ[0][0])
                and window not in self.known
                and sounds_alike(*differ[0])
            ):
                self.covered_chars.update(range(start, start + len(target)))
                self._at_char(start)
                return True
        return False

    def find_cjk_words(self, target: str) -> bool:
        """The words of a Chinese term in order, a few characters apart (权重的平方惩罚 for 权重惩罚)."""
        if len(target) <= 2:
            return False
        from llmprep.quiz.chinese import words  # jieba: only once a term needs it

        parts = words(target)
        if len(parts) < 2 or any(len(part) < 2 for part in parts):
            return False
        position = self.find_chars(parts[0])
        while position >= 0:
            chosen, end = [position], position + len(parts[0])
            for part in parts[1:]:
                found = self.find_chars(part, end)
                if found < 0 or found - end > CJK_GAP:
                    break
                chosen.append(found)
                end = found + len(part)
            else:
                for start, part in zip(chosen, parts, strict=True):
                    self.covered_chars.update(range(start, start + len(part)))
                self._at_char(chosen[0], chosen)
                return True
            position = self.find_chars(parts[0], position + 1)
        return False

    def find(self, term: str) -> bool:
        term = normalize(term)
        if not term:
            return False
        return self.find_cjk(term) if _CJK_CHAR.search(term) else self.find_latin(term)
