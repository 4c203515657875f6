"""The shipped bank's content: every kind of error the expert review found, kept out for good.

Each test names the kind of mistake it holds; where the review found one example of a kind, the
test looks for the whole kind across the bank.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from llmprep.bank import load_bank
from llmprep.bank.model import Entry
from llmprep.bank.review import bank_warnings
from llmprep.config import builtin_bank_dir

BANK = load_bank([builtin_bank_dir()])
ENTRIES = list(BANK.entries.values())
OPEN = [entry for entry in ENTRIES if entry.type == "open"]

# "Vaswani et al.", "Gulshan et al. (2016)", "Snoek (2012)", "Micikevicius 等（2018）", "Wang 等 2023"
_NAME = r"([A-Z][A-Za-z'\-]+(?: [A-Z][A-Za-z'\-]+)?)"
CITATIONS = (
    re.compile(_NAME + r" et al\.?"),
    re.compile(_NAME + r" \((?:19|20)\d\d[a-z]?\)"),
    re.compile(_NAME + r" ?等(?:人)?[，, ]?[（(]?(?:19|20)\d\d"),
)


def texts(entry: Entry):
    """Every text a user reads in an entry, with where it is."""
    yield "answer", entry.answer
    yield "explanation", entry.explanation
    for index, option in enumerate(entry.options):
        yield f"options[{index}]", option
    for index, item in enumerate(entry.follow_ups):
        yield f"follow_ups[{index}]", item
    for index, item in enumerate(entry.misconceptions):
        yield f"misconceptions[{index}].claim", item.claim
        yield f"misconceptions[{index}].why", item.why


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.id)
def test_every_work_cited_by_name_is_in_the_references(entry):
    references = " ".join(entry.references)
    missing = set()
    for _, text in texts(entry):
        for pattern in CITATIONS:
            for match in pattern.finditer(f"{text.en}\n{text.zh}"):
                if match.group(1).split()[-1] not in references:
                    missing.add(match.group(0))
    assert not missing, f"named in the text but not in references: {sorted(missing)}"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.id)
def test_no_text_points_the_user_to_the_source_articles(entry):
    """A user has never seen the articles the bank started from; their errors are misconceptions."""
    pattern = re.compile(r"\b00[04]#\d|the source( article)?s?\b|原文|源文章", re.I)
    for where, text in texts(entry):
        for lang in ("en", "zh"):
            found = pattern.search(text.get(lang))
            assert found is None, f"{where}.{lang}: {found.group(0)!r}"


@pytest.mark.parametrize("entry", OPEN, ids=lambda entry: entry.id)
def test_open_entries_list_misconceptions_a_grader_can_find_in_either_language(entry):
    assert len(entry.misconceptions) >= 2
    for item in entry.misconceptions:
        latin = [t for t in item.terms if re.search(r"[A-Za-z]", t)]
        chinese = [t for t in item.terms if re.search(r"[\u4e00-\u9fff]", t)]
        assert latin and chinese, f"{item.claim.en!r} needs terms in both languages: {item.terms}"
        assert item.claim.en != item.why.en and item.claim.zh != item.why.zh


def test_every_entry_was_reviewed_in_the_last_18_months():
    assert [str(w) for w in bank_warnings(BANK, date.today())] == []


def _get(entry_id: str) -> Entry:
    entry = BANK.get(entry_id)
    assert entry is not None, entry_id
    return entry


def _all_text(entry: Entry, lang: str) -> str:
    """What the entry asserts: every text but the misconceptions' claims, which are wrong on purpose."""
    return "\n".join(text.get(lang) for where, text in texts(entry) if not where.endswith(".claim"))


def test_a_decoding_question_does_not_grade_the_kv_cache():
    """The KV cache changes how fast tokens come, never which tokens come."""
    points = " ".join(f"{p.en} {p.zh}" for p in _get("text-generation").key_points)
    assert "KV" not in points and "cache" not in points.lower()


def test_a_vision_question_does_not_grade_image_generation():
    points = " ".join(
        f"{p.en} {p.zh} {' '.join(p.aliases)}" for p in _get("computer-vision").key_points
    )
    assert "diffusion" not in points.lower() and "扩散" not in points


def test_bitfit_trains_biases_only():
    entry = _get("mc-lora-trainable-weights")
    for _, text in texts(entry):
        if "BitFit" in text.en:
            assert not re.search(r"LayerNorm|layer norm", text.en.split("BitFit", 1)[1][:120])


def test_byol_is_not_credited_as_contrastive_learning():
    for point in _get("unsupervised-learning").key_points:
        if "contrastive" in point.en.lower():
            assert "BYOL" not in point.aliases


def test_laion_5b_comes_with_its_takedown():
    for lang in ("en", "zh"):
        text = _all_text(_get("data-sources"), lang)
        if "LAION-5B" in text:
            assert "Re-LAION" in text and "2023" in text


def test_mixed_precision_is_never_said_to_halve_weight_memory():
    """fp32 master weights keep model states at about 16 bytes per parameter with Adam."""
    pattern = re.compile(r"halv\w* (the )?(activation and )?weight|权重.{0,6}减半|减半.{0,6}权重")
    for entry in ENTRIES:
        for lang in ("en", "zh"):
            assert not pattern.search(_all_text(entry, lang)), entry.id


def test_bayesian_optimisation_is_not_called_inherently_sequential():
    for lang in ("en", "zh"):
        text = _all_text(_get("hyperparameter-tuning"), lang)
        assert "inherently sequential" not in text and "本质上是串行" not in text


def test_the_critical_batch_size_marks_diminishing_returns_not_a_stop():
    text = _all_text(_get("training-optimization"), "en")
    assert "no longer reduces" not in text and "diminishing" in text


def test_weights_only_loading_is_not_equated_with_safetensors():
    text = _all_text(_get("model-security"), "en")
    if "weights_only" in text:
        assert "CVE-2025-32434" in text


def test_the_wer_explanation_gives_the_fixed_reference_length_as_the_reason():
    text = _get("mc-wer-definition").explanation.en
    assert "fewer words would lower" not in text
    assert re.search(r"reference (length )?is fixed|same (denominator|number)", text)


def test_data_preprocessing_asks_the_same_llm_question_in_both_languages():
    question = _get("data-preprocessing").question
    assert re.search(r"pre-?train", question.en, re.I) and "预训练" in question.zh


def test_the_megatron_figure_is_called_a_throughput_measurement():
    text = _all_text(_get("distributed-training"), "en")
    assert "502 PFLOP/s" in text and "not a completed training run" in text


def test_the_4_ms_figure_is_a_bound_under_stated_assumptions_not_a_floor():
    text = _all_text(_get("deployment-challenges"), "en")
    assert "4.2 ms" in text and "tensor parallelism" in text and "hard floor" not in text.lower()


def test_temperature_is_not_said_to_never_help_accuracy():
    for lang, word in (("en", "self-consistency"), ("zh", "自洽性")):
        text = _all_text(_get("text-generation"), lang)
        assert word in text and "never improves factual accuracy" not in text


def test_differential_privacy_is_not_the_only_formal_guarantee():
    text = _all_text(_get("data-privacy"), "en")
    assert not re.search(r"only (technique|method|approach) with a (mathematical|formal)", text)
    assert "homomorphic" in text.lower()


def test_the_exercise_hints_cover_the_degenerate_cases_the_checks_exercise():
    from llmprep.exercises.catalogue import load_exercises

    exercises = load_exercises()
    svm = " ".join(hint.en for hint in exercises["svm"].hints)
    assert "(b_new - b_old)" in svm and "eta <= 0" in svm and "L == H" in svm
    assert "simplification of Platt" in svm
    bayes = " ".join(hint.en for hint in exercises["naive_bayes"].hints)
    assert "= inf" in bayes and "0/0 = nan" in bayes


def test_contrasting_covariate_shift_with_concept_drift_is_not_the_drift_misconception():
    from llmprep.quiz.grading import grade_entry

    entry = _get("adaptive-learning")
    right = "监控输入特征的分布只能发现协变量偏移，发现概念漂移需要标签。"
    wrong = "Concept drift means the distribution of the input data has changed."
    assert not grade_entry(right, entry, "zh").misconceptions
    assert grade_entry(wrong, entry, "en").misconceptions
