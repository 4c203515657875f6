"""Datasets and comparisons shared by the exercise checks.

Every `assert` message here is what a learner reads when a check fails, so it says what was
expected, what the code returned, and (when it is a classic mistake) what probably went wrong.
The checks do not use pytest's assertion rewriting, so a message is shown exactly as written:

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import contextlib
import random

import numpy as np

from llmprep.exercises.isolation import SharedState, shared_state_note

STRING_LABELS = ("cat", "dog", "fish", "bird")
SEEDS = (0, 1, 2)  # a solver-heavy check runs once per seed: a hang on some draws shows up
SPARSE_LABELS = (3, 7, 42, -1)


# -- datasets -------------------------------------------------------------------------------------


def blobs(n_per_class, n_classes=3, n_features=2, spread=1.0, seed=0):
    """Gaussian clouds around random centres: X (n, d) and class indices y (n,), shuffled."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-4, 4, size=(n_classes, n_features))
    X = np.concatenate(
        [centre + spread * rng.standard_normal((n_per_class, n_features)) for centre in centres]
    )
    y = np.repeat(np.arange(n_classes), n_per_class)
    order = rng.permutation(len(y))
    return X[order], y[order]


def clusters_on_a_circle(n_per_class, n_classes, spread=0.8, seed=0, radius=3.0):
    """Like `blobs`, but the centres are evenly spaced on a circle, so no two classes crowd."""
    rng = np.random.default_rng(seed)
    angles = 2 * np.pi * np.arange(n_classes) / n_classes
    centres = radius * np.column_stack([np.cos(angles), np.sin(angles)])
    X = np.concatenate(
        [centre + spread * rng.standard_normal((n_per_class, 2)) for centre in centres]
    )
    y = np.repeat(np.arange(n_classes), n_per_class)
    order = rng.permutation(len(y))
    return X[order], y[order]


def split(X, y, n_test, seed=1):
    """X_train, y_train, X_test, y_test with `n_test` random samples held out."""
    order = np.random.default_rng(seed).permutation(len(y))
    test, train = order[:n_test], order[n_test:]
    return X[train], y[train], X[test], y[test]


def relabel(y, labels):
    """Class indices 0..k-1 replaced by `labels` (strings, or integers that are not 0..k-1)."""
    return np.asarray(labels)[y]


def circles(n_samples, seed=0):
    """Two concentric rings (labels 0 outer, 1 inner): no straight line separates them."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n_samples)
    radius = np.where(y == 0, 1.0, 0.45) + 0.07 * rng.standard_normal(n_samples)
    angle = rng.uniform(0, 2 * np.pi, size=n_samples)
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]), y


def four_corners(n_samples, spread=1.5, seed=0):
    """XOR-like data: clouds at the four corners of a square, opposite corners one class.

    The boundary is two crossing curves, so no straight line does better than about 2 points in
    3, and the clouds overlap: most support vectors sit at the bound C, where a wrong bias or a
    solver stopped early changes many predictions.
    """
    rng = np.random.default_rng(seed)
    corners = np.array([[-2.0, -2.0], [2.0, 2.0], [-2.0, 2.0], [2.0, -2.0]])
    corner = rng.integers(0, 4, size=n_samples)
    X = corners[corner] + spread * rng.standard_normal((n_samples, 2))
    return X, (corner >= 2).astype(int)


@contextlib.contextmanager
def seeded(seed):
    """The candidate's random draws, reproducible from `seed` while the block runs.

    Seeds `random` and numpy's global generator, and makes `np.random.default_rng()` called
    without a seed return a generator spawned from `seed` (a new one at each call, so code that
    creates one per step still gets different draws). A solver that hangs, or goes wrong, only on
    some draws then does so in every run with that seed, not one run in five.
    """
    random_state, numpy_state = random.getstate(), np.random.get_state()
    default_rng = np.random.default_rng
    spawner = np.random.SeedSequence(seed)

    def seeded_default_rng(seed=None):
        return default_rng(spawner.spawn(1)[0] if seed is None else seed)

    random.seed(seed)
    np.random.seed(seed)
    np.random.default_rng = seeded_default_rng
    try:
        yield
    finally:
        np.random.default_rng = default_rng
        random.setstate(random_state)
        np.random.set_state(numpy_state)


# -- looking at what the candidate returned -------------------------------------------------------


def labels_of(predicted, n, method="predict"):
    """`predicted` as a 1-d array of `n` labels; a failed check says what is wrong with it."""
    assert predicted is not None, f"{method} returned None; it must return an array of {n} labels"
    try:
        array = np.asarray(predicted)
    except Exception as error:  # noqa: BLE001 - any failure means the result is not array-like
        raise AssertionError(
            f"{method} must return an array of labels, got {type(predicted).__name__}"
        ) from error
    assert array.shape != (n, 1), (
        f"{method} must return a 1-d array of shape ({n},), got a column of shape ({n}, 1): flatten it"
    )
    assert array.shape == (n,), (
        f"{method} must return one label per sample, an array of shape ({n},); got shape {array.shape}"
    )
    return array


def check_known_labels(predicted, y_train, method="predict"):
    """Every predicted value must be one of the training labels (not a class index, not ±1)."""
    classes = np.unique(y_train).tolist()
    allowed = set(classes)
    values = sorted({value for value in np.asarray(predicted).tolist()}, key=repr)
    unknown = [value for value in values if value not in allowed]
    if not unknown:
        return
    shown = ", ".join(repr(label) for label in classes)
    if all(_is_int(value) and 0 <= value < len(classes) for value in unknown):
        raise AssertionError(
            f"predicted labels must be the training labels ({shown}), got indices "
            f"0..{len(classes) - 1}: return classes_[index], not the index"
        )
    if set(unknown) <= {-1, 1, -1.0}:
        raise AssertionError(
            f"predicted labels must be the training labels ({shown}), got ±1: map the sign of the "
            "decision function back to the class labels"
        )
    cut = _cut_short(unknown, classes)
    if cut:
        value, label = cut
        raise AssertionError(
            f"predicted labels must be the training labels ({shown}); got {value!r}, which is "
            f"{label!r} cut short: a numpy array of strings has a fixed width, set when it is "
            f"created (np.full(n, classes_[0]) holds only as many characters as classes_[0]; "
            f"here {len(value)}, so {label!r} became {value!r}); build the result as "
            "classes_[indices], or give the array the dtype of classes_"
        )
    raise AssertionError(
        f"predicted labels must be the training labels ({shown}); got "
        f"{', '.join(repr(value) for value in unknown[:5])}, which never appear in y ({method})"
    )


def _cut_short(unknown, classes):
    """(value, label) when a predicted string is a training label with its end cut off, else None."""
    labels = [label for label in classes if isinstance(label, str)]
    for value in unknown:
        if isinstance(value, str):
            longer = [label for label in labels if label.startswith(value) and label != value]
            if longer:
                return value, longer[0]
    return None


def _is_int(value) -> bool:
    return (
        isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer()
    )


def predictions(model, X, y_train, method="predict"):
    """model.predict(X) checked to be one known label per row of X."""
    predicted = labels_of(getattr(model, method)(X), len(X), method)
    check_known_labels(predicted, y_train, method)
    return predicted


def same(a, b) -> np.ndarray:
    """Element-wise equality of two label arrays whatever their dtypes (3 == 3.0, 'a' == np.str_('a'))."""
    return np.array(
        [x == y for x, y in zip(np.asarray(a).tolist(), np.asarray(b).tolist(), strict=True)]
    )


def check_same_predictions(got, expected, what, mask=None):
    """All predictions (or those where `mask` is True) equal the reference's."""
    agree = same(got, expected)
    if mask is not None:
        agree = agree | ~mask
    wrong = np.flatnonzero(~agree)
    if len(wrong):
        first = wrong[0]
        counted = int(mask.sum()) if mask is not None else len(agree)
        expected_value = np.asarray(expected).tolist()[first]
        got_value = np.asarray(got).tolist()[first]
        raise AssertionError(
            f"{len(wrong)} of {counted} predictions differ from the reference {what}; "
            f"e.g. sample {first}: expected {expected_value!r}, got {got_value!r}"
        )


def check_agreement(got, expected, what, at_least=0.95, advice=""):
    """At least `at_least` of the predictions equal the reference's (solvers may differ slightly).

    `advice` (the usual causes of such a disagreement) ends the message when the check fails.
    """
    agreement = float(same(got, expected).mean())
    assert agreement >= at_least, (
        f"only {agreement:.0%} of the predictions agree with the reference {what}; "
        f"at least {at_least:.0%} must{'. ' + advice if advice else ''}"
    )
    return agreement


def check_consistent(got, own, labels, what, at_least=0.95, advice=""):
    """Predictions made after relabelling agree with the candidate's own run on labels 0..k-1.

    `got` holds labels from `labels` (class i renamed labels[i]), `own` class indices predicted
    by the same code fitted on the same points. Renaming the classes, or passing lists, must not
    change the classifier: a disagreement means the fit depends on something else (random draws
    that decide the result, the order of a set of labels).
    """
    as_index = {label: index for index, label in enumerate(np.asarray(labels).tolist())}
    renamed = [as_index.get(label, -1) for label in np.asarray(got).tolist()]
    agreement = float(same(renamed, own).mean())
    indices = ", ".join(str(index) for index in range(len(labels)))
    assert agreement >= at_least, (
        f"{what}, only {agreement:.0%} of the predictions agree with your own model fitted on the "
        f"same points with labels {indices}; at least {at_least:.0%} must: the names of "
        "the classes must not change the classifier, so the fit depends on something else (a "
        f"random draw that changes the result, the order of a set of labels){'. ' + advice if advice else ''}"
    )


def accuracy(predicted, y) -> float:
    return float(same(predicted, y).mean())


def unchanged(before, after) -> bool:
    return all(np.array_equal(a, b) for a, b in zip(before, after, strict=True))


def check_models_keep_their_own_data(Candidate, first, second, **params):  # noqa: N803
    """A model fitted on `first` predicts the same after another is fitted on `second`.

    `first` is (X, y, X_query) and `second` is (X, y) with other points and other labels. A model
    that keeps its training data in class attributes or module globals fails here, named.
    """
    X_first, y_first, X_query = first
    model = Candidate(**params)
    model.fit(X_first, y_first)
    before = predictions(model, X_query, y_first)
    state = SharedState(Candidate)
    Candidate(**params).fit(*second)
    changed = state.changed()
    after = labels_of(model.predict(X_query), len(X_query))
    differ = int((~same(before, after)).sum())
    if not differ:
        return
    cause = (
        shared_state_note(changed)
        if changed
        else "the two models share state: keep what fit learns on self, not in the class"
    )
    raise AssertionError(
        f"fitting a second model on other data changed {differ} of {len(X_query)} predictions "
        f"of the first model: {cause}"
    )
