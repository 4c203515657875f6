"""`pytest --llmprep-impl PATH` grades without the CLI; without that option the plugin does nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from llmprep.exercises.catalogue import checks_dir
from tests.exercises.conftest import ALTERNATIVE, WRONG


def pytest_in(folder, *args):
    """Run pytest in `folder` (away from this repository's configuration)."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        capture_output=True, text=True, cwd=folder, timeout=120,
    )  # fmt: skip


def test_pytest_grades_a_file_named_after_its_exercise(tmp_path):
    path = tmp_path / "knn.py"
    shutil.copy(ALTERNATIVE / "knn_plain_python.py", path)
    done = pytest_in(tmp_path, "-v", "--llmprep-impl", str(path))
    assert done.returncode == 0, done.stdout
    assert "17 passed" in done.stdout and "test_knn.py::test_fit_returns_self PASSED" in done.stdout


def test_pytest_finds_the_exercise_from_the_class(tmp_path):
    path = tmp_path / "my_solution.py"
    shutil.copy(ALTERNATIVE / "naive_bayes_loops.py", path)
    done = pytest_in(tmp_path, "-v", "--llmprep-impl", str(path))
    assert done.returncode == 0, done.stdout
    assert "test_naive_bayes.py::test_fit_returns_self PASSED" in done.stdout
    assert "test_knn.py" not in done.stdout


def test_pytest_shows_the_learners_message_when_a_check_fails(tmp_path):
    done = pytest_in(
        tmp_path,
        "--llmprep-impl",
        str(WRONG / "knn_returns_indices.py"),
        "--llmprep-exercise",
        "knn",
    )
    assert done.returncode == 1
    assert (
        "predicted labels must be the training labels ('cat', 'dog', 'fish'), got indices 0..2"
        in done.stdout
    )


def test_pytest_reports_a_file_it_cannot_import(tmp_path):
    path = tmp_path / "svm.py"
    path.write_text("class SVMClassifier(\n", encoding="utf-8")
    done = pytest_in(tmp_path, "--llmprep-impl", str(path))
    assert done.returncode == 2
    assert "could not grade" in done.stdout and "svm.py has a syntax error" in done.stdout


def test_pytest_asks_which_exercise_when_it_cannot_tell(tmp_path):
    path = tmp_path / "solution.py"
    path.write_text("class Something:\n    pass\n", encoding="utf-8")
    done = pytest_in(tmp_path, "--llmprep-impl", str(path))
    assert done.returncode == 4
    assert "cannot tell which exercise solution.py implements" in done.stderr
    assert "--llmprep-exercise" in done.stderr


def test_pytest_refuses_a_missing_file(tmp_path):
    done = pytest_in(tmp_path, "--llmprep-impl", str(tmp_path / "nope.py"))
    assert done.returncode == 4 and "--llmprep-impl: no file at" in done.stderr


def test_the_report_file_holds_one_event_per_line(tmp_path):
    report = tmp_path / "events.jsonl"
    done = pytest_in(
        tmp_path, "--llmprep-impl", str(ALTERNATIVE / "knn_plain_python.py"),
        "--llmprep-exercise", "knn", "--llmprep-report", str(report),
    )  # fmt: skip
    assert done.returncode == 0, done.stdout
    events = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    kinds = [event["event"] for event in events]
    assert kinds[:3] == ["load", "loaded", "collected"] and kinds[-1] == "finish"
    results = [event for event in events if event["event"] == "result"]
    assert len(results) == len(events[2]["tests"]) == 17
    assert results[0] == {
        "event": "result",
        "name": "fit returns self",
        "status": "passed",
        "message": "",
    }


def test_the_plugin_is_inert_without_the_option(tmp_path):
    (tmp_path / "test_example.py").write_text(
        "def test_one():\n    assert 1 + 1 == 2\n", encoding="utf-8"
    )
    done = pytest_in(tmp_path, "-q")
    assert done.returncode == 0 and "1 passed" in done.stdout
    assert "llmprep" not in done.stdout
    assert "--llmprep-impl" in pytest_in(tmp_path, "--help").stdout


def test_the_checks_are_skipped_when_run_without_an_implementation(tmp_path):
    done = pytest_in(tmp_path, "-q", str(checks_dir() / "test_knn.py"))
    assert done.returncode == 0, done.stdout
    assert "skipped" in done.stdout and "passed" not in done.stdout


def test_importing_the_plugin_is_cheap():
    code = (
        "import sys, llmprep.exercises.plugin; "
        "print(sorted(m for m in ('numpy', 'sklearn', 'yaml', 'rich', 'typer') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
