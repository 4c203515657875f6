"""The small datasets shipped with scikit-learn that every solution is compared on."""

from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine

LOADERS = {
    "iris": load_iris,
    "wine": load_wine,
    "breast_cancer": load_breast_cancer,
    "digits": load_digits,
}
