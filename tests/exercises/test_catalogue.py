"""The exercise files: the shipped ones are complete, and a broken one is reported as file:line."""

from __future__ import annotations

import ast
import io
import re
import tokenize

import pytest
from rich.cells import cell_len

from llmprep import config
from llmprep.bank import load_bank
from llmprep.errors import UsageError
from llmprep.exercises.catalogue import ExerciseFileError, get_exercise, load_exercises
from tests.exercises.conftest import grade_all

try:
    from wcwidth import wcswidth
except ImportError:  # not a dependency of llmprep (rich is): fall back to rich's measure
    wcswidth = None

EXERCISES = load_exercises()

VALID = """\
id: demo
class: DemoClassifier
difficulty: easy
title: {zh: 演示, en: Demo}
task: {zh: 写一个类。, en: Write a class.}
hints:
  - {zh: 第一条, en: first}
common_mistakes:
  - {zh: 错误, en: a mistake}
related: [overfitting]
starter: |
  class DemoClassifier:
      pass
track: classic-ml
"""


def test_the_exercises_are_shipped():
    assert list(EXERCISES) == [
        "attention",
        "bpe",
        "decision_tree",
        "kmeans",
        "knn",
        "kv_cache",
        "layer_norm",
        "linear_regression",
        "logistic_regression",
        "lora",
        "metrics",
        "mlp_backprop",
        "multi_head_attention",
        "naive_bayes",
        "pca",
        "rope",
        "sampling",
        "softmax_cross_entropy",
        "svm",
    ]
    assert [e.class_name for e in EXERCISES.values()] == [
        "ScaledDotProductAttention",
        "BPETokenizer",
        "DecisionTreeClassifier",
        "KMeans",
        "KNNClassifier",
        "CachedSelfAttention",
        "LayerNorm",
        "LinearRegression",
        "LogisticRegression",
        "LoRALinear",
        "ClassificationMetrics",
        "TwoLayerNet",
        "MultiHeadAttention",
        "GaussianNaiveBayes",
        "PCA",
        "RotaryEmbedding",
        "Sampler",
        "SoftmaxCrossEntropy",
        "SVMClassifier",
    ]


@pytest.mark.parametrize("exercise", EXERCISES.values(), ids=lambda exercise: exercise.id)
def test_an_exercise_has_hints_mistakes_and_both_languages(exercise):
    assert len(exercise.hints) >= 4 and len(exercise.common_mistakes) >= 5
    for text in (exercise.title, exercise.task, *exercise.hints, *exercise.common_mistakes):
        assert text.zh and text.en
    assert exercise.checks_file.is_file()


@pytest.mark.parametrize("exercise", EXERCISES.values(), ids=lambda exercise: exercise.id)
def test_the_starter_has_the_api_the_checks_use(exercise):
    tree = ast.parse(exercise.starter)
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    methods = {
        node.name for node in classes[exercise.class_name].body if isinstance(node, ast.FunctionDef)
    }
    expected = {
        "attention": {"__init__", "forward"},
        "kv_cache": {"__init__", "cache_len", "forward", "step", "reset"},
        "bpe": {"__init__", "train", "encode", "decode"},
        "layer_norm": {"__init__", "forward", "backward"},
        "naive_bayes": {"__init__", "fit", "predict", "predict_proba"},
        "decision_tree": {"__init__", "fit", "predict", "predict_proba"},
        "logistic_regression": {"__init__", "fit", "predict", "predict_proba", "loss"},
        "kmeans": {"__init__", "fit", "predict", "fit_predict"},
        "pca": {"__init__", "fit", "transform", "fit_transform", "inverse_transform"},
        "sampling": {"__init__", "probabilities", "sample"},
        "mlp_backprop": {"__init__", "loss", "gradients", "step"},
        "lora": {"__init__", "forward", "backward", "step", "merge", "unmerge"},
        "metrics": {"confusion_matrix", "precision_recall_f1", "roc_auc"},
        "softmax_cross_entropy": {"softmax", "log_softmax", "loss", "gradient"},
        "rope": {"__init__", "frequencies", "apply"},
        "multi_head_attention": {"__init__", "forward"},
    }.get(exercise.id, {"__init__", "fit", "predict"})
    assert methods == expected
    assert exercise.id in ast.get_docstring(tree)


# `llmprep start ID` and `llmprep hint ID` print the task and the hints in the terminal; a code
# line that wraps there is broken for a learner who copies it. 80 - 2 columns of padding would
# leave 78, but `layout.code_block` renders each line with a hanging indent of its indentation + 4
# reserved on the first line too (and a list item adds its marker's width), so the real limit is
# 74 - indentation at the top level and 71 - indentation in a list item (measured). Rather than a
# fixed number of columns, the test renders each text as llmprep does at 80 columns and requires
# every code line to come out whole on one line.
TERMINAL_COLUMNS = 80
# The starter is never printed (`llmprep start` writes it to a file and prints its path; checked
# with COLUMNS=80): the learner opens it in an editor, so it follows the project's own rule for
# Python files (pyproject: the formatter keeps code to 100 columns, E501 is off because long
# strings may exceed it): a line wider than 100 columns must hold part of a string (a docstring or
# a NotImplementedError message), which is not wrapped by anything and is not copied as code.
STARTER_WIDTH = 100
FENCE = re.compile(r"^ *(`{3,}|~{3,})")
STRING_TOKENS = {tokenize.STRING} | {
    getattr(tokenize, name)
    for name in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")
    if hasattr(tokenize, name)
}


def display_width(line: str) -> int:
    """The terminal columns `line` takes: a CJK character takes 2."""
    width = wcswidth(line) if wcswidth else -1
    return width if width >= 0 else cell_len(line)  # -1: no wcwidth, or a non-printable


def fenced_code_lines(markdown: str):
    """(line number in `markdown`, line) of every line inside a fenced code block.

    The line is as written in `markdown`, indentation included. An unclosed fence runs to the
    end, as in CommonMark.
    """
    fence = None
    for number, line in enumerate(markdown.splitlines(), 1):
        match = FENCE.match(line)
        if fence is None:
            if match:
                fence = match.group(1)
        elif match and set(line.strip()) == {fence[0]} and len(line.strip()) >= len(fence):
            fence = None
        else:
            yield number, line


def test_fenced_code_lines_and_display_width():
    text = "a\n```python\nx = 1\n\n  y = 2\n```\nb\n~~~~\n```\n中文\n~~~~\n```\nlast"
    assert list(fenced_code_lines(text)) == [
        (3, "x = 1"),
        (4, ""),
        (5, "  y = 2"),
        (9, "```"),
        (10, "中文"),
        (13, "last"),
    ]
    assert display_width("中文 ab") == 7 and display_width("x = 1") == 5


def rendered_lines(markdown_text: str) -> list[str]:
    """`markdown_text` as `llmprep hint` prints it in a colourless terminal TERMINAL_COLUMNS wide."""
    from rich.console import Console

    from llmprep.render import markdown

    out = io.StringIO()
    console = Console(file=out, width=TERMINAL_COLUMNS, no_color=True, color_system=None)
    console.print(markdown(markdown_text))
    return out.getvalue().splitlines()


def test_rendered_lines_show_a_wrapped_code_line():
    fits, wraps = "x" * 70, "x = 1  # " + "y" * 70
    shown = rendered_lines(f"text\n\n```python\n{fits}\n{wraps}\n```\n")
    assert any(fits in line for line in shown)
    assert not any(wraps in line for line in shown)


@pytest.mark.parametrize("exercise", EXERCISES.values(), ids=lambda exercise: exercise.id)
def test_code_lines_fit_an_80_column_terminal(exercise):
    """Every line of a fenced code block in the task and the hints, in zh and in en, is printed
    whole in an 80-column terminal; the starter's lines are at most STARTER_WIDTH columns unless
    they hold a string (see the comments above the two constants)."""
    texts = [("task", exercise.task)]
    texts += [(f"hint {n}", hint) for n, hint in enumerate(exercise.hints, 1)]
    too_wide = []
    for where, text in texts:
        for lang in ("zh", "en"):
            markdown_text = getattr(text, lang)
            shown = rendered_lines(markdown_text)
            for number, line in fenced_code_lines(markdown_text):
                if line.strip() and not any(line.strip() in printed for printed in shown):
                    indent = len(line) - len(line.lstrip(" "))
                    too_wide.append(
                        f"{exercise.source}: {exercise.id}: {where} ({lang}), line {number} of "
                        f"the text wraps at {TERMINAL_COLUMNS} columns ({display_width(line)} "
                        f"columns wide, {indent} of them indentation): {line!r}"
                    )
    string_lines = set()
    for token in tokenize.generate_tokens(io.StringIO(exercise.starter).readline):
        if token.type in STRING_TOKENS:
            string_lines.update(range(token.start[0], token.end[0] + 1))
    for number, line in enumerate(exercise.starter.splitlines(), 1):
        width = display_width(line)
        if width > STARTER_WIDTH and number not in string_lines:
            too_wide.append(
                f"{exercise.source}: {exercise.id}: starter, line {number} is {width} columns "
                f"of code (at most {STARTER_WIDTH} outside strings): {line!r}"
            )
    assert not too_wide, "lines too wide:\n" + "\n".join(too_wide)


def test_the_starters_run_and_fail_every_check_but_the_rule(tmp_path):
    """The starters fail every behaviour check; they keep the rule (numpy only), so that passes."""
    jobs = {}
    for exercise in EXERCISES.values():
        path = tmp_path / f"{exercise.id}.py"
        path.write_text(exercise.starter, encoding="utf-8")
        jobs[exercise.id] = (exercise.id, path)
    for exercise_id, report in grade_all(jobs).items():
        assert report.exit_code == 1 and report.error is None, exercise_id
        kept = {
            "prints at most 1 MiB",
            "uses only numpy and the standard library (the task's rule)",
        }
        assert {test.status for test in report.tests if test.name in kept} == {"passed"}
        pytest_checks = [test for test in report.tests if test.name not in kept]
        assert {test.status for test in pytest_checks} == {"failed"}, exercise_id
        assert all("is not implemented yet" in test.message for test in pytest_checks), exercise_id


def test_related_entries_exist_in_the_question_bank():
    bank = load_bank(config.bank_dirs())
    for exercise in EXERCISES.values():
        assert exercise.related, exercise.id
        missing = [entry_id for entry_id in exercise.related if bank.get(entry_id) is None]
        assert not missing, f"{exercise.id}: {missing}"


def test_get_exercise_accepts_a_dash_and_names_the_choices():
    assert get_exercise("naive-bayes").id == "naive_bayes"
    with pytest.raises(
        UsageError,
        match="no exercise called 'quicksort'. The exercises are: " + ", ".join(EXERCISES),
    ):
        get_exercise("quicksort")
    with pytest.raises(UsageError, match="no exercise called 'rop'; did you mean rope[?] The"):
        get_exercise("rop")


def write(folder, text, name="demo.yaml"):
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def problems_of(folder) -> list[str]:
    with pytest.raises(ExerciseFileError) as raised:
        load_exercises(folder)
    return [str(problem) for problem in raised.value.problems]


def test_a_valid_file_loads(tmp_path):
    exercise = load_exercises(write(tmp_path, VALID))["demo"]
    assert exercise.class_name == "DemoClassifier" and exercise.hints[0].en == "first"


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "id: demo",
            "id: other",
            "demo.yaml:1: other: id 'other' must match the file name 'demo.yaml'",
        ),
        (
            "difficulty: easy",
            "difficulty: trivial",
            "demo.yaml:3: demo: difficulty must be one of easy, medium, hard, got 'trivial'",
        ),
        (
            "track: classic-ml",
            "track: nlp",
            "demo.yaml:14: demo: track must be one of classic-ml, llm, got 'nlp'",
        ),
        (
            "title: {zh: 演示, en: Demo}",
            "title: {en: Demo}",
            "demo.yaml:4: demo: title must be a mapping with exactly the keys zh and en",
        ),
        (
            "  - {zh: 第一条, en: first}",
            "  - {zh: '', en: first}",
            "demo.yaml:7: demo: hints[0] needs non-empty text in both zh and en",
        ),
        (
            "related: [overfitting]",
            "related: [Not An Id]",
            "demo.yaml:10: demo: related must be a list of question-bank entry ids",
        ),
        (
            "  class DemoClassifier:",
            "  class Other:",
            "demo.yaml:11: demo: starter must define class DemoClassifier",
        ),
        ("      pass", "      pass(", "demo.yaml:13: demo: starter is not valid Python"),
        (
            "class: DemoClassifier",
            "class: DemoClassifier\nclass: Again",
            "demo.yaml:3: -: duplicate key 'class'",
        ),
        ("hints:", "colour: blue\nhints:", "demo.yaml:6: demo: unknown field 'colour'"),
        ("related: [overfitting]\n", "", "demo.yaml:1: demo: missing field 'related'"),
    ],
)
def test_a_problem_is_reported_with_file_and_line(tmp_path, old, new, expected):
    assert old in VALID
    found = problems_of(write(tmp_path, VALID.replace(old, new)))
    assert any(expected in problem for problem in found), found


def test_an_unsafe_yaml_tag_is_refused_not_run(tmp_path):
    marker = tmp_path / "ran"
    text = VALID.replace(
        "related: [overfitting]", f"related: !!python/object/apply:os.system ['touch {marker}']"
    )
    found = problems_of(write(tmp_path, text))
    assert any("demo.yaml:10" in problem and "YAML error" in problem for problem in found), found
    assert not marker.exists()


def test_every_problem_of_every_file_is_reported_at_once(tmp_path):
    write(
        tmp_path,
        VALID.replace("difficulty: easy", "difficulty: x").replace(
            "class: DemoClassifier", "class: 3"
        ),
    )
    write(tmp_path, "- a list\n", name="other.yaml")
    found = problems_of(tmp_path)
    assert len(found) == 3, found
    assert any(
        "other.yaml:1: -: an exercise file holds one mapping, got a list" in problem
        for problem in found
    ), found


def test_the_error_message_lists_the_problems(tmp_path):
    write(tmp_path, VALID.replace("difficulty: easy", "difficulty: x"))
    with pytest.raises(ExerciseFileError) as raised:
        load_exercises(tmp_path)
    assert "1 problem(s) in the exercise files:\n" in str(raised.value)
    assert "demo.yaml:3: demo: difficulty must be one of" in str(raised.value)
