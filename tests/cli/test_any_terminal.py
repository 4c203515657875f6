"""Every command on a terminal that is not UTF-8 and only 40 columns wide: a Windows console
(cp1252), `PYTHONIOENCODING=ascii`, or the C locale. Nothing may end in a traceback, JSON must
keep every character, and no id or topic in a table may be cut short."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
import typer.main

from llmprep.cli import app
from tests.cli.screen import column_or_blocks, crashed

TERMINALS = {
    "cp1252": {"PYTHONIOENCODING": "cp1252"},
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "C locale": {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
}
ANSWER = "过拟合: the model fits noise · high variance → use early stopping ✓\n"

# (arguments, stdin, exit codes that are a proper outcome). The first four run first, one after
# the other, so that there is a file to grade and `stats` has weak spots; `reset` runs last; the
# others run side by side.
WALK = [
    (["start", "knn"], None, {0}),
    (["quiz", "-n", "3", "--cram"], ANSWER + "\nb\n", {0}),
    (["quiz", "--mock", "-n", "2", "--minutes", "5"], ANSWER * 2, {0}),
    (["quiz", "-n", "2", "--cram", "--json"], "\n\n", {0}),
    (["reset", "knn"], None, {0}),
    (["list"], None, {0}),
    (["list", "--json"], None, {0}),
    (["show", "overfitting", "--lang", "zh"], None, {0}),
    (["show", "overfitting", "--lang", "both"], None, {0}),
    (["show", "optimization"], None, {0}),
    (["show", "adam weight decay"], None, {0}),
    (["show", "mc-adamw-decoupled-weight-decay", "--json"], None, {0}),
    (["search", "adam"], None, {0}),
    (["search", "adam", "--json"], None, {0}),
    (["search", "过拟合", "--lang", "zh"], None, {0, 1}),  # 1 in the C locale: argv is not UTF-8
    (["validate"], None, {0}),
    (["stats"], None, {0}),
    (["stats", "--lang", "zh"], None, {0}),
    (["stats", "--json"], None, {0}),
    (["grade", "overfitting", "-"], ANSWER, {0}),
    (["report", "overfitting", "--note", "“λ” is wrong → see §3"], None, {0}),
    (["exercises"], None, {0}),
    (["run", "knn"], None, {1}),
    (["hint", "knn", "--lang", "both"], None, {0}),
    (["solution", "knn"], None, {0}),
    (["show", "qqqqzzzzxxxx"], None, {1}),
    (["--help"], None, {0}),
    (["quiz", "--help"], None, {0}),
]


def _run(args: list[str], stdin: str | None, env: dict, encoding: str):
    """`llmprep ARGS` with stdin given as UTF-8 bytes whatever the terminal, output decoded as the
    terminal would (an undecodable byte shows as U+FFFD rather than failing the test)."""
    full_env = {**os.environ, "COLUMNS": "40", "NO_COLOR": "1", "TERM": "dumb", **env}
    done = subprocess.run(
        [sys.executable, "-m", "llmprep", *args],
        input=None if stdin is None else stdin.encode("utf-8"),
        capture_output=True,
        env=full_env,
        timeout=300,
    )
    return subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode(encoding, "replace"),
        done.stderr.decode(encoding, "replace"),
    )


def _walk(terminal: str, home, pool) -> dict:
    """Run WALK on `terminal` with its own data folder: the first four and the last in order, the
    others side by side in `pool`. Returns each command line's result."""
    env = TERMINALS[terminal] | {"LLMPREP_HOME": str(home)}
    encoding = env.get("PYTHONIOENCODING", "ascii")
    first, last, others = WALK[:4], WALK[4:5], WALK[5:]
    runs = [_run(args, stdin, env, encoding) for args, stdin, _ in first]
    runs += [
        future.result()
        for future in [pool.submit(_run, args, stdin, env, encoding) for args, stdin, _ in others]
    ]
    runs += [_run(args, stdin, env, encoding) for args, stdin, _ in last]
    return {
        " ".join(args): run for (args, _, _), run in zip(first + others + last, runs, strict=True)
    }


@pytest.fixture(scope="module")
def walks(tmp_path_factory) -> dict:
    """WALK's results on every terminal, the terminals walked at the same time."""
    with ThreadPoolExecutor(4) as pool, ThreadPoolExecutor(len(TERMINALS)) as walkers:
        futures = {
            name: walkers.submit(_walk, name, tmp_path_factory.mktemp("home"), pool)
            for name in TERMINALS
        }
        return {name: future.result() for name, future in futures.items()}


def test_the_walk_covers_every_command():
    walked = {args[0] for args, _, _ in WALK if not args[0].startswith("-")}
    assert walked == set(typer.main.get_command(app).commands)


@pytest.mark.parametrize("terminal", TERMINALS)
def test_every_command_degrades_gracefully(walks, terminal):
    results = walks[terminal]
    for args, _, codes in WALK:
        result = results[" ".join(args)]
        assert not crashed(result), f"llmprep {' '.join(args)}:\n{result.stderr}"
        assert result.returncode in codes, f"llmprep {' '.join(args)}:\n{result.stderr}"
        if "--help" not in args:  # piped: no line ends in padding
            assert all(line == line.rstrip() for line in result.stdout.splitlines()), args

    # JSON loses nothing: characters the terminal cannot show are escaped, not replaced.
    shown = json.loads(results["show mc-adamw-decoupled-weight-decay --json"].stdout)
    assert "λ" in shown[0]["question"]["en"]
    hits = [hit["id"] for hit in json.loads(results["search adam --json"].stdout)]
    topics = [row["topic"] for row in json.loads(results["list --json"].stdout)]
    assert hits and topics

    # Ids and topics in tables are folded, or the rows become blocks, when the terminal is
    # narrow: never cut.
    assert all(hit in column_or_blocks(results["search adam"].stdout, "id") for hit in hits)
    listed = column_or_blocks(results["list"].stdout, "topic")
    assert all(topic in listed for topic in topics)
    exercises = column_or_blocks(results["exercises"].stdout, "exercise")
    assert all(name in exercises for name in ("bpe", "knn", "naive_bayes", "svm"))
    stats = json.loads(results["stats --json"].stdout)
    weakest = column_or_blocks(results["stats"].stdout, "id")
    assert stats["weakest_entries"] and all(
        row["id"] in weakest for row in stats["weakest_entries"]
    )
    assert column_or_blocks(results["quiz --mock -n 2 --minutes 5"].stdout, "id")

    # What cannot be encoded degrades: symbols to ASCII look-alikes, other text to '?'.
    zh = results["show overfitting --lang zh"].stdout
    assert zh.startswith("overfitting  training") and "?" in zh
    if TERMINALS[terminal].get("PYTHONIOENCODING") != "cp1252":  # cp1252 has '·'
        assert zh.startswith("overfitting  training - ? - ???")  # 易 · 问答题
        assert "\n x " in results["run knn"].stdout  # each failed check's ✗


def test_arguments_that_are_not_utf8_are_answered_not_a_crash(small_bank):
    from llmprep.bank.report import new_issue_url

    bad = b"\xff\xfe"
    for args in (
        [b"search", bad],
        [b"show", bad],
        [b"quiz", b"--topic", bad],
        [b"report", b"test-softmax", b"--note", bad, b"--json"],
        [b"validate", bad + b".yaml"],
    ):
        done = subprocess.run(
            [sys.executable.encode(), b"-m", b"llmprep", *args, b"--bank", str(small_bank).encode()],
            capture_output=True, stdin=subprocess.DEVNULL, timeout=120,
        )  # fmt: skip
        assert done.returncode in (0, 1) and b"Traceback" not in done.stderr, done.stderr
    note = bad.decode("utf-8", "surrogateescape")
    data = {"title": note, "id": "x", "version": "0", "source": "x.yaml:1", "reviewed": "",
            "question": {"en": "?", "zh": "?"}, "note": note}  # fmt: skip
    url = new_issue_url("https://example.com/issues", data)
    assert url.startswith("https://example.com/issues/new?title=%3F%3F")
