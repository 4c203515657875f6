"""Reference implementations of classic algorithms, written to be read; the coding exercises
are graded against them.

Each classifier is a scikit-learn estimator (so `clone`, `Pipeline`, `GridSearchCV` and
`cross_val_score` work) whose algorithm uses numpy only. `KMeans` is a plain numpy class of
interview length, with scikit-learn's names for its parameters and attributes.
"""

from llmprep.solutions.kmeans import KMeans
from llmprep.solutions.knn import KNNClassifier
from llmprep.solutions.naive_bayes import GaussianNaiveBayes
from llmprep.solutions.svm import SVMClassifier

__all__ = ["GaussianNaiveBayes", "KMeans", "KNNClassifier", "SVMClassifier"]
