"""`llmprep quiz` with piped stdin: one line per question, the suggested rating, `--json` reports."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

from llmprep.store import DB_NAME, open_store

GOOD_ANSWER = "Bias and variance pull against each other, and the noise is irreducible."
ONLY_TESTING = ("--topic", "testing")


@pytest.fixture
def quiz(cli, small_bank):
    """`quiz("line1\\nline2\\n", "--json")`: run a quiz on the small bank's topic only."""

    def run(stdin: str, *args: str):
        return cli("quiz", "--bank", str(small_bank), *ONLY_TESTING, *args, input=stdin)

    return run


def test_quiz_piped_json_report(quiz, llmprep_home):
    result = quiz(f"{GOOD_ANSWER}\nb\n", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["mode"] == "review" and report["answered"] == 2 and report["planned"] == 2
    first, second = report["items"]
    assert first["id"] == "test-bias-variance" and first["grade"]["score"] == 1.0
    assert [p["hit"] for p in first["grade"]["points"]] == [True, True, True]
    assert first["rating"] == "Good" and first["due"] is not None
    assert second["chosen"] == ["b"] and second["correct"] is True and second["rating"] == "Good"
    assert report["due_next"]["due_24h"] == 2
    with open_store() as store:
        assert set(store.cards()) == {"test-bias-variance", "test-softmax"}
        assert [r["rating"] for r in store.reviews()] == [3, 3]


def test_quiz_piped_text_reads_like_a_session(quiz):
    result = quiz("bias comes from wrong assumptions\na\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[1/2] test-bias-variance" in out and "What is the bias-variance trade-off?" in out
    assert "› bias comes from wrong assumptions" in out and "Score 33%: 1/3 key points" in out
    assert "✓ bias" in out and "✗ variance" in out
    assert "Not quite: the answer is b." in out and "Saved: Again" in out
    assert "Quiz finished" in out and "answered    2 of 2" in out


def test_quiz_empty_line_reveals_and_wrong_letters_fail(quiz):
    report = json.loads(quiz("\na,c\n", "--json").stdout)
    first, second = report["items"]
    assert first["revealed"] and first["score"] is None and first["rating"] == "Again"
    assert (
        second["chosen"] == ["a", "c"]
        and second["correct"] is False
        and second["rating"] == "Again"
    )
    assert report["passed"] == 0


def test_quiz_end_of_input_stops_and_keeps_answers(quiz):
    result = quiz(f"{GOOD_ANSWER}\n", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["answered"] == 1 and report["planned"] == 2
    with open_store() as store:
        assert store.reviews_total() == 1


def test_quiz_nothing_due_after_a_session(quiz):
    quiz(f"{GOOD_ANSWER}\nb\n")
    again = quiz("")
    assert again.returncode == 0, again.stderr
    assert "Nothing to review now; the next card is due in 10m" in again.stdout
    assert json.loads(quiz("", "--json").stdout)["planned"] == 0


def test_quiz_cram_and_mock_leave_the_schedule_alone(quiz):
    quiz(f"{GOOD_ANSWER}\nb\n")
    with open_store() as store:
        cards = store.cards()
    crammed = json.loads(quiz("bias\nb\n", "--cram", "--json").stdout)
    assert crammed["mode"] == "cram" and crammed["answered"] == 2
    mock = json.loads(quiz("variance\n", "--mock", "--json").stdout)
    assert mock["mode"] == "mock" and mock["planned"] == 1 and mock["time_limit_s"] == 180
    assert mock["items"][0]["id"] == "test-bias-variance"  # mock asks open questions
    with open_store() as store:
        assert store.cards() == cards
        assert [r["mode"] for r in store.reviews()] == ["review"] * 2 + ["cram"] * 2 + ["mock"]


def test_quiz_chinese_answer_graded_in_chinese(quiz):
    report = json.loads(
        quiz("偏差和方差此消彼长，还有不可约误差。\n", "--lang", "zh", "--json").stdout
    )
    grade = report["items"][0]["grade"]
    assert grade["lang"] == "zh" and grade["score"] == 1.0
    assert [p["point"] for p in grade["points"]] == ["偏差", "方差", "噪声"]


def test_quiz_chinese_display(quiz):
    out = quiz("\n", "--lang", "zh", "--type", "open").stdout
    assert "什么是偏差-方差权衡？" in out and "已显示答案。" in out and "要点" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--topic", "no-such-topic"), "no topic 'no-such-topic'"),
        (("--cram", "--mock"), "--cram and --mock cannot be used together"),
        (("--type", "essay"), "--type must be one of open, choice"),
        (("--minutes", "5"), "--minutes only applies to --mock"),
    ],
)
def test_quiz_bad_options_are_reported(cli, small_bank, args, message):
    result = cli("quiz", "--bank", str(small_bank), *args, input="")
    assert result.returncode == 1  # UsageError; a crash or Typer's own error would differ
    assert result.stderr.startswith(f"error: {message}") and "Traceback" not in result.stderr


def test_quiz_corrupt_database_is_reported_not_replaced(quiz, llmprep_home):
    path = llmprep_home / DB_NAME
    path.write_bytes(os.urandom(2048))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = quiz(f"{GOOD_ANSWER}\n")
    assert result.returncode == 1
    assert f"error: {path} is not a usable llmprep database" in result.stderr
    assert "move it away" in result.stderr and "Traceback" not in result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_quiz_newer_database_is_refused(quiz, llmprep_home):
    import sqlite3

    open_store().close()
    conn = sqlite3.connect(llmprep_home / DB_NAME)
    conn.execute("PRAGMA user_version = 42")
    conn.close()
    result = quiz("")
    assert result.returncode == 1 and "written by a newer llmprep (schema 42" in result.stderr


def test_quiz_renamed_question_keeps_its_progress(cli, small_bank, tmp_path):
    quiz_args = ("quiz", "--bank", str(small_bank), *ONLY_TESTING, "--json")
    cli(*quiz_args, input=f"{GOOD_ANSWER}\nb\n")
    bank_file = small_bank / "testing.yaml"
    bank_file.write_text(
        bank_file.read_text(encoding="utf-8").replace(
            "What is the bias-variance trade-off?", "Explain the bias-variance trade-off."
        ),
        encoding="utf-8",
    )
    report = json.loads(cli(*quiz_args, "--cram", input="\n\n").stdout)
    assert "test-bias-variance" in [item["id"] for item in report["items"]]
    with open_store() as store:
        assert len(store.reviews("test-bias-variance")) == 2
        assert store.card("test-bias-variance") is not None


def test_quiz_keeps_numpy_and_sklearn_off_its_import_path(small_bank):
    code = (
        "import sys, io; sys.argv = ['llmprep', 'quiz', '--bank', sys.argv[1], '--topic', 'testing',"
        " '--json']; sys.stdin = io.StringIO('bias\\nb\\n')\n"
        "from llmprep.cli import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('numpy', 'sklearn', 'scipy', 'pytest') if m in sys.modules)\n"
        "print('HEAVY', heavy, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(small_bank)], capture_output=True, text=True, timeout=60
    )
    assert "HEAVY []" in result.stderr, result.stderr


@pytest.mark.parametrize("command", ["quiz", "stats"])
def test_quiz_and_stats_help_summaries_are_one_line(cli, command):
    from llmprep.commands import quiz, stats

    doc = getattr({"quiz": quiz, "stats": stats}[command], command).__doc__
    summary = " ".join(doc.split("\n\n")[0].split())  # the first paragraph, as --help joins it
    assert len(summary) <= 90 and doc.startswith(summary + "\n\n")
    assert "\n    Examples:\n\n" in doc and f"\n        llmprep {command}\n" in doc
    listing = cli("--help", env={"COLUMNS": "200"}).stdout.splitlines()
    row = next(line for line in listing if line.startswith(f"│ {command} "))
    assert row.removeprefix(f"│ {command} ").strip(" │") == summary


def test_stats_keeps_the_quiz_engine_off_its_import_path(small_bank):
    code = (
        "import sys; sys.argv = ['llmprep', 'stats', '--bank', sys.argv[1], '--json']\n"
        "from llmprep.cli import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in ('llmprep.quiz.engine', 'llmprep.quiz.grading', 'fsrs')"
        " if m in sys.modules]\n"
        "print('LOADED', loaded, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(small_bank)], capture_output=True, text=True, timeout=60
    )
    assert "LOADED []" in result.stderr, result.stderr


@pytest.mark.parametrize("typed", ["b，d", "b、d", "ｂ，ｄ", "b；d", "d b"])
def test_quiz_piped_choice_takes_chinese_separators(cli, two_correct_bank, typed):
    result = cli(
        "quiz", "--bank", str(two_correct_bank), *ONLY_TESTING, "--lang", "zh", "--json",
        input=f"{typed}\n",
    )  # fmt: skip
    item = json.loads(result.stdout)["items"][0]
    assert item["chosen"] == ["b", "d"] and item["correct"] is True


def test_line_editor_is_imported_only_by_a_quiz_on_a_terminal(small_bank):
    code = (
        "import io, sys\n"
        "from llmprep.cli import app\n"
        "bank = ['--bank', sys.argv[1]]\n"
        "sys.stdin = io.StringIO('bias\\nb\\n')\n"
        "for args in (['list'], ['show', 'test-softmax'], ['search', 'bias'], ['stats'],\n"
        "             ['quiz', '--topic', 'testing']):\n"
        "    try:\n"
        "        app(args + bank)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('LOADED', [m for m in sys.modules if m.startswith('prompt_toolkit')][:3],"
        " file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(small_bank)], capture_output=True, text=True, timeout=60
    )
    assert "LOADED []" in result.stderr, result.stderr


def test_quiz_piped_text_that_is_not_option_letters_shows_the_answer_and_says_why(quiz):
    result = quiz(f"{GOOD_ANSWER}\nthe outputs sum to one\n", "--json")
    assert result.returncode == 0, result.stderr
    second = json.loads(result.stdout)["items"][1]
    assert second["revealed"] and second["rating"] == "Again"
    assert "not option letters: 'the outputs sum to one'" in result.stderr
