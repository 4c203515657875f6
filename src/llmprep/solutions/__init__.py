"""Reference implementations of the coding exercises, written to be read; the exercises are graded
against them.

KNN, naive Bayes and the SVM are scikit-learn estimators (so `clone`, `Pipeline`, `GridSearchCV`
and `cross_val_score` work) whose algorithm uses numpy only. The newer exercises' references
(LinearRegression, LogisticRegression, KMeans, PCA, DecisionTreeClassifier, the byte-level BPE
tokenizer, scaled dot-product attention, MultiHeadAttention, causal self-attention with a KV cache
(CachedSelfAttention), the next-token Sampler, the two-layer network TwoLayerNet, LayerNorm,
ClassificationMetrics, SoftmaxCrossEntropy, RotaryEmbedding, the LoRA layer LoRALinear) are
already interview-length: plain numpy or Python classes, with scikit-learn's names for their
parameters and attributes where they have them (LayerNorm and LoRALinear: PyTorch's and PEFT's).
"""

from llmprep.solutions.attention import ScaledDotProductAttention
from llmprep.solutions.bpe import BPETokenizer
from llmprep.solutions.decision_tree import DecisionTreeClassifier
from llmprep.solutions.kmeans import KMeans
from llmprep.solutions.knn import KNNClassifier
from llmprep.solutions.kv_cache import CachedSelfAttention
from llmprep.solutions.layer_norm import LayerNorm
from llmprep.solutions.linear_regression import LinearRegression
from llmprep.solutions.logistic_regression import LogisticRegression
from llmprep.solutions.lora import LoRALinear
from llmprep.solutions.metrics import ClassificationMetrics
from llmprep.solutions.mlp_backprop import TwoLayerNet
from llmprep.solutions.multi_head_attention import MultiHeadAttention
from llmprep.solutions.naive_bayes import GaussianNaiveBayes
from llmprep.solutions.pca import PCA
from llmprep.solutions.rope import RotaryEmbedding
from llmprep.solutions.sampling import Sampler
from llmprep.solutions.softmax_cross_entropy import SoftmaxCrossEntropy
from llmprep.solutions.svm import SVMClassifier

__all__ = [
    "BPETokenizer",
    "CachedSelfAttention",
    "ClassificationMetrics",
    "DecisionTreeClassifier",
    "GaussianNaiveBayes",
    "KMeans",
    "KNNClassifier",
    "LayerNorm",
    "LinearRegression",
    "LoRALinear",
    "LogisticRegression",
    "MultiHeadAttention",
    "PCA",
    "RotaryEmbedding",
    "SVMClassifier",
    "Sampler",
    "ScaledDotProductAttention",
    "SoftmaxCrossEntropy",
    "TwoLayerNet",
]
