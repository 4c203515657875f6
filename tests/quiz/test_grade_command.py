"""`llmprep grade ID [FILE|-]`: the quiz's grader on an answer written elsewhere."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def grade(cli, small_bank):
    return lambda *args, **kw: cli("grade", *args, "--bank", str(small_bank), **kw)


def test_grade_from_stdin_shows_points_evidence_and_rating(grade):
    result = grade("test-bias-variance", input="Bias comes from wrong assumptions.\n")
    assert result.returncode == 0, result.stderr
    assert "Score 33%: 1/3 key points" in result.stdout
    assert "✓ bias\n      “Bias comes from wrong assumptions”" in result.stdout
    assert "Suggested rating: Hard" in result.stdout  # 1 of 3 points passes (PASS_SCORE)


def test_grade_json_from_a_file_names_the_misconception(grade, tmp_path):
    answer = tmp_path / "answer.md"
    answer.write_text(
        "Bias comes from wrong assumptions. Variance is the training error.", encoding="utf-8"
    )
    data = json.loads(grade("test-bias-variance", str(answer), "--json").stdout)
    assert set(data) == {
        "id", "lang", "score", "rating", "rating_name", "stuffed", "points", "misconceptions",
        "dismissed",
    }  # fmt: skip
    assert data["id"] == "test-bias-variance" and data["lang"] == "en"
    assert data["rating"] == 1 and data["rating_name"] == "Again"
    assert data["points"][0] == {
        "en": "bias", "zh": "偏差", "hit": True, "evidence": "Bias comes from wrong assumptions"
    }  # fmt: skip
    [stated] = data["misconceptions"]
    assert (
        stated["en"] == "Variance is the training error." and stated["zh"] == "方差就是训练误差。"
    )
    assert stated["evidence"] == "Variance is the training error" and stated["point"] == 2
    assert stated["why"]["en"].startswith("Variance measures how much predictions change")


def test_grade_unknown_or_choice_id_exits_1_with_suggestions(grade):
    result = grade("test-bias-varianse", input="x")
    assert result.returncode == 1 and "Did you mean: test-bias-variance" in result.stderr
    result = grade("test-softmax", input="x")
    assert result.returncode == 1 and "is a choice question" in result.stderr


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the answer is empty"),
        (b"  \n", "the answer is empty"),
        (b"\xff\xfe bias", "not UTF-8"),
    ],
)
def test_grade_unusable_input_exits_2(grade, tmp_path, data, message):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    result = grade("test-bias-variance", str(path))
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_grade_missing_file_exits_2(grade, tmp_path):
    result = grade("test-bias-variance", str(tmp_path / "missing.txt"))
    assert result.returncode == 2 and "cannot read" in result.stderr


def test_grade_json_names_the_points_an_answer_dismisses(grade):
    data = json.loads(
        grade("test-bias-variance", "--json", input="Noise does not matter here.").stdout
    )
    assert data["dismissed"] == [{"point": 3, "en": "noise", "zh": "噪声"}]
    assert data["rating_name"] == "Again"


def test_a_stated_misconceptions_correction_and_quotes_wrap_under_their_own_text(cli):
    answer = (
        "The KV cache stores the attention scores of earlier tokens so that the attention "
        "matrix need not be recomputed at every step of decoding."
    )
    out = cli("grade", "kv-cache", "-", "--lang", "en", input=answer, env={"COLUMNS": "50"}).stdout
    lines = out.splitlines()
    arrow = next(i for i, line in enumerate(lines) if line.lstrip().startswith("→"))
    following = lines[arrow + 1 : arrow + 3]
    assert following and all(line.startswith("    ") for line in following), lines


def test_a_long_quote_is_cut_between_words():
    from llmprep.quiz.view import _clip

    text = " ".join(f"word{n}" for n in range(60))
    cut = _clip(text, 80)
    assert " … " in cut
    assert all(piece in text.split() for piece in cut.replace(" … ", " ").split())
