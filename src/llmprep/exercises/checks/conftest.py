"""The fixture every check uses: the candidate's class, imported by llmprep's pytest plugin."""

import pytest

from llmprep.exercises.candidate import CandidateError
from llmprep.exercises.plugin import CANDIDATE, RULES


@pytest.fixture
def Candidate(request):  # noqa: N802 - named like the class it stands for
    """The class under test (KNNClassifier, SVMClassifier or GaussianNaiveBayes), freshly imported."""
    candidate = request.config.stash.get(CANDIDATE, None)
    if candidate is None:
        pytest.skip("nothing to grade: run pytest with --llmprep-impl PATH")
    try:
        return candidate.fresh()  # imported afresh: no state carries over from another check
    except CandidateError as error:
        pytest.fail(f"importing the file again for this check failed: {error}", pytrace=False)


@pytest.fixture
def task_rules(request):
    """What the task's rule check needs from the plugin: the file's Sources and its ImportWatch."""
    context = request.config.stash.get(RULES, None)
    if context is None:
        pytest.skip("nothing to grade: run pytest with --llmprep-impl PATH")
    return context
