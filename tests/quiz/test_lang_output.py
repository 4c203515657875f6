"""`--lang zh` turns the quiz's intro and summary and all of `stats` into Chinese; JSON never changes."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from llmprep.store import open_store

ONLY_TESTING = ("--topic", "testing")
STATS_EN = (
    "Progress:", "True retention", "last 30 days", "all time", "Reviews per day",
    "Due in the next 14 days", "Weakest topics", "Weakest entries", "Coverage per topic",
    "mean score", "fail rate", "(removed)",
)  # fmt: skip
STATS_ZH = (
    "学习进度：", "真实记忆保持率", "近 30 天", "每日复习次数（近 14 天）", "未来 14 天到期",
    "最薄弱的主题", "最薄弱的条目", "各主题覆盖率", "平均得分", "失败率", "（已删除）",
)  # fmt: skip
QUIZ_EN = ("Quiz:", "2 questions", "reviewed today", "Quiz finished", "answered", "within 24h")
QUIZ_ZH = ("测验：2 道题", "今日已复习", "测验结束", "已答", "24 小时内")


def keys(value):
    """The shape of a JSON document: every key, at every depth, with the values left out."""
    if isinstance(value, dict):
        return {key: keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [keys(item) for item in value]
    return None


@pytest.fixture
def reviewed(small_bank):
    """Two reviews in the store, one of an entry the bank no longer has."""
    now = datetime.now(UTC)
    with open_store() as store:
        for entry_id, topic in (("gone-entry", "old-topic"), ("test-softmax", "testing")):
            store.record_review(
                entry_id, rating=1, reviewed_at=now, state_before=2, score=0.0, mode="review",
                topic=topic, card_json="{}", due=now,
            )  # fmt: skip
    return small_bank


def test_stats_lang_zh_shows_chinese(cli, reviewed):
    result = cli("stats", "--lang", "zh", "--bank", str(reviewed))
    assert result.returncode == 0, result.stderr
    assert all(word in result.stdout for word in STATS_ZH), result.stdout
    assert not [word for word in STATS_EN if word in result.stdout], result.stdout


@pytest.mark.parametrize("lang", ["en", "both"])
def test_stats_lang_en_or_both_shows_english(cli, reviewed, lang):
    out = cli("stats", "--lang", lang, "--bank", str(reviewed)).stdout
    assert all(word in out for word in STATS_EN), out
    assert not [word for word in STATS_ZH if word in out], out


def test_stats_lang_follows_llmprep_lang(cli, reviewed):
    out = cli("stats", "--bank", str(reviewed), env={"LLMPREP_LANG": "zh"}).stdout
    assert "学习进度：" in out and "Progress:" not in out


def test_stats_json_is_the_same_in_every_language(cli, reviewed):
    runs = {
        lang: cli("stats", "--json", "--lang", lang, "--bank", str(reviewed))
        for lang in ("en", "zh", "both")
    }
    assert all(run.returncode == 0 for run in runs.values())
    data = {lang: json.loads(run.stdout) for lang, run in runs.items()}
    assert data["zh"] == data["en"] == data["both"]
    assert "weakest_topics" in data["zh"] and data["zh"]["reviews_total"] == 2


def test_stats_bad_lang_is_reported(cli, small_bank):
    result = cli("stats", "--lang", "fr", "--bank", str(small_bank))
    assert result.returncode == 1 and result.stderr.startswith("error: --lang must be one of")


def test_quiz_lang_zh_intro_and_summary(cli, small_bank):
    result = cli(
        "quiz",
        "--lang",
        "zh",
        "--bank",
        str(small_bank),
        *ONLY_TESTING,
        input="bias comes from wrong assumptions\na\n",
    )
    assert result.returncode == 0, result.stderr
    assert all(word in result.stdout for word in QUIZ_ZH), result.stdout
    assert not [word for word in QUIZ_EN if word in result.stdout], result.stdout


@pytest.mark.parametrize("lang", ["en", "both"])
def test_quiz_lang_en_or_both_intro_and_summary(cli, small_bank, lang):
    out = cli(
        "quiz",
        "--lang",
        lang,
        "--bank",
        str(small_bank),
        *ONLY_TESTING,
        input="bias comes from wrong assumptions\na\n",
    ).stdout
    assert all(word in out for word in QUIZ_EN), out
    assert not [word for word in QUIZ_ZH if word in out], out


def test_quiz_lang_zh_mock_report(cli, small_bank):
    out = cli(
        "quiz", "--mock", "--lang", "zh", "--bank", str(small_bank), *ONLY_TESTING,
        input="variance\n",
    ).stdout  # fmt: skip
    assert "模拟面试：1 道题" in out and "模拟面试报告" in out and "各题表现" in out
    assert "遗漏要点" in out
    assert "Mock interview" not in out and "Questions" not in out and "missed" not in out


@pytest.mark.parametrize("mode", [(), ("--mock",)])
def test_quiz_json_is_the_same_in_every_language(cli, small_bank, tmp_path, mode):
    reports = {}
    for lang in ("en", "zh", "both"):
        home = tmp_path / f"home-{lang}"  # a fresh store each, so that the same questions come
        result = cli(
            "quiz", "--json", "--lang", lang, "--bank", str(small_bank), *ONLY_TESTING, *mode,
            input="\nb\n", env={"LLMPREP_HOME": str(home)},
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""  # nothing on the screen when piped with --json
        reports[lang] = json.loads(result.stdout)
    assert keys(reports["zh"]) == keys(reports["en"]) == keys(reports["both"])
    for field in ("mode", "answered", "planned", "ratings", "interrupted"):
        assert reports["zh"][field] == reports["en"][field], field
    assert [item["rating"] for item in reports["zh"]["items"]] == [
        item["rating"] for item in reports["en"]["items"]
    ]


def test_quiz_lang_zh_intervals_read_without_a_space_before_hou(cli, small_bank):
    out = cli(
        "quiz", "--lang", "zh", "--bank", str(small_bank), *ONLY_TESTING, input="\n\n"
    ).stdout  # fmt: skip
    assert re.search(r"下次复习：\d+ 分钟后", out), out  # the rated line
    assert re.search(r"下一张 [^\n]*分钟后", out), out  # the summary's next due card
    assert not re.search(r"[\u4e00-\u9fff] 后", out), out


def test_quiz_lang_zh_echoes_a_reveal_in_chinese(cli, small_bank):
    args = ("quiz", "--bank", str(small_bank), *ONLY_TESTING)
    zh = cli(*args, "--lang", "zh", input="\n\n").stdout
    assert "› (看答案)" in zh and "(reveal)" not in zh, zh
    assert "› (reveal)" in cli(*args, "--cram", "--lang", "en", input="\n\n").stdout
