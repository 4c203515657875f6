"""The key-point grader, measured against a labelled set of answers (grading_cases.yaml)."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from llmprep.bank.model import KeyPoint
from llmprep.quiz import grading

CASES_FILE = Path(__file__).with_name("grading_cases.yaml")
DATA = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
QUESTIONS = {
    name: tuple(KeyPoint(p["zh"], p["en"], tuple(p.get("aliases", []))) for p in points)
    for name, points in DATA["questions"].items()
}
CASES = DATA["cases"]


def verdicts(cases):
    """(true positives, false positives, false negatives, stuffed flags right) over `cases`."""
    tp = fp = fn = stuffed_right = 0
    for case in cases:
        result = grading.grade(case["answer"], QUESTIONS[case["question"]])
        got = {i for i, point in enumerate(result.points) if point.hit}
        expected = set(case["hits"])
        tp, fp, fn = tp + len(got & expected), fp + len(got - expected), fn + len(expected - got)
        stuffed_right += result.stuffed == case.get("stuffed", False)
    return tp, fp, fn, stuffed_right


def test_grading_labelled_set_is_big_and_varied():
    assert len(CASES) >= 40
    kinds = {case["kind"] for case in CASES}
    assert {"good", "partial", "wrong", "off-topic", "stuffed"} <= kinds
    languages = {grading.detect_language(case["answer"]) for case in CASES}
    assert languages == {"en", "zh"}
    for case in CASES:
        assert all(0 <= i < len(QUESTIONS[case["question"]]) for i in case["hits"]), case


def test_grading_agrees_with_the_labels():
    tp, fp, fn, stuffed_right = verdicts(CASES)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.95, f"precision {precision:.3f}"
    assert recall >= 0.90, f"recall {recall:.3f}"
    assert stuffed_right / len(CASES) >= 0.95


def test_grading_held_out_cases_still_mostly_agree():
    tp, fp, fn, _ = verdicts([case for case in CASES if case.get("split") == "holdout"])
    assert tp / (tp + fp) >= 0.85 and tp / (tp + fn) >= 0.75


@pytest.mark.parametrize(
    "case", [c for c in CASES if c["kind"] == "off-topic"], ids=lambda c: c["answer"][:30]
)
def test_grading_off_topic_answers_hit_nothing(case):
    result = grading.grade(case["answer"], QUESTIONS[case["question"]])
    assert result.hits == 0 and result.suggested == grading.AGAIN


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c.get("stuffed") and c["kind"] == "stuffed"][:4],
    ids=lambda c: c["answer"][:30],
)
def test_grading_keyword_list_is_flagged_and_not_passed_as_good(case):
    result = grading.grade(case["answer"], QUESTIONS[case["question"]])
    assert result.stuffed
    assert result.score == pytest.approx(result.raw_score * grading.STUFFED_PENALTY)
    assert result.suggested != grading.GOOD


def test_grading_normalises_width_and_case():
    assert grading.normalize("ＲｅＬＵ，Dropout！") == "relu dropout"
    assert grading.stem("regularization") == grading.stem("regularizing") == "regular"
    assert grading.stem("biases") == grading.stem("bias") == "bias"


def test_grading_short_terms_need_whole_words():
    points = (KeyPoint("检索增强", "RAG"), KeyPoint("亚当", "Adam"))
    result = grading.grade("The average of the AdamW updates", points)
    assert result.hits == 0


def test_grading_chinese_answer_may_use_english_terms():
    point = KeyPoint("随机失活", "dropout")
    assert grading.grade("训练时使用 Dropout 来防止过拟合。", (point,)).points[0].hit


@pytest.mark.parametrize(
    ("text", "lang"),
    [("过拟合是因为模型太复杂", "zh"), ("我一般用 dropout 和 early stopping", "zh"),
     ("Overfitting (过拟合) means the model memorises noise", "en"), ("", "en")],
)  # fmt: skip
def test_grading_detects_the_answer_language(text, lang):
    assert grading.detect_language(text) == lang


@given(st.one_of(st.none(), st.floats(0, 1)), st.booleans())
def test_grading_failed_answer_is_never_suggested_hard(score, stuffed):
    rating = grading.suggest_rating(score, stuffed)
    if score is None or score < grading.PASS_SCORE:
        assert rating == grading.AGAIN
    else:
        assert rating in (grading.HARD, grading.GOOD)
        assert rating == grading.HARD or not stuffed


def test_grading_doctests():
    assert doctest.testmod(grading).failed == 0


def test_grading_shipped_reference_answers_make_their_own_key_points():
    """Each open entry's reference answer, graded as the quiz grades, scores at least 0.85 and
    states none of the entry's misconceptions: a key point its own answer does not make is one a
    candidate cannot be credited for either, and a misconception that fires on the reference
    answer would fail a right answer."""
    from llmprep import config
    from llmprep.bank import load_bank

    bank = load_bank([config.builtin_bank_dir()])
    known = grading.known_terms(bank.entries.values())
    low, stated = {}, {}
    for entry in bank.entries.values():
        if not entry.is_choice:
            for lang in ("en", "zh"):
                result = grading.grade_entry(entry.answer.get(lang), entry, lang, known)
                if result.score < 0.85:
                    low[f"{entry.id} ({lang})"] = [p.point.en for p in result.points if not p.hit]
                if result.misconceptions:
                    stated[f"{entry.id} ({lang})"] = [m.evidence for m in result.misconceptions]
    assert not low, f"reference answers that miss their own key points: {low}"
    assert not stated, f"reference answers that state their own misconceptions: {stated}"
