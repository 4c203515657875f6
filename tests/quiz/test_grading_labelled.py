"""The grader against the labelled answers (tests/quiz/labelled_answers.yaml).

The thresholds that turn a score into a rating are fitted on the dev half; the figures the
grading issue sets targets for are measured on the test half, which nothing was tuned on, and
printed by `make bench`. These tests hold what has been reached, so that a change that makes the
grader worse on answers it has never seen fails here.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml

from llmprep.bank import load_bank
from llmprep.config import builtin_bank_dir
from llmprep.quiz import grading
from llmprep.quiz.evaluate import fit_thresholds, measure

CASES = yaml.safe_load(
    (Path(__file__).parent / "labelled_answers.yaml").read_text(encoding="utf-8")
)
DEV = [case for case in CASES if case["split"] == "dev"]
TEST = [case for case in CASES if case["split"] == "test"]
TEST_DIGEST = "0d45ad9a8be945e3c609ac4573a13e152412982f5648ff4661dcf2e580562fbd"


@pytest.fixture(scope="module")
def bank():
    return load_bank([builtin_bank_dir()])


def test_the_labelled_set_is_blind_written_and_split_once():
    assert len(CASES) >= 250 and len({case["entry"] for case in CASES}) >= 40
    assert {case["lang"] for case in CASES} == {"en", "zh", "mixed"}
    # Drawn once from the first 261 answers (131 dev, 130 test); later answers all go to dev.
    # The digest proves the test split has not changed since it was drawn.
    assert len(TEST) == 130 and len(DEV) >= 131
    digest = json.dumps(TEST, sort_keys=True, ensure_ascii=False).encode("utf-8")
    assert hashlib.sha256(digest).hexdigest() == TEST_DIGEST
    kinds = {case["kind"] for case in CASES}
    assert {"strong", "partial", "wrong-terms", "negated", "echo", "off-topic", "typos"} <= kinds


def test_every_labelled_answer_names_a_shipped_open_entry_and_real_key_points(bank):
    for case in CASES:
        entry = bank.get(case["entry"])
        assert entry is not None and not entry.is_choice, case["entry"]
        assert all(1 <= number <= len(entry.key_points) for number in case["points"])
        assert case["rating"] in (grading.AGAIN, grading.HARD, grading.GOOD)


def test_the_rating_thresholds_are_the_ones_fitted_on_dev(bank):
    low, high, _ = fit_thresholds(bank, DEV)
    assert (low, high) == (grading.PASS_SCORE, grading.GOOD_SCORE)


def test_on_answers_never_tuned_on_the_grader_holds_its_figures(bank):
    figures = measure(bank, TEST)
    assert figures.strong_failed <= 0.05  # target met: strong answers are not failed
    assert figures.agreement >= 0.70  # target met: exact rating agreement with the examiner
    assert figures.f1 >= 0.85  # target met: key-point F1
    # Not yet at target (0.10): held where it is so that it cannot get worse.
    assert figures.wrong_passed <= 0.35
