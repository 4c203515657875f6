"""Grade a typed answer by the key points it makes and the misconceptions it states.

How a key point is found in an answer (normalising, stemming, fuzzy matching) is `matching`'s
job; how the answer is cut into clauses and where it negates something is `clauses`'. Here:

- **Clause discipline.** A key point is made when one of its terms (its text, its aliases, and
  in a Chinese answer its English text too) occurs inside one clause; words gathered from
  different sentences make nothing.
- **Negation and dismissal.** A term that the clause negates (`no dropout`, `dropout does not
  help`, `与正则化无关`, `X is a myth`) makes no point.
- **Echo.** A term the question itself names (`bias` in "what is the bias-variance trade-off?")
  counts only when its clause says something about it: at least `ECHO_MIN_WORDS` content words
  (Chinese: characters) that are neither in the question nor function words.
- **Misconceptions.** An entry's misconceptions list wrong claims and the terms that give them
  away: every part of one of its terms in one clause, and that clause neither negating nor
  reporting the claim (`clipping does not cure vanishing gradients` is right). A stated
  misconception takes the credit of the key point it contradicts, the words stating it earn no
  point, and the rating is Again.
- **Dismissed points.** An answer that dismisses a key point (`early stopping does not help`)
  contradicts what a good answer says: it is suggested Again, like a stated misconception. An
  answer most of whose clauses dismiss something (`REJECTING_SHARE`, at least two) rejects the
  topic rather than explaining it, and makes no point at all.
- **Keyword stuffing.** An answer that hits at least two points and whose matched terms cover
  `STUFFED_COVERAGE` of its words names the points without explaining anything: score halved.

Score = key points made / key points. Suggested rating (`suggest_rating`):

    revealed, a misconception or a dismissed point, score < PASS_SCORE  -> Again (1)
    PASS_SCORE <= score < GOOD_SCORE, or stuffed               -> Hard (2)
    score >= GOOD_SCORE                                        -> Good (3)

Easy is never suggested: only the candidate knows the answer came effortlessly. The grader checks
the points made and the known misconceptions, not every sentence: a wrong claim it has no
misconception for goes unnoticed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from llmprep.bank.model import KeyPoint, Misconception, Text
from llmprep.quiz import anaphora
from llmprep.quiz.clauses import BU_NEGATES, FEI_NEGATES, denies_or_reports, split_clauses
from llmprep.quiz.matching import (
    _CJK_CHAR,
    _EN_FUNCTION_WORDS,
    _LATIN_WORD,
    Matcher,
    normalize,
    stem,
    term_key,
)
from llmprep.quiz.ratings import AGAIN, EASY, GOOD, HARD, RATING_NAMES  # noqa: F401 (re-exported)

__all__ = ["grade", "suggest_rating", "detect_language", "normalize", "stem", "Grade"]


# Fitted on the dev half of tests/quiz/labelled_answers.yaml (evaluate.fit_thresholds; a test
# keeps them at the fit): 2 of 7 points is a pass (Hard), 5 of 7 is Good.
PASS_SCORE = 0.25
GOOD_SCORE = 0.70
STUFFED_COVERAGE = 0.75
STUFFED_PENALTY = 0.5
ECHO_MIN_WORDS = 2  # content words beyond the question that a clause needs to say something
ECHO_MIN_CHARS = 3  # the same for Chinese characters
REJECTING_SHARE = 0.6  # an answer this much made of dismissals makes no point (dev: 0.6-0.67)


@dataclass(frozen=True, slots=True)
class PointResult:
    """One key point: hit or missed, the term that made it and the clause it was made in."""

    point: KeyPoint
    hit: bool
    term: str | None = None
    evidence: str | None = None

    def to_dict(self, lang: str) -> dict:
        return {
            "point": self.point.get(lang), "en": self.point.en, "zh": self.point.zh,
            "hit": self.hit, "term": self.term, "evidence": self.evidence,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class StatedMisconception:
    """A misconception the answer states, with the clause that states it."""

    misconception: Misconception
    evidence: str

    def to_dict(self) -> dict:
        item = self.misconception
        return {
            "en": item.claim.en, "zh": item.claim.zh, "why": item.why.to_dict(),
            "point": item.point, "evidence": self.evidence,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class Grade:
    """The grader's verdict on one answer."""

    lang: str
    points: tuple[PointResult, ...]
    score: float  # after the stuffing penalty, 0-1
    raw_score: float  # hits / points
    stuffed: bool
    suggested: int  # AGAIN, HARD or GOOD
    misconceptions: tuple[StatedMisconception, ...] = ()
    dismissed: tuple[int, ...] = ()  # key points (1-based) the answer dismisses: "X does not help"

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
            "misconceptions": [item.to_dict() for item in self.misconceptions],
        }


def detect_language(text: str, default: str = "en") -> str:
    """`zh` when Chinese characters outnumber English words in `text`, else `en`."""
    normalized = normalize(text)
    chinese = len(_CJK_CHAR.findall(normalized))
    english = len(_LATIN_WORD.findall(normalized))
    if not chinese and not english:
        return default
    return "zh" if chinese >= english else "en"


def point_terms(point: KeyPoint, lang: str) -> list[str]:
    """The terms that make `point` in an answer written in `lang`."""
    terms = point.terms(lang)
    if lang == "zh" and point.en not in terms:
        terms.append(point.en)  # "用 dropout 防止过拟合" makes the point "dropout"
    return terms


def known_terms(entries) -> frozenset[str]:
    """Every key-point term of `entries` (texts and aliases, both languages), as `term_key`s."""
    return frozenset(
        term_key(term)
        for entry in entries
        for point in entry.key_points
        for term in (point.en, point.zh, *point.aliases)
    )


def is_stuffed(coverage: float, hits: int) -> bool:
    """At least two points hit, and the key terms are nearly all the answer says."""
    return hits >= 2 and coverage >= STUFFED_COVERAGE


def suggest_rating(
    score: float | None,
    stuffed: bool = False,
    misconception: bool = False,
    thresholds: tuple[float, float] | None = None,
) -> int:
    """Again when revealed, wrong or below the pass score; Hard below the good score; else Good.

    `thresholds` is (pass score, good score), default (PASS_SCORE, GOOD_SCORE); see the module doc.
    """
    pass_score, good_score = thresholds or (PASS_SCORE, GOOD_SCORE)
    if score is None or misconception or score < pass_score:
        return AGAIN
    if score < good_score or stuffed:
        return HARD
    return GOOD


class _Question:
    """The words a question already names, to tell an explanation from an echo."""

    def __init__(self, question: Text | None):
        text = normalize(f"{question.en} {question.zh}") if question else ""
        self.stems = {stem(word) for word in _LATIN_WORD.findall(text)}
        self.chars = set(_CJK_CHAR.findall(text))
        self.text = text.replace(" ", "")

    def names(self, term: str) -> bool:
        words = _LATIN_WORD.findall(normalize(term))
        cjk = "".join(_CJK_CHAR.findall(normalize(term)))
        if cjk:
            return bool(self.text) and cjk in self.text
        return bool(words) and all(stem(word) in self.stems for word in words)

    def says_more_than(self, matcher: Matcher) -> bool:
        """Whether the clause has content beyond the question's own words."""
        words = [
            s for w, s in zip(matcher.words, matcher.stems, strict=True)
            if w not in _EN_FUNCTION_WORDS and s not in self.stems
        ]  # fmt: skip
        chars = [c for c in _CJK_CHAR.findall(matcher.chars) if c not in self.chars]
        return len(words) >= ECHO_MIN_WORDS or len(chars) >= ECHO_MIN_CHARS


def _readings(clauses, matchers, known) -> list[tuple[int, object, Matcher]]:
    """Every clause as written, then the readings of its pronouns (see `anaphora`), as
    (clause index, clause, matcher)."""
    pairs = [(index, *pair) for index, pair in enumerate(zip(clauses, matchers, strict=True))]
    segments = [[text for _, text in clause.segments] for clause in clauses]
    for index, changed in anaphora.readings(segments):
        pairs.append((index, clauses[index], Matcher(changed, known)))
    return pairs


def _states(item: Misconception, readings) -> tuple[int, set[int]] | None:
    """Where the answer states misconception `item` in its own voice: the clause's index and the
    segments its parts are in; None when it does not.

    Every part of one of its terms, matched strictly, in one clause; and the clause neither
    negates nor reports it, unless the claim is itself a negation ("overfitting + nothing to do
    with"), in which case its own negation words are what give it away.
    """
    for parts in item.parts():
        negative = any(
            _NEGATIVE_PART.intersection(normalize(part).split()) or _CONTRACTED.search(part)
            for part in parts
        )
        negative = negative or any(_NEGATIVE_CJK.search(part) for part in parts)
        for index, clause, matcher in readings:
            found = []
            for part in parts:  # most terms fail at their first part: stop there
                where = matcher.locate(part, strict=True)
                if where is None:
                    break
                found.append(where)
            if len(found) < len(parts):
                continue
            if negative or not clause.denies_or_reports() or _stated_before_a_reason(parts, clause):
                return index, {where.segment for where in found}
    return None


# Where a clause goes on to a purpose or a cause: a negation after it is about that, not the claim
# before it ("the cache stores the attention scores so that they need not be recomputed").
_REASON = re.compile(
    r"\b(?:so that|so as to|in order to|because|since|which means|so)\b|以便|因为|所以|从而|使得|以免",
    re.IGNORECASE,
)


def _stated_before_a_reason(parts: tuple[str, ...], clause) -> bool:
    """Whether the claim's parts all occur in the clause before a purpose or cause that holds
    its negation, that first piece itself neither negating nor reporting."""
    cut = _REASON.search(clause.text)
    if cut is None or not cut.start():
        return False
    piece = clause.text[: cut.start()]
    if denies_or_reports(piece):
        return False
    matcher = Matcher(piece)
    return all(matcher.locate(part, strict=True) is not None for part in parts)


_NEGATIVE_PART = frozenset((
    "not", "no", "never", "nothing", "without", "unrelated", "irrelevant", "cannot", "rather",
    "instead", "unlike", "neither", "nor", "none",
))  # fmt: skip
_CONTRACTED = re.compile(r"n['’]t\b", re.IGNORECASE)  # doesn't, can't, isn’t
_NEGATIVE_CJK = re.compile(f"{BU_NEGATES}|没|无关|无需|{FEI_NEGATES}|并非|而非")


def grade(
    answer: str,
    key_points: tuple[KeyPoint, ...] | list[KeyPoint],
    lang: str | None = None,
    *,
    question: Text | None = None,
    misconceptions: tuple[Misconception, ...] | list[Misconception] = (),
    known: frozenset[str] = frozenset(),
) -> Grade:
    """Grade `answer` against `key_points` (and an entry's `question` and `misconceptions`).

    `lang` defaults to the answer's own language. `known` is the bank's `known_terms`: a near
    spelling that is another known term never makes a point.

    Examples
    --------
    >>> from llmprep.bank.model import KeyPoint
    >>> points = [KeyPoint("偏差", "bias"), KeyPoint("方差", "variance", ("overfitting",))]
    >>> result = grade("High bias underfits, and the model overfits when variance is high.", points)
    >>> result.hits, result.suggested
    (2, 3)
    >>> grade("偏差太大会欠拟合", points).raw_score
    0.5
    >>> grade("Variance does not matter here.", points).points[1].hit
    False
    """
    lang = lang or detect_language(answer)
    clauses = split_clauses(answer)
    matchers = [Matcher([text for _, text in clause.segments], known) for clause in clauses]
    asked = _Question(question)
    stated, wrong = [], set()  # wrong: (clause, segment) pairs that state one; they earn nothing
    readings = _readings(clauses, matchers, known) if misconceptions else []
    for item in misconceptions:
        where = _states(item, readings)
        if where is not None:
            stated.append(StatedMisconception(item, clauses[where[0]].text))
            wrong.update((where[0], segment) for segment in where[1])
    contradicted = {item.misconception.point for item in stated}
    for matcher in matchers:  # coverage counts only the key points' terms
        matcher.covered_words.clear()
        matcher.covered_chars.clear()
    results, dismissed = [], []
    for number, point in enumerate(key_points, 1):
        made = denied = None
        # Every term is looked for, not just up to the first hit: coverage needs all of them.
        for term in point_terms(point, lang):
            echo = asked.names(term)
            for index, (clause, matcher) in enumerate(zip(clauses, matchers, strict=True)):
                found = matcher.locate(term)
                if found is None:
                    continue
                if any(clause.dismissed[segment] for segment in (found.segment, *found.also)):
                    denied = denied or clause.text
                    continue
                if (index, found.segment) in wrong:
                    continue
                if found.negated or (echo and not asked.says_more_than(matcher)):
                    continue
                made = made or (term, clause.text)
        hit = made is not None and number not in contradicted
        results.append(PointResult(point, hit, *(made if hit else (None, None))))
        if denied and not hit:
            dismissed.append(number)
    if _rejects_the_topic(clauses):
        results = [PointResult(result.point, False) for result in results]
    hits = sum(result.hit for result in results)
    raw = hits / len(results) if results else 0.0
    stuffed = is_stuffed(_coverage(matchers), hits)
    score = raw * STUFFED_PENALTY if stuffed else raw
    suggested = suggest_rating(score, stuffed, misconception=bool(stated or dismissed))
    return Grade(
        lang, tuple(results), score, raw, stuffed, suggested, tuple(stated), tuple(dismissed)
    )


def _rejects_the_topic(clauses) -> bool:
    """Whether the answer mostly dismisses what it names: at least two clauses, and
    `REJECTING_SHARE` of them or more, dismiss something ("X is a myth. Y is overrated.")."""
    dismissive = sum(any(clause.dismissed) for clause in clauses)
    return dismissive >= 2 and dismissive >= REJECTING_SHARE * len(clauses)


def grade_entry(answer: str, entry, lang: str = "en", known: frozenset[str] = frozenset()) -> Grade:
    """Grade `answer` to an open `entry` as the quiz does; `lang` is the fallback language."""
    return grade(
        answer, entry.key_points, detect_language(answer, lang),
        question=entry.question, misconceptions=entry.misconceptions, known=known,
    )  # fmt: skip


def _coverage(matchers: list[Matcher]) -> float:
    """The share of the answer's words and Chinese characters that matched terms cover."""
    units = covered = 0
    for matcher in matchers:
        cjk = set(matcher.cjk_positions)
        units += len(matcher.words) + len(cjk)
        covered += len(matcher.covered_words) + len(matcher.covered_chars & cjk)
    return covered / units if units else 0.0
