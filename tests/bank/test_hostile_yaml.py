"""A hostile bank file (aliases, excessive depth, excessive size) is one `file:line` problem,
found at once, whether the file is validated or loaded; never minutes, gigabytes or a crash."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from llmprep.bank import check_bank

MAX_BYTES, MAX_DEPTH, MAX_VALUES = 8 * 2**20, 20, 200_000  # the documented limits

# A few hundred bytes that expand to 10 * 9**8 (about 430 million) strings, used where the
# validator quotes what it found ("tags must hold non-empty strings, got ...").
LAUGHS = "\n".join(
    [
        "- id: laughs",
        "  type: open",
        "  topic: testing",
        "  difficulty: easy",
        '  question: &q0 {zh: "哈", en: "ha"}',
        "  seeds: &s0 [[lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]]",
        *[
            f"  s{i}: &s{i} [*s{i - 1}, *s{i - 1}, *s{i - 1}, *s{i - 1}, *s{i - 1}, *s{i - 1}, *s{i - 1}, *s{i - 1}, *s{i - 1}]"
            for i in range(1, 9)
        ],  # fmt: skip
        "  tags: [*s8]",
    ]
)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # problems name files relative to the working directory


def _problems(folder: Path) -> list[str]:
    return [str(problem) for problem in check_bank([folder])[1]]


def _bank(tmp_path: Path, text: str | bytes) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    path = folder / "hostile.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return folder


def _limited() -> None:  # in the child: 1 GiB of memory, so a regression fails, not the machine
    resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))


@pytest.mark.parametrize("command", ["validate", "show"])
def test_nested_aliases_are_one_problem_at_their_line(tmp_path, command):
    folder = _bank(tmp_path, LAUGHS + "\n")
    args = ["validate", str(folder)] if command == "validate" else ["show", "laughs"]
    result = subprocess.run(
        [sys.executable, "-m", "llmprep", *args, "--bank", str(folder)],
        capture_output=True, text=True, timeout=60, preexec_fn=_limited, cwd=tmp_path,
        env={**os.environ, "COLUMNS": "100", "NO_COLOR": "1"},
    )  # fmt: skip
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and len(result.stderr) < 2000
    assert (
        "hostile/hostile.yaml:5: -: YAML error: anchor &q0: anchors and aliases are not allowed"
        in result.stderr
    )


def test_an_alias_is_reported_where_it_is_used(tmp_path):
    folder = _bank(tmp_path, "- id: a\n  topic: x\n- id: b\n  topic: *elsewhere\n")
    assert _problems(folder) == [
        "hostile/hostile.yaml:4: -: YAML error: alias *elsewhere: anchors and aliases are not "
        "allowed in a bank file; write the value out"
    ]


def test_nesting_deeper_than_any_entry_is_refused(tmp_path):
    folder = _bank(tmp_path, "- " + "[" * 999 + "]" * 999 + "\n")
    assert _problems(folder) == [
        f"hostile/hostile.yaml:1: -: YAML error: nested more than {MAX_DEPTH} levels deep"
    ]


def test_a_file_too_large_for_a_bank_is_refused_before_it_is_parsed(tmp_path):
    line = "# " + "x" * 1022 + "\n"
    folder = _bank(tmp_path, line * (MAX_BYTES // len(line) + 2))
    [problem] = _problems(folder)
    at_limit = MAX_BYTES // len(line) + 1
    assert problem == (
        f"hostile/hostile.yaml:{at_limit}: -: the file is larger than 8 MiB: split it into "
        "several files"
    )


def test_too_many_values_are_refused_where_the_limit_is_passed(tmp_path):
    folder = _bank(tmp_path, "- [" + "a, " * MAX_VALUES + "]\n")
    [problem] = _problems(folder)
    assert problem == (
        f"hostile/hostile.yaml:1: -: YAML error: more than {MAX_VALUES:,} values: too many for "
        "a bank file"
    )


def test_a_huge_value_is_quoted_short_in_a_message(tmp_path):
    folder = _bank(tmp_path, "- id: " + "X" * 100_000 + "\n")
    messages = _problems(folder)
    assert any("id must be kebab-case text, got 'XXX" in message for message in messages)
    assert all(len(message) < 300 for message in messages)
