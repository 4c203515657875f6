"""`llmprep report ID`: an error report a user can paste, and the issue page it can open."""

from __future__ import annotations

import json
import sys

from llmprep import __version__
from tests.conftest import SMALL_BANK


def test_report_prints_a_markdown_report_with_where_the_entry_lives(cli, small_bank):
    result = cli(
        "report", "test-bias-variance", "--note", "Noise is not squared", "--bank", str(small_bank)
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("### Bank entry `test-bias-variance`")
    assert f"llmprep version: {__version__}" in out
    assert "- entry: `testing.yaml:1`" in out  # a user's own folders never go into a public issue
    assert "/tmp" not in out and str(small_bank) not in out
    assert "What is the bias-variance trade-off?" in out and "什么是偏差-方差权衡？" in out
    assert out.rstrip().endswith("Noise is not squared")


def test_report_without_a_note_leaves_a_line_to_fill_in(cli, small_bank):
    out = cli("report", "test-softmax", "--bank", str(small_bank)).stdout
    assert "_Describe what is wrong" in out


def test_report_unknown_id_exits_1_and_suggests_ids(cli, small_bank):
    result = cli("report", "test-bias-varianse", "--bank", str(small_bank))
    assert result.returncode == 1
    assert "no entry has the id 'test-bias-varianse'" in result.stderr
    assert "Did you mean: test-bias-variance" in result.stderr
    assert "Traceback" not in result.stderr


def test_report_json_has_the_fields_and_the_markdown(cli, small_bank):
    data = json.loads(
        cli("report", "test-softmax", "-m", "x", "--json", "--bank", str(small_bank)).stdout
    )
    assert data["id"] == "test-softmax" and data["version"] == __version__ and data["note"] == "x"
    assert data["question"]["en"] == "What do the outputs of softmax sum to?"
    assert (
        data["source"].endswith(
            f"testing.yaml:{SMALL_BANK.splitlines().index('- id: test-softmax') + 1}"
        )
        and data["reviewed"] == "2026-11"
    )
    assert data["markdown"].startswith("### Bank entry `test-softmax`")
    assert data["title"] == "Bank entry test-softmax: x"
    assert data["issue_page"].endswith("/issues")


def test_report_open_opens_a_new_issue_filled_in(cli, small_bank, tmp_path, monkeypatch):
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"
    browser.write_text(
        f"import sys, pathlib\npathlib.Path({str(opened)!r}).write_text(sys.argv[1])\n"
    )
    monkeypatch.setenv("BROWSER", f"{sys.executable} {browser} %s")
    result = cli("report", "test-softmax", "--open", "-m", "sum", "--bank", str(small_bank))
    assert result.returncode == 0, result.stderr
    url = opened.read_text()
    assert "/issues/new?title=Bank+entry+test-softmax" in url and "body=%23%23%23+Bank+entry" in url


def test_report_names_a_builtin_entry_by_its_path_in_the_repository(cli):
    data = json.loads(cli("report", "overfitting", "--json").stdout)
    assert data["source"].startswith("bank/training.yaml:")
    assert data["title"] == "Bank entry overfitting: what is wrong"
