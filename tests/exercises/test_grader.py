"""The grader is right: the references pass, other correct styles pass, every classic mistake fails.

Each file in `wrong/` makes one mistake; WRONG names the check that must catch it and a piece of
the message the learner then reads. The files are graded two at a time, once per test session.
"""

from __future__ import annotations

import ast

import numpy as np
import pytest
from sklearn.cluster import KMeans as SKLearnKMeans
from sklearn.decomposition import PCA as ScikitPCA
from sklearn.linear_model import LogisticRegression as ScikitLogisticRegression
from sklearn.metrics import adjusted_rand_score
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC

from llmprep.exercises.catalogue import load_exercises
from llmprep.exercises.workspace import interview_solution_file, solution_files
from tests.exercises.conftest import (
    ALTERNATIVE,
    HINT_FOLLOWERS,
    WRONG,
    failures,
    grade_all,
    statuses,
)

RULE = "uses only numpy and the standard library (the task's rule)"
TWO_MODELS = "two models fitted on different data keep their own"
DEFAULTS = "the defaults C=1.0, kernel='rbf', gamma='scale' match the reference (XOR-like data)"
LR_DEFAULTS = "coef_, intercept_ and predict_proba match the reference with the defaults"
LR_HUGE_LOSS = (
    "loss stays finite and exact when the logits are huge (X scaled by 1e3, confident mistakes)"
)
COLLINEAR = (
    "alpha=0 with a duplicated and a proportional column (X^T X singular): right predictions"
)
ATTENTION_NO_KEY = (
    "a query with no allowed key gets weights 0 and output 0, never NaN (all padding; causal + "
    "left padding)"
)
DT_REFERENCE = "predict, predict_proba and depth_ match the reference (grown until pure)"
LN_EPS = (
    "eps goes inside the square root: rows whose variance (1e-6) is below eps match the reference"
)
LN_CONSTANT = (
    "a constant row (all 0 for RMSNorm) gives beta (0), and backward a finite, exact grad_x"
)
LN_GRAD_X = (
    "backward's grad_x is the gradient of sum(forward(x) * grad_out) (central differences, x of "
    "shape (2, 3, 5))"
)
LN_PARAMETERS = (
    "grad_gamma and grad_beta have shape (dim,), summed over all leading axes, and match central "
    "differences (x of shape (2, 3, 5))"
)
LN_ROWS = (
    "with the initial gamma=1 and beta=0, every LayerNorm output row has mean 0 and variance 1"
)
GD_STEPS = "gradient descent from w=0, b=0 takes the task's steps (alpha=0.3, learning_rate=0.02)"
TOP_P = "top_p keeps the nucleus, renormalised (within 1e-12)"
TEMPERATURE = "temperature T gives softmax(logits / T) (within 1e-12)"
MLP_LOSS = "loss is the mean softmax cross-entropy of relu(X W1 + b1) W2 + b2"
MLP_GRADIENTS = "gradients match the reference's backward pass"
MLP_FINITE_DIFFERENCES = (
    "gradients match central finite differences of loss (h = 1e-6) for every parameter entry"
)
LORA_FORWARD = (
    "forward matches the reference with A and B set (with and without a bias; rank 2 to 5)"
)
LORA_GRADIENTS = (
    "backward's gradients are those of sum(forward(x) * grad_out) with respect to A and B "
    "(central differences)"
)
LORA_MERGE = (
    "merge() folds (alpha / rank) B A into weight, sets merged, and forward's output stays the "
    "same (square and non-square weights)"
)
LORA_UNMERGE = (
    "unmerge() gives the original weight back bit for bit, and forward's output of before merge"
)
METRICS_MACRO = "average='macro' is the plain mean of the per-class scores (within 1e-12)"
METRICS_WEIGHTED = (
    "average='weighted' weights each class by its support, its true count (within 1e-12)"
)
METRICS_TIES = (
    "a tied (positive, negative) pair counts 1/2: y [0, 0, 1, 1], scores [0.1, 0.5, 0.5, 0.9] "
    "give 0.875"
)
KV_FORWARD = "forward matches the reference (causal multi-head attention with the grader's weights)"
KV_ONE_TOKEN = "stepping one token at a time gives forward's output at every position"
KV_PREFILL = "a prefill of several tokens, then steps of one or more tokens, match forward"
SCE_MARGIN = "a right prediction by a margin m has loss log(1 + (k - 1) e^-m), which tends to 0 (within 1e-12)"
SCE_LOSS = (
    "loss is the mean cross-entropy: it matches the reference within 1e-10, relative (n, k = 8, "
    "3; 20, 5; 33, 10)"
)
SCE_GRADIENT = (
    "gradient is (softmax - onehot(y)) / n: it matches the reference within 1e-12 (n, k = 8, 3; "
    "20, 5; 33, 10)"
)
ROPE_ODD = (
    "RotaryEmbedding(dim) with an odd dim (3, 5, 7) raises ValueError; even dims are accepted"
)
ROPE_FREQUENCIES = (
    "frequencies() is theta_i = base^(-2i/dim), i = 0..dim/2-1 (several dims; base 1e4, 5e5, 100)"
)
ROPE_REFERENCE = "apply matches the reference on random x (2-, 3- and 4-d) and positions"
ROPE_BASE = "apply with base=500000.0 (Llama 3's rope_theta) matches the reference"
MHA_GQA = (
    "grouped-query attention equals MHA whose w_k, w_v repeat each kv head's columns for its "
    "group (query head h uses kv head h // (n_heads // n_kv_heads))"
)
MHA_HEAD_COLUMNS = (
    "head h reads columns h*d_head:(h+1)*d_head of w_q, w_k, w_v and fills those columns before w_o"
)
MHA_REFERENCE = (
    "the output matches the reference with weights assigned after construction (causal=False and "
    "True)"
)
# wrong file -> (exercise, the check that catches it, part of that check's message)
WRONG_FILES = {
    "knn_sqrt_of_negative.py": (
        "knn",
        "with n_neighbors=1, every training point gets its own label",
        "sqrt gives NaN",
    ),
    "knn_returns_indices.py": (
        "knn",
        "predicts string labels ('cat', 'dog', 'fish')",
        "got indices 0..2",
    ),
    "knn_ignores_k.py": (
        "knn",
        "with n_neighbors=1, every training point gets its own label",
        "Is n_neighbors ignored",
    ),
    "knn_breaks_on_lists.py": ("knn", "accepts plain Python lists for X and y", "raised TypeError"),
    "knn_majority_class.py": (
        "knn",
        "predicts a rare class (1, 10% of the points) next to its own points, not the majority 0",
        "must be predicted 1",
    ),
    "knn_farthest_neighbours.py": (
        "knn",
        "with n_neighbors=1, every training point gets its own label",
        "sorted the wrong way",
    ),
    "knn_fit_returns_none.py": ("knn", "fit returns self", "it returned None"),
    "knn_appends_on_refit.py": (
        "knn",
        "a second fit forgets the first training set",
        "never appear in y",
    ),
    "knn_scales_in_place.py": (
        "knn",
        "does not modify the arrays given to fit and predict",
        "work on a copy",
    ),
    "nb_multiplies_densities.py": (
        "naive_bayes",
        "300 features: multiplying the densities would underflow to 0",
        "multiplying 300 densities underflows to 0",
    ),
    "nb_no_variance_smoothing.py": (
        "naive_bayes",
        "a feature with the same value everywhere (zero variance)",
        "NaN or infinite values: a feature with zero variance divides by zero: add epsilon = "
        "var_smoothing x the largest feature variance",
    ),
    "nb_truncates_labels.py": (
        "naive_bayes",
        "predicts string labels ('cat', 'dog', 'fish')",
        "got 'fis', which is 'fish' cut short: a numpy array of strings has a fixed width",
    ),
    "nb_absolute_smoothing.py": (
        "naive_bayes",
        "var_smoothing=0.5 widens every variance by 0.5 x the largest feature variance",
        "with var_smoothing=0.5",
    ),
    "nb_ignores_priors.py": (
        "naive_bayes",
        "class priors are the class frequencies (90% / 10%)",
        "9x as common",
    ),
    "nb_unnormalised_proba.py": (
        "naive_bayes",
        "predict_proba has one column per class and rows that sum to 1",
        "must sum to 1",
    ),
    "nb_binary_only.py": (
        "naive_bayes",
        "predicts like the reference on three classes",
        "differ from the reference on three classes",
    ),
    "nb_classes_in_order_seen.py": (
        "naive_bayes",
        "predict_proba matches the reference (columns in sorted label order)",
        "columns are in the wrong order",
    ),
    "svm_binary_only.py": (
        "svm",
        "three classes (labels 3, 7, 42)",
        "an assert in your fit() failed",
    ),
    "svm_returns_plus_minus_one.py": (
        "svm",
        "predicts string labels ('cat', 'dog') as it predicts 0 and 1",
        "got ±1",
    ),
    "svm_linear_only.py": (
        "svm",
        f"{DEFAULTS} [seed=0]",
        "agree with the reference with the default hyperparameters",
    ),
    "svm_corrupted_bias.py": (
        "svm",
        "predicts string labels ('cat', 'dog') as it predicts 0 and 1",
        "the names of the classes must not change the classifier",
    ),
    "svm_ignores_kernel.py": (
        "svm",
        "kernel='linear' cannot separate two rings (the kernel argument is used)",
        "is the kernel argument ignored?",
    ),
    "svm_gamma_fixed.py": (
        "svm",
        "gamma='scale' is 1 / (n_features * X.var()): rings 100 times larger still work",
        "is gamma='scale' computed",
    ),
    "svm_ignores_c.py": (
        "svm",
        "C=0.05 (a wide, soft margin) matches the reference [seed=0]",
        "with C=0.05",
    ),
    "svm_wraps_svc.py": ("svm", RULE, "svm_wraps_svc.py uses scikit-learn"),
    "knn_subclasses_sklearn.py": (
        "knn",
        RULE,
        "inherits from sklearn.neighbors.KNeighborsClassifier",
    ),
    "nb_hides_sklearn.py": (
        "naive_bayes",
        RULE,
        "the global LIBRARY: is the module sklearn.naive_bayes",
    ),
    "knn_class_attributes.py": (
        "knn",
        TWO_MODELS,
        "KNNClassifier.X_train and KNNClassifier.y_train",
    ),
    "nb_class_attributes.py": ("naive_bayes", TWO_MODELS, "GaussianNaiveBayes.means"),
    "lr_naive_sigmoid.py": (
        "logistic_regression",
        "X scaled by 1e3 (logits up to about 1e6): no overflow warning, no NaN, every point right",
        "made numpy warn: 'overflow encountered in exp'",
    ),
    "lr_log_of_p_loss.py": ("logistic_regression", LR_HUGE_LOSS, "never log(p)"),
    "lr_clipped_loss.py": (
        "logistic_regression",
        LR_HUGE_LOSS,
        "clipping p to [eps, 1 - eps] caps the loss of a confident mistake",
    ),
    "lr_labels_as_targets.py": (
        "logistic_regression",
        "predicts integer labels that are not 0 and 1 (3 and 7)",
        "t = (y == classes_[1]), never y itself",
    ),
    "lr_summed_gradient.py": (
        "logistic_regression",
        f"{LR_DEFAULTS} [seed=0]",
        "the gradient is summed over the samples, not averaged",
    ),
    "lr_penalised_intercept.py": (
        "logistic_regression",
        "the intercept is not penalised: with l2=10 and useless features it still fits the 91% "
        "base rate",
        "Is the intercept penalised",
    ),
    "lr_half_l2_gradient.py": (
        "logistic_regression",
        "l2=1.0 shrinks the weights towards 0, and l2=0.1 and l2=1.0 match the reference",
        "the L2 gradient is (l2 / 2) * w",
    ),
    "lr_sequential_update.py": (
        "logistic_regression",
        f"{LR_DEFAULTS} [seed=0]",
        "compute both gradients from the same p",
    ),
    "lr_warm_start.py": (
        "logistic_regression",
        "a second fit forgets the first (starts again from w = 0, b = 0)",
        "not from the previous fit's coef_",
    ),
    "lr_swapped_columns.py": (
        "logistic_regression",
        "predict_proba's columns follow the sorted labels ('dog' seen first, 'cat' sorted first)",
        "predict_proba's columns are swapped",
    ),
    "lr_summed_loss.py": (
        "logistic_regression",
        "loss(X, y) is the mean log loss plus (l2 / 2) ||coef_||^2 (intercept not included)",
        "the log loss is summed over the samples, not averaged",
    ),
    "kmeans_nan_empty_cluster.py": (
        "kmeans",
        "a cluster left without points gets a new centre: no NaN, and all k clusters are found",
        "NaN or infinite values in row(s)",
    ),
    "kmeans_refill_empties_another.py": (
        "kmeans",
        "an empty cluster never takes another cluster's only point (that one would be empty next)",
        "never take a point that is alone in its cluster",
    ),
    "kmeans_keeps_empty_centre.py": (
        "kmeans",
        "a cluster left without points gets a new centre: no NaN, and all k clusters are found",
        "must not keep its centre",
    ),
    "kmeans_uniform_seeding.py": (
        "kmeans",
        "k-means++ never puts two centres on the same spot (6 points, each repeated 30 times)",
        "may be copies of the same point",
    ),
    "kmeans_keeps_last_run.py": (
        "kmeans",
        "n_init=20 keeps the run with the lowest inertia (within 2% of the reference's best)",
        "not the last one",
    ),
    "kmeans_ignores_random_state.py": (
        "kmeans",
        "the same random_state gives the same clustering, another random_state another start",
        "two fits with random_state=3 gave different centres",
    ),
    "kmeans_inertia_of_distances.py": (
        "kmeans",
        "inertia_ is the sum of squared distances to the nearest centre",
        "Sum the squared distances",
    ),
    "kmeans_absolute_tol.py": (
        "kmeans",
        "clusters 1000 times smaller are found as well (tol is relative to the data's variance)",
        "stopped too early",
    ),
    "kmeans_stale_labels.py": (
        "kmeans",
        "every label is the index of the nearest centre (labels_ and predict, also after max_iter=2)",
        "when max_iter=2 stops the run",
    ),
    "kmeans_fit_returns_none.py": ("kmeans", "fit returns self", "it returned None"),
    "kmeans_wraps_sklearn.py": ("kmeans", RULE, "inherits from sklearn.cluster.KMeans"),
    "linreg_inverts_normal_equations.py": (
        "linear_regression",
        f"{COLLINEAR} [seed=0]",
        "fit raised LinAlgError (Singular matrix): with alpha=0 and collinear columns",
    ),
    "linreg_penalises_intercept.py": (
        "linear_regression",
        "alpha=1e8 shrinks coef_ to about 0, and intercept_ goes to the mean of y (not 0)",
        "The intercept must not be penalised",
    ),
    "linreg_sum_of_squares_alpha.py": (
        "linear_regression",
        "the closed form matches the reference [alpha=0.1, seed=1]",
        "whose normal equations carry n * alpha",
    ),
    "linreg_uncentred_normal_equations.py": (
        "linear_regression",
        "features around 1e6 that vary by about 1 (ill-conditioned unless centred)",
        "centre X and y first",
    ),
    "linreg_gd_sums_the_gradient.py": (
        "linear_regression",
        f"{GD_STEPS} [n_iter=1]",
        "match the gradient of the SUM of squared residuals",
    ),
    "linreg_gd_penalty_gradient.py": (
        "linear_regression",
        f"{GD_STEPS} [n_iter=25]",
        "must be 2 alpha w (the derivative of alpha ||w||^2), not alpha w",
    ),
    "linreg_gd_updates_b_with_new_w.py": (
        "linear_regression",
        f"{GD_STEPS} [n_iter=1]",
        "b was updated with residuals of the NEW w",
    ),
    "linreg_centres_in_place.py": (
        "linear_regression",
        "does not modify the arrays given to fit and predict [closed_form]",
        "X -= X.mean(axis=0)",
    ),
    "pca_no_centring.py": (
        "pca",
        "components_ match the reference up to the sign of each row (n_components=None) [seed=0]",
        "they are the directions of X without centring",
    ),
    "pca_divides_by_n.py": (
        "pca",
        "explained_variance_ is the sample variance (divided by n - 1) along each component "
        "[seed=0]",
        "that is the variance divided by n = 80",
    ),
    "pca_ratio_of_kept.py": (
        "pca",
        "with n_components=2, explained_variance_ratio_ is each variance over the total variance",
        "you divided by the variance of the 2 components kept",
    ),
    "pca_raw_signs.py": (
        "pca",
        "each row of components_ has its entry of largest absolute value positive (the sign rule)",
        "have their entry of largest absolute value negative",
    ),
    "pca_eigh_ascending.py": (
        "pca",
        "explained_variance_ decreases, and entry i is the variance along row i of components_",
        "np.linalg.eigh returns eigenvalues in ascending order",
    ),
    "pca_own_mean_in_transform.py": (
        "pca",
        "mean_ is the training mean, and transform of one new row equals that row of a batch",
        "not the mean of the data it is given",
    ),
    "pca_whitens_by_singular_values.py": (
        "pca",
        "with whiten=True, every column of transform(X_train) has sample variance 1",
        "you divided by the singular values S",
    ),
    "pca_inverse_forgets_mean.py": (
        "pca",
        "with every component kept, inverse_transform(transform(X)) gives X back",
        "add mean_ back in inverse_transform",
    ),
    "pca_inverse_ignores_whitening.py": (
        "pca",
        "with whiten=True and every component kept, inverse_transform undoes transform",
        "multiply each column of Z by sqrt(explained_variance_)",
    ),
    "pca_centres_in_place.py": (
        "pca",
        "does not modify the arrays given to fit, transform, fit_transform and inverse_transform",
        "centre a copy",
    ),
    "pca_fit_transform_returns_u.py": (
        "pca",
        "fit_transform(X) equals fit(X).transform(X)",
        "the scores are U * S",
    ),
    "pca_loadings_as_components.py": (
        "pca",
        "the rows of components_ have length 1 and are perpendicular to each other",
        "loadings, not directions",
    ),
    "pca_keeps_n_features_by_default.py": (
        "pca",
        "30 features, 10 samples: 10 components by default, the first 9 as the reference's",
        "components_ must have shape (10, 30), got (30, 30)",
    ),
    "pca_wraps_sklearn.py": ("pca", RULE, "pca_wraps_sklearn.py uses scikit-learn"),
    "bpe_encode_by_input_frequency.py": (
        "bpe",
        "encode applies the merges in training order, not the input's most frequent pair",
        "it never counts the pairs of its input",
    ),
    "bpe_smallest_pair_on_ties.py": (
        "bpe",
        "ties go to the pair that occurs first ('hello world': every pair occurs once)",
        "Not the smallest ids",
    ),
    "bpe_code_points.py": (
        "bpe",
        "every token id is an int in range(vocab_size)",
        "23383 is the code point of '字'",
    ),
    "bpe_decodes_each_token.py": (
        "bpe",
        "decode(encode(text)) gives the text back [Chinese]",
        "Does it decode each token's bytes separately?",
    ),
    "bpe_forgets_to_update_the_sequence.py": (
        "bpe",
        "the merges match the reference (vocab_size=300) [English]",
        "you merged the pair (32, 116) twice",
    ),
    "bpe_strict_decode.py": (
        "bpe",
        "decode of ids that are not valid UTF-8 gives U+FFFD (errors='replace')",
        "decode raised UnicodeDecodeError for [255]",
    ),
    "bpe_learns_vocab_size_merges.py": (
        "bpe",
        "merges is a list of ((a, b), new_id) with new ids 256, 257, ... in order",
        "learn vocab_size - 256 merges",
    ),
    "bpe_crashes_when_out_of_pairs.py": (
        "bpe",
        "training stops early when no pair is left ('ab' with vocab_size=300, and '')",
        "train() raised ValueError: max() arg is an empty sequence",
    ),
    "bpe_class_attribute_merges.py": (
        "bpe",
        "two tokenizers trained on different corpora keep their own merges",
        "your code changed BPETokenizer.merges and BPETokenizer.vocab",
    ),
    "bpe_longest_match.py": (
        "bpe",
        "encode of text not seen in training replays the learned merges in order",
        "greedy longest match against the vocabulary, which is how WordPiece encodes",
    ),
    "bpe_subclasses_the_reference.py": (
        "bpe",
        RULE,
        "inherits from llmprep.solutions.bpe.BPETokenizer",
    ),
    "attention_no_scaling.py": (
        "attention",
        "the scores are q @ k^T / sqrt(d_k) (d_k=64: without the scaling the softmax saturates)",
        "the scores are not divided by sqrt(d_k)",
    ),
    "attention_nan_when_fully_masked.py": (
        "attention",
        ATTENTION_NO_KEY,
        "a query with no allowed key got NaN",
    ),
    "attention_large_negative_fill.py": (
        "attention",
        ATTENTION_NO_KEY,
        "Filling masked scores with a large negative number (-1e9)",
    ),
    "attention_unstable_softmax.py": (
        "attention",
        "scores around +-1e4 give no overflow warning, no NaN and the right weights",
        "made numpy warn: 'overflow encountered in exp'",
    ),
    "attention_causal_upper_triangle.py": (
        "attention",
        "with causal=True, the output at position t does not change when the tokens after t change",
        "a query is looking at later keys",
    ),
    "attention_padding_on_queries.py": (
        "attention",
        "padding keys get weight exactly 0, and the output is attention over the real keys alone",
        "You masked the queries (the rows of weights) instead of the keys",
    ),
    "sampling_drops_the_crossing_token.py": (
        "sampling",
        "the nucleus is the smallest set whose probability reaches top_p (the crossing token is "
        "kept)",
        "you dropped the token whose probability crosses top_p",
    ),
    "sampling_naive_softmax.py": (
        "sampling",
        "logits of 1e4, and logits of 10 at temperature=0.01: no overflow warning, no NaN, exact",
        "made numpy warn: 'overflow encountered in exp'",
    ),
    "sampling_multiplies_by_temperature.py": (
        "sampling",
        f"{TEMPERATURE} [T=0.5]",
        "you multiplied the logits by the temperature",
    ),
    "sampling_reseeds_each_draw.py": (
        "sampling",
        "the same seed gives the same draws, another seed other draws",
        "the generator starts again from the seed at every draw",
    ),
    "sampling_draws_from_the_unfiltered_softmax.py": (
        "sampling",
        "sampled tokens never fall outside the top-k / nucleus (2000 draws) [top_k=3]",
        "Draw from probabilities(logits), the filtered distribution",
    ),
    "sampling_nucleus_before_temperature.py": (
        "sampling",
        "the nucleus is taken after the temperature (temperature=0.5, top_p=0.9)",
        "you chose the nucleus from the probabilities before the temperature",
    ),
    "mlp_summed_loss.py": (
        "mlp_backprop",
        "the loss is the mean over the batch: the same batch twice gives the same loss",
        "the loss is summed over the samples, not averaged",
    ),
    "mlp_naive_softmax.py": (
        "mlp_backprop",
        "logits around 1e4 (confident mistakes): no overflow warning, no NaN, loss and gradients "
        "exact",
        "made numpy warn: 'overflow encountered in exp'",
    ),
    "mlp_relu_derivative_one_at_zero.py": (
        "mlp_backprop",
        "ReLU's derivative at exactly 0 is 0 (rows of zeros with b1 = 0 give Z1 = 0)",
        "use the mask Z1 > 0",
    ),
    "mlp_bias_gradient_averaged.py": (
        "mlp_backprop",
        "the gradient of a batch is the mean of the per-sample gradients (b1, b2 summed over rows)",
        "It is divided by n twice",
    ),
    "mlp_forgets_relu_derivative.py": (
        "mlp_backprop",
        f"{MLP_GRADIENTS} [seed=0]",
        "the ReLU's derivative is missing from the backward pass",
    ),
    "mlp_glorot_init.py": (
        "mlp_backprop",
        "the initial parameters: He-normal W1 then W2 from default_rng(seed), zero biases",
        "this is Glorot (Xavier) initialisation",
    ),
    "dt_unweighted_children.py": (
        "decision_tree",
        f"{DT_REFERENCE} [seed=0-gini]",
        "the children's impurities are averaged without weighting them by their sizes",
    ),
    "dt_threshold_at_value.py": (
        "decision_tree",
        "thresholds lie halfway between consecutive distinct values (x = 0 and 1: 0.5)",
        "A threshold at a data value (x <= 0)",
    ),
    "dt_last_tie_wins.py": (
        "decision_tree",
        "ties go to the lowest feature index (column 2 is a copy of column 0 in training)",
        "does your search keep the LAST of equal decreases",
    ),
    "dt_stops_at_zero_decrease.py": (
        "decision_tree",
        "XOR: a root split that lowers the impurity by 0 is still made, and the tree fits the data",
        "never because the best decrease is 0",
    ),
    "dt_strict_min_samples_leaf.py": (
        "decision_tree",
        "3 outliers get a leaf of their own with min_samples_leaf=3, not with 4",
        "Is your condition n_left > min_samples_leaf",
    ),
    "dt_ignores_criterion.py": (
        "decision_tree",
        "criterion='entropy' and 'gini' choose different stumps (labels 0,0,0,0,0,0,1,0,0,1)",
        "the tree is grown with the other criterion: read self.criterion",
    ),
    "mha_reshape_without_transpose.py": (
        "multi_head_attention",
        MHA_HEAD_COLUMNS,
        "the heads were cut by reshape(batch, n_heads, seq, d_head) without a transpose",
    ),
    "mha_heads_merged_in_wrong_order.py": (
        "multi_head_attention",
        MHA_HEAD_COLUMNS,
        "the heads were merged by transpose(0, 2, 3, 1)",
    ),
    "mha_scaled_by_sqrt_d_model.py": (
        "multi_head_attention",
        "the scores are divided by sqrt(d_head), not sqrt(d_model) (d_model=64, 4 heads: "
        "sqrt(16) = 4, not 8)",
        "the scores are divided by sqrt(d_model)",
    ),
    "mha_softmax_over_queries.py": (
        "multi_head_attention",
        "when every token has the same value vector, every output row is that value @ w_o: each "
        "query's weights sum to 1 over the keys",
        "the softmax runs over the queries (axis -2)",
    ),
    "mha_no_output_projection.py": (
        "multi_head_attention",
        "with n_heads=1, the output is softmax(q k^T / sqrt(d_model)) v @ w_o: single-head "
        "attention, then w_o",
        "the output projection is missing",
    ),
    "mha_gqa_modulo_mapping.py": (
        "multi_head_attention",
        f"{MHA_GQA} [n_heads=4, n_kv_heads=2]",
        "query head h uses kv head h % n_kv_heads (np.tile)",
    ),
    "mha_causal_masks_the_diagonal.py": (
        "multi_head_attention",
        "with causal=True, the output at position 0 is token 0's own value @ w_o (the diagonal "
        "is allowed)",
        "the causal mask hides the diagonal too",
    ),
    "mha_naive_softmax.py": (
        "multi_head_attention",
        "x scaled by 100 (scores around 1e4): no overflow warning, no NaN, and the reference's "
        "output",
        "made numpy warn: 'overflow encountered in exp'",
    ),
    "layer_norm_eps_outside_sqrt.py": (
        "layer_norm",
        LN_EPS,
        "eps is outside the square root: divide by sqrt(var + eps), not by std + eps",
    ),
    "layer_norm_unbiased_variance.py": (
        "layer_norm",
        LN_ROWS,
        "that is 15/16, so you divided by the unbiased standard deviation (ddof=1)",
    ),
    "layer_norm_batch_axis.py": (
        "layer_norm",
        LN_ROWS,
        "the columns have mean 0 instead, so you normalised over axis 0",
    ),
    "layer_norm_constant_statistics_backward.py": (
        "layer_norm",
        f"{LN_GRAD_X} [LayerNorm]",
        "the mean and the variance are treated as constants",
    ),
    "layer_norm_gamma_grad_axis_0.py": (
        "layer_norm",
        f"{LN_PARAMETERS} [LayerNorm]",
        "got (3, 5): gamma and beta are shared by every row, so sum over EVERY axis but the last",
    ),
    "layer_norm_rms_subtracts_mean.py": (
        "layer_norm",
        "with gamma=1, RMSNorm rescales each row (y / x is constant along it) to mean square 1",
        "so you subtracted the mean. RMSNorm does not centre",
    ),
    "lora_scales_by_alpha.py": (
        "lora",
        "the update is scaled by alpha / rank (rank=3, alpha=6.0: by 2, not by 6, 1/3 or 1)",
        "yours is multiplied by 6, that is by alpha",
    ),
    "lora_both_random.py": (
        "lora",
        "at first (B = 0) forward equals the base layer x @ weight.T + bias, with and without a "
        "bias",
        "B must start at zeros, so that the update (alpha / rank) B A is 0",
    ),
    "lora_trains_the_weight.py": (
        "lora",
        "after 25 steps the base weight and the bias are unchanged, bit for bit (only A and B "
        "train)",
        "training changed self.weight: in LoRA the pretrained weight and bias are frozen",
    ),
    "lora_grad_a_unscaled.py": (
        "lora",
        f"{LORA_GRADIENTS} [seed=0]",
        "the gradient of A is missing the factor alpha / rank",
    ),
    "lora_sequential_step.py": (
        "lora",
        "step(x, grad_out, 0.1) sets A -= 0.1 * grad A and B -= 0.1 * grad B, both taken before "
        "either changes",
        "A's gradient was taken after B had changed",
    ),
    "lora_merge_transposed.py": (
        "lora",
        LORA_MERGE,
        "you added the transposed update (B A)^T",
    ),
    "lora_adapter_after_merge.py": (
        "lora",
        LORA_MERGE,
        "forward added the adapter on top of the merged weight",
    ),
    "lora_merges_twice.py": (
        "lora",
        "a second merge() is a no-op: weight and output are those of one merge",
        "merging twice added the update twice",
    ),
    "lora_unmerge_subtracts.py": (
        "lora",
        LORA_UNMERGE,
        "you subtracted the update again, and in floating point (W0 + D) - D is not W0",
    ),
    "lora_keeps_the_merged_array.py": (
        "lora",
        LORA_UNMERGE,
        "kept = self.weight, then self.weight += ..., changes that same array in place",
    ),
    "metrics_transposed_confusion_matrix.py": (
        "metrics",
        "rows are the true labels, columns the predicted ones (y_true [0, 0, 0, 1], y_pred "
        "[0, 1, 1, 1])",
        "that is the transpose",
    ),
    "metrics_labels_from_y_true_only.py": (
        "metrics",
        "labels=None means the sorted union of y_true and y_pred (7 is only predicted: its row "
        "is zeros)",
        "the union of y_true AND y_pred",
    ),
    "metrics_macro_f1_of_macro_pr.py": (
        "metrics",
        f"{METRICS_MACRO} [seed=0]",
        "you took the F1 of macro-precision and macro-recall",
    ),
    "metrics_weighted_by_predicted_counts.py": (
        "metrics",
        f"{METRICS_WEIGHTED} [seed=0]",
        "how often it is PREDICTED (the column sums)",
    ),
    "metrics_nan_on_zero_division.py": (
        "metrics",
        "a class never predicted gets precision 0, a class never true recall 0, and F1 0, not NaN",
        "must be 0: np.divide(a, b, out=np.zeros_like(a), where=b > 0)",
    ),
    "metrics_auc_ignores_ties.py": ("metrics", METRICS_TIES, "ties are not counted"),
    "metrics_auc_unsorted_trapezoid.py": (
        "metrics",
        "shuffling the samples leaves roc_auc unchanged",
        "needs the points sorted by decreasing threshold",
    ),
    "metrics_auc_fixed_threshold_grid.py": (
        "metrics",
        "a strictly increasing transform of the scores (exp, 3 s + 7, s ** 3, 10 s - 5) leaves "
        "roc_auc unchanged",
        "not with fixed thresholds such as 0, 0.01, ..., 1",
    ),
    "metrics_auc_nan_for_one_class.py": (
        "metrics",
        "y_true with one class only raises ValueError (the AUC is undefined)",
        "must raise ValueError",
    ),
    "kv_cache_overwrites_the_cache.py": (
        "kv_cache",
        "after each step, cache_len grows by t_new and k_cache, v_cache hold x @ w_k, x @ w_v "
        "split into heads",
        "the cache was replaced, not appended to",
    ),
    "kv_cache_mask_without_offset.py": (
        "kv_cache",
        f"{KV_PREFILL} [seed=0]",
        "the mask must be shifted by cache_len",
    ),
    "kv_cache_no_mask_in_step.py": (
        "kv_cache",
        f"{KV_PREFILL} [seed=1]",
        "a new token can see the new tokens after it",
    ),
    "kv_cache_caches_queries.py": (
        "kv_cache",
        "nothing but k_cache and v_cache grows with the sequence (no cached queries, no kept "
        "inputs)",
        "self.q_cache grows with the sequence",
    ),
    "kv_cache_recomputes_past_keys.py": (
        "kv_cache",
        "step attends to whatever k_cache and v_cache hold (another prompt's cache, as prefix "
        "caching loads it)",
        "not recompute them from past inputs it kept",
    ),
    "kv_cache_caches_inputs.py": (
        "kv_cache",
        "after each step, cache_len grows by t_new and k_cache, v_cache hold x @ w_k, x @ w_v "
        "split into heads",
        "k_cache holds the inputs x themselves",
    ),
    "kv_cache_reset_zeroes_the_cache.py": (
        "kv_cache",
        "reset empties the cache; a new sequence (another batch size) then gives what a new "
        "layer gives",
        "not zero it",
    ),
    "kv_cache_scales_by_d_model.py": (
        "kv_cache",
        f"{KV_FORWARD} [seed=1]",
        "not by the width of a head, sqrt(d_head)",
    ),
    "kv_cache_heads_by_bare_reshape.py": (
        "kv_cache",
        f"{KV_FORWARD} [seed=0]",
        "the heads are split by a bare reshape",
    ),
    "sce_naive_softmax.py": (
        "softmax_cross_entropy",
        "softmax of logits around +-1e4: no overflow warning, no NaN, exact (within 1e-12)",
        "made numpy warn: 'overflow encountered in exp'",
    ),
    "sce_log_of_softmax.py": (
        "softmax_cross_entropy",
        "log_softmax stays finite and exact where softmax underflows to 0 (logits 1e4 and 800 "
        "apart), with no numpy warning",
        "never np.log(softmax)",
    ),
    "sce_forgets_the_max_in_log_softmax.py": (
        "softmax_cross_entropy",
        "adding a constant to each row of logits (from -500 to 500) changes neither softmax, "
        "log_softmax, loss nor gradient",
        "the row's maximum m is missing from your log-sum-exp",
    ),
    "sce_softmax_over_axis_0.py": (
        "softmax_cross_entropy",
        "softmax keeps the logits' shape, and each row (the last axis) is >= 0 and sums to 1: "
        "shapes (7,), (5, 7), (2, 3, 4)",
        "so you normalised over axis 0 (the batch)",
    ),
    "sce_summed_loss.py": (
        "softmax_cross_entropy",
        "the loss is the mean over the batch: the same batch twice gives the same loss",
        "the loss is summed over the samples, not averaged",
    ),
    "sce_clipped_loss.py": (
        "softmax_cross_entropy",
        "loss and gradient of logits around +-1e4 (confident mistakes): no numpy warning, finite "
        "and exact",
        "caps the loss of a confident mistake at -log(eps)",
    ),
    "sce_one_hot_off_by_one.py": (
        "softmax_cross_entropy",
        f"{SCE_MARGIN} [margin=20]",
        "the loss took the log-probability of another class than y",
    ),
    "sce_columns_indexed_by_y.py": (
        "softmax_cross_entropy",
        "each row of the gradient sums to 0 (softmax and onehot(y) both sum to 1)",
        "p[:, y] -= 1 subtracts 1 in every row from every column some y names",
    ),
    "sce_gradient_without_1_over_n.py": (
        "softmax_cross_entropy",
        "the gradient is that of the mean loss: the same batch twice halves every row's gradient",
        "so it is not divided by n",
    ),
    "sce_gradient_sign_flipped.py": (
        "softmax_cross_entropy",
        "gradient matches central finite differences of your loss (h = 1e-6, within 1e-7)",
        "it has the wrong sign",
    ),
    "sce_shifts_in_place.py": (
        "softmax_cross_entropy",
        "softmax, log_softmax, loss and gradient do not modify the arrays passed in",
        "compute new arrays",
    ),
    "rope_half_split_pairs.py": (
        "rope",
        "pair i is (x[..., 2i], x[..., 2i+1]) as in the paper, not (x[i], x[i + dim/2]) as in NeoX",
        "that is the GPT-NeoX / Llama half-split pairing (feature i with i + dim/2)",
    ),
    "rope_exponent_over_pair_index.py": (
        "rope",
        ROPE_FREQUENCIES,
        "they are base^(-i/dim): the exponent is -2i/dim",
    ),
    "rope_ignores_base.py": ("rope", ROPE_FREQUENCIES, "10000^(-2i/dim) whatever the base"),
    "rope_negative_angle.py": (
        "rope",
        f"{ROPE_REFERENCE} [seed=0]",
        "every pair is turned by -angle (clockwise)",
    ),
    "rope_positions_from_one.py": (
        "rope",
        "at position 0 apply is the identity (cos 0 = 1, sin 0 = 0), for every pair",
        "Your output is x rotated for positions 1",
    ),
    "rope_half_the_dims.py": (
        "rope",
        f"{ROPE_REFERENCE} [seed=0]",
        "Your output leaves the last dim/2 = 4 features unchanged",
    ),
    "rope_degrees.py": ("rope", f"{ROPE_REFERENCE} [seed=0]", "the angles are taken as degrees"),
    "rope_overwrites_before_use.py": (
        "rope",
        "every rotated vector has the length of x's (rotations are orthogonal), within 1e-9",
        "the second entry of each pair is computed from the already rotated first entry",
    ),
    "rope_ignores_positions.py": (
        "rope",
        "<apply(q, m), apply(k, n)> depends only on m - n (shifts 1, 7, 100, 4096), and does "
        "change with it",
        "the positions make no difference",
    ),
    "rope_asserts_even_dim.py": ("rope", ROPE_ODD, "raised AssertionError, not ValueError"),
}
# Wrong files that each check named here must fail (the check's data tells them from a correct
# model), with part of the message the learner reads.
CAUGHT_BY_EVERY = {
    # Every seed's draw makes X^T X singular; solve/inv raise, or return weights that are wrong.
    "linreg_inverts_normal_equations.py": [
        (f"{COLLINEAR} [seed={seed}]", "Use np.linalg.lstsq(Xc, yc, rcond=None)[0]")
        for seed in (0, 1, 2)
    ],
    "linreg_sum_of_squares_alpha.py": [
        (f"the closed form matches the reference [alpha={alpha}, seed={seed}]", "n * alpha")
        for alpha, seed in (("0.1", 1), ("10", 2))
    ],
    "svm_linear_only.py": [
        (f"{DEFAULTS} [seed={seed}]", "agree with the reference with the default hyperparameters")
        for seed in (0, 1, 2)
    ]
    + [
        ("predicts string labels ('cat', 'dog') as it predicts 0 and 1", "with string labels"),
        ("accepts plain Python lists for X and y", "when X and y are lists"),
    ],
    "nb_absolute_smoothing.py": [
        (
            "a feature that is constant within one class (zero variance in that class)",
            "a difference this small usually comes from the smoothing: epsilon = var_smoothing x "
            "the largest feature variance",
        )
    ],
    "svm_corrupted_bias.py": [
        (f"{DEFAULTS} [seed={seed}]", "b comes from a single support vector") for seed in (0, 1, 2)
    ]
    + [
        (check, "agree with your own model fitted on the same points with labels 0, 1")
        for check in (
            "predicts string labels ('cat', 'dog') as it predicts 0 and 1",
            "predicts integer labels that are not 0 and 1 (3 and 7) as it predicts 0 and 1",
            "accepts plain Python lists for X and y",
        )
    ],
    "lr_summed_gradient.py": [
        (f"{LR_DEFAULTS} [seed={seed}]", "the gradient is summed over the samples")
        for seed in (0, 1, 2)
    ],
    "lr_sequential_update.py": [
        (f"{LR_DEFAULTS} [seed={seed}]", "compute both gradients from the same p")
        for seed in (0, 1, 2)
    ],
    "lr_half_l2_gradient.py": [
        (
            "the gradient fit follows is that of loss: at the fitted model, finite differences "
            "of loss are 0",
            "The gradient your fit follows is not the gradient of your loss",
        )
    ],
    # Every data set: the directions of uncentred data differ from PCA's wherever the mean is far
    # from 0, and dividing by n is off by n / (n - 1) whatever the data.
    "pca_no_centring.py": [
        (
            f"components_ match the reference up to the sign of each row (n_components=None) "
            f"[seed={seed}]",
            "they are the directions of X without centring",
        )
        for seed in (0, 1, 2)
    ],
    "pca_divides_by_n.py": [
        (
            f"explained_variance_ is the sample variance (divided by n - 1) along each component "
            f"[seed={seed}]",
            "that is the variance divided by n = 80",
        )
        for seed in (0, 1, 2)
    ]
    + [
        (
            "with whiten=True, every column of transform(X_train) has sample variance 1",
            "you divided by the standard deviation with ddof=0",
        )
    ],
    "pca_own_mean_in_transform.py": [
        (
            f"transform of new data matches the reference up to each column's sign "
            f"(n_components=3) [seed={seed}]",
            "you centred the new data with its own mean",
        )
        for seed in (0, 1, 2)
    ],
    # Every data set: a tree grown with unweighted children, or thresholds at a data value, differs.
    "dt_unweighted_children.py": [
        (f"{DT_REFERENCE} [seed={seed}-{criterion}]", "averaged without weighting them")
        for seed in (0, 1, 2)
        for criterion in ("gini", "entropy")
    ],
    "dt_threshold_at_value.py": [
        (f"{DT_REFERENCE} [seed={seed}-{criterion}]", "each threshold is a data value")
        for seed in (0, 1, 2)
        for criterion in ("gini", "entropy")
    ],
    # A character split between two tokens: every text beyond ASCII, every random draw.
    "bpe_decodes_each_token.py": [
        (f"decode(encode(text)) gives the text back [{name}]", "decode each token's bytes")
        for name in ("Chinese", "emoji", "text unseen in training")
    ]
    + [
        (
            f"decode(encode(s)) == s for random strings from many scripts [seed={seed}]",
            "decode each token's bytes",
        )
        for seed in (0, 1, 2)
    ],
    # Every draw: the replayed mistake is recognised whatever the shapes and the masks.
    "attention_no_scaling.py": [
        (
            "without masks, output and weights match the reference (d_v != d_k, n_q != n_k) "
            f"[seed={seed}]",
            "the scores are not divided by sqrt(d_k)",
        )
        for seed in (0, 1, 2)
    ],
    "attention_causal_upper_triangle.py": [
        (
            "with causal=True, output and weights match the reference; weights above the "
            f"diagonal are 0 [seed={seed}]",
            "weights above the diagonal are not 0",
        )
        for seed in (0, 1, 2)
    ],
    # Every corpus has ties somewhere in its first 44 merges.
    "bpe_smallest_pair_on_ties.py": [
        (
            f"the merges match the reference (vocab_size=300) [{name}]",
            "the pair whose first occurrence comes earliest",
        )
        for name in ("English", "Chinese", "Python code", "runs")
    ],
    # Every data set: a missing ReLU derivative changes W1's and b1's gradients wherever a hidden
    # unit is off, and a summed loss is n times the mean whatever the data.
    "mlp_forgets_relu_derivative.py": [
        (f"{check} [seed={seed}]", "the ReLU's derivative is missing from the backward pass")
        for check in (MLP_GRADIENTS, MLP_FINITE_DIFFERENCES)
        for seed in (0, 1, 2)
    ],
    "mlp_summed_loss.py": [
        (f"{MLP_LOSS} [seed={seed}]", "the loss is summed over the samples, not averaged")
        for seed in (0, 1, 2)
    ],
}
# Multi-head attention: a wrong split, merge or grouping shows on every configuration.
CAUGHT_BY_EVERY |= {
    "mha_gqa_modulo_mapping.py": [
        (f"{MHA_GQA} [{case}]", "query head h uses kv head h % n_kv_heads (np.tile)")
        for case in (
            "n_heads=4, n_kv_heads=2",
            "n_heads=6, n_kv_heads=3",
            "n_heads=8, n_kv_heads=2",
        )
    ],
    "mha_reshape_without_transpose.py": [
        (f"{MHA_REFERENCE} [seed={seed}]", "without a transpose") for seed in (0, 1, 2)
    ],
    "mha_heads_merged_in_wrong_order.py": [
        (f"{MHA_REFERENCE} [seed={seed}]", "transpose(0, 2, 3, 1)") for seed in (0, 1, 2)
    ],
    "mha_scaled_by_sqrt_d_model.py": [
        (f"{MHA_REFERENCE} [seed={seed}]", "divided by sqrt(d_model)") for seed in (0, 1, 2)
    ],
}
# The sampler's mistakes show at every setting their checks try.
CAUGHT_BY_EVERY |= {
    "sampling_drops_the_crossing_token.py": [
        (f"{TOP_P} [top_p={top_p}]", "you dropped the token whose probability crosses top_p")
        for top_p in (0.5, 0.9, 0.95)
    ]
    + [
        (
            "a top_p below the top probability keeps the most probable token alone",
            "your nucleus came out empty",
        )
    ],
    "sampling_multiplies_by_temperature.py": [
        (f"{TEMPERATURE} [T={t}]", "you multiplied the logits by the temperature")
        for t in (0.25, 0.5, 2.0, 5.0)
    ],
    "sampling_draws_from_the_unfiltered_softmax.py": [
        (
            f"sampled tokens never fall outside the top-k / nucleus (2000 draws) [{params}]",
            "not from the softmax of all the logits",
        )
        for params in ("top_k=3", "top_p=0.5", "temperature=2.0, top_k=10, top_p=0.8")
    ],
    # eps outside the root: 1 / eps against 1 / sqrt(eps) on a constant row, several times off
    # on rows of variance below eps, and a little off (about eps / std) on every ordinary row.
    "layer_norm_eps_outside_sqrt.py": [
        (LN_CONSTANT, "eps goes inside the square root, 1 / sqrt(var + eps)"),
        *(
            (
                f"{mode} forward{rms} matches the reference (random gamma and beta; 2-, 3- and "
                f"4-d x) [seed={seed}]",
                "eps is outside the square root",
            )
            for mode, rms in (("LayerNorm", ""), ("RMSNorm", " (rms=True)"))
            for seed in (0, 1, 2)
        ),
    ],
    # Every shape, 2-d to 4-d: the batch-axis statistics are not the row's.
    "layer_norm_batch_axis.py": [
        (
            f"LayerNorm forward matches the reference (random gamma and beta; 2-, 3- and 4-d x) "
            f"[seed={seed}]",
            "(that is BatchNorm)",
        )
        for seed in (0, 1, 2)
    ],
    "layer_norm_constant_statistics_backward.py": [
        (f"{LN_GRAD_X} [RMSNorm]", "the mean and the variance are treated as constants")
    ],
    "layer_norm_gamma_grad_axis_0.py": [(f"{LN_PARAMETERS} [RMSNorm]", "not .sum(axis=0) alone")],
    "layer_norm_rms_subtracts_mean.py": [
        (
            f"RMSNorm forward (rms=True) matches the reference (random gamma and beta; 2-, 3- and "
            f"4-d x) [seed={seed}]",
            "the mean is subtracted: RMSNorm does not centre",
        )
        for seed in (0, 1, 2)
    ],
    # Every seed's data tells each of these mistakes from the right formula, and names it.
    "sce_summed_loss.py": [
        (f"{SCE_LOSS} [seed={seed}]", "the loss is summed over the samples, not averaged")
        for seed in (0, 1, 2)
    ]
    + [(f"{SCE_GRADIENT} [seed={seed}]", "divide softmax - onehot by n") for seed in (0, 1, 2)],
    "sce_one_hot_off_by_one.py": [
        (f"{SCE_LOSS} [seed={seed}]", "the log-probability of class y - 1 was taken")
        for seed in (0, 1, 2)
    ]
    + [(f"{SCE_MARGIN} [margin={margin}]", "another class than y") for margin in (5, 20, 100)],
    "sce_columns_indexed_by_y.py": [
        (f"{SCE_LOSS} [seed={seed}]", "log_p[:, y] was used") for seed in (0, 1, 2)
    ]
    + [(f"{SCE_GRADIENT} [seed={seed}]", "p[:, y] -= 1") for seed in (0, 1, 2)],
    "sce_gradient_sign_flipped.py": [
        (f"{SCE_GRADIENT} [seed={seed}]", "the sign is flipped") for seed in (0, 1, 2)
    ],
}
# LoRA: a missing or wrong scale shows whatever the shapes, the rank and alpha of the draw.
CAUGHT_BY_EVERY |= {
    "lora_grad_a_unscaled.py": [
        (f"{LORA_GRADIENTS} [seed={seed}]", "the gradient of A is missing the factor alpha / rank")
        for seed in (0, 1, 2)
    ],
    "lora_scales_by_alpha.py": [
        (f"{LORA_FORWARD} [seed={seed}]", "the update is scaled by alpha: it is scaled by alpha")
        for seed in (0, 1, 2)
    ],
}
# The metrics mistakes show on every seed's data: the averaging mistakes change every average,
# and ignoring ties changes every AUC (some pairs are tied on every seed) and breaks AUC(-s).
CAUGHT_BY_EVERY |= {
    "metrics_transposed_confusion_matrix.py": [
        (
            f"confusion_matrix equals the reference's (3 to 5 imbalanced classes) [seed={seed}]",
            "yours is the transpose",
        )
        for seed in (0, 1, 2)
    ]
    + [
        (
            f"average=None: per-class precision, recall and F1 match the reference (within "
            f"1e-12) [seed={seed}]",
            "Your precision and recall are swapped",
        )
        for seed in (0, 1, 2)
    ],
    "metrics_macro_f1_of_macro_pr.py": [
        (f"{METRICS_MACRO} [seed={seed}]", "you took the F1 of macro-precision and macro-recall")
        for seed in (0, 1, 2)
    ],
    "metrics_weighted_by_predicted_counts.py": [
        (f"{METRICS_WEIGHTED} [seed={seed}]", "how often it is PREDICTED (the column sums)")
        for seed in (0, 1, 2)
    ],
    "metrics_auc_ignores_ties.py": [
        (
            f"roc_auc matches the reference on scores with ties (within 1e-12) [seed={seed}]",
            "ties are not counted",
        )
        for seed in (0, 1, 2)
    ]
    + [
        (f"negated scores give 1 - AUC (ties included) [seed={seed}]", "are ties counted 0?")
        for seed in (0, 1, 2)
    ]
    + [("scores all equal give 0.5: every pair is tied", "ties are not counted")],
}
# The cache's mistakes show on every seed's sequence, at every setting their checks try.
CAUGHT_BY_EVERY |= {
    "kv_cache_overwrites_the_cache.py": [
        (f"{check} [seed={seed}]", "your step attends to its new tokens only")
        for check in (KV_ONE_TOKEN, KV_PREFILL)
        for seed in (0, 1, 2)
    ],
    "kv_cache_mask_without_offset.py": [
        (f"{check} [seed={seed}]", "np.tril without its offset")
        for check in (KV_ONE_TOKEN, KV_PREFILL)
        for seed in (0, 1, 2)
    ],
    "kv_cache_no_mask_in_step.py": [
        (f"{KV_PREFILL} [seed={seed}]", "the step has no causal mask among its new tokens")
        for seed in (0, 1, 2)
    ],
    "kv_cache_scales_by_d_model.py": [
        (f"{KV_FORWARD} [seed={seed}]", "the scores are divided by sqrt(d_model)")
        for seed in (0, 1, 2)
    ],
    "kv_cache_heads_by_bare_reshape.py": [
        (f"{KV_FORWARD} [seed={seed}]", "the heads are split by a bare reshape")
        for seed in (0, 1, 2)
    ],
}
# Every draw of RoPE's comparison recognises the replayed mistake; -angle and the NeoX pairing
# keep every property the other checks assert, so these comparisons are what catch them.
CAUGHT_BY_EVERY |= {
    name: [(f"{ROPE_REFERENCE} [seed={seed}]", fragment) for seed in (0, 1, 2)]
    + [(ROPE_BASE, fragment)]
    for name, fragment in (
        ("rope_negative_angle.py", "every pair is turned by -angle (clockwise)"),
        ("rope_half_split_pairs.py", "the GPT-NeoX / Llama 'rotate half' layout"),
        ("rope_degrees.py", "the angles are taken as degrees"),
        ("rope_positions_from_one.py", "the positions are shifted by 1"),
    )
}
# Files whose only mistake is in the labels they return: only checks named for labels fail.
LABEL_MISTAKES = ["knn_returns_indices.py", "nb_truncates_labels.py", "lr_labels_as_targets.py"]
# Files whose solver loops forever on some random draws: (exercise, the check that must fail).
INTERMITTENT = {
    "svm_hangs_on_some_draws.py": ("svm", "C=0.05 (a wide, soft margin) matches the reference")
}
HANG_LIMIT = 20  # seconds: the checks before the hang take one or two
# Files that keep the training data where every instance shares it.
SHARED_STATE = ["knn_class_attributes.py", "nb_class_attributes.py"]
# Files whose only mistake is breaking the task's rule: every other check passes.
RULE_BREAKERS = [
    "svm_wraps_svc.py",
    "knn_subclasses_sklearn.py",
    "nb_hides_sklearn.py",
    "kmeans_wraps_sklearn.py",
    "pca_wraps_sklearn.py",
    "bpe_subclasses_the_reference.py",
]
ALTERNATIVE_FILES = {
    "knn_plain_python.py": "knn",
    "knn_numpy_star_import.py": "knn",
    "naive_bayes_loops.py": "naive_bayes",
    "svm_simple_smo.py": "svm",
    "svm_one_vs_rest.py": "svm",
    "logistic_regression_augmented.py": "logistic_regression",
    "kmeans_greedy_plusplus.py": "kmeans",
    "linear_regression_svd.py": "linear_regression",
    "pca_covariance_eigh.py": "pca",
    "bpe_ranked_pairs.py": "bpe",
    "attention_row_loops.py": "attention",
    "sampling_plain_python.py": "sampling",
    "mlp_backprop_per_sample.py": "mlp_backprop",
    "decision_tree_flat_arrays.py": "decision_tree",
    "layer_norm_staged_backward.py": "layer_norm",
    "lora_effective_weight.py": "lora",
    "metrics_counter_and_roc_trapezoid.py": "metrics",
    "kv_cache_token_by_token.py": "kv_cache",
    "softmax_cross_entropy_logaddexp.py": "softmax_cross_entropy",
    "rope_complex_numbers.py": "rope",
    "multi_head_attention_head_loops.py": "multi_head_attention",
}
EXERCISES = list(load_exercises())  # every shipped exercise, in file-name order
# Each hint follower is written by someone who has read only the task and the hints; an exercise
# whose follower has not been written yet is skipped by the hint-follower test.
WITH_HINT_FOLLOWER = [id_ for id_ in EXERCISES if (HINT_FOLLOWERS / f"{id_}.py").is_file()]


@pytest.fixture(scope="module")
def reports():
    exercises = load_exercises()
    jobs = {f"reference:{id_}": (id_, solution_files(exercises[id_])[0]) for id_ in EXERCISES}
    jobs |= {
        f"alternative:{name}": (id_, ALTERNATIVE / name) for name, id_ in ALTERNATIVE_FILES.items()
    }
    jobs |= {f"hints:{id_}": (id_, HINT_FOLLOWERS / f"{id_}.py") for id_ in WITH_HINT_FOLLOWER}
    jobs |= {
        f"interview:{id_}": (id_, interview_solution_file(exercises[id_])) for id_ in EXERCISES
    }
    jobs |= {f"wrong:{name}": (spec[0], WRONG / name) for name, spec in WRONG_FILES.items()}
    jobs |= {
        f"wrong:{name}": (spec[0], WRONG / name, {"timeout": HANG_LIMIT})
        for name, spec in INTERMITTENT.items()
    }
    return grade_all(jobs)


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_reference_solution_passes_every_check(reports, exercise_id):
    report = reports[f"reference:{exercise_id}"]
    assert report.exit_code == 0, failures(report)
    assert report.total >= 12 and report.passed == report.total


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_the_interview_length_solution_passes_every_check(reports, exercise_id):
    """What `llmprep solution ID` shows passes the same checks as the library class."""
    report = reports[f"interview:{exercise_id}"]
    assert report.exit_code == 0, failures(report)
    assert report.passed == report.total


@pytest.mark.parametrize("name", sorted(ALTERNATIVE_FILES))
def test_another_correct_implementation_passes(reports, name):
    report = reports[f"alternative:{name}"]
    assert report.exit_code == 0, failures(report)


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_an_implementation_written_from_the_task_and_hints_alone_passes(reports, exercise_id):
    """The hints are code: following them literally gives a passing implementation."""
    if exercise_id not in WITH_HINT_FOLLOWER:
        pytest.skip(f"no hint follower written yet: {HINT_FOLLOWERS.name}/{exercise_id}.py")
    report = reports[f"hints:{exercise_id}"]
    assert report.exit_code == 0, failures(report)
    assert report.passed == report.total


@pytest.mark.parametrize("name", sorted(WRONG_FILES))
def test_wrong_implementation_is_caught_by_its_check(reports, name):
    _, check, fragment = WRONG_FILES[name]
    report = reports[f"wrong:{name}"]
    assert report.error is None, failures(report)
    assert report.exit_code == 1
    assert check in statuses(report), f"no check named {check!r}: {list(statuses(report))}"
    assert statuses(report)[check] == "failed", failures(report)
    message = next(test.message for test in report.tests if test.name == check)
    assert fragment in message


@pytest.mark.parametrize("name", sorted(CAUGHT_BY_EVERY))
def test_wrong_implementation_fails_every_check_aimed_at_it(reports, name):
    """A check's data must tell the wrong model it targets from a correct one, in every run."""
    report = reports[f"wrong:{name}"]
    messages = {test.name: test.message for test in report.tests if test.status == "failed"}
    for check, fragment in CAUGHT_BY_EVERY[name]:
        assert check in messages, f"{check!r} passed:\n{failures(report)}"
        assert fragment in messages[check], messages[check]


@pytest.mark.parametrize("name", LABEL_MISTAKES)
def test_a_label_mistake_fails_only_checks_named_for_labels(reports, name):
    """A check is named after what it tests: a check of the vote or the priors uses labels 0, 1."""
    report = reports[f"wrong:{name}"]
    failed = [test.name for test in report.tests if test.status != "passed"]
    assert failed, failures(report)
    for check in failed:
        assert "labels" in check or "lists" in check or "classes (" in check, failures(report)


@pytest.mark.parametrize("name", RULE_BREAKERS)
def test_a_library_doing_the_work_fails_exactly_the_rule_check(reports, name):
    report = reports[f"wrong:{name}"]
    assert [test.name for test in report.tests if test.status != "passed"] == [RULE], failures(
        report
    )


@pytest.mark.parametrize("name", SHARED_STATE)
def test_state_shared_between_models_is_reported_at_the_first_check_it_corrupts(reports, name):
    """Each check imports the file afresh: a check that fits one model is not corrupted."""
    report = reports[f"wrong:{name}"]
    failed = [test for test in report.tests if test.status != "passed"]
    assert failed[0].name == TWO_MODELS, failures(report)
    assert "shared by every instance of the class" in failed[0].message
    for test in failed[1:]:  # a check that fits twice may fail too, and says why
        assert "shared by every instance of the class" in test.message, failures(report)
    assert len(failed) <= 2, failures(report)


@pytest.mark.parametrize("name", sorted(INTERMITTENT))
def test_a_solver_that_hangs_on_some_draws_fails_every_time(reports, name):
    """The solver-heavy checks run on several seeds: a hang on one of them fails, named."""
    _, check = INTERMITTENT[name]
    report = reports[f"wrong:{name}"]
    assert report.exit_code == 1 and report.error is None, failures(report)
    failed = [test for test in report.tests if test.status == "failed"]
    assert len(failed) == 1 and failed[0].name.startswith(f"{check} [seed="), failures(report)
    assert "did not finish within the time limit" in failed[0].message
    assert "yet passed with seed=" in failed[0].message  # the same check, another seed
    assert "intermittent" in failed[0].message


def test_rope_turned_by_minus_the_angle_keeps_every_property_only_the_comparisons_catch_it(reports):
    """R(-a) is a rotation too and R(-a)^T R(-b) = R(a - b): lengths, position 0 and the relative
    property all hold, so the checks that compare with the reference must be the ones that fail."""
    report = reports["wrong:rope_negative_angle.py"]
    failed = {test.name for test in report.tests if test.status != "passed"}
    assert failed == {f"{ROPE_REFERENCE} [seed={seed}]" for seed in (0, 1, 2)} | {ROPE_BASE}, (
        failures(report)
    )


def test_every_wrong_implementation_is_listed_and_says_its_mistake():
    files = {path.name for path in WRONG.glob("*.py")}
    assert files == set(WRONG_FILES) | set(INTERMITTENT)
    assert len(files) >= 8
    for path in WRONG.glob("*.py"):
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert docstring and docstring.startswith("Mistake: "), path.name


def test_each_exercise_catches_several_mistakes():
    per_exercise = {exercise_id: 0 for exercise_id in EXERCISES}
    for exercise_id, _, _ in WRONG_FILES.values():
        per_exercise[exercise_id] += 1
    assert min(per_exercise.values()) >= 5, per_exercise


# -- the reference solutions agree with scikit-learn on the checks' own data ---------------------


def test_knn_reference_agrees_with_scikit_learn():
    from llmprep.exercises.checks import test_knn as checks
    from llmprep.solutions import KNNClassifier

    for k in (1, 3, 5, 7):
        ours = (
            KNNClassifier(n_neighbors=k).fit(checks.X_train, checks.y_train).predict(checks.X_test)
        )
        theirs = (
            KNeighborsClassifier(n_neighbors=k)
            .fit(checks.X_train, checks.y_train)
            .predict(checks.X_test)
        )
        clear = checks.clear_votes(checks.X_train, checks.y_train, checks.X_test, k)
        assert clear.mean() > 0.8
        assert np.array_equal(ours[clear], theirs[clear])


def test_naive_bayes_reference_agrees_with_scikit_learn():
    from llmprep.exercises.checks import test_naive_bayes as checks
    from llmprep.solutions import GaussianNaiveBayes

    for smoothing in (1e-9, 0.5):
        ours = GaussianNaiveBayes(var_smoothing=smoothing).fit(checks.X_train, checks.y_train)
        theirs = GaussianNB(var_smoothing=smoothing).fit(checks.X_train, checks.y_train)
        assert np.allclose(
            ours.predict_proba(checks.X_test), theirs.predict_proba(checks.X_test), atol=1e-9
        )


def test_svm_reference_agrees_with_scikit_learn():
    from llmprep.exercises.checks import test_svm as checks
    from llmprep.solutions import SVMClassifier

    for params in ({}, {"C": 0.05}, {"C": 100.0}, {"gamma": 5.0}, {"kernel": "linear"}):
        ours = SVMClassifier(**params).fit(checks.X_train, checks.y_train).predict(checks.X_test)
        theirs = SVC(**params).fit(checks.X_train, checks.y_train).predict(checks.X_test)
        assert np.mean(ours == theirs) >= 0.98, params
    X_fit, y_fit, X_query, _ = checks.CORNERS
    ours = SVMClassifier().fit(X_fit, y_fit).predict(X_query)
    assert np.mean(ours == SVC().fit(X_fit, y_fit).predict(X_query)) >= 0.98
    linear = SVC(kernel="linear").fit(X_fit, y_fit).predict(X_query)
    assert np.mean(ours == linear) <= 0.8  # a straight boundary fails the 95% agreement


def test_logistic_regression_reference_agrees_with_scikit_learn():
    """Run to convergence, gradient descent on mean log loss + (l2 / 2) ||w||^2 reaches
    scikit-learn's optimum of sum log loss + ||w||^2 / (2 C) with C = 1 / (n l2)."""
    from llmprep.exercises.checks import test_logistic_regression as checks
    from llmprep.solutions import LogisticRegression

    X, y, X_query = checks.X_train, checks.y_train, checks.X_test
    for l2 in (0.0, 0.1, 1.0):
        ours = LogisticRegression(learning_rate=0.1, n_iter=20_000, l2=l2).fit(X, y)
        C = np.inf if l2 == 0 else 1 / (len(y) * l2)
        theirs = ScikitLogisticRegression(C=C, tol=1e-12, max_iter=10_000).fit(X, y)
        assert np.allclose(ours.coef_, theirs.coef_[0], atol=1e-6), l2
        assert np.isclose(ours.intercept_, theirs.intercept_[0], atol=1e-6), l2
        assert np.allclose(ours.predict_proba(X_query), theirs.predict_proba(X_query), atol=1e-6)


def test_kmeans_reference_agrees_with_scikit_learn():
    from llmprep.exercises.checks import test_kmeans as checks
    from llmprep.solutions import KMeans

    for X, k in ((checks.X_four, 4), (checks.X_nine, 9)):
        ours = KMeans(n_clusters=k, n_init=20, random_state=0).fit(X)
        theirs = SKLearnKMeans(n_clusters=k, n_init=20, random_state=0).fit(X)
        assert abs(ours.inertia_ / theirs.inertia_ - 1) < 1e-3
        assert adjusted_rand_score(ours.labels_, theirs.labels_) > 0.99
        assert checks.adjusted_rand_index(ours.labels_, theirs.labels_) == pytest.approx(
            adjusted_rand_score(ours.labels_, theirs.labels_)
        )
    init = checks.X_nine[:9]  # from the same centres, Lloyd's algorithm ends at the same place
    ours = KMeans(n_clusters=9, init=init, tol=0.0).fit(checks.X_nine)
    theirs = SKLearnKMeans(n_clusters=9, init=init, n_init=1, tol=0.0).fit(checks.X_nine)
    assert np.allclose(ours.cluster_centers_, theirs.cluster_centers_, atol=1e-9)
    assert np.array_equal(ours.labels_, theirs.labels_) and ours.n_iter_ == theirs.n_iter_
    rng = np.random.default_rng(0)  # the adjusted Rand index of the checks, on chance labelings
    for _ in range(5):
        a, b = rng.integers(0, 4, 50), rng.integers(0, 3, 50)
        assert checks.adjusted_rand_index(a, b) == pytest.approx(adjusted_rand_score(a, b))


def test_linear_regression_reference_agrees_with_scikit_learn():
    """The task's alpha is scikit-learn's Ridge alpha divided by n (the MEAN squared error)."""
    from sklearn.linear_model import LinearRegression as SkLinearRegression
    from sklearn.linear_model import Ridge

    from llmprep.exercises.checks import test_linear_regression as checks
    from llmprep.solutions import LinearRegression

    for seed in (0, 1, 2):
        X, y = checks.regression(70, 5, seed=seed)
        for alpha in (0.1, 10.0):
            for fit_intercept in (True, False):
                ours = LinearRegression(alpha=alpha, fit_intercept=fit_intercept).fit(X, y)
                theirs = Ridge(alpha=len(y) * alpha, fit_intercept=fit_intercept).fit(X, y)
                assert np.allclose(ours.coef_, theirs.coef_, rtol=1e-9, atol=1e-12)
                assert np.isclose(ours.intercept_, theirs.intercept_, rtol=1e-9, atol=1e-12)
        collinear = checks.with_copies(X[:, :3])  # alpha = 0: lstsq's minimum-norm solution
        ours = LinearRegression().fit(collinear, y)
        theirs = SkLinearRegression().fit(collinear, y)
        assert np.allclose(ours.predict(collinear), theirs.predict(collinear), atol=1e-9)
        assert np.allclose(ours.coef_, theirs.coef_, atol=1e-9)
        standardised, y = checks.standardised(200, 5, seed=seed)
        descent = LinearRegression(alpha=0.1, solver="gradient_descent").fit(standardised, y)
        closed = Ridge(alpha=200 * 0.1).fit(standardised, y)
        assert np.allclose(descent.coef_, closed.coef_, atol=checks.CONVERGED / 10)


def test_pca_reference_agrees_with_scikit_learn():
    from llmprep.exercises.checks import test_pca as checks
    from llmprep.solutions import PCA

    datasets = [checks.data(seed)[0] for seed in (0, 1, 2)] + [checks.correlated(10, 30, seed=4)]
    for X in datasets:
        for params in ({}, {"n_components": 2}, {"n_components": 3, "whiten": True}):
            ours, theirs = PCA(**params).fit(X), ScikitPCA(**params).fit(X)
            rows = min(len(ours.components_), len(X) - 1)  # the last of wide data is arbitrary
            for name in ("explained_variance_", "explained_variance_ratio_", "singular_values_"):
                assert np.allclose(getattr(ours, name)[:rows], getattr(theirs, name)[:rows])
            assert np.allclose(ours.mean_, theirs.mean_)
            # The same sign rule: the components agree without any flipping.
            assert np.allclose(ours.components_[:rows], theirs.components_[:rows], atol=1e-8)
            assert np.allclose(ours.transform(X)[:, :rows], theirs.transform(X)[:, :rows])


def test_attention_reference_agrees_with_scipy_softmax():
    """Row by row, the reference is scipy's softmax of q.k / sqrt(d_k) over the allowed keys."""
    from scipy.special import softmax

    from llmprep.solutions import ScaledDotProductAttention

    rng = np.random.default_rng(0)
    for causal, scale in ((False, 1.0), (True, 1.0), (True, 1e3)):
        q, k = scale * rng.standard_normal((3, 6, 8)), rng.standard_normal((3, 6, 8))
        v = rng.standard_normal((3, 6, 5))
        mask = rng.random((3, 6)) < 0.7
        mask[0] = False  # a sequence of padding only: zeros
        output, weights = ScaledDotProductAttention(causal=causal).forward(q, k, v, mask)
        for b in range(3):
            for i in range(6):
                keys = [j for j in range(6) if mask[b, j] and (not causal or j <= i)]
                expected = np.zeros(6)
                if keys:
                    expected[keys] = softmax(q[b, i] @ k[b, keys].T / np.sqrt(8))
                assert np.allclose(weights[b, i], expected, atol=1e-12)
                assert np.allclose(output[b, i], expected @ v[b], atol=1e-12)


def test_rope_reference_agrees_with_rotation_matrices_and_the_neox_layout():
    """Token by token, the reference is x times RoFormer's block-diagonal rotation matrix R_m
    (eq. 15); and GPT-NeoX's half-split layout gives the same output with the features permuted."""
    from llmprep.solutions import RotaryEmbedding

    rng = np.random.default_rng(0)
    for dim, base in ((2, 10000.0), (8, 10000.0), (32, 500000.0)):
        rope = RotaryEmbedding(dim, base)
        theta = rope.frequencies()
        x, positions = rng.standard_normal((2, 3, 5, dim)), rng.integers(0, 5000, 5)
        out = rope.apply(x, positions)
        for t, m in enumerate(positions):
            matrix = np.zeros((dim, dim))
            for i in range(dim // 2):
                c, s = np.cos(m * theta[i]), np.sin(m * theta[i])
                matrix[2 * i : 2 * i + 2, 2 * i : 2 * i + 2] = [[c, -s], [s, c]]
            assert np.allclose(out[..., t, :], x[..., t, :] @ matrix.T, atol=1e-12)
        order = np.concatenate([np.arange(0, dim, 2), np.arange(1, dim, 2)])  # evens, then odds
        first, second = x[..., order][..., : dim // 2], x[..., order][..., dim // 2 :]
        angles = positions[:, None] * theta
        neox = np.concatenate(
            [
                first * np.cos(angles) - second * np.sin(angles),
                first * np.sin(angles) + second * np.cos(angles),
            ],
            axis=-1,
        )
        assert np.allclose(neox, out[..., order], atol=1e-12)


def test_multi_head_attention_reference_agrees_with_a_loop_over_heads():
    """Head by head and query by query, the reference is scipy's softmax of q.k / sqrt(d_head)
    over the allowed keys, query head h reading kv head h // (n_heads // n_kv_heads), and the
    heads side by side times w_o; the checks' replay of the task agrees with it too."""
    from scipy.special import softmax

    from llmprep.exercises.checks import test_multi_head_attention as checks
    from llmprep.solutions import MultiHeadAttention

    rng = np.random.default_rng(0)
    for d_model, n_heads, n_kv_heads in ((12, 3, None), (16, 4, 2), (24, 6, 3), (16, 8, 1)):
        model = MultiHeadAttention(d_model, n_heads, n_kv_heads, seed=1)
        weights = {name: getattr(model, name) for name in checks.NAMES}
        d_head, group = d_model // n_heads, n_heads // model.n_kv_heads
        x = 2 * rng.standard_normal((2, 5, d_model))
        for causal in (False, True):
            expected = np.zeros((2, 5, d_model))
            for b in range(2):
                for h in range(n_heads):
                    cols = slice(h * d_head, (h + 1) * d_head)
                    kv = slice((h // group) * d_head, (h // group + 1) * d_head)
                    q = x[b] @ model.w_q[:, cols]
                    k, v = x[b] @ model.w_k[:, kv], x[b] @ model.w_v[:, kv]
                    for i in range(5):
                        seen = i + 1 if causal else 5
                        p = softmax(q[i] @ k[:seen].T / np.sqrt(d_head))
                        expected[b, i, cols] = p @ v[:seen]
            expected = expected @ model.w_o
            assert np.allclose(model.forward(x, causal=causal), expected, atol=1e-12)
            replayed = checks.replay(x, weights, n_heads, n_kv_heads, causal)
            assert np.allclose(replayed, expected, atol=1e-12)


def test_decision_tree_reference_agrees_with_scikit_learn():
    """Where no two splits tie, the reference grows scikit-learn's tree, whatever its random_state.

    scikit-learn visits the features in a random order and keeps the first best split it meets,
    so where splits tie (common deep in a fully grown tree, where several features separate the
    last few points) its choice depends on random_state, and rounding picks between decreases
    that are mathematically equal; the reference's tie rule (the lowest feature index, then the
    lowest threshold, within 1e-12) is fixed. On the cases below no node has a tie. scikit-learn
    takes the midpoints of float32 values, so the thresholds agree to about 1e-7.
    """
    from sklearn.tree import DecisionTreeClassifier as ScikitTree

    from llmprep.exercises.checks import test_decision_tree as checks
    from llmprep.solutions import DecisionTreeClassifier

    def same_tree(ours, theirs, node=0):
        tree = theirs.tree_
        if not isinstance(ours, tuple):
            return tree.children_left[node] == -1
        feature, threshold, left, right = ours
        return (
            tree.feature[node] == feature
            and abs(tree.threshold[node] - threshold) < 1e-6
            and same_tree(left, theirs, tree.children_left[node])
            and same_tree(right, theirs, tree.children_right[node])
        )

    X_p0, y_p0, X_query_p0, _ = checks.PROBLEMS[0]
    data = [(checks.X_train, checks.y_train, checks.X_test), (X_p0, y_p0, X_query_p0)]
    for X, y, X_query in data:
        for criterion in ("gini", "entropy"):
            for params in ({"max_depth": 1}, {"max_depth": 2}, {"max_depth": 3},
                           {"min_samples_leaf": 12}):  # fmt: skip
                ours = DecisionTreeClassifier(criterion=criterion, **params).fit(X, y)
                for random_state in range(5):
                    theirs = ScikitTree(
                        criterion=criterion, random_state=random_state, **params
                    ).fit(X, y)
                    assert same_tree(ours.root_, theirs), (criterion, params, random_state)
                    assert ours.depth_ == theirs.get_depth()
                    assert np.array_equal(
                        ours.predict_proba(X_query), theirs.predict_proba(X_query)
                    )
    # XOR: scikit-learn also makes a root split that lowers the impurity by 0.
    X = np.tile([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], (5, 1))
    y = np.tile([0, 1, 1, 0], 5)
    assert ScikitTree().fit(X, y).get_depth() == DecisionTreeClassifier().fit(X, y).depth_ == 2


def test_metrics_reference_agrees_with_scikit_learn():
    """On the checks' data and on random labels and tied scores, the reference gives
    scikit-learn's confusion_matrix, precision_recall_fscore_support (zero_division=0) and
    roc_auc_score."""
    import warnings

    from sklearn.metrics import (
        confusion_matrix,
        precision_recall_fscore_support,
        roc_auc_score,
    )

    from llmprep.exercises.checks import test_metrics as checks
    from llmprep.solutions import ClassificationMetrics

    metrics = ClassificationMetrics()
    cases = [checks.labelled(seed) for seed in checks.SEEDS]
    cases += [checks.from_matrix(checks.BANK_MATRIX, ["A", "B", "C"])]
    cases += [([0, 0, 1, 1, 2, 2], [0, 0, 0, 0, 3, 3]), ([3, 1, 3, 1, 3], [1, 7, 3, 1, 7])]
    rng = np.random.default_rng(0)
    for _ in range(40):
        n, k = rng.integers(1, 60), rng.integers(2, 6)
        cases.append((rng.integers(0, k, n), rng.integers(0, k + 1, n)))
    for y_true, y_pred in cases:
        labels = sorted(set(np.asarray(y_true).tolist()) | set(np.asarray(y_pred).tolist()))[::-1]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a single label makes scikit-learn warn
            assert np.array_equal(
                metrics.confusion_matrix(y_true, y_pred), confusion_matrix(y_true, y_pred)
            )
            assert np.array_equal(
                metrics.confusion_matrix(y_true, y_pred, labels=labels),
                confusion_matrix(y_true, y_pred, labels=labels),
            )
        for average in (None, "macro", "micro", "weighted"):
            ours = metrics.precision_recall_f1(y_true, y_pred, average=average)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                theirs = precision_recall_fscore_support(
                    y_true, y_pred, average=average, zero_division=0
                )[:3]
            for mine, reference in zip(ours, theirs, strict=True):
                assert np.allclose(mine, reference, rtol=0, atol=1e-14), average
    scored = [checks.scored(seed) for seed in checks.SEEDS]
    for _ in range(40):
        n = rng.integers(2, 80)
        y = rng.integers(0, 2, n)
        y[:2] = [0, 1]
        scored.append((y, np.round(rng.normal(size=n), rng.integers(0, 3))))
    for y, scores in scored:
        assert metrics.roc_auc(y, scores) == pytest.approx(roc_auc_score(y, scores), abs=1e-14)
        assert metrics.roc_auc(y.astype(bool), scores) == pytest.approx(
            roc_auc_score(y, scores), abs=1e-14
        )


def test_softmax_cross_entropy_reference_agrees_with_scipy_and_scikit_learn():
    """softmax and log_softmax are scipy's over the last axis, the loss is scikit-learn's
    log_loss, and the gradient is the central differences of that loss."""
    from scipy.special import log_softmax, softmax
    from sklearn.metrics import log_loss

    from llmprep.exercises.checks import test_softmax_cross_entropy as checks
    from llmprep.solutions import SoftmaxCrossEntropy

    ce = SoftmaxCrossEntropy()
    for seed in (0, 1, 2):
        z = checks.logits_of(checks.SHAPES[seed], seed)
        assert np.allclose(ce.softmax(z), softmax(z, axis=-1), rtol=0, atol=1e-15)
        assert np.allclose(ce.log_softmax(z), log_softmax(z, axis=-1), rtol=1e-14, atol=1e-14)
        z, y = checks.problem(seed)
        k = z.shape[1]
        expected = log_loss(y, softmax(z, axis=1), labels=list(range(k)))
        assert ce.loss(z, y) == pytest.approx(expected, rel=1e-12)
        numeric = np.zeros_like(z)
        for index in np.ndindex(z.shape):
            step = np.zeros_like(z)
            step[index] = 1e-6
            above = log_loss(y, softmax(z + step, axis=1), labels=list(range(k)))
            below = log_loss(y, softmax(z - step, axis=1), labels=list(range(k)))
            numeric[index] = (above - below) / 2e-6
        assert np.allclose(ce.gradient(z, y), numeric, rtol=0, atol=1e-8)
    huge = checks.HUGE
    assert np.allclose(ce.log_softmax(huge), log_softmax(huge, axis=-1), rtol=1e-15, atol=0)
    assert np.allclose(ce.softmax(huge), softmax(huge, axis=-1), rtol=0, atol=1e-15)


def test_fault_dump_frames_are_the_candidates_innermost_first(tmp_path):
    from llmprep.exercises.report import fault_dump_frames

    impl = tmp_path / "knn.py"
    dump = (
        "Fatal Python error: Segmentation fault\n\n"
        "Current thread 0x00007f (most recent call first):\n"
        f'  File "{impl}", line 12 in _distances\n'
        f'  File "{impl}", line 30 in predict\n'
        '  File "/venv/lib/python3.11/site-packages/_pytest/python.py", line 159 in call\n'
    )
    assert fault_dump_frames(dump, impl) == [(12, "_distances"), (30, "predict")]


def test_sampling_reference_is_the_smallest_nucleus_by_brute_force():
    """The reference's distribution, from scipy's softmax and a search of every subset: the
    nucleus is the smallest set of the (renormalised top-k) tokens reaching top_p, ties to the
    smaller id."""
    import itertools

    from scipy.special import softmax

    from llmprep.solutions import Sampler

    def brute_force(z, temperature, top_k, top_p):
        p = softmax(np.asarray(z, dtype=float) / temperature)
        ids = sorted(range(len(p)), key=lambda i: (-p[i], i))[:top_k]
        if top_p is not None:
            mass = p[ids].sum()
            for size in range(1, len(ids) + 1):  # the first size with a subset reaching top_p
                reaching = [
                    c
                    for c in itertools.combinations(ids, size)
                    if p[list(c)].sum() / mass >= top_p - 1e-15
                ]
                if reaching:  # the heaviest of them, the smaller ids on a tie
                    ids = list(max(reaching, key=lambda c: (p[list(c)].sum(), [-i for i in c])))
                    break
        kept = np.zeros(len(p))
        kept[ids] = p[ids]
        return kept / kept.sum()

    rng = np.random.default_rng(0)
    for _ in range(600):
        z = rng.normal(size=rng.integers(1, 8)) * rng.choice([0.5, 2.0, 5.0])
        if rng.random() < 0.3:
            z = np.round(z)  # ties
        temperature = float(rng.choice([0.3, 1.0, 2.5]))
        top_k = [None, 1, 2, 3, 10][rng.integers(5)]
        top_p = [None, 0.3, 0.5, 0.8, 0.9, 0.99, 1.0][rng.integers(7)]
        got = Sampler(temperature, top_k, top_p).probabilities(z)
        assert np.allclose(got, brute_force(z, temperature, top_k, top_p), rtol=0, atol=1e-12)


def test_sampling_check_data_is_clear_of_the_top_p_thresholds():
    """No check's top_p lies within 1e-6 of a cumulative sum: rounding never decides a token."""
    from llmprep.exercises.checks import test_sampling as checks

    def gap(logits, temperature=1.0, top_k=None, top_p=None):
        p = softmax_of(np.asarray(logits, dtype=float) / temperature)
        order = np.argsort(-p, kind="stable")[:top_k]
        q = p[order] / p[order].sum()
        return np.abs(np.cumsum(q) - top_p).min()

    def softmax_of(z):
        e = np.exp(z - z.max())
        return e / e.sum()

    cases = [(checks.LOGITS[s], 1.0, None, p) for s in checks.SEEDS for p in checks.TOP_PS]
    cases += [(checks.LOGITS[s], 2.0, None, 0.5) for s in (1, 2)]
    cases += [(checks.LOGITS[s], 0.7, 10, 0.9) for s in (1, 2)]
    cases += [(checks.LOGITS[1], 2.0, 10, 0.8), (checks.LOGITS[0], 0.7, 6, 0.9)]
    cases += [(checks.WORKED, 1.0, None, p) for p in (0.9, 0.6, 0.8, 0.99)]
    cases += [(checks.WORKED, 0.5, None, 0.9), (np.log([0.4, 0.3, 0.2, 0.1]), 1.0, 3, 0.75)]
    assert min(gap(*case) for case in cases) > 1e-6


def test_kv_cache_reference_agrees_with_a_loop_over_positions_and_heads():
    """forward, and decoding in steps, equal attention written position by position and head by
    head with scipy's softmax; the cache holds those keys and values."""
    from scipy.special import softmax

    from llmprep.solutions import CachedSelfAttention

    rng = np.random.default_rng(0)
    for d_model, n_heads, seq, batch in ((8, 2, 7, 3), (12, 3, 9, 2), (6, 1, 5, 2)):
        layer = CachedSelfAttention(d_model, n_heads, seed=3)
        x = 2 * rng.standard_normal((batch, seq, d_model))
        d_head = d_model // n_heads
        expected = np.zeros_like(x)
        for b in range(batch):
            q, k, v = (x[b] @ w for w in (layer.w_q, layer.w_k, layer.w_v))
            for i in range(seq):
                heads = []
                for h in range(n_heads):
                    cols = slice(h * d_head, (h + 1) * d_head)
                    weights = softmax(k[: i + 1, cols] @ q[i, cols] / np.sqrt(d_head))
                    heads.append(weights @ v[: i + 1, cols])
                expected[b, i] = np.concatenate(heads) @ layer.w_o
        assert np.allclose(layer.forward(x), expected, atol=1e-12)
        stepped = [layer.step(x[:, :3])] + [layer.step(x[:, t : t + 1]) for t in range(3, seq)]
        assert np.allclose(np.concatenate(stepped, axis=1), expected, atol=1e-12)
        keys = (x @ layer.w_k).reshape(batch, seq, n_heads, d_head)
        assert np.allclose(layer.k_cache, keys.transpose(0, 2, 1, 3), atol=1e-14)
