"""The Examples in the solutions' docstrings run and print what they say (learners copy them)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["llmprep.solutions.knn", "llmprep.solutions.svm", "llmprep.solutions.naive_bayes"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no Examples"
    assert result.failed == 0


def test_package_exports_the_three_estimators():
    from llmprep.solutions import GaussianNaiveBayes, KNNClassifier, SVMClassifier

    assert {cls.__name__ for cls in (KNNClassifier, SVMClassifier, GaussianNaiveBayes)} == {
        "KNNClassifier",
        "SVMClassifier",
        "GaussianNaiveBayes",
    }
