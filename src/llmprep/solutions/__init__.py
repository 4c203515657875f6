"""Reference implementations of the coding exercises, written to be read; the exercises are graded
against them.

The classifiers are scikit-learn estimators (so `clone`, `Pipeline`, `GridSearchCV` and
`cross_val_score` work) whose algorithm uses numpy only; the byte-level BPE tokenizer is plain
Python.
"""

from llmprep.solutions.bpe import BPETokenizer
from llmprep.solutions.knn import KNNClassifier
from llmprep.solutions.naive_bayes import GaussianNaiveBayes
from llmprep.solutions.svm import SVMClassifier

__all__ = ["BPETokenizer", "GaussianNaiveBayes", "KNNClassifier", "SVMClassifier"]
