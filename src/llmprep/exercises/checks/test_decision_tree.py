"""Checks of the `decision_tree` exercise: the candidate's DecisionTreeClassifier against the reference.

The task fixes every rule of the tree (the candidate thresholds, the weighted impurity decrease,
the tie rule, the three reasons to stop), so a correct tree is the reference's tree: its
predictions, its leaf frequencies (predict_proba, to 1e-12) and its depth_ must all be equal.
When they are not, the checks grow the tree again with each classic mistake (children not
weighted, thresholds at a data value, the last tie kept...) and name the one whose numbers the
candidate's match. Small crafted data sets then test one rule each.

PYTEST_DONT_REWRITE
"""

import numpy as np
import pytest

from llmprep.exercises.checks._rules import check_numpy_only
from llmprep.exercises.checks._support import (
    SEEDS,
    SPARSE_LABELS,
    STRING_LABELS,
    blobs,
    check_models_keep_their_own_data,
    check_same_predictions,
    predictions,
    relabel,
    same,
    split,
    unchanged,
)
from llmprep.solutions import DecisionTreeClassifier as Reference
from llmprep.solutions.decision_tree import impurity

TOLERANCE = 1e-12  # on predict_proba: leaf frequencies are counts / n, the same floats in any code
TIE = 1e-12  # the task's tie rule: decreases within 1e-12 of the largest are ties

# Three overlapping classes in 2-d: a fully grown tree is deep, and max_depth changes it.
X_train, y_train, X_test, y_test = split(*blobs(50, n_classes=3, spread=1.8, seed=8), 50)
# A problem per seed, with 2, 3 and 4 features.
PROBLEMS = {
    seed: split(*blobs(40, n_classes=3, n_features=(2, 3, 4)[seed], spread=2.0, seed=70 + seed), 40)
    for seed in SEEDS
}
CAUSES = (
    "The usual causes: the children's impurities not weighted by n_L / n and n_R / n; "
    "thresholds not halfway between consecutive distinct values; ties not won by the lowest "
    "feature index, then the lowest threshold, and decreases within 1e-12 of the largest not "
    "counted as ties (np.argmax alone lets rounding pick among equal decreases); stopping for "
    "another reason than the three of the task (a pure node, max_depth, no split leaving "
    "min_samples_leaf samples on each side)"
)

# -- the tree of the task, grown again with each classic mistake ------------------------------------

MISTAKES = {
    "unweighted": "the children's impurities are averaged without weighting them by their sizes: "
    "the decrease is I(node) - (n_L / n) I(left) - (n_R / n) I(right)",
    "at a value": "each threshold is a data value (x <= x_i), not halfway to the next distinct "
    "value: use (x_i + x_(i+1)) / 2",
    "last tie": "ties go to the last candidate (>= instead of >?): the lowest feature index wins, "
    "then the lowest threshold",
    "zero decrease": "a node stops when its best decrease is 0: stop only when it is pure, at "
    "max_depth, or when no split leaves min_samples_leaf samples on each side",
    "strict leaf": "a child must hold MORE than min_samples_leaf samples in your tree: it needs "
    "at least min_samples_leaf (>=)",
    "other criterion": "the tree is grown with the other criterion: read self.criterion "
    "('gini': 1 - sum p_k^2; 'entropy': -sum p_k log2 p_k)",
    "depth + 1": "your tree is one level deeper than max_depth allows: a node at depth max_depth "
    "(the root is at depth 0) is a leaf",
    "depth - 1": "your tree stops one level before max_depth: a node at depth max_depth - 1 may "
    "still split (the root is at depth 0)",
}


def _replay(X, codes, n_classes, criterion, max_depth, min_samples_leaf, mistake=None):
    """The task's tree, or the same tree grown with `mistake`: its predict_proba, with .depth."""
    if mistake == "other criterion":
        criterion = "entropy" if criterion == "gini" else "gini"
    if max_depth is not None and mistake in ("depth + 1", "depth - 1"):
        max_depth += 1 if mistake == "depth + 1" else -1

    def grow(rows, depth):
        counts = np.bincount(codes[rows], minlength=n_classes).astype(float)
        leaf = counts / len(rows)
        if np.count_nonzero(counts) == 1 or depth == max_depth:
            return leaf
        best = _split(X[rows], codes[rows], counts, criterion, min_samples_leaf, mistake)
        if best is None:
            return leaf
        j, threshold = best
        left = X[rows, j] <= threshold
        return (j, threshold, grow(rows[left], depth + 1), grow(rows[~left], depth + 1))

    root = grow(np.arange(len(codes)), 0)

    def depth(node):
        return 1 + max(depth(node[2]), depth(node[3])) if isinstance(node, tuple) else 0

    def proba(X_query):
        rows = []
        for x in np.asarray(X_query, dtype=float):
            node = root
            while isinstance(node, tuple):
                node = node[2] if x[node[0]] <= node[1] else node[3]
            rows.append(node)
        return np.array(rows)

    proba.depth = depth(root)
    return proba


def _split(X, codes, counts, criterion, m, mistake):
    n, parent, found = len(codes), impurity(counts, criterion), []
    for j in range(X.shape[1]):
        order = np.argsort(X[:, j], kind="stable")
        x = X[order, j]
        left = np.cumsum(np.eye(len(counts))[codes[order]], axis=0)[:-1]
        n_left = np.arange(1, n)
        if mistake == "unweighted":
            children = (impurity(left, criterion) + impurity(counts - left, criterion)) / 2
        else:
            children = n_left * impurity(left, criterion)
            children = (children + (n - n_left) * impurity(counts - left, criterion)) / n
        smallest = 1 + m if mistake == "strict leaf" else m
        allowed = (x[1:] > x[:-1]) & (n_left >= smallest) & (n - n_left >= smallest)
        thresholds = x[:-1] if mistake == "at a value" else (x[:-1] + x[1:]) / 2
        found += [(parent - children[i], j, thresholds[i]) for i in np.flatnonzero(allowed)]
    if not found:
        return None
    best = max(decrease for decrease, _, _ in found)
    if mistake == "zero decrease" and best <= TIE:
        return None
    ties = [(j, t) for decrease, j, t in found if decrease >= best - TIE]
    return ties[-1] if mistake == "last tie" else ties[0]


def _diagnosis(proba, X_fit, y_fit, X_query, params, depth=None):
    """The replayed mistakes that give the candidate's predict_proba (and depth_), else CAUSES."""
    X_fit = np.asarray(X_fit, dtype=float)
    classes, codes = np.unique(np.asarray(y_fit), return_inverse=True)
    full = {"criterion": "gini", "max_depth": None, "min_samples_leaf": 1, **params}
    args = (X_fit, codes.ravel(), len(classes), *full.values())
    right = _replay(*args)
    right_proba = right(X_query)
    found = []
    for mistake, advice in MISTAKES.items():
        replay = _replay(*args, mistake)
        replayed = replay(X_query)
        if replayed.shape != proba.shape:
            continue
        if np.allclose(replayed, right_proba, atol=1e-9) and replay.depth == right.depth:
            continue  # this mistake changes nothing here
        if np.allclose(proba, replayed, atol=1e-9) and depth in (None, replay.depth):
            found.append(advice)
    if len(found) == 1:
        return f"Your tree is the one of a known mistake: {found[0]}"
    if found:
        return "Your tree is what each of these known mistakes gives here: " + "; or ".join(found)
    return CAUSES


# -- looking at what the candidate returned -------------------------------------------------------


def fitted(Candidate, X, y, **params):
    model = Candidate(**params)
    model.fit(X, y)
    return model


def probabilities(model, X, n_classes):
    """model.predict_proba(X), checked to be a finite (n_samples, n_classes) array of frequencies."""
    proba = model.predict_proba(X)
    assert proba is not None, (
        f"predict_proba returned None; it must return an array of shape (n_samples, {n_classes})"
    )
    proba = np.asarray(proba, dtype=float)
    n = len(X)
    assert proba.shape == (n, n_classes), (
        f"predict_proba must return one row per sample and one column per class, shape "
        f"({n}, {n_classes}); got shape {proba.shape}"
    )
    assert np.isfinite(proba).all() and ((proba >= 0) & (proba <= 1)).all(), (
        "predict_proba returned values that are not probabilities (NaN, negative or above 1): "
        "each row is the class counts of the sample's leaf divided by the leaf's size"
    )
    sums = proba.sum(axis=1)
    worst = int(np.argmax(np.abs(sums - 1)))
    assert np.allclose(sums, 1, atol=1e-9), (
        f"each row of predict_proba must sum to 1; row {worst} sums to {sums[worst]:.6g}: divide "
        "the leaf's class counts by the number of training samples in the leaf"
    )
    return proba


def depth_of(model):
    depth = getattr(model, "depth_", None)
    assert depth is not None, (
        "after fit, the model must have depth_, the depth of its deepest leaf (0 for a single "
        "leaf, 1 for a single split)"
    )
    assert float(depth).is_integer(), f"depth_ must be an int, got {depth!r}"
    return int(depth)


def expect_reference(Candidate, X_fit, y_fit, X_query, what, **params):
    """predict_proba within TOLERANCE of the reference's, predict and depth_ equal to it."""
    reference = Reference(**params).fit(X_fit, y_fit)
    model = fitted(Candidate, X_fit, y_fit, **params)
    expected = reference.predict_proba(X_query)
    proba = probabilities(model, X_query, expected.shape[1])
    error = np.abs(proba - expected)
    if error.max() > TOLERANCE:
        order = np.argsort(np.unique(np.asarray(y_fit), return_index=True)[1])  # as first seen
        assert not (expected.shape[1] > 1 and np.allclose(proba, expected[:, order], atol=1e-9)), (
            f"predict_proba's columns are in the order the labels first appear {what}: column k "
            "is the probability of classes_[k], and classes_ is the labels sorted (np.unique)"
        )
        row = int(np.argmax(error.max(axis=1)))
        diagnosis = _diagnosis(proba, X_fit, y_fit, X_query, params)
        raise AssertionError(
            f"{int((error.max(axis=1) > TOLERANCE).sum())} of {len(X_query)} rows of "
            f"predict_proba differ from the reference {what}; e.g. sample {row}: expected "
            f"{_shown(expected[row])}, got {_shown(proba[row])}. {diagnosis}"
        )
    got = predictions(model, X_query, y_fit)
    check_same_predictions(got, reference.predict(X_query), what)
    depth = depth_of(model)
    if depth == reference.depth_:
        return model
    diagnosis = _diagnosis(proba, X_fit, y_fit, X_query, params, depth)
    if diagnosis == CAUSES:
        diagnosis = (
            "depth_ is the number of splits on the longest path from the root to a leaf (a "
            "single leaf has depth 0, a single split depth 1). Does your tree split nodes that "
            "are already pure, or count the root as depth 1?"
        )
    raise AssertionError(
        f"depth_ is {depth} {what}, but the reference's tree, whose predictions yours match "
        f"here, has depth {reference.depth_}. {diagnosis}"
    )
    return model


def expect_own_tree(Candidate, X_fit, codes, names, labels, X_query, what, X_given=None,
                    X_query_given=None):  # fmt: skip
    """The tree fitted on `labels` (class i named names[i], sorted) is the one fitted on 0..k-1.

    Renaming the classes in their sorted order, or passing lists, changes nothing in the tree, so
    the candidate is compared with its own model: a mistake in the tree itself fails the checks
    that compare with the reference, not these.
    """
    own = fitted(Candidate, X_fit, codes)
    own_proba = probabilities(own, X_query, len(names))
    model = fitted(Candidate, X_fit if X_given is None else X_given, labels)
    classes = np.asarray(getattr(model, "classes_", []))
    assert classes.shape == names.shape and same(classes, names).all(), (
        f"classes_ must be the labels sorted, {names.tolist()} {what}; got {classes.tolist()}"
    )
    query = X_query if X_query_given is None else X_query_given
    proba = probabilities(model, query, len(names))
    if not np.allclose(proba, own_proba, atol=TOLERANCE):
        order = np.argsort(np.unique(np.asarray(labels), return_index=True)[1])  # as first seen
        assert not np.allclose(proba, own_proba[:, order], atol=1e-9), (
            f"predict_proba's columns are in the order the labels first appear {what}: column k "
            "is the probability of classes_[k], and classes_ is the labels sorted (np.unique)"
        )
        raise AssertionError(
            f"predict_proba {what} differs from your own model's fitted on the same points with "
            f"labels 0, 1, 2 (class i renamed {names.tolist()}[i], which keeps their order): "
            "renaming the classes must not change the tree. Work with class indices, from "
            "np.unique(np.asarray(y), return_inverse=True), and np.asarray(X, dtype=float)"
        )
    got = predictions(model, query, labels)
    check_same_predictions(got, names[own.predict(X_query).astype(int)], what)


def _shown(values):
    return "[" + ", ".join(f"{value:.4g}" for value in np.asarray(values).tolist()) + "]"


def line(x):
    """One feature as a column: X of shape (n, 1)."""
    return np.asarray(x, dtype=float)[:, None]


# -- the checks -------------------------------------------------------------------------------------


def test_fit_returns_self(Candidate):
    """fit returns self"""
    model = Candidate()
    returned = model.fit(X_train, y_train)
    assert returned is model, (
        "fit must return self, so that DecisionTreeClassifier().fit(X, y).predict(X) works; "
        f"it returned {returned!r}"
    )


def test_predict_returns_one_label_per_sample(Candidate):
    """predict returns one label per sample"""
    predictions(fitted(Candidate, X_train, y_train), X_test, y_train)


def test_two_models_keep_their_own_data(Candidate):
    """two models fitted on different data keep their own"""
    second = (X_train[:, ::-1] + 5.0, (y_train + 1) % 3)
    check_models_keep_their_own_data(Candidate, (X_train, y_train, X_test), second)


def test_predict_proba_is_a_distribution(Candidate):
    """predict_proba has one column per class and rows that sum to 1"""
    probabilities(fitted(Candidate, X_train, y_train), X_test, 3)


@pytest.mark.parametrize("criterion", ["gini", "entropy"])
@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_matches_the_reference(Candidate, criterion, seed):
    """predict, predict_proba and depth_ match the reference (grown until pure)"""
    X_fit, y_fit, X_query, _ = PROBLEMS[seed]
    what = f"with criterion={criterion!r} on {X_fit.shape[1]} features"
    expect_reference(Candidate, X_fit, y_fit, X_query, what, criterion=criterion)


def test_max_depth_is_respected(Candidate):
    """max_depth=1, 2, 3: depth_ is at most max_depth, and the tree is the reference's"""
    for max_depth in (1, 2, 3):
        model = fitted(Candidate, X_train, y_train, max_depth=max_depth)
        depth = depth_of(model)
        assert depth <= max_depth, (
            f"with max_depth={max_depth} depth_ is {depth}: a node at depth max_depth (the root "
            "is at depth 0) must be a leaf"
        )
        what = f"with max_depth={max_depth}"
        expect_reference(Candidate, X_train, y_train, X_test, what, max_depth=max_depth)


@pytest.mark.parametrize("min_samples_leaf", [5, 12], ids=lambda m: f"min_samples_leaf={m}")
def test_min_samples_leaf_matches_the_reference(Candidate, min_samples_leaf):
    """min_samples_leaf=5 and 12 (both criteria) match the reference"""
    for criterion in ("gini", "entropy"):
        what = f"with min_samples_leaf={min_samples_leaf} and criterion={criterion!r}"
        expect_reference(
            Candidate, X_train, y_train, X_test, what,
            min_samples_leaf=min_samples_leaf, criterion=criterion,
        )  # fmt: skip


def test_min_samples_leaf_is_the_smallest_leaf_allowed(Candidate):
    """3 outliers get a leaf of their own with min_samples_leaf=3, not with 4"""
    X = line(list(range(20)) + [30, 31, 32])
    y = np.array([0] * 20 + [1] * 3)
    outliers = line([30, 31, 32])
    proba = probabilities(fitted(Candidate, X, y, min_samples_leaf=3), outliers, 2)
    assert np.allclose(proba[:, 1], 1.0), (
        "with min_samples_leaf=3, the 3 points of class 1 (x = 30, 31, 32, beyond 20 points of "
        "class 0) must get a pure leaf of their own (a child may hold exactly min_samples_leaf "
        f"samples), so P(1) = 1 there; got {_shown(proba[:, 1])}. Is your condition "
        "n_left > min_samples_leaf instead of n_left >= min_samples_leaf?"
    )
    proba = probabilities(fitted(Candidate, X, y, min_samples_leaf=4), outliers, 2)
    assert np.all(proba[:, 1] <= 0.75 + 1e-12), (
        "with min_samples_leaf=4, no leaf may hold fewer than 4 training samples, so the 3 points "
        "of class 1 cannot have a leaf of their own: P(1) can be at most 3/4 there; got "
        f"{_shown(proba[:, 1])}. min_samples_leaf limits the size of each CHILD of a split, not "
        "the size of the node being split"
    )
    grid = line(np.arange(-1.0, 34.0, 0.25))
    expect_reference(Candidate, X, y, grid, "with min_samples_leaf=4", min_samples_leaf=4)


def test_a_pure_node_is_a_leaf(Candidate):
    """a pure node is a leaf: two classes split at one threshold give depth_ 1"""
    X, y = line(range(10)), np.array([0] * 5 + [1] * 5)
    model = fitted(Candidate, X, y)
    depth = depth_of(model)
    assert depth == 1, (
        f"the points x = 0..4 are class 0 and x = 5..9 class 1: one split (x <= 4.5) leaves two "
        f"pure nodes, which must be leaves, so depth_ must be 1; got {depth}. Stop as soon as a "
        "node holds a single class"
    )
    got = predictions(model, line([4.4, 4.6]), y)
    assert same(got, [0, 1]).all(), (
        f"with the split x <= 4.5, x = 4.4 must be predicted 0 and x = 4.6 predicted 1; got "
        f"{got.tolist()}"
    )


def test_a_split_is_made_even_if_it_lowers_nothing(Candidate):
    """XOR: a root split that lowers the impurity by 0 is still made, and the tree fits the data"""
    X = np.tile([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], (5, 1))
    y = np.tile([0, 1, 1, 0], 5)
    model = fitted(Candidate, X, y)
    depth = depth_of(model)
    got = predictions(model, X, y)
    assert depth == 2 and same(got, y).all(), (
        f"on XOR data (4 points, each 5 times) the tree must have depth_ 2 and fit every point; "
        f"got depth_ {depth} and {int((~same(got, y)).sum())} of {len(y)} points wrong. Every "
        "split of the root leaves both children half 0 and half 1, a decrease of 0, yet it must "
        "be made (as scikit-learn does): the second level then separates the classes. Stop only "
        "when a node is pure, at max_depth, or when no split leaves min_samples_leaf samples on "
        "each side, never because the best decrease is 0"
    )
    expect_reference(Candidate, X, y, [[0.2, 0.9], [0.9, 0.2], [0.7, 0.7]], "on XOR data")


def test_thresholds_are_halfway_between_values(Candidate):
    """thresholds lie halfway between consecutive distinct values (x = 0 and 1: 0.5)"""
    X, y = line([0, 0, 1, 1]), np.array([0, 0, 1, 1])
    got = predictions(fitted(Candidate, X, y), line([0.3, 0.49, 0.51, 0.7]), y)
    assert same(got, [0, 0, 1, 1]).all(), (
        "class 0 at x = 0 and class 1 at x = 1: the threshold must be halfway, 0.5, so 0.3 and "
        f"0.49 are predicted 0 and 0.51 and 0.7 predicted 1; got {got.tolist()}. A threshold "
        "at a data value (x <= 0) sends every new point above 0 to the right: use "
        "(x_i + x_(i+1)) / 2 for consecutive distinct sorted values"
    )


def test_ties_go_to_the_lowest_feature_index(Candidate):
    """ties go to the lowest feature index (column 2 is a copy of column 0 in training)"""
    X_fit = np.column_stack([X_train, X_train[:, 0]])
    X_query = np.column_stack([X_test, np.random.default_rng(4).uniform(-6, 6, len(X_test))])
    expected = predictions(fitted(Candidate, X_train, y_train), X_test, y_train)
    got = predictions(fitted(Candidate, X_fit, y_train), X_query, y_train)
    differ = int((~same(got, expected)).sum())
    assert not differ, (
        "column 2 is a copy of column 0 in training, so every split on column 0 ties with the "
        "same split on column 2, and the tie goes to the lowest feature index: column 2 is never "
        "used, and the tree is the one your code grows without it. On new points where column 2 "
        f"differs from column 0, {differ} of {len(X_query)} predictions differ from that tree's: "
        "does your search keep the LAST of equal decreases (>= instead of >)? Scan the features "
        "in increasing order and replace the best only by a decrease larger by more than 1e-12"
    )


def test_ties_go_to_the_lowest_threshold(Candidate):
    """ties go to the lowest threshold (labels 1, 0, 0, 1: x <= 0.5 and x <= 2.5 tie)"""
    X, y = line([0, 1, 2, 3]), np.array([1, 0, 0, 1])
    proba = probabilities(fitted(Candidate, X, y, max_depth=1), line([3.0]), 2)
    assert np.allclose(proba, [[2 / 3, 1 / 3]], atol=1e-9), (
        "labels 1, 0, 0, 1 at x = 0, 1, 2, 3 with max_depth=1: the splits x <= 0.5 and x <= 2.5 "
        "lower the impurity equally, and the tie goes to the lowest threshold, 0.5; then x = 3 "
        f"falls in the leaf {{0, 0, 1}}, P = [0.6667, 0.3333]; got {_shown(proba[0])}"
    )


def test_entropy_and_gini_choose_different_splits(Candidate):
    """criterion='entropy' and 'gini' choose different stumps (labels 0,0,0,0,0,0,1,0,0,1)"""
    X, y = line(range(10)), np.array([0, 0, 0, 0, 0, 0, 1, 0, 0, 1])
    grid = line(np.arange(-0.5, 10.0, 0.5))
    splits = {
        "gini": "x <= 8.5 (9 points | 1): P at x = 7 is [0.8889, 0.1111]",
        "entropy": "x <= 5.5 (6 pure points | 4): P at x = 7 is [0.5, 0.5]",
    }
    for criterion in ("gini", "entropy"):
        model = fitted(Candidate, X, y, criterion=criterion, max_depth=1)
        proba = probabilities(model, grid, 2)
        expected = Reference(criterion=criterion, max_depth=1).fit(X, y).predict_proba(grid)
        if np.allclose(proba, expected, atol=1e-9):
            continue
        params = {"criterion": criterion, "max_depth": 1}
        diagnosis = _diagnosis(proba, X, y, grid, params)
        if diagnosis == CAUSES:
            diagnosis = (
                "gini is 1 - sum p_k^2, entropy is -sum p_k log2 p_k (with 0 log 0 = 0), and the "
                "decrease weights each child by its share of the samples"
            )
        at_7 = proba[int(np.argmin(np.abs(grid[:, 0] - 7)))]
        raise AssertionError(
            f"with criterion={criterion!r} and max_depth=1, the best split of labels "
            f"0,0,0,0,0,0,1,0,0,1 at x = 0..9 is {splits[criterion]}; your P at x = 7 is "
            f"{_shown(at_7)}. {diagnosis}"
        )


def test_a_node_that_cannot_be_split_is_a_leaf(Candidate):
    """identical points with different labels: a single leaf, ties predicted as the smaller label"""
    X, y = [[1.0, 2.0]] * 4, np.array(["b", "a", "b", "a"])
    model = fitted(Candidate, X, y)
    depth = depth_of(model)
    assert depth == 0, (
        f"four identical points cannot be split (no two distinct values), so the tree is a "
        f"single leaf, depth_ 0; got {depth}"
    )
    proba = probabilities(model, [[1.0, 2.0], [5.0, -5.0]], 2)
    assert np.allclose(proba, 0.5, atol=1e-9), (
        f"the single leaf holds 'a' twice and 'b' twice, so predict_proba is [0.5, 0.5] "
        f"everywhere; got {_shown(proba[0])} and {_shown(proba[1])}"
    )
    got = predictions(model, [[1.0, 2.0]], y)
    assert same(got, ["a"]).all(), (
        f"a leaf with 'a' and 'b' equally frequent predicts the smaller label, 'a' (the first "
        f"column, as np.argmax picks); got {got.tolist()}"
    )


def test_a_single_class(Candidate):
    """a training set with one class: a single leaf that predicts it"""
    model = fitted(Candidate, X_train, np.full(len(y_train), 7))
    assert depth_of(model) == 0, "with a single class the root is pure, so depth_ must be 0"
    proba = probabilities(model, X_test, 1)
    assert np.allclose(proba, 1.0), "with a single class predict_proba is a column of ones"
    got = predictions(model, X_test, [7])
    assert same(got, np.full(len(X_test), 7)).all(), "with a single class every prediction is 7"


def test_columns_follow_the_sorted_labels(Candidate):
    """predict_proba's columns follow the sorted labels ('dog' seen first, 'bird' sorted first)"""
    codes = (y_train + 2 - y_train[0]) % 3  # the classes renamed so that 2 comes first
    names = np.array(["bird", "cat", "dog"])  # in sorted order: 'dog' (2) is seen first
    expect_own_tree(Candidate, X_train, codes, names, names[codes], X_test, "with labels 'dog' "
                    "(seen first), 'cat' and 'bird'")  # fmt: skip


def test_string_labels(Candidate):
    """predicts string labels ('cat', 'dog', 'fish')"""
    names = np.array(STRING_LABELS[:3])
    labels = names[y_train]
    expect_own_tree(Candidate, X_train, y_train, names, labels, X_test, "with string labels")


def test_integer_labels_that_are_not_0_to_k(Candidate):
    """predicts integer labels that are not 0..k-1 (3, 7, 42)"""
    names = np.array(SPARSE_LABELS[:3])
    labels = names[y_train]
    expect_own_tree(Candidate, X_train, y_train, names, labels, X_test, "with labels 3, 7 and 42")


def test_plain_python_lists(Candidate):
    """accepts plain Python lists for X and y"""
    names = np.array(STRING_LABELS[:3])
    labels = names[y_train].tolist()
    expect_own_tree(
        Candidate, X_train, y_train, names, labels, X_test, "when X and y are lists",
        X_given=X_train.tolist(), X_query_given=X_test.tolist(),
    )  # fmt: skip


def test_a_second_fit_replaces_the_first(Candidate):
    """a second fit forgets the first (other points, other labels)"""
    model = fitted(Candidate, X_train[:, ::-1] * 3.0, relabel(y_train, ("x", "y", "z")))
    model.fit(X_train, y_train)
    fresh = fitted(Candidate, X_train, y_train)
    got = predictions(model, X_test, y_train)
    check_same_predictions(
        got, fresh.predict(X_test), "of a model fitted twice and of a fresh model fitted once"
    )
    classes = np.asarray(getattr(model, "classes_", []))
    assert classes.shape == (3,) and same(classes, [0, 1, 2]).all(), (
        f"after fitting twice, classes_ must be the second fit's labels [0, 1, 2], got "
        f"{classes.tolist()}"
    )
    assert depth_of(model) == depth_of(fresh), (
        f"after fitting twice depth_ is {depth_of(model)}, but a fresh model fitted on the "
        f"second data alone has depth_ {depth_of(fresh)}: reset depth_ in every fit"
    )


def test_inputs_are_not_modified(Candidate):
    """does not modify the arrays given to fit, predict and predict_proba"""
    X_fit, y_fit, X_query = X_train.copy(), y_train.copy(), X_test.copy()
    model = fitted(Candidate, X_fit, y_fit)
    model.predict(X_query)
    model.predict_proba(X_query)
    assert unchanged((X_fit, y_fit, X_query), (X_train, y_train, X_test)), (
        "fit, predict or predict_proba changed the arrays passed in (e.g. sorted a column of X in "
        "place with X[:, j].sort()); sort with np.argsort, or work on a copy"
    )


def test_uses_only_numpy_and_the_standard_library(Candidate, task_rules):
    """uses only numpy and the standard library (the task's rule)"""
    check_numpy_only(Candidate, task_rules, X_train, y_train)
