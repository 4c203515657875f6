"""The Examples in the solutions' docstrings run and print what they say (learners copy them)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "llmprep.solutions.knn",
    "llmprep.solutions.svm",
    "llmprep.solutions.naive_bayes",
    "llmprep.solutions.logistic_regression",
    "llmprep.solutions.linear_regression",
    "llmprep.solutions.pca",
    "llmprep.solutions.bpe",
    "llmprep.solutions.attention",
    "llmprep.solutions.sampling",
    "llmprep.solutions.mlp_backprop",
    "llmprep.solutions.decision_tree",
    "llmprep.solutions.layer_norm",
    "llmprep.solutions.rope",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no Examples"
    assert result.failed == 0


def test_package_exports_three_scikit_learn_classifiers_and_plain_numpy_classes():
    from sklearn.base import BaseEstimator, clone, is_classifier

    import llmprep.solutions as solutions

    assert sorted(solutions.__all__) == [
        "BPETokenizer",
        "DecisionTreeClassifier",
        "GaussianNaiveBayes",
        "KMeans",
        "KNNClassifier",
        "LayerNorm",
        "LinearRegression",
        "LogisticRegression",
        "PCA",
        "RotaryEmbedding",
        "SVMClassifier",
        "Sampler",
        "ScaledDotProductAttention",
        "TwoLayerNet",
    ]
    assert not isinstance(solutions.TwoLayerNet(2, 3, 2), BaseEstimator)  # sizes are required
    assert not isinstance(solutions.LayerNorm(4), BaseEstimator)
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
