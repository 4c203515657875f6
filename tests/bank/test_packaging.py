"""`pip install .` gives a working llmprep that finds its bank from any directory."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from tests.conftest import REPO


def test_wheel_ships_the_bank_and_runs_from_elsewhere(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(dist), str(REPO)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    [wheel] = dist.glob("llmprep-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(name).name for name in names if name.startswith("llmprep/_bank/")}
    assert {path.name for path in (REPO / "bank").glob("*.yaml")} <= shipped
    assert "schema.json" in shipped
    assert "llmprep/cli.py" in names

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
        ).strip()
    )
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    # The project's dependencies come from the test venv; its editable llmprep must not.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    clean_env = {"PATH": "/usr/bin:/bin", "LLMPREP_HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [python, "-m", "llmprep", "list", "--json"], capture_output=True, text=True, cwd=elsewhere,
        env=clean_env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    located = subprocess.check_output(
        [python, "-c", "import llmprep.config as c; print(c.builtin_bank_dir())"],
        text=True, cwd=elsewhere, env=clean_env,
    )  # fmt: skip
    assert located.strip() == str(site / "llmprep" / "_bank")
    assert '"topic"' in result.stdout
