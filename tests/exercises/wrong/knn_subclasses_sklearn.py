"""Mistake: subclasses scikit-learn's KNeighborsClassifier instead of writing KNN with numpy.

Every prediction is right, so only the task's rule catches it.
"""

from sklearn.neighbors import KNeighborsClassifier


class KNNClassifier(KNeighborsClassifier):
    """KNN, by inheritance."""
