"""Checks of the `metrics` exercise: the candidate's ClassificationMetrics against the reference.

Every metric is fixed by the task (rows of the confusion matrix are the true labels, the labels
are the sorted union, a ratio over 0 is 0, a tied pair counts 1/2 in the AUC), so the confusion
matrix must equal the reference's and every score must be within 1e-12 of it. When a score is
off, the checks replay the classic mistakes (macro-F1 as the F1 of macro-precision and
macro-recall, weights from the predicted counts, ties ignored in the AUC...) and name the one the
candidate's numbers match. Properties the mathematics gives (the matrix sums to n, micro-F1 is
the accuracy, the AUC of -s is 1 - AUC, the AUC ignores the order of the samples and any strictly
increasing transform of the scores) are asserted without the reference.

PYTEST_DONT_REWRITE
"""

import numpy as np
import pytest

from llmprep.exercises.checks._rules import check_numpy_only
from llmprep.exercises.checks._support import SEEDS, SPARSE_LABELS, STRING_LABELS
from llmprep.solutions import ClassificationMetrics as Reference

TOLERANCE = 1e-12  # absolute, on every precision, recall, F1 and AUC
REFERENCE = Reference()
NAMES = ("precision", "recall", "f1")
AVERAGES = ("macro", "micro", "weighted")


# -- the data ---------------------------------------------------------------------------------------


def labelled(seed):
    """(y_true, y_pred) of a noisy classifier: 3, 4 or 5 imbalanced classes, 60, 150 or 400 samples.

    Seed 1 uses the labels 3, 7, 42, -1, whose sorted order (-1 first) is not their order of
    appearance. Every class is both true and predicted somewhere, so no ratio is 0 / 0 here.
    """
    rng = np.random.default_rng(40 + seed)
    k, n = 3 + seed, (60, 150, 400)[seed]
    frequencies = 0.55 ** np.arange(k)
    y_true = rng.choice(k, size=n, p=frequencies / frequencies.sum())
    y_true[:k] = np.arange(k)  # every class is true at least once
    wrong = rng.random(n) < 0.35
    y_pred = np.where(wrong, rng.integers(0, k, size=n), y_true)  # errors spread evenly
    y_pred[:k] = np.arange(k)  # and predicted at least once
    if seed == 1:
        names = np.array(SPARSE_LABELS)
        return names[y_true], names[y_pred]
    return y_true, y_pred


def scored(seed):
    """(y_true, scores): 0/1 labels (about 30% positives) and probabilities rounded to 1 decimal
    (seed 0) or 2, so that some positive-negative pairs are tied; 40, 200 or 1000 samples."""
    rng = np.random.default_rng(70 + seed)
    n = (40, 200, 1000)[seed]
    y = (rng.random(n) < 0.3).astype(int)
    y[:2] = [0, 1]
    logits = rng.normal(1.2 * y - 0.4, 1.0)
    scores = np.clip(np.round(1 / (1 + np.exp(-logits)), (1, 2, 2)[seed]), 0.01, 0.99)
    return y, scores


# Three classes with supports 100 / 20 / 10 and TP 90 / 10 / 2: the question bank's example
# (mc-macro-vs-micro-f1), whose per-class F1 are 0.90, 0.53 and 0.18.
BANK_MATRIX = np.array([[90, 4, 6], [6, 10, 4], [4, 4, 2]])


def from_matrix(matrix, labels):
    """(y_true, y_pred) lists whose confusion matrix is `matrix` (rows true)."""
    pairs = [
        (labels[i], labels[j]) for (i, j), count in np.ndenumerate(matrix) for _ in range(count)
    ]
    return [t for t, _ in pairs], [p for _, p in pairs]


# -- looking at what the candidate returned -------------------------------------------------------


def _shown(values, digits=4):
    values = np.asarray(values, dtype=float)
    if values.ndim == 0:
        return f"{float(values):.{digits}g}"
    return "[" + ", ".join(f"{value:.{digits}g}" for value in values.tolist()) + "]"


def matrix_of(result, k, what):
    """What confusion_matrix returned, checked to be a (k, k) array of int counts."""
    assert result is not None, f"confusion_matrix returned None {what}: return the (k, k) array"
    matrix = np.asarray(result)
    assert matrix.shape == (k, k), (
        f"confusion_matrix must return one row and one column per label, shape ({k}, {k}), "
        f"{what}; got shape {matrix.shape}. The labels are the sorted union of y_true and y_pred "
        "(np.unique(np.concatenate([y_true, y_pred]))), or the labels argument when given"
    )
    assert np.issubdtype(matrix.dtype, np.integer), (
        f"confusion_matrix must return counts as an int array {what}, got dtype {matrix.dtype}: "
        "create it with np.zeros((k, k), dtype=int)"
    )
    return matrix


def triple(result, what, k=None):
    """What precision_recall_f1 returned: three arrays of shape (k,), or three numbers (k None)."""
    kind = f"three arrays of shape ({k},)" if k else "three floats"
    assert isinstance(result, (tuple, list)) and len(result) == 3, (
        f"precision_recall_f1 must return the tuple (precision, recall, f1), {kind}, {what}; "
        f"got {type(result).__name__}"
        + (f" of length {len(result)}" if isinstance(result, (tuple, list)) else "")
    )
    values = [np.asarray(value, dtype=float) for value in result]
    for name, value in zip(NAMES, values, strict=True):
        assert value.shape == ((k,) if k else ()), (
            f"{name} must be {'an array of shape (' + str(k) + ',)' if k else 'one float'} {what}"
            f", got shape {value.shape}"
        )
        assert np.isfinite(value).all(), (
            f"{name} is NaN {what}: {_shown(value)}. A ratio whose denominator is 0 (a class never "
            "predicted has TP + FP = 0, a class never true TP + FN = 0, and precision + recall "
            "can be 0) must be 0: np.divide(a, b, out=np.zeros_like(a), where=b > 0)"
        )
    return values


def auc_of(result, what, bounded=True):
    """What roc_auc returned, checked to be one number (in [0, 1] when `bounded`)."""
    assert result is not None, f"roc_auc returned None {what}: return the AUC, a float"
    value = np.asarray(result, dtype=float)
    assert value.shape == (), f"roc_auc must return one float {what}, got shape {value.shape}"
    assert np.isfinite(value), (
        f"roc_auc returned {float(value)} {what}: with both classes present, n_pos * n_neg > 0"
    )
    assert not bounded or 0 <= value <= 1, (
        f"roc_auc returned {float(value)} {what}: an AUC is in [0, 1]"
    )
    return float(value)


# -- the mistakes the checks recognise ----------------------------------------------------------


def _close(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and np.allclose(a, b, rtol=0, atol=1e-9)


def _harmonic(p, r):
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def _averaging_mistakes(y_true, y_pred, average):
    """{advice: (precision, recall, f1)} that the classic averaging mistakes give here."""
    matrix = REFERENCE.confusion_matrix(y_true, y_pred)
    p, r, f = REFERENCE.precision_recall_f1(y_true, y_pred)
    support, predicted = matrix.sum(axis=1), matrix.sum(axis=0)
    macro = [float(np.mean(v)) for v in (p, r, f)]
    weighted = [float(np.average(v, weights=support)) for v in (p, r, f)]
    by_predicted = [float(np.average(v, weights=predicted)) for v in (p, r, f)]
    micro = list(REFERENCE.precision_recall_f1(y_true, y_pred, average="micro"))
    if average == "macro":
        return {
            "you took the F1 of macro-precision and macro-recall: macro-F1 is the plain mean of "
            "the per-class F1 scores": (*macro[:2], _harmonic(*macro[:2])),
            "you weighted the classes by their support: macro is the plain mean, "
            "np.mean(values)": weighted,
            "you pooled the counts (that is micro): macro is the plain mean of the per-class "
            "values": micro,
        }
    if average == "weighted":
        return {
            "you weighted each class by how often it is PREDICTED (the column sums): the weights "
            "are the support, how often it is TRUE (the row sums)": by_predicted,
            "you took the F1 of weighted precision and weighted recall: average the per-class "
            "F1 scores with the support as weights": (*weighted[:2], _harmonic(*weighted[:2])),
            "you took the plain mean (that is macro): weight each class by its support, "
            "np.average(values, weights=support)": macro,
        }
    return {
        "you averaged the per-class values (that is macro): micro sums TP, TP + FP and TP + FN "
        "over the classes first, then takes the ratios": macro,
        "you averaged the per-class values with the support as weights (that is weighted): micro "
        "sums the counts over the classes first": weighted,
    }


def _per_class_advice(got, expected):
    (gp, gr, _), (ep, er, _) = got, expected
    if _close(gp, er) and _close(gr, ep):
        return (
            "Your precision and recall are swapped: precision divides TP by the COLUMN sum (how "
            "often the class is predicted), recall by the ROW sum (how often it is true). Is your "
            "confusion matrix transposed?"
        )
    return (
        "Precision is TP / (TP + FP) = C[i, i] / column sum, recall TP / (TP + FN) = C[i, i] / "
        "row sum, F1 = 2 P R / (P + R), one value per label in sorted order"
    )


def expect_scores(Candidate, y_true, y_pred, what, average=None):
    """precision_recall_f1 within TOLERANCE of the reference's; returns the candidate's values."""
    k = len(np.unique(np.concatenate([np.asarray(y_true), np.asarray(y_pred)])))
    result = Candidate().precision_recall_f1(y_true, y_pred, average=average)
    got = triple(result, what, k if average is None else None)
    expected = REFERENCE.precision_recall_f1(y_true, y_pred, average=average)
    off = [
        name
        for name, g, e in zip(NAMES, got, expected, strict=True)
        if np.abs(g - e).max() > TOLERANCE
    ]
    if not off:
        return got
    shown = "; ".join(
        f"{name}: expected {_shown(expected[NAMES.index(name)], 6)}, got "
        f"{_shown(got[NAMES.index(name)], 6)}"
        for name in off
    )
    if average is None:
        advice = _per_class_advice(got, expected)
    else:
        matches = [
            advice
            for advice, values in _averaging_mistakes(y_true, y_pred, average).items()
            if not _close(values, expected) and _close(got, values)
        ]
        advice = f"Your numbers are those of a known mistake: {matches[0]}" if matches else (
            "macro is the plain mean of the per-class values, micro pools TP, TP + FP and "
            "TP + FN over the classes before dividing, weighted averages the per-class values "
            "with the support (true count) as weights"
        )  # fmt: skip
    raise AssertionError(
        f"precision_recall_f1(average={average!r}) differs from the reference {what} (tolerance "
        f"{TOLERANCE:g}): {shown}. {advice}"
    )


def _pairs(y, scores):
    positive = np.asarray(y) == 1
    pos, neg = np.asarray(scores)[positive], np.asarray(scores)[~positive]
    higher = (pos[:, None] > neg[None, :]).sum()
    tied = (pos[:, None] == neg[None, :]).sum()
    return higher, tied, len(pos) * len(neg)


AUC_CAUSES = (
    "The AUC is the fraction of (positive, negative) pairs where the positive scores higher, a "
    "tied pair counting 1/2; a trapezoid under the ROC curve gives it too, if the points are "
    "taken by decreasing threshold and tied scores form one point"
)


def expect_auc(Candidate, y, scores, what, expected=None):
    """roc_auc within TOLERANCE of `expected` (the reference's by default); returns it."""
    got = auc_of(Candidate().roc_auc(y, scores), what)
    expected = REFERENCE.roc_auc(y, scores) if expected is None else expected
    if abs(got - expected) <= TOLERANCE:
        return got
    higher, tied, total = _pairs(y, scores)
    mistakes = {
        "ties are not counted: a tied (positive, negative) pair counts 1/2, "
        "(higher + 0.5 * tied) / (n_pos * n_neg)": higher / total,
        "a tied pair counts 1 (>= instead of >): it counts 1/2": (higher + tied) / total,
        "that is 1 - AUC: the positive class is 1, and a higher score means more positive": (
            1 - expected
        ),
    }
    matches = [advice for advice, value in mistakes.items() if abs(got - value) <= 1e-9]
    advice = f"Your AUC is that of a known mistake: {matches[0]}" if matches else AUC_CAUSES
    raise AssertionError(
        f"roc_auc {what} must be {expected:.12g} (tolerance {TOLERANCE:g}), got {got:.12g} "
        f"({tied} of the {total} pairs are tied). {advice}"
    )


# -- the confusion matrix -------------------------------------------------------------------------


def test_confusion_matrix_is_a_k_by_k_int_array(Candidate):
    """confusion_matrix returns a (k, k) int array, k the number of labels"""
    for seed in SEEDS:
        y_true, y_pred = labelled(seed)
        result = Candidate().confusion_matrix(y_true, y_pred)
        matrix_of(result, 3 + seed, f"for {3 + seed} classes [seed={seed}]")


def test_confusion_matrix_rows_are_the_true_labels(Candidate):
    """rows are the true labels, columns the predicted ones (y_true [0, 0, 0, 1], y_pred [0, 1, 1, 1])"""
    y_true, y_pred = [0, 0, 0, 1], [0, 1, 1, 1]
    what = f"for y_true {y_true} and y_pred {y_pred}"
    got = matrix_of(Candidate().confusion_matrix(y_true, y_pred), 2, what)
    if got.tolist() == [[1, 2], [0, 1]]:
        return
    cause = (
        "that is the transpose: C[i, j] counts true label i predicted as j, so row 0 (true 0) "
        "holds one 0 predicted as 0 and two 0s predicted as 1"
        if got.tolist() == [[1, 0], [2, 1]]
        else "C[i, j] counts the samples whose true label is labels[i] and predicted label labels[j]"
    )
    raise AssertionError(
        f"confusion_matrix {what} must be [[1, 2], [0, 1]], got {got.tolist()}: {cause}"
    )


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_confusion_matrix_matches_the_reference(Candidate, seed):
    """confusion_matrix equals the reference's (3 to 5 imbalanced classes)"""
    y_true, y_pred = labelled(seed)
    what = f"for {len(y_true)} samples of {3 + seed} classes"
    got = matrix_of(Candidate().confusion_matrix(y_true, y_pred), 3 + seed, what)
    expected = REFERENCE.confusion_matrix(y_true, y_pred)
    if np.array_equal(got, expected):
        return
    if np.array_equal(got, expected.T):
        cause = "yours is the transpose: rows are the true labels, columns the predicted ones"
    else:
        cause = (
            "rows are the true labels and columns the predicted ones, both in sorted label order "
            f"({np.unique(y_true).tolist()})"
        )
    raise AssertionError(
        f"confusion_matrix differs from the reference {what}: expected {expected.tolist()}, got "
        f"{got.tolist()}: {cause}"
    )


def test_confusion_matrix_counts_add_up(Candidate):
    """the counts add up: total n, row sums the true counts, column sums the predicted counts, trace the correct predictions"""
    for seed in SEEDS:
        y_true, y_pred = labelled(seed)
        what = f"[seed={seed}]"
        matrix = matrix_of(Candidate().confusion_matrix(y_true, y_pred), 3 + seed, what)
        labels = np.unique(y_true)
        true_counts = [int(np.sum(y_true == label)) for label in labels]
        predicted_counts = [int(np.sum(y_pred == label)) for label in labels]
        assert matrix.sum() == len(y_true), (
            f"the confusion matrix must sum to n = {len(y_true)} (one count per sample) {what}, "
            f"got {matrix.sum()}"
        )
        swapped = " (those are the predicted counts: is the matrix transposed?)"
        rows = matrix.sum(axis=1).tolist()
        assert rows == true_counts, (
            f"the row sums must be how often each label is TRUE, {true_counts} {what}; got "
            f"{rows}{swapped if rows == predicted_counts else ''}"
        )
        columns = matrix.sum(axis=0).tolist()
        assert columns == predicted_counts, (
            f"the column sums must be how often each label is PREDICTED, {predicted_counts} "
            f"{what}; got {columns}"
        )
        correct = int(np.sum(y_true == y_pred))
        assert np.trace(matrix) == correct, (
            f"the diagonal must sum to the {correct} correct predictions {what}, got "
            f"{np.trace(matrix)}: C[i, i] counts the samples of label i predicted as i"
        )


def test_labels_default_to_the_sorted_union(Candidate):
    """labels=None means the sorted union of y_true and y_pred (7 is only predicted: its row is zeros)"""
    y_true, y_pred = [3, 1, 3, 1, 3], [1, 7, 3, 1, 7]
    what = f"for y_true {y_true} and y_pred {y_pred}"
    result = np.asarray(Candidate().confusion_matrix(y_true, y_pred))
    assert result.shape != (2, 2), (
        f"confusion_matrix {what} must have the 3 labels [1, 3, 7], got shape (2, 2): the labels "
        "are the union of y_true AND y_pred (7 is only predicted), "
        "np.unique(np.concatenate([y_true, y_pred]))"
    )
    got = matrix_of(result, 3, what)
    expected = [[1, 0, 1], [1, 1, 1], [0, 0, 0]]
    assert got.tolist() == expected, (
        f"confusion_matrix {what} must be {expected} (labels in sorted order [1, 3, 7]; rows "
        f"true, columns predicted), got {got.tolist()}"
    )


def test_given_labels_fix_the_order(Candidate):
    """given labels fix the order of the rows and columns; a label with no sample gets zeros"""
    y_true, y_pred = [3, 1, 3, 1, 3], [1, 7, 3, 1, 7]
    labels = [7, 3, 1, 0]
    what = f"for y_true {y_true}, y_pred {y_pred} and labels={labels}"
    got = matrix_of(Candidate().confusion_matrix(y_true, y_pred, labels=labels), 4, what)
    expected = REFERENCE.confusion_matrix(y_true, y_pred, labels=labels)
    assert np.array_equal(got, expected), (
        f"confusion_matrix {what} must be {expected.tolist()}, got {got.tolist()}: row and column "
        "i belong to labels[i], in the order given (0 has no sample: a row and a column of zeros)"
    )


def test_string_labels_and_plain_lists(Candidate):
    """string labels ('cat', 'dog', 'fish') in plain Python lists"""
    y_true, y_pred = labelled(0)
    names = np.array(STRING_LABELS[:3])
    y_true, y_pred = names[y_true].tolist(), names[y_pred].tolist()
    what = "for string labels in lists"
    got = matrix_of(Candidate().confusion_matrix(y_true, y_pred), 3, what)
    expected = REFERENCE.confusion_matrix(y_true, y_pred)
    assert np.array_equal(got, expected), (
        f"confusion_matrix {what} must be {expected.tolist()} (labels sorted: ['cat', 'dog', "
        f"'fish']), got {got.tolist()}"
    )
    for average in (None, "macro"):
        expect_scores(Candidate, y_true, y_pred, what, average)


# -- precision, recall and F1 ---------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_per_class_scores_match_the_reference(Candidate, seed):
    """average=None: per-class precision, recall and F1 match the reference (within 1e-12)"""
    y_true, y_pred = labelled(seed)
    expect_scores(Candidate, y_true, y_pred, f"for {3 + seed} classes")


def test_a_ratio_over_zero_is_zero(Candidate):
    """a class never predicted gets precision 0, a class never true recall 0, and F1 0, not NaN"""
    y_true, y_pred = [0, 0, 1, 1, 2, 2], [0, 0, 0, 0, 3, 3]
    what = f"for y_true {y_true} and y_pred {y_pred} (1 and 2 never predicted, 3 never true)"
    expect_scores(Candidate, y_true, y_pred, what)
    for average in AVERAGES:
        expect_scores(Candidate, y_true, y_pred, what, average)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_macro_average_is_the_mean_of_the_per_class_scores(Candidate, seed):
    """average='macro' is the plain mean of the per-class scores (within 1e-12)"""
    y_true, y_pred = labelled(seed)
    expect_scores(Candidate, y_true, y_pred, f"for {3 + seed} classes", "macro")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_micro_average_is_the_accuracy(Candidate, seed):
    """average='micro' pools the counts: precision = recall = F1 = accuracy (within 1e-12)"""
    y_true, y_pred = labelled(seed)
    what = f"for {3 + seed} classes"
    got = expect_scores(Candidate, y_true, y_pred, what, "micro")
    accuracy = float(np.mean(y_true == y_pred))
    assert all(abs(value - accuracy) <= TOLERANCE for value in got), (
        f"micro precision, recall and F1 must all equal the accuracy {accuracy:.12g} {what}, got "
        f"{_shown(got, 12)}"
    )


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_weighted_average_uses_the_support(Candidate, seed):
    """average='weighted' weights each class by its support, its true count (within 1e-12)"""
    y_true, y_pred = labelled(seed)
    expect_scores(Candidate, y_true, y_pred, f"for {3 + seed} classes", "weighted")


def test_the_question_banks_example(Candidate):
    """the question bank's example: supports 100 / 20 / 10, macro-F1 about 0.54, micro-F1 = 102 / 130"""
    y_true, y_pred = from_matrix(BANK_MATRIX, ["A", "B", "C"])
    what = "for the example of mc-macro-vs-micro-f1 (TP 90 / 10 / 2)"
    expect_scores(Candidate, y_true, y_pred, what)
    for average in AVERAGES:
        expect_scores(Candidate, y_true, y_pred, what, average)


def test_an_unknown_average_raises_value_error(Candidate):
    """an unknown average ('binary', 'samples', 'Macro') raises ValueError"""
    y_true, y_pred = labelled(0)
    for average in ("binary", "samples", "Macro"):
        try:
            Candidate().precision_recall_f1(y_true, y_pred, average=average)
        except ValueError:
            continue
        raise AssertionError(
            f"precision_recall_f1(average={average!r}) must raise ValueError: only None, "
            "'macro', 'micro' and 'weighted' are allowed. Check the argument first: "
            "if average not in (None, 'macro', 'micro', 'weighted'): raise ValueError(...)"
        )


# -- ROC-AUC ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_roc_auc_matches_the_reference(Candidate, seed):
    """roc_auc matches the reference on scores with ties (within 1e-12)"""
    y, scores = scored(seed)
    expect_auc(Candidate, y, scores, f"for {len(y)} scores rounded to {(1, 2, 2)[seed]} decimals")


def test_a_tied_pair_counts_one_half(Candidate):
    """a tied (positive, negative) pair counts 1/2: y [0, 0, 1, 1], scores [0.1, 0.5, 0.5, 0.9] give 0.875"""
    y, scores = [0, 0, 1, 1], [0.1, 0.5, 0.5, 0.9]
    expect_auc(Candidate, y, scores, f"for y {y} and scores {scores}", expected=0.875)


def test_all_tied_scores_give_one_half(Candidate):
    """scores all equal give 0.5: every pair is tied"""
    for y in ([0, 1], [0, 0, 1, 1, 1], [1, 0, 0, 0, 0, 0, 0, 1]):
        expect_auc(Candidate, y, [0.3] * len(y), f"for y {y} with every score 0.3", 0.5)


def test_perfect_and_reversed_rankings(Candidate):
    """a perfect ranking gives 1, the reversed ranking 0"""
    y, scores = [0, 1, 0, 1, 1, 0], [0.2, 0.8, 0.1, 0.7, 0.9, 0.3]
    expect_auc(Candidate, y, scores, f"for y {y} and scores {scores} (every positive higher)", 1.0)
    reverse = [1 - s for s in scores]
    expect_auc(Candidate, y, reverse, f"for y {y} and scores {reverse} (every positive lower)", 0.0)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_negated_scores_give_one_minus_the_auc(Candidate, seed):
    """negated scores give 1 - AUC (ties included)"""
    y, scores = scored(seed)
    auc = auc_of(Candidate().roc_auc(y, scores), "")
    negated = auc_of(Candidate().roc_auc(y, -scores), "for the negated scores")
    _, tied, total = _pairs(y, scores)
    assert abs(auc + negated - 1) <= TOLERANCE, (
        f"roc_auc(y, scores) + roc_auc(y, -scores) must be 1 (every pair ranked right one way is "
        f"ranked wrong the other, a tie counting 1/2 both ways); got {auc:.12g} + {negated:.12g} "
        f"= {auc + negated:.12g}, with {tied} of the {total} pairs tied"
        + (": are ties counted 0?" if abs(auc + negated - 1 + tied / total) < 1e-9 else "")
    )


def test_auc_ignores_the_order_of_the_samples(Candidate):
    """shuffling the samples leaves roc_auc unchanged"""
    y, scores = scored(1)
    auc = auc_of(Candidate().roc_auc(y, scores), f"for {len(y)} scores", bounded=False)
    in_order = np.argsort(scores, kind="stable")
    orders = {"sorted by score": in_order, "sorted by decreasing score": in_order[::-1]}
    rng = np.random.default_rng(5)
    orders |= {f"shuffled (permutation {i})": rng.permutation(len(y)) for i in range(3)}
    got = {
        name: auc_of(Candidate().roc_auc(y[o], scores[o]), name, bounded=False)
        for name, o in orders.items()
    }
    off = {name: value for name, value in got.items() if abs(value - auc) > TOLERANCE}
    assert not off, (
        f"roc_auc of {len(y)} samples gave {auc:.12g} in their original order, but "
        + ", ".join(f"{value:.12g} {name}" for name, value in off.items())
        + ". The samples' order must not matter: a trapezoid under the ROC curve needs the points "
        "sorted by decreasing threshold (tied scores forming one point); counting pairs needs no "
        "sorting at all"
    )


def test_auc_is_invariant_to_increasing_transforms(Candidate):
    """a strictly increasing transform of the scores (exp, 3 s + 7, s ** 3, 10 s - 5) leaves roc_auc unchanged"""
    y, scores = scored(1)
    auc = auc_of(Candidate().roc_auc(y, scores), f"for {len(y)} scores s")
    transforms = {
        "exp(s)": np.exp(scores),
        "3 s + 7": 3 * scores + 7,
        "s ** 3": scores**3,
        "10 s - 5": 10 * scores - 5,
    }
    for name, transformed in transforms.items():
        got = auc_of(Candidate().roc_auc(y, transformed), f"for the scores {name}")
        assert abs(got - auc) <= TOLERANCE, (
            f"roc_auc of the scores {name} must equal roc_auc of the scores s themselves, "
            f"{auc:.12g}; got {got:.12g}: the AUC only depends on the ranking of the scores, and "
            "scores need not lie in [0, 1] (logits, margins). Compare scores with each other, not "
            "with fixed thresholds such as 0, 0.01, ..., 1"
        )


def test_one_class_only_raises_value_error(Candidate):
    """y_true with one class only raises ValueError (the AUC is undefined)"""
    for y in ([1, 1, 1], [0, 0, 0, 0]):
        try:
            result = Candidate().roc_auc(y, [0.2, 0.5, 0.9, 0.4][: len(y)])
        except ValueError:
            continue
        raise AssertionError(
            f"roc_auc for y_true {y} (one class only) must raise ValueError: there is no "
            f"(positive, negative) pair, so the AUC is 0 / 0; got {result!r}. Check "
            "n_pos and n_neg before dividing"
        )


def test_bools_and_plain_lists(Candidate):
    """y_true of bools, and plain Python lists of ints and floats"""
    y, scores = scored(0)
    expected = REFERENCE.roc_auc(y, scores)
    cases = {
        "y_true of bools": (y.astype(bool), scores),
        "plain lists": (y.tolist(), scores.tolist()),
        "a list of bools": (y.astype(bool).tolist(), scores.tolist()),
    }
    for name, (labels, values) in cases.items():
        expect_auc(Candidate, labels, values, f"for {name}", expected)


def test_inputs_are_not_modified(Candidate):
    """the arrays passed in are not modified"""
    y_true, y_pred = labelled(2)
    y, scores = scored(2)
    arrays = {"y_true": y_true, "y_pred": y_pred, "y": y, "scores": scores}
    copies = {name: array.copy() for name, array in arrays.items()}
    metrics = Candidate()
    metrics.confusion_matrix(y_true, y_pred)
    for average in (None, *AVERAGES):
        metrics.precision_recall_f1(y_true, y_pred, average=average)
    metrics.roc_auc(y, scores)
    changed = [name for name in arrays if not np.array_equal(arrays[name], copies[name])]
    assert not changed, (
        f"the arrays {changed} were modified (e.g. scores.sort() sorts in place): work on a "
        "copy, or use np.sort / np.argsort, which return new arrays"
    )


def test_uses_only_numpy_and_the_standard_library(Candidate, task_rules):
    """uses only numpy and the standard library (the task's rule)"""

    def use(metrics):
        y_true, y_pred = labelled(0)
        metrics.confusion_matrix(y_true, y_pred)
        metrics.precision_recall_f1(y_true, y_pred, average="macro")
        metrics.roc_auc(*scored(0))

    check_numpy_only(Candidate, task_rules, use=use)
