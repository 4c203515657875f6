"""`make quiz` installs what llmprep needs to run, `make test` adds the test tools; each set is
installed again only when pyproject.toml changes."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


@pytest.fixture
def project(tmp_path):
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(REPO / name, tmp_path / name)
    (tmp_path / ".venv").mkdir()
    old = time.time() - 3600  # pyproject.toml older than any stamp touched below
    os.utime(tmp_path / "pyproject.toml", (old, old))
    return tmp_path


def planned(project, target: str) -> list[str]:
    """The commands `make TARGET` would run (`make -n`), one per line."""
    done = subprocess.run(
        ["make", "-n", "-C", str(project), target], capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


def installs(lines: list[str]) -> list[str]:
    return [line for line in lines if "pip install" in line]


def test_make_quiz_installs_only_what_llmprep_needs(project):
    [install] = installs(planned(project, "quiz"))
    assert install.endswith("-e .") and "[test]" not in install


def test_make_test_installs_the_test_extras(project):
    [install] = installs(planned(project, "test"))
    assert install.endswith("-e '.[test]'")


def test_each_set_has_its_own_stamp(project):
    (project / ".venv" / ".llmprep-installed").touch()
    assert installs(planned(project, "quiz")) == []  # installed: nothing to do
    assert len(installs(planned(project, "test"))) == 1  # the test tools are still missing
    (project / ".venv" / ".llmprep-test-installed").touch()
    assert installs(planned(project, "test")) == [] and installs(planned(project, "lint")) == []
    # Changed metadata: both sets are installed again. The new time is set a minute ahead, since a
    # plain touch can land on the stamps' own timestamp tick, which make does not call newer.
    later = time.time() + 60
    os.utime(project / "pyproject.toml", (later, later))
    assert len(installs(planned(project, "quiz"))) == 1
    assert len(installs(planned(project, "test"))) == 1
