"""Text from the bank or from the user is printed as it is, never read as Rich markup or emoji
codes: `[/b]` does not crash a command, `[eos]` does not vanish, `:thumbs_up:` stays words."""

from __future__ import annotations

import json

import pytest

from tests.cli.screen import crashed, run_many

MARKUP_BANK = """\
- id: markup-eos
  type: open
  topic: markup
  tags: ["[eos]", ":thumbs_up:"]
  difficulty: easy
  question: {zh: "[eos] 标记是什么？[/b]", en: "What does the [eos] token do? [/b]"}
  answer:
    zh: "它标记序列结束：[eos] [bold]不加粗[/bold] :thumbs_up:"
    en: "It ends a sequence: [eos] [bold]never bold[/bold] :thumbs_up:"
  key_points:
    - {zh: "[eos] 结束生成", en: "[eos] stops generation", aliases: ["end of sequence"]}
    - {zh: "[pad] 填充", en: "[pad] pads batches", aliases: ["padding"]}
    - {zh: "[/b] 不是标签", en: "[/b] is not a tag", aliases: ["literal brackets"]}
  explanation: {zh: "[red]解析[/red]", en: "[red]Why[/red] :warning:"}
  related: [markup-choice]
  follow_ups: [{zh: "[link=https://example.com]追问[/link]", en: "[link=https://example.com]Follow-up[/link]"}]
  references: ["[italic]A primary source[/italic], 2020"]
  misconceptions:
    - claim: {zh: "[eos] 可以省略。", en: "The [eos] token can be dropped."}
      why: {zh: "没有 [eos] 模型不会停止。", en: "Without [eos] the model never stops."}
      terms: [eos + dropped, eos + 省略]
      point: 1
- id: markup-choice
  type: choice
  topic: markup
  tags: [brackets]
  difficulty: easy
  question: {zh: "哪个是字面量？", en: "Which is literal text?"}
  answer: {zh: "[/b]", en: "[/b]"}
  key_points: []
  explanation: {zh: "[/b] 原样显示。", en: "[/b] is shown as it is."}
  related: [markup-eos]
  follow_ups: []
  references: ["A primary source, 2020"]
  options:
    - {zh: "[/b]", en: "[/b]"}
    - {zh: "[bold]", en: "[bold]"}
  correct: [0]
"""
ANSWER = "The [eos] token stops generation [/b] [bold]\n"


@pytest.fixture
def markup_bank(tmp_path):
    folder = tmp_path / "markup-bank"
    folder.mkdir()
    (folder / "markup.yaml").write_text(MARKUP_BANK, encoding="utf-8")
    return folder


def test_commands_print_bank_and_user_text_as_it_is(markup_bank, tmp_path):
    bank = ["--bank", str(markup_bank)]
    broken = tmp_path / "broken.yaml"
    broken.write_text(MARKUP_BANK.replace("difficulty: easy", "difficulty: '[/b]'", 1), "utf-8")
    commands = [
        (["show", "markup-eos", "--lang", "both", *bank], None),
        (["show", "markup", *bank], None),
        (["show", "[eos] tokn [/b]", *bank], None),
        (["search", "[eos]", *bank], None),
        (["search", "adam [/b]"], None),
        (["list", *bank], None),
        (["quiz", "--topic", "markup", "--cram", "-n", "2", *bank], ANSWER + "a\n"),
        (["grade", "markup-eos", "-", *bank], ANSWER),
        (["report", "markup-eos", "--note", "[/b] is wrong [bold]", *bank], None),
        (["validate", str(broken), *bank], None),
        (["report", "[/b]qqqqzzzz", *bank], None),
        (["show", "markup-eos", "--lang", "[/b]", *bank], None),
    ]
    results = run_many(commands, env={})
    for (args, _), result in zip(commands, results, strict=True):
        assert not crashed(result), f"llmprep {' '.join(args)}:\n{result.stderr}"
        assert "MarkupError" not in result.stderr

    shown, topic, fuzzy, search, issue, listed, quiz, grade, report, invalid, unknown, lang = (
        results
    )
    for text in (
        "What does the [eos] token do? [/b]",
        "[eos] 标记是什么？[/b]",
        "[eos] [bold]never bold[/bold] :thumbs_up:",
        "[eos] stops generation",
        "[/b] is not a tag",
        "[red]Why[/red] :warning:",
        "[link=https://example.com]Follow-up[/link]",
        "[italic]A primary source[/italic], 2020",
        "The [eos] token can be dropped.",
        "[eos], :thumbs_up:",
    ):
        assert text in shown.stdout
    assert "a) [/b] ✓" in topic.stdout and "b) [bold]" in topic.stdout
    assert "'[eos] tokn [/b]'" in fuzzy.stdout and "markup-eos" in fuzzy.stdout
    assert search.returncode == 0 and "Search: [eos]" in search.stdout
    assert "[eos] token do?" in search.stdout  # the question cell keeps its brackets
    assert issue.returncode in (0, 1) and "adam [/b]" in issue.stdout + issue.stderr
    assert "markup" in listed.stdout
    assert "› The [eos] token stops generation [/b] [bold]" in quiz.stdout
    assert "“The [eos] token stops generation [/b] [bold]”" in grade.stdout
    assert "[/b] is wrong [bold]" in report.stdout
    assert invalid.returncode == 1 and "got '[/b]'" in invalid.stderr
    assert unknown.returncode == 1 and "'[/b]qqqqzzzz'" in unknown.stderr
    assert lang.returncode != 0 and "'[/b]'" in lang.stderr


def test_json_keeps_the_brackets(markup_bank):
    [result] = run_many([(["show", "markup-eos", "--json", "--bank", str(markup_bank)], None)], {})
    assert json.loads(result.stdout)[0]["question"]["en"] == "What does the [eos] token do? [/b]"
