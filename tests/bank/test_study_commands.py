"""list, show and search as a user runs them: output, JSON, language, plain text, exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date

import pytest

from tests.conftest import SMALL_BANK


@pytest.fixture
def study(cli, small_bank):
    """Run a study command against the built-in bank plus the small test bank."""
    return lambda *args, **kw: cli(*args, "--bank", str(small_bank), **kw)


def test_list_counts_entries_by_type_and_difficulty(study):
    result = study("list", "--json")
    assert result.returncode == 0, result.stderr
    rows = {row["topic"]: row for row in json.loads(result.stdout)}
    assert rows["testing"] == {
        "topic": "testing", "entries": 2, "open": 1, "choice": 1, "easy": 2, "medium": 0, "hard": 0,
    }  # fmt: skip
    table = study("list").stdout
    assert "testing" in table and "entries" in table


def test_show_by_id_renders_question_answer_and_key_points(study):
    result = study("show", "test-bias-variance", "--lang", "en")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for expected in ("What is the bias-variance trade-off?", "Expected error splits", "Key points",
                     "irreducible", "Related", "test-softmax", "Elements of Statistical Learning"):  # fmt: skip
        assert expected in out
    assert "\x1b[" not in out  # piped output is plain text
    assert "偏差" not in out


def test_show_lang_zh_and_both(study):
    zh = study("show", "test-bias-variance", "--lang", "zh").stdout
    assert "什么是偏差-方差权衡" in zh and "What is the bias" not in zh
    both = study("show", "test-bias-variance", "--lang", "both").stdout
    assert both.index("What is the bias") < both.index("什么是偏差-方差权衡")


def test_lang_defaults_to_env_then_locale(study):
    assert "题目" in study("show", "test-softmax", env={"LLMPREP_LANG": "zh"}).stdout
    assert "题目" in study("show", "test-softmax", env={"LC_ALL": "zh_CN.UTF-8"}).stdout
    assert "Question" in study("show", "test-softmax", env={"LC_ALL": "C.UTF-8"}).stdout


def test_show_choice_marks_the_correct_option(study):
    out = study("show", "test-softmax", "--lang", "en").stdout
    assert "b) 1 ✓" in out and "a) 0\n" in out


def test_show_topic_shows_all_its_entries(study):
    out = study("show", "testing", "--json").stdout
    assert [entry["id"] for entry in json.loads(out)] == ["test-bias-variance", "test-softmax"]


def test_show_fuzzy_query_finds_the_entry(study):
    ids = [
        entry["id"] for entry in json.loads(study("show", "bias varance tradeof", "--json").stdout)
    ]
    assert ids[0] == "bias-variance-tradeoff" and "test-bias-variance" in ids


def test_show_without_match_exits_1_with_suggestions(study):
    result = study("show", "logit normalis")
    assert result.returncode == 1
    assert "nothing in the bank matches 'logit normalis'" in result.stderr
    assert "Entries that mention it: " in result.stderr
    assert "llmprep search logit normalis" in result.stderr


def test_show_suggests_similar_ids_when_nothing_mentions_the_query(study):
    result = study("show", "tst-xoftmqx")
    assert result.returncode == 1
    assert "Did you mean: test-softmax" in result.stderr
    assert "Traceback" not in result.stderr


def test_show_json_is_the_entry_data(study):
    [entry] = json.loads(study("show", "test-softmax", "--json").stdout)
    assert entry["correct"] == [1]
    assert entry["options"][1] == {"zh": "1", "en": "1"}
    line = SMALL_BANK.splitlines().index("- id: test-softmax") + 1
    assert entry["source"].endswith(f"testing.yaml:{line}")


def test_search_ranks_across_languages_and_fields(study):
    result = study("search", "irreducible error", "--json")
    hits = {hit["id"]: hit for hit in json.loads(result.stdout)[:2]}
    assert set(hits) == {"bias-variance-tradeoff", "test-bias-variance"}
    assert hits["test-bias-variance"]["field"] in ("answer", "key_points")
    zh_hits = json.loads(study("search", "概率分布", "--json").stdout)
    assert "test-softmax" in [hit["id"] for hit in zh_hits]


def test_search_without_results_exits_1(study):
    result = study("search", "qqqqzzzzxxxx")
    assert result.returncode == 1
    assert "no entry mentions 'qqqqzzzzxxxx'" in result.stderr
    as_json = study("search", "qqqqzzzzxxxx", "--json")
    assert as_json.returncode == 1 and json.loads(as_json.stdout) == []


def test_bad_lang_is_a_clear_error(study):
    result = study("show", "test-softmax", "--lang", "fr")
    assert result.returncode == 1
    assert "--lang must be one of en, zh, both, got 'fr'" in result.stderr


COLOR_CODE = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])[;m]")


def test_no_color_is_honoured_even_on_a_terminal(study):
    terminal = {"FORCE_COLOR": "1", "TERM": "xterm-256color"}
    colored = study("show", "test-softmax", env={**terminal, "NO_COLOR": ""}).stdout
    assert COLOR_CODE.search(colored)
    plain = study("show", "test-softmax", env={**terminal, "NO_COLOR": "1"}).stdout
    assert not COLOR_CODE.search(plain)


def test_user_bank_from_environment(cli, small_bank):
    result = cli("show", "test-softmax", env={"LLMPREP_BANK": str(small_bank)})
    assert result.returncode == 0 and "softmax" in result.stdout


def test_study_commands_never_import_numpy_or_sklearn(small_bank):
    code = (
        "import sys\n"
        "from llmprep.cli import app\n"
        f"for args in (['list'], ['show', 'test-softmax'], ['search', 'bias'], ['validate']):\n"
        f"    try:\n"
        f"        app(args + ['--bank', {str(small_bank)!r}])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'sklearn', 'scipy', 'pytest'))\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout


@pytest.mark.parametrize("command", ["list", "show", "search", "validate"])
def test_every_study_command_has_help_with_examples(cli, command):
    result = cli(command, "--help")
    assert result.returncode == 0
    assert "Examples" in result.stdout and f"llmprep {command}" in result.stdout


def test_a_reader_that_goes_away_gets_no_traceback():
    # Far more output than a pipe buffers, so the writer is still writing when `head` exits.
    command = f"{sys.executable} -m llmprep search a --json --limit 100 | head -c 10"
    result = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, timeout=60,
        env={**os.environ, "COLUMNS": "100"},
    )  # fmt: skip
    assert len(result.stdout) == 10
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_show_lists_common_misconceptions_with_their_corrections(study):
    out = study("show", "test-bias-variance").stdout
    section = out[out.index("Common misconceptions") :]
    assert "✗ Variance is the training error." in section
    assert "→ Variance measures how much predictions change" in section
    zh = study("show", "test-bias-variance", "--lang", "zh").stdout
    assert "常见误解" in zh and "✗ 方差就是训练误差。" in zh and "reviewed" not in zh
    assert "审校于 2026-11" in zh


def test_validate_warns_about_unreviewed_entries_without_failing(cli, small_bank, tmp_path):
    stale = SMALL_BANK.replace(
        "reviewed: 2026-11\n  misconceptions:", "reviewed: 2023-01\n  misconceptions:"
    )
    stale = stale.replace("  reviewed: 2026-11\n", "")
    (small_bank / "testing.yaml").write_text(stale, encoding="utf-8")
    result = cli("validate", str(small_bank), "--bank", str(small_bank))
    assert result.returncode == 0, result.stderr
    assert "test-bias-variance: warning: last reviewed 2023-01, over 18 months ago" in result.stderr
    assert "test-softmax: warning: no `reviewed` month" in result.stderr
    assert re.search(r"^OK: \d+ entries, no problems; \d+ warning\(s\)\.$", result.stdout, re.M)
    data = json.loads(cli("validate", "--json", "--bank", str(small_bank)).stdout)
    assert data["valid"] is True
    ours = [w["id"] for w in data["warnings"] if w["id"].startswith("test-")]
    assert ours == ["test-bias-variance", "test-softmax"]


def test_review_warnings_count_whole_months_and_misconceptions(small_bank):
    from llmprep.bank import load_bank
    from llmprep.bank.review import entry_warnings

    entry = load_bank([small_bank]).get("test-bias-variance")
    today = date(2026, 11, 30)
    assert entry_warnings(replace(entry, reviewed="2025-05"), today) == []  # 18 months: still fine
    assert entry_warnings(replace(entry, reviewed="2025-04"), today) == [
        "last reviewed 2025-04, over 18 months ago: check it again"
    ]
    assert entry_warnings(replace(entry, misconceptions=entry.misconceptions[:1]), today) == [
        "an open entry should list at least 2 misconceptions, has 1"
    ]
