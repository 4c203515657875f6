"""Measure the grader against labelled answers: what `make bench` and the tests report.

A labelled answer (tests/quiz/labelled_answers.yaml) names its entry, the key points an examiner
says it makes, whether it states something false, and the examiner's rating (1-3). The figures are
those the grading issue sets targets for: wrong answers suggested Hard or Good, strong answers
suggested Again, exact rating agreement, key-point precision/recall/F1, and grading time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from llmprep.bank.model import Bank
from llmprep.quiz import grading

STRONG_KINDS = ("strong", "strong-terms")


@dataclass(frozen=True, slots=True)
class Figures:
    """The grader's figures on one set of labelled answers (shares are 0-1, times in ms)."""

    answers: int
    wrong_passed: float  # wrong answers suggested Hard or Good
    strong_failed: float  # strong answers (examiner: Good) suggested Again
    agreement: float  # suggested rating == examiner's rating
    precision: float
    recall: float
    f1: float
    p95_ms: float

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__}


def grade_labelled(bank: Bank, case: dict, known: frozenset[str] = frozenset()) -> grading.Grade:
    return grading.grade_entry(case["answer"], bank.get(case["entry"]), known=known)


def measure(bank: Bank, cases: list[dict]) -> Figures:
    """Grade every case and compare with its labels. Raises KeyError for an unknown entry id."""
    known = grading.known_terms(bank.entries.values())
    times, grades = [], []
    for case in cases:
        start = time.perf_counter()
        grades.append(grade_labelled(bank, case, known))
        times.append((time.perf_counter() - start) * 1000)
    true_pos = false_pos = false_neg = 0
    for case, grade in zip(cases, grades, strict=True):
        made = set(case["points"])
        for number, result in enumerate(grade.points, 1):
            true_pos += result.hit and number in made
            false_pos += result.hit and number not in made
            false_neg += not result.hit and number in made
    wrong = [g for c, g in zip(cases, grades, strict=True) if c["wrong"]]
    strong = [
        g for c, g in zip(cases, grades, strict=True)
        if c["kind"] in STRONG_KINDS and c["rating"] == grading.GOOD
    ]  # fmt: skip
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 1.0
    times.sort()
    return Figures(
        answers=len(cases),
        wrong_passed=_share(wrong, lambda g: g.suggested >= grading.HARD),
        strong_failed=_share(strong, lambda g: g.suggested == grading.AGAIN),
        agreement=_share(
            list(zip(cases, grades, strict=True)),
            lambda pair: pair[1].suggested == pair[0]["rating"],
        ),
        precision=precision,
        recall=recall,
        f1=2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        p95_ms=times[int(0.95 * (len(times) - 1))] if times else 0.0,
    )


def fit_thresholds(bank: Bank, cases: list[dict], step: float = 0.05) -> tuple[float, float, float]:
    """The (pass score, good score) that best agree with the examiners on `cases`, and that
    agreement. Ties go to the pair that lets fewer wrong answers pass, then to the strictest pass
    score and the most lenient good score: an answer nobody has labelled yet is likelier to be a
    wrong one that scores low than a right one that does.

    Used on the dev split only (`make bench` prints it); grading.PASS_SCORE and GOOD_SCORE are set
    from it.
    """
    known = grading.known_terms(bank.entries.values())
    graded = [(case, grade_labelled(bank, case, known)) for case in cases]
    grid = [round(step * i, 2) for i in range(1, int(round(1 / step)))]
    best = None
    for low in grid:
        for high in (value for value in grid if value > low):
            agree = wrong = 0
            for case, grade in graded:
                rating = grading.suggest_rating(
                    grade.score, grade.stuffed, bool(grade.misconceptions or grade.dismissed),
                    thresholds=(low, high),
                )  # fmt: skip
                agree += rating == case["rating"]
                wrong += case["wrong"] and rating >= grading.HARD
            key = (agree, -wrong, low, -high)
            if best is None or key > best[0]:
                best = (key, low, high)
    return best[1], best[2], best[0][0] / len(graded)


def _share(items: list, test) -> float:
    return sum(1 for item in items if test(item)) / len(items) if items else 0.0
