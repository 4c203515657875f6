"""A real `llmprep quiz` in a pseudo-terminal, driven as a person would: type, reveal, rate, Ctrl-C."""

from __future__ import annotations

import json
import os
import sys
import time

import pexpect
import pytest

from llmprep.store import open_store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


@pytest.fixture
def spawn(small_bank, llmprep_home):
    children = []

    def start(*args: str, term: str = "dumb") -> pexpect.spawn:
        # TERM=dumb: Rich writes no escape codes, so the text can be matched as it reads.
        env = {**os.environ, "COLUMNS": "100", "LINES": "40", "NO_COLOR": "1", "TERM": term}
        child = pexpect.spawn(
            sys.executable,
            ["-m", "llmprep", "quiz", "--bank", str(small_bank), "--topic", "testing", *args],
            env=env, encoding="utf-8", timeout=20, dimensions=(40, 100),
        )  # fmt: skip
        children.append(child)
        return child

    yield start
    for child in children:
        if child.isalive():
            child.terminate(force=True)


def wait_for_prompt(child: pexpect.spawn) -> None:
    child.expect("› ")
    time.sleep(0.1)  # let input() start reading before keys or Ctrl-C arrive


def test_quiz_pty_answer_rate_interrupt_and_resume(spawn, cli, small_bank):
    child = spawn()
    child.expect(r"Quiz: 2 questions · 0 due · 2 new · 0 reviewed today")
    child.expect(r"\[1/2\] test-bias-variance")
    child.expect("empty line")
    wait_for_prompt(child)
    child.sendline("Bias is the error from wrong assumptions,")
    child.sendline("variance is the sensitivity to the training sample.")
    child.sendline("")
    child.expect(r"Score 67%: 2/3 key points")
    child.expect("✗ noise")
    child.expect(r"Rate it: 1 Again .* 4 Easy .*Enter = Hard")
    child.send("4")
    child.expect("Saved: Easy · next due in")

    child.expect(r"\[2/2\] test-softmax")
    wait_for_prompt(child)
    child.sendintr()  # Ctrl-C while the second question waits for an answer
    child.expect("Quiz interrupted")
    child.expect(r"answered\s+1 of 2")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in child.before

    child = spawn()  # restart: the answered question is scheduled, only the other one is left
    child.expect(r"Quiz: 1 question · 0 due · 1 new · 1 reviewed today")
    child.expect(r"\[1/1\] test-softmax")
    wait_for_prompt(child)
    child.sendline("")  # Enter alone reveals
    child.expect("Answer revealed")
    child.expect(r"Enter = Again")
    child.send("\r")
    child.expect("Saved: Again")
    child.expect("Quiz finished")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    stats = json.loads(cli("stats", "--json", "--bank", str(small_bank)).stdout)
    assert stats["reviews_total"] == 2
    assert {"topic": "testing", "seen": 2, "total": 2} in stats["coverage"]


def test_quiz_pty_ctrl_c_at_the_rating_keeps_the_answer(spawn):
    child = spawn()
    wait_for_prompt(child)
    child.sendline("bias and variance and noise make up the expected error")
    child.sendline("")
    child.expect("Rate it")
    time.sleep(0.1)
    child.sendintr()
    child.expect("Quiz interrupted")
    child.expect("saved with the suggested rating")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    with open_store() as store:
        assert [(r["entry_id"], r["rating"]) for r in store.reviews()] == [
            ("test-bias-variance", 3)
        ]


def test_quiz_pty_choice_rejects_bad_letters(spawn):
    child = spawn("--type", "choice")
    wait_for_prompt(child)
    child.sendline("z")
    child.expect("Type option letters")
    wait_for_prompt(child)
    child.sendline("b")
    child.expect("Correct.")
    child.expect("Enter = Good")
    child.send("2")
    child.expect("Saved: Hard")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_quiz_pty_mock_shows_the_clock(spawn):
    child = spawn("--mock", "--minutes", "2", term="xterm")  # the clock needs a real terminal
    child.expect(r"Mock interview\S*: 1 question")
    child.expect(r"⏱ 0[12]:\d\d left")  # in the question's header
    wait_for_prompt(child)
    child.expect(r"\x1b7\x1b\[1;\d+H.*⏱ 0[12]:\d\d left")  # the running clock, top right
    child.sendline("variance is sensitivity to the training sample")
    child.sendline("")
    child.expect("Mock interview report")
    child.expect(r"test-bias-variance.*33%")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
