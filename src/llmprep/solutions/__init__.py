"""Reference implementations of the coding exercises, written to be read; the exercises are graded
against them.

KNN, naive Bayes and the SVM are scikit-learn estimators (so `clone`, `Pipeline`, `GridSearchCV`
and `cross_val_score` work) whose algorithm uses numpy only. The newer exercises' references
(LinearRegression, LogisticRegression, KMeans, PCA, DecisionTreeClassifier, the byte-level BPE
tokenizer, scaled dot-product attention, MultiHeadAttention, the next-token Sampler, the two-layer
network TwoLayerNet, LayerNorm) are already interview-length: plain numpy or Python classes, with
scikit-learn's names for their parameters and attributes where they have them (LayerNorm:
PyTorch's).
"""

from llmprep.solutions.attention import ScaledDotProductAttention
from llmprep.solutions.bpe import BPETokenizer
from llmprep.solutions.decision_tree import DecisionTreeClassifier
from llmprep.solutions.kmeans import KMeans
from llmprep.solutions.knn import KNNClassifier
from llmprep.solutions.layer_norm import LayerNorm
from llmprep.solutions.linear_regression import LinearRegression
from llmprep.solutions.logistic_regression import LogisticRegression
from llmprep.solutions.mlp_backprop import TwoLayerNet
from llmprep.solutions.multi_head_attention import MultiHeadAttention
from llmprep.solutions.naive_bayes import GaussianNaiveBayes
from llmprep.solutions.pca import PCA
from llmprep.solutions.sampling import Sampler
from llmprep.solutions.svm import SVMClassifier

__all__ = [
    "BPETokenizer",
    "DecisionTreeClassifier",
    "GaussianNaiveBayes",
    "KMeans",
    "KNNClassifier",
    "LayerNorm",
    "LinearRegression",
    "LogisticRegression",
    "MultiHeadAttention",
    "PCA",
    "SVMClassifier",
    "Sampler",
    "ScaledDotProductAttention",
    "TwoLayerNet",
]
