"""Grade a typed answer by the key points it makes.

Each key point is hit when any of its terms (its text, its aliases, and in a Chinese answer also
its English text, since technical Chinese mixes in English words) is found in the answer:

- Both sides are normalised: NFKC (full-width letters become ASCII), case-folded, punctuation
  dropped. English words are reduced by a light suffix stemmer, so `regularizing`,
  `regularization` and `regularize` are the same word.
- An English term of k words is compared with every run of k consecutive (stemmed) words of the
  answer, spaces removed, with `rapidfuzz.fuzz.ratio`: a hit needs `LATIN_CUTOFF` (one typo in
  about seven letters), or an exact match for a term of five letters or fewer (`adam` is not
  `adamw`; whole words only, so `rag` never matches inside `average`). Runs of k-1 and k+1 words
  must match at `JOINED_CUTOFF` (`minibatch` for `mini batch`, `mini-batch` for `minibatch`).
- Failing that, a term of several content words is hit when they all occur in order within a
  span of 2k+1 words (`a query, a key and a value` makes `query key value`), or, for two words,
  the other way round with at most one word between them (`augment the data`).
- A Chinese term is looked for character by character in the answer's characters with
  `rapidfuzz.fuzz.partial_ratio`: exactly for terms of three characters or fewer, with
  `CJK_CUTOFF` for longer ones (`梯度会消失` makes the point `梯度消失`).

Score = key points hit / key points.

Keyword stuffing: an answer that is mostly key terms with nothing around them (`bias, variance,
noise`) names the points without explaining anything. It is flagged `stuffed` when it hits at
least two points and the matched terms make up at least `STUFFED_COVERAGE` of its words (Chinese:
characters). A stuffed answer's score is halved. A list padded with other buzzwords is not caught
(telling `high bias means underfitting` from a padded list needs more than word counts), but the
padding makes no points, so such an answer still scores low.

Suggested rating (`suggest_rating`), from the score after any penalty:

    revealed, or score < 0.5   -> Again (1)   a failed answer is never suggested as Hard
    0.5 <= score < 0.85        -> Hard (2)    (also any stuffed answer that passes)
    score >= 0.85              -> Good (3)

Easy is never suggested: only the candidate knows the answer came effortlessly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from llmprep.bank.model import KeyPoint

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}

LATIN_CUTOFF = 85.0
JOINED_CUTOFF = 95.0  # a term matched by one word more or fewer (`minibatch` for `mini batch`)
CJK_CUTOFF = 75.0
SHORT_LATIN = 5  # a stemmed term this short must match exactly (`adam` is not `adamw`)
SHORT_CJK = 3  # a Chinese term this short must appear verbatim
PASS_SCORE = 0.5
GOOD_SCORE = 0.85
STUFFED_COVERAGE = 0.75
STUFFED_PENALTY = 0.5

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_LATIN_WORD = re.compile(r"[0-9a-z\u00c0-\u024f\u0370-\u03ff]+")
_NOT_TEXT = re.compile(rf"[^0-9a-z\u00c0-\u024f\u0370-\u03ff{_CJK}]+")

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


@dataclass(frozen=True, slots=True)
class PointResult:
    """One key point: hit or missed, and which term of it the answer used."""

    point: KeyPoint
    hit: bool
    term: str | None = None

    def to_dict(self, lang: str) -> dict:
        return {"point": self.point.get(lang), "hit": self.hit, "term": self.term}


@dataclass(frozen=True, slots=True)
class Grade:
    """The grader's verdict on one answer."""

    lang: str
    points: tuple[PointResult, ...]
    score: float  # after the stuffing penalty, 0-1
    raw_score: float  # hits / points
    stuffed: bool
    suggested: int  # AGAIN, HARD or GOOD

    @property
    def hits(self) -> int:
        return sum(result.hit for result in self.points)

    def to_dict(self) -> dict:
        return {
            "lang": self.lang,
            "score": round(self.score, 3),
            "raw_score": round(self.raw_score, 3),
            "stuffed": self.stuffed,
            "suggested": self.suggested,
            "points": [result.to_dict(self.lang) for result in self.points],
        }


def normalize(text: str) -> str:
    """NFKC, case-folded, every run of punctuation and spaces turned into one space."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _NOT_TEXT.sub(" ", text).strip()


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """A light English stemmer: `normalizing`/`normalization` -> `normal`, `biases` -> `bias`."""
    if not word.isalpha() or len(word) <= 3:
        return word
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith("es") and word[-3:-2] in ("s", "x", "z", "h"):
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


def detect_language(text: str, default: str = "en") -> str:
    """`zh` when Chinese characters outnumber English words in `text`, else `en`."""
    normalized = normalize(text)
    chinese = len(_CJK_CHAR.findall(normalized))
    english = len(_LATIN_WORD.findall(normalized))
    if not chinese and not english:
        return default
    return "zh" if chinese >= english else "en"


class _Answer:
    """An answer prepared once for matching many terms: words, stems, windows and characters."""

    def __init__(self, text: str):
        normalized = normalize(text)
        self.words = _LATIN_WORD.findall(normalized)
        self.stems = [stem(word) for word in self.words]
        self.chars = normalized.replace(" ", "")
        self.cjk_positions = [i for i, char in enumerate(self.chars) if _CJK_CHAR.match(char)]
        self.covered_words: set[int] = set()
        self.covered_chars: set[int] = set()
        self._windows: dict[int, list[str]] = {}

    def windows(self, size: int) -> list[str]:
        """Every run of `size` consecutive stemmed words, joined without spaces."""
        if size not in self._windows:
            self._windows[size] = [
                "".join(self.stems[i : i + size]) for i in range(len(self.stems) - size + 1)
            ]
        return self._windows[size]

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
                    for _, _, index in process.extract(
                        target, windows, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
                    )
                ]
            if matches:
                for index in matches:
                    self.covered_words.update(range(index, index + size))
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
                return True
        if len(content) == 2:
            for first in positions[1]:
                following = [p for p in positions[0] if first < p <= first + 2]
                if following:
                    self.covered_words.update((first, following[0]))
                    return True
        return False

    def find_cjk(self, term: str) -> bool:
        target = term.replace(" ", "")
        if len(target) <= SHORT_CJK or len(self.chars) < len(target):
            start, found = self.chars.find(target), False
            while start >= 0:
                self.covered_chars.update(range(start, start + len(target)))
                start, found = self.chars.find(target, start + 1), True
            return found
        # Padding keeps partial_ratio from scoring a few characters at either end of the answer
        # against the whole term (`注意力...` is not `多头注意力`).
        pad = "\0" * len(target)
        alignment = fuzz.partial_ratio_alignment(
            target, pad + self.chars + pad, score_cutoff=CJK_CUTOFF
        )
        if alignment is None:
            return False
        start, end = alignment.dest_start - len(pad), alignment.dest_end - len(pad)
        self.covered_chars.update(range(max(start, 0), min(end, len(self.chars))))
        return True

    def find(self, term: str) -> bool:
        term = normalize(term)
        if not term:
            return False
        return self.find_cjk(term) if _CJK_CHAR.search(term) else self.find_latin(term)

    def coverage(self) -> float:
        """The share of the answer's words and Chinese characters that matched terms cover."""
        cjk = set(self.cjk_positions)
        units = len(self.words) + len(cjk)
        if not units:
            return 0.0
        return (len(self.covered_words) + len(self.covered_chars & cjk)) / units


def point_terms(point: KeyPoint, lang: str) -> list[str]:
    """The terms that make `point` in an answer written in `lang`."""
    terms = point.terms(lang)
    if lang == "zh" and point.en not in terms:
        terms.append(point.en)  # "用 dropout 防止过拟合" makes the point "dropout"
    return terms


def is_stuffed(coverage: float, hits: int) -> bool:
    """At least two points hit, and the key terms are nearly all the answer says."""
    return hits >= 2 and coverage >= STUFFED_COVERAGE


def suggest_rating(score: float | None, stuffed: bool = False) -> int:
    """Again below PASS_SCORE (or when revealed), Hard below GOOD_SCORE, else Good; see the module doc."""
    if score is None or score < PASS_SCORE:
        return AGAIN
    if score < GOOD_SCORE or stuffed:
        return HARD
    return GOOD


def grade(
    answer: str, key_points: tuple[KeyPoint, ...] | list[KeyPoint], lang: str | None = None
) -> Grade:
    """Grade `answer` against `key_points`; `lang` defaults to the answer's own language.

    Examples
    --------
    >>> from llmprep.bank.model import KeyPoint
    >>> points = [KeyPoint("偏差", "bias"), KeyPoint("方差", "variance", ("overfitting",))]
    >>> result = grade("High bias underfits, and the model overfits when variance is high.", points)
    >>> result.hits, result.suggested
    (2, 3)
    >>> grade("偏差太大会欠拟合", points).raw_score
    0.5
    """
    lang = lang or detect_language(answer)
    prepared = _Answer(answer)
    results = []
    for point in key_points:
        # Every term is looked for, not just up to the first hit: coverage needs all of them.
        found = [term for term in point_terms(point, lang) if prepared.find(term)]
        results.append(PointResult(point, bool(found), found[0] if found else None))
    hits = sum(result.hit for result in results)
    raw = hits / len(results) if results else 0.0
    stuffed = is_stuffed(prepared.coverage(), hits)
    score = raw * STUFFED_PENALTY if stuffed else raw
    return Grade(lang, tuple(results), score, raw, stuffed, suggest_rating(score, stuffed))
