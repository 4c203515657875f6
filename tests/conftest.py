"""Fixtures shared by the whole suite. No test ever touches the real user's files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def llmprep_home(tmp_path_factory, monkeypatch) -> Path:
    """Point $LLMPREP_HOME at a fresh folder and clear the user's bank/language settings."""
    home = tmp_path_factory.mktemp("llmprep-home")
    monkeypatch.setenv("LLMPREP_HOME", str(home))
    monkeypatch.delenv("LLMPREP_BANK", raising=False)
    monkeypatch.delenv("LLMPREP_LANG", raising=False)
    return home


SMALL_BANK = """\
- id: test-bias-variance
  type: open
  topic: testing
  tags: [generalization]
  difficulty: easy
  question: {zh: 什么是偏差-方差权衡？, en: "What is the bias-variance trade-off?"}
  answer:
    zh: 期望误差可分解为偏差的平方、方差和不可约噪声。
    en: Expected error splits into squared bias, variance and irreducible noise.
  key_points:
    - {zh: 偏差, en: bias, aliases: [underfitting, 欠拟合]}
    - {zh: 方差, en: variance, aliases: [overfitting, 过拟合]}
    - {zh: 噪声, en: noise, aliases: [irreducible error, 不可约误差]}
  explanation: {zh: 模型越复杂，偏差越小、方差越大。, en: More capacity lowers bias and raises variance.}
  related: [test-softmax]
  follow_ups: [{zh: 如何诊断高方差？, en: "How do you diagnose high variance?"}]
  references: ["Hastie, Tibshirani & Friedman, The Elements of Statistical Learning, 2nd ed., 2009, sec. 7.3"]
  reviewed: 2026-11
  misconceptions:
    - claim: {zh: 方差就是训练误差。, en: Variance is the training error.}
      why: {zh: 方差衡量换一份训练集时预测的波动，与训练误差不是一回事。, en: Variance measures how much predictions change with another training set; it is not the training error.}
      terms: [variance + training error, 方差 + 训练误差]
      point: 2
    - claim: {zh: 足够多的数据可以消除噪声项。, en: Enough data removes the noise term.}
      why: {zh: 噪声是标签本身的随机性，任何模型和数据量都无法降低它。, en: Noise is the randomness of the labels themselves; no model or amount of data reduces it.}
      terms: [data + removes + noise, 数据 + 消除 + 噪声]
      point: 3
- id: test-softmax
  type: choice
  topic: testing
  tags: [activation]
  difficulty: easy
  question: {zh: softmax 的输出之和是多少？, en: "What do the outputs of softmax sum to?"}
  answer: {zh: "1", en: "1"}
  key_points: []
  explanation: {zh: softmax 把 logits 归一化为概率分布。, en: Softmax normalises logits into a probability distribution.}
  related: [test-bias-variance]
  follow_ups: []
  references: ["Goodfellow, Bengio & Courville, Deep Learning, MIT Press, 2016, sec. 6.2.2.3"]
  options:
    - {zh: "0", en: "0"}
    - {zh: "1", en: "1"}
    - {zh: 类别数, en: the number of classes}
  correct: [1]
  reviewed: 2026-11
"""


@pytest.fixture
def small_bank(tmp_path) -> Path:
    """A folder holding a tiny valid bank of topic `testing` (one open, one choice entry)."""
    folder = tmp_path / "small-bank"
    folder.mkdir()
    (folder / "testing.yaml").write_text(SMALL_BANK, encoding="utf-8")
    return folder


def _run_cli(
    *args: str, env: dict | None = None, cwd: Path | None = None, input: str | None = None
):
    """Run `python -m llmprep ARGS` as a user would, with plain 100-column output."""
    full_env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "llmprep", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        input=input,
        timeout=120,
    )


@pytest.fixture
def cli():
    """`cli("show", "x")` runs `python -m llmprep show x` in a subprocess; returns CompletedProcess."""
    return _run_cli


TWO_CORRECT_BANK = """\
- id: test-two-correct
  type: choice
  topic: testing
  tags: [activation]
  difficulty: easy
  question: {zh: 哪些函数的输出在 0 和 1 之间？, en: "Which functions output values between 0 and 1?"}
  answer: {zh: sigmoid 和 softmax, en: sigmoid and softmax}
  key_points: []
  explanation: {zh: 两者都输出概率。, en: Both output probabilities.}
  related: []
  follow_ups: []
  references: ["Goodfellow, Bengio & Courville, Deep Learning, MIT Press, 2016, sec. 6.2.2"]
  options:
    - {zh: ReLU, en: ReLU}
    - {zh: sigmoid, en: sigmoid}
    - {zh: tanh, en: tanh}
    - {zh: softmax, en: softmax}
  correct: [1, 3]
  reviewed: 2026-11
"""


@pytest.fixture
def two_correct_bank(tmp_path) -> Path:
    """A folder holding one choice question of topic `testing` with two right options, b and d."""
    folder = tmp_path / "two-correct-bank"
    folder.mkdir()
    (folder / "testing.yaml").write_text(TWO_CORRECT_BANK, encoding="utf-8")
    return folder
