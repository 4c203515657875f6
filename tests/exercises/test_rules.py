"""The task's rule found in code: each way of writing a forbidden import, and what is not one."""

from __future__ import annotations

import textwrap

import pytest

from llmprep.exercises import rules


def findings_in(tmp_path, source: str, **helpers: str) -> list[str]:
    """The modules `rules.static_findings` reports for a file `knn.py` (and helpers beside it)."""
    for name, text in helpers.items():
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(text), encoding="utf-8")
    path = tmp_path / "knn.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return [finding.module for finding in rules.static_findings(rules.Sources(path))]


@pytest.mark.parametrize(
    "source",
    [
        "import sklearn",
        "import sklearn.svm as svm",
        "from sklearn.svm import SVC",
        "from sklearn import svm",
        "from scipy import optimize",
        "from scipy.optimize import minimize",
        "import cvxopt.solvers",
        "import torch",
        "import tiktoken",
        "from tokenizers import Tokenizer",
        "from tokenizers.models import BPE",
        "import sentencepiece as spm",
        "from transformers import AutoTokenizer",
        "from llmprep.solutions import KNNClassifier",
        "svm = __import__('sklearn.svm')",
        "import importlib\nsvm = importlib.import_module('sklearn.svm')",
        "def fit(self):\n    from sklearn.neighbors import KNeighborsClassifier",
    ],
)
def test_a_forbidden_import_is_found_however_it_is_written(tmp_path, source):
    assert findings_in(tmp_path, source), source


@pytest.mark.parametrize(
    "source",
    [
        "import numpy as np",
        "import math, heapq, collections",
        "from collections import Counter",
        "import scipy.spatial",  # not a library that does the exercise's work
        "from sklearn.base import BaseEstimator, ClassifierMixin",  # scaffolding, not the algorithm
        "from sklearn.utils.validation import check_is_fitted",
        "import sklearn_like_name",
    ],
)
def test_what_the_rule_allows_is_not_found(tmp_path, source):
    assert findings_in(tmp_path, source) == []


def test_the_candidates_own_modules_are_followed(tmp_path):
    found = findings_in(
        tmp_path,
        "from helpers import distances\n",
        helpers="from sklearn.metrics import pairwise_distances as distances\n",
    )
    assert "sklearn.metrics" in found


def test_a_module_of_the_candidates_own_is_never_forbidden(tmp_path):
    (tmp_path / "torch.py").write_text("def tensor(x):\n    return x\n", encoding="utf-8")
    assert findings_in(tmp_path, "import torch\n") == []


def test_the_message_names_the_library_and_each_place(tmp_path):
    path = tmp_path / "svm.py"
    path.write_text("import numpy as np\nfrom sklearn.svm import SVC\n", encoding="utf-8")
    message = rules.explain(rules.static_findings(rules.Sources(path)), "svm.py")
    assert (
        "allows only numpy and the Python standard library, but svm.py uses scikit-learn" in message
    )
    assert "svm.py, line 2: `from sklearn.svm import SVC`" in message


def test_a_subclass_of_a_forbidden_class_is_found(tmp_path):
    from sklearn.neighbors import KNeighborsClassifier

    class KNNClassifier(KNeighborsClassifier):
        pass

    sources = rules.Sources(tmp_path / "knn.py")
    (found,) = rules.class_findings(KNNClassifier, sources)
    assert found.how == "inherits from sklearn.neighbors.KNeighborsClassifier"


def test_a_forbidden_object_held_by_a_model_is_found(tmp_path):
    from sklearn.svm import SVC

    class Model:
        def __init__(self):
            self.parts = [SVC()]

    found = rules.held_findings(Model(), "self", rules.Sources(tmp_path / "svm.py"))
    assert [finding.describe() for finding in found] == [
        "self.parts: holds a sklearn.svm.SVC object"
    ]


def test_relative_imports_of_a_package_are_followed(tmp_path):
    package = tmp_path / "mine"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "solvers.py").write_text("import cvxopt\n", encoding="utf-8")
    (package / "svm.py").write_text("from . import solvers\nfrom .solvers import x\n", "utf-8")
    found = rules.static_findings(rules.Sources(package / "svm.py"))
    assert [finding.describe() for finding in found] == ["solvers.py, line 1: `import cvxopt`"]
