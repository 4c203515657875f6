"""The exercise commands as a user runs them: exercises, start, run, hint, solution, reset."""

from __future__ import annotations

import json
import shutil

import pytest

# Exercises whose reference solution is already interview-length: `solution --full` shows it too.
from llmprep.exercises.catalogue import load_exercises  # noqa: E402
from tests.exercises.conftest import ALTERNATIVE, WRONG, run_llmprep

SHIPPED = list(load_exercises())  # in file-name order


def workspace(home, exercise_id="knn"):
    return home / "exercises" / f"{exercise_id}.py"


def listed(exercise_id="knn"):
    done = run_llmprep("exercises", "--json")
    assert done.returncode == 0, done.stderr
    return next(row for row in json.loads(done.stdout) if row["id"] == exercise_id)


def test_exercises_lists_the_exercises_not_started():
    done = run_llmprep("exercises", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert sorted(row["id"] for row in rows) == SHIPPED
    assert {row["status"] for row in rows} == {"not started"}
    assert all(row["best_score"] is None and row["hints_shown"] == 0 for row in rows)
    text = run_llmprep("exercises").stdout
    assert "knn" in text and "not started" in text and "llmprep start ID" in text


def test_exercises_are_grouped_by_track_easiest_first():
    rows = json.loads(run_llmprep("exercises", "--json").stdout)
    tracks = [row["track"] for row in rows]
    assert tracks == sorted(tracks, key=["classic-ml", "llm"].index)  # classic ML first
    order = ["easy", "medium", "hard"]
    for track in ("classic-ml", "llm"):
        levels = [order.index(row["difficulty"]) for row in rows if row["track"] == track]
        assert levels == sorted(levels), track
    assert {"knn", "svm"} <= {row["id"] for row in rows if row["track"] == "classic-ml"}
    assert {"attention", "bpe"} <= {row["id"] for row in rows if row["track"] == "llm"}
    text = run_llmprep("exercises", env={"COLUMNS": "120"}).stdout
    assert text.index("Classic ML") < text.index("knn") < text.index("Transformers")
    assert text.index("Transformers") < text.index("attention")
    zh = run_llmprep("exercises", "--lang", "zh", env={"COLUMNS": "120"}).stdout
    assert (
        zh.index("经典机器学习") < zh.index("knn") < zh.index("Transformer") < zh.index("attention")
    )


def test_start_writes_the_starter_and_prints_its_path(llmprep_home):
    done = run_llmprep("start", "knn")
    assert done.returncode == 0, done.stderr
    path = workspace(llmprep_home)
    assert "class KNNClassifier" in path.read_text(encoding="utf-8")
    assert done.stdout.rstrip().endswith(str(path))
    assert "n_neighbors" in done.stdout  # the task is shown
    assert listed()["status"] == "started"


def test_start_never_overwrites_without_force(llmprep_home):
    assert run_llmprep("start", "knn").returncode == 0
    path = workspace(llmprep_home)
    path.write_text("# my work\n", encoding="utf-8")
    done = run_llmprep("start", "knn")
    assert done.returncode == 0, done.stderr
    assert "n_neighbors" in done.stdout  # the task, to read again
    assert "Your file is kept (--force replaces it with the starter)" in done.stdout
    assert done.stdout.rstrip().endswith(str(path))
    assert path.read_text(encoding="utf-8") == "# my work\n"
    again = json.loads(run_llmprep("start", "knn", "--json").stdout)
    assert again == {"exercise": "knn", "path": str(path), "written": False}
    assert path.read_text(encoding="utf-8") == "# my work\n"
    assert run_llmprep("start", "knn", "--force").returncode == 0
    assert "class KNNClassifier" in path.read_text(encoding="utf-8")


def test_start_accepts_naive_bayes_with_a_dash(llmprep_home):
    done = run_llmprep("start", "naive-bayes", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "exercise": "naive_bayes",
        "path": str(workspace(llmprep_home, "naive_bayes")),
        "written": True,
    }


def test_run_the_starter_fails_every_check_with_exit_1(llmprep_home):
    run_llmprep("start", "knn")
    done = run_llmprep("run", "knn", "--json")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    passed = [test["name"] for test in report["tests"] if test["status"] == "passed"]
    assert report["error"] is None
    assert passed == [
        "uses only numpy and the standard library (the task's rule)",
        "prints at most 1 MiB",
    ]
    assert "fit() is not implemented yet: store the training data" in report["tests"][0]["message"]
    row = listed()
    assert (
        row["status"] == "failing"
        and row["failing"] == report["failed"]
        and row["total"] == report["total"]
    )


def test_run_json_reports_each_check_in_order_and_records_the_attempt(llmprep_home):
    run_llmprep("start", "knn")
    shutil.copy(WRONG / "knn_returns_indices.py", workspace(llmprep_home))
    done = run_llmprep("run", "knn", "--json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert set(report) >= {"exercise", "passed", "failed", "error", "tests"}
    assert report["exercise"] == "knn" and report["error"] is None
    assert report["tests"][0] == {"name": "fit returns self", "status": "passed", "message": ""}
    failed = {
        test["name"]: test["message"] for test in report["tests"] if test["status"] == "failed"
    }
    assert (
        "predicted labels must be the training labels"
        in failed["predicts string labels ('cat', 'dog', 'fish')"]
    )
    assert report["passed"] + report["failed"] == len(report["tests"])

    shutil.copy(ALTERNATIVE / "knn_plain_python.py", workspace(llmprep_home))
    done = run_llmprep("run", "knn")
    assert done.returncode == 0, done.stdout
    assert "All 18 checks passed." in done.stdout and "✓ fit returns self" in done.stdout
    row = listed()
    assert row["status"] == "passed" and row["best_score"] == 1.0 and row["attempts"] == 2


def test_run_records_a_file_that_breaks_the_tasks_rule_as_failed(llmprep_home):
    run_llmprep("start", "svm")
    shutil.copy(WRONG / "svm_wraps_svc.py", workspace(llmprep_home, "svm"))
    done = run_llmprep("run", "svm")
    assert done.returncode == 1, done.stdout
    assert "✗ uses only numpy and the standard library (the task's rule)" in done.stdout
    assert "svm.py uses scikit-learn" in done.stdout
    row = listed("svm")
    assert row["status"] == "failing" and row["failing"] == 1 and row["best_score"] < 1


def test_run_text_report_shows_messages_and_a_summary(tmp_path):
    done = run_llmprep("run", "knn", "--file", str(WRONG / "knn_ignores_k.py"))
    assert done.returncode == 1
    assert "✗ with n_neighbors=1, every training point gets its own label" in done.stdout
    assert "Is n_neighbors ignored" in done.stdout
    assert "checks passed; fix the first ✗ above." in done.stdout


def test_run_without_a_file_cannot_grade_and_exits_2():
    done = run_llmprep("run", "svm")
    assert done.returncode == 2
    assert "no file at" in done.stderr and "llmprep start svm" in done.stderr
    assert "Traceback" not in done.stderr


def test_run_solution_passes_and_is_not_recorded():
    done = run_llmprep("run", "knn", "--solution", "--json")
    assert done.returncode == 0, done.stdout
    assert json.loads(done.stdout)["error"] is None
    assert listed()["attempts"] == 0


def test_run_an_unknown_exercise_is_a_usage_error():
    done = run_llmprep("run", "quicksort")
    assert done.returncode == 1
    assert "no exercise called 'quicksort'" in done.stderr
    assert ", ".join(SHIPPED) in done.stderr


def test_hint_shows_the_next_hint_each_time():
    first = json.loads(run_llmprep("hint", "svm", "--json").stdout)
    second = json.loads(run_llmprep("hint", "svm", "--json").stdout)
    assert (first["number"], second["number"]) == (1, 2)
    assert first["hint"]["en"] != second["hint"]["en"] and first["hint"]["zh"]
    text = run_llmprep("hint", "svm", "--lang", "en").stdout
    assert f"Hint 3 of {first['total']}" in text
    assert listed("svm")["hints_shown"] == 3


def test_hint_all_shows_every_hint_seen_so_far_again():
    assert (
        "no hints seen yet; `llmprep hint knn` shows the first"
        in run_llmprep("hint", "knn", "--all").stdout
    )
    first = json.loads(run_llmprep("hint", "knn", "--json").stdout)["hint"]
    second = json.loads(run_llmprep("hint", "knn", "--json").stdout)["hint"]
    seen = json.loads(run_llmprep("hint", "knn", "--all", "--json").stdout)
    assert seen["hints"] == [first, second] and seen["shown"] == 2
    text = run_llmprep("hint", "knn", "--all", "--lang", "en").stdout
    assert "Hint 1 of" in text and "Hint 2 of" in text and "Hint 3 of" not in text
    assert listed()["hints_shown"] == 2  # --all shows no new hint


def test_hint_after_the_last_one_points_to_the_solution():
    total = json.loads(run_llmprep("hint", "knn", "--json").stdout)["total"]
    for _ in range(total - 1):
        run_llmprep("hint", "knn")
    done = run_llmprep("hint", "knn")
    assert done.returncode == 0
    assert (
        f"no more hints ({total} of {total} shown)" in done.stdout
        and "llmprep solution knn" in done.stdout
    )


def test_hint_json_stops_at_the_last_hint_and_stops_counting():
    from llmprep.store import open_store

    total = json.loads(run_llmprep("hint", "knn", "--json").stdout)["total"]
    for _ in range(total + 1):
        done = run_llmprep("hint", "knn", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["number"], data["total"], data["hint"]) == (total, total, None)
    assert f"no more hints ({total} of {total} shown)" in data["message"]
    with open_store() as store:
        assert store.hints_shown("knn") == total
    text = run_llmprep("hint", "knn").stdout
    assert f"no more hints ({total} of {total} shown)" in text


# Exercises whose reference solution is a scikit-learn estimator, with a separate interview-length
# version; the others' reference is already interview length, and --full shows that same file.
WITH_LIBRARY_VERSION = ["knn", "naive_bayes", "svm"]


def imports_and_code_lines(source: str) -> tuple[set[str], list[str]]:
    """The modules a Python file imports, and its lines of code (no docstrings, comments, blanks)."""
    import ast

    tree = ast.parse(source)  # one whole Python file, nothing around it
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    documented = {  # docstring lines do not count towards the length
        line
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and ast.get_docstring(node)
        for line in range(node.body[0].lineno, node.body[0].end_lineno + 1)
    }
    code = [
        line
        for number, line in enumerate(source.splitlines(), 1)
        if line.strip() and not line.strip().startswith("#") and number not in documented
    ]
    return imported, code


@pytest.mark.parametrize("exercise_id", [id_ for id_ in SHIPPED if id_ != "bpe"])  # numpy ones
def test_solution_shows_an_interview_length_numpy_version_and_full_the_library(exercise_id):
    short = run_llmprep("solution", exercise_id)
    assert short.returncode == 0, short.stderr
    imported, code = imports_and_code_lines(short.stdout)
    assert imported == {"numpy"}
    assert 10 <= len(code) <= 80
    full = run_llmprep("solution", exercise_id, "--full")
    assert full.returncode == 0 and "sklearn" not in short.stdout
    if exercise_id in WITH_LIBRARY_VERSION:
        assert "sklearn" in full.stdout
    else:
        assert full.stdout == short.stdout


def test_solution_of_bpe_is_learner_length_standard_library_only_with_no_separate_full():
    """The BPE reference is already interview-length: `--full` shows the same file."""
    short = run_llmprep("solution", "bpe")
    assert short.returncode == 0, short.stderr
    imported, code = imports_and_code_lines(short.stdout)
    assert imported <= {"collections", "itertools"}
    assert 30 <= len(code) <= 100
    assert "class BPETokenizer" in short.stdout
    assert run_llmprep("solution", "bpe", "--full").stdout == short.stdout


def test_solution_full_of_svm_includes_its_helper_modules():
    done = run_llmprep("solution", "svm", "--full")
    assert done.returncode == 0, done.stderr
    assert "class SVMClassifier" in done.stdout
    assert "# ---- _smo.py ----" in done.stdout and "# ---- _kernels.py ----" in done.stdout


@pytest.mark.parametrize("exercise_id", SHIPPED)
def test_solution_in_a_terminal_is_highlighted(exercise_id):
    import io

    from rich.console import Console

    from llmprep.exercises.catalogue import get_exercise
    from llmprep.exercises.view import solution_view
    from llmprep.exercises.workspace import solution_files

    files = solution_files(get_exercise(exercise_id))
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor", width=100)
    console.print(solution_view(files))
    output = console.file.getvalue()
    assert "\x1b[" in output and files[0].name in output


def test_reset_hides_the_hints_and_restores_the_starter_keeping_a_backup(llmprep_home):
    run_llmprep("start", "knn")
    path = workspace(llmprep_home)
    path.write_text("# my work\n", encoding="utf-8")
    run_llmprep("hint", "knn")
    run_llmprep("run", "knn")
    done = run_llmprep("reset", "knn")
    assert done.returncode == 0, done.stderr
    assert "class KNNClassifier" in path.read_text(encoding="utf-8")
    backup = path.with_name("knn.py.bak")
    assert backup.read_text(encoding="utf-8") == "# my work\n"
    assert str(backup) in done.stdout
    row = listed()
    assert row["hints_shown"] == 0 and row["attempts"] == 1  # attempts stay as history


def test_reset_does_not_pile_up_copies_of_the_same_file(llmprep_home):
    run_llmprep("start", "knn")
    path = workspace(llmprep_home)
    run_llmprep("reset", "knn")  # the file is still the starter: nothing to keep
    assert sorted(p.name for p in path.parent.iterdir()) == ["knn.py"]
    path.write_text("# my work\n", encoding="utf-8")
    run_llmprep("reset", "knn")
    path.write_text("# my work\n", encoding="utf-8")  # the same work again
    done = run_llmprep("reset", "knn")
    assert done.returncode == 0, done.stderr
    assert f"Your file was the same as {path.with_name('knn.py.bak')}" in done.stdout
    path.write_text("# other work\n", encoding="utf-8")
    run_llmprep("reset", "knn")
    assert sorted(p.name for p in path.parent.iterdir()) == ["knn.py", "knn.py.bak", "knn.py.bak2"]
    assert path.with_name("knn.py.bak2").read_text(encoding="utf-8") == "# other work\n"
    assert "class KNNClassifier" in path.read_text(encoding="utf-8")


def test_reset_that_cannot_write_the_starter_is_an_error_and_keeps_the_hints(llmprep_home):
    run_llmprep("hint", "knn")
    (llmprep_home / "exercises").write_text("", encoding="utf-8")  # a file where a folder goes
    done = run_llmprep("reset", "knn")
    assert done.returncode == 1
    assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr
    assert f"{llmprep_home / 'exercises'} is a file, not a folder" in done.stderr
    assert listed()["hints_shown"] == 1  # nothing was done


@pytest.mark.parametrize("command", [["start", "knn"], ["reset", "knn"]])
@pytest.mark.parametrize("blocked", ["LLMPREP_HOME", "exercises"])
def test_start_and_reset_report_a_file_in_the_way_of_the_exercises_folder(
    tmp_path, command, blocked
):
    home = tmp_path / "home"
    if blocked == "LLMPREP_HOME":
        home.write_text("", encoding="utf-8")
        in_the_way = home
    else:
        in_the_way = home / "exercises"
        home.mkdir()
        in_the_way.write_text("", encoding="utf-8")
    done = run_llmprep(*command, env={"LLMPREP_HOME": str(home)})
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: ") and f"{in_the_way} is a file" in done.stderr


def test_start_force_over_a_folder_is_an_error_naming_it(llmprep_home):
    folder = workspace(llmprep_home)
    folder.mkdir(parents=True)
    done = run_llmprep("start", "knn", "--force")
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(f"error: cannot write the starter to {folder}: ")
    assert folder.is_dir()


def test_reset_keep_file_only_hides_the_hints(llmprep_home):
    run_llmprep("start", "knn")
    path = workspace(llmprep_home)
    path.write_text("# my work\n", encoding="utf-8")
    run_llmprep("hint", "knn")
    done = run_llmprep("reset", "knn", "--keep-file")
    assert done.returncode == 0, done.stderr
    assert path.read_text(encoding="utf-8") == "# my work\n"
    assert listed()["hints_shown"] == 0


@pytest.mark.parametrize(
    "command",
    [
        ["exercises", "--json"],
        ["start", "knn", "--force"],
        ["hint", "knn"],
        ["solution", "knn"],
        ["solution", "svm"],
        ["reset", "knn"],
    ],
)
def test_exercise_commands_but_run_do_not_import_numpy(command):
    import subprocess
    import sys

    code = (
        "import sys; from llmprep.cli import app; from typer.testing import CliRunner; "
        f"r = CliRunner().invoke(app, {command!r}); "
        "print(r.exit_code, [m for m in ('numpy', 'sklearn', 'pytest') if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines()[-1:] == ["0 []"], done.stdout + done.stderr


def test_run_defaults_are_the_runner_limits():
    import subprocess
    import sys

    code = (
        "import llmprep.exercises.limits as r; r.DEFAULT_TIMEOUT = 12.5; "
        "r.DEFAULT_MEMORY = 300 * 2**20; import typer; from llmprep.cli import app; "
        "run = typer.main.get_command(app).commands['run']; "
        "print(*(p.default for p in run.params if p.name in ('timeout', 'memory')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["12.5", "300"], done.stdout + done.stderr


@pytest.mark.parametrize("name", ["exercises", "start", "run", "hint", "solution", "reset"])
def test_exercise_command_help_starts_with_a_one_line_summary(name):
    import typer

    from llmprep.cli import app

    help_text = typer.main.get_command(app).commands[name].help
    summary, _, details = help_text.strip().partition("\n\n")
    # One line, so that `llmprep --help` lists the command without a break mid-sentence.
    assert "\n" not in summary and len(summary) <= 90, summary
    assert "Examples:" in details and f"llmprep {name}" in details


def test_run_still_reports_when_the_progress_store_is_broken(llmprep_home):
    (llmprep_home / "progress.db").mkdir()  # a folder where the database should be
    done = run_llmprep("run", "knn", "--file", str(ALTERNATIVE / "knn_plain_python.py"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All 18 checks passed." in done.stdout
    assert "warning: this attempt was not recorded" in done.stderr
    assert "Traceback" not in done.stderr
