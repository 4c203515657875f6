"""The grading process: cap its memory, then run pytest in it. Started by `runner.py` as

    python -m llmprep.exercises.launcher MEMORY_BYTES -- PYTEST_ARGS...

The limits are set here, in the child, so they bind the candidate's code and never the caller.
"""

import resource
import sys

from llmprep.exercises.containment import die_with_parent


def main(argv: list[str]) -> int:
    memory, separator, *pytest_args = argv
    if separator != "--":
        raise SystemExit("usage: python -m llmprep.exercises.launcher MEMORY_BYTES -- PYTEST_ARGS")
    limit = int(memory)
    if limit > 0:
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash must not leave a core file behind
    die_with_parent()  # if llmprep is killed outright (SIGKILL), grading stops with it
    import pytest

    return int(pytest.main(pytest_args))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
