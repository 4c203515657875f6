"""The Examples in the solutions' docstrings run and print what they say (learners copy them)."""

from __future__ import annotations

import doctest
import importlib

import numpy as np
import pytest

from llmprep.exercises.catalogue import load_exercises

# Every exercise's reference solution, and so every solution module a learner is shown.
MODULES = [f"llmprep.solutions.{exercise_id}" for exercise_id in load_exercises()]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no Examples"
    assert result.failed == 0


def test_package_exports_three_scikit_learn_classifiers_and_plain_numpy_classes():
    from sklearn.base import BaseEstimator, clone, is_classifier

    import llmprep.solutions as solutions

    # One class per exercise, the one its starter asks for.
    assert sorted(solutions.__all__) == sorted(e.class_name for e in load_exercises().values())
    assert not isinstance(solutions.TwoLayerNet(2, 3, 2), BaseEstimator)  # sizes are required
    assert not isinstance(solutions.LayerNorm(4), BaseEstimator)
    assert not isinstance(solutions.LoRALinear(np.eye(2), rank=1), BaseEstimator)
    assert not isinstance(solutions.RotaryEmbedding(4), BaseEstimator)
    interview_length = [
        "DecisionTreeClassifier",
        "KMeans",
        "LinearRegression",
        "LogisticRegression",
        "PCA",
        "Sampler",
        "ScaledDotProductAttention",
    ]
    for name in interview_length:
        assert not isinstance(getattr(solutions, name)(), BaseEstimator), name
    for name in ["GaussianNaiveBayes", "KNNClassifier", "SVMClassifier"]:
        estimator = getattr(solutions, name)()
        assert is_classifier(estimator), name
        assert clone(estimator).get_params() == estimator.get_params()
    # LinearRegression is interview length: a plain numpy class, not a scikit-learn estimator.
    assert solutions.LinearRegression.__module__ == "llmprep.solutions.linear_regression"
