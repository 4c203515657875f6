"""Reference implementations of classic algorithms, written to be read; the coding exercises are
graded against them.

The classifiers are scikit-learn estimators (so `clone`, `Pipeline`, `GridSearchCV` and
`cross_val_score` work) whose algorithm uses numpy only. `PCA` is already interview length: a
plain numpy class with scikit-learn's names for its parameters and attributes.
"""

from llmprep.solutions.knn import KNNClassifier
from llmprep.solutions.naive_bayes import GaussianNaiveBayes
from llmprep.solutions.pca import PCA
from llmprep.solutions.svm import SVMClassifier

__all__ = ["GaussianNaiveBayes", "KNNClassifier", "PCA", "SVMClassifier"]
