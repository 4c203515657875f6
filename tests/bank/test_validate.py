"""Every kind of broken bank file is reported as `file:line: entry-id: message`, all at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llmprep.bank import check_bank, load_bank
from llmprep.bank.model import Bank
from llmprep.errors import BankError
from tests.conftest import SMALL_BANK

ENTRY = """\
- id: {id}
  type: open
  topic: testing
  tags: [t]
  difficulty: easy
  question: {{zh: 问题, en: Question?}}
  answer: {{zh: 答案, en: Answer.}}
  key_points:
    - {{zh: 一, en: one}}
    - {{zh: 二, en: two}}
    - {{zh: 三, en: three, aliases: [drei]}}
  explanation: {{zh: 解析, en: Why.}}
  related: []
  follow_ups: []
  references: ["A primary source, 2020"]
"""


def problems_in(folder: Path) -> list[str]:
    _, problems = check_bank([folder])
    return [str(problem) for problem in problems]


def write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def bank_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)  # problems name files relative to the working directory
    return tmp_path / "b"


def test_small_bank_is_valid(small_bank):
    bank = load_bank([small_bank])
    assert list(bank.entries) == ["test-bias-variance", "test-softmax"]
    choice = bank.get("test-softmax")
    assert choice.correct == (1,) and choice.options[1].en == "1"
    assert bank.get("test-bias-variance").key_points[0].terms("en") == [
        "bias",
        "underfitting",
        "欠拟合",
    ]


def test_syntax_error_names_file_and_line(bank_dir):
    write(bank_dir, "a.yaml", ENTRY.format(id="a") + "- id: [unclosed\n")
    assert problems_in(bank_dir) == [
        "b/a.yaml:17: -: YAML error: while parsing a flow sequence did not find expected ',' or ']'"
    ]


def test_duplicate_key_is_an_error_not_silently_dropped(bank_dir):
    text = ENTRY.format(id="a").replace(
        "  difficulty: easy\n", "  difficulty: easy\n  difficulty: hard\n"
    )
    write(bank_dir, "a.yaml", text)
    assert problems_in(bank_dir) == [
        "b/a.yaml:6: a: duplicate key 'difficulty' (the earlier value would be lost)"
    ]


def test_missing_unknown_and_wrong_typed_fields(bank_dir):
    text = ENTRY.format(id="a").replace(
        "  tags: [t]\n", "  tags: t\n  colour: red\n"
    ) + ENTRY.format(id="b").replace("  answer: {zh: 答案, en: Answer.}\n", "")
    write(bank_dir, "a.yaml", text)
    assert problems_in(bank_dir) == [
        "b/a.yaml:5: a: unknown field 'colour'",
        "b/a.yaml:4: a: tags must be a list of strings",
        "b/a.yaml:17: b: missing field 'answer'",
    ]


def test_missing_translation_and_empty_text(bank_dir):
    text = ENTRY.format(id="a").replace("{zh: 答案, en: Answer.}", "{en: Answer.}")
    text = text.replace("{zh: 解析, en: Why.}", "{zh: '', en: Why.}")
    write(bank_dir, "a.yaml", text)
    assert problems_in(bank_dir) == [
        "b/a.yaml:7: a: answer is missing its 'zh' translation",
        "b/a.yaml:12: a: explanation.zh must be non-empty text",
    ]


def test_bad_enums_ids_and_key_point_count(bank_dir):
    text = ENTRY.format(id="Bad_Id").replace("difficulty: easy", "difficulty: trivial")
    text = text.replace("    - {zh: 三, en: three, aliases: [drei]}\n", "")
    write(bank_dir, "a.yaml", text)
    assert problems_in(bank_dir) == [
        "b/a.yaml:1: Bad_Id: id must be kebab-case text, got 'Bad_Id'",
        "b/a.yaml:5: Bad_Id: difficulty must be one of easy, medium, hard, got 'trivial'",
        "b/a.yaml:8: Bad_Id: an open entry needs 3-8 key_points, has 2",
    ]


def test_alias_that_is_not_text(bank_dir):
    write(bank_dir, "a.yaml", ENTRY.format(id="a").replace("aliases: [drei]", "aliases: [{x: 1}]"))
    assert problems_in(bank_dir) == [
        "b/a.yaml:11: a: key_points[2].aliases must be a list of strings"
    ]


MISCONCEPTIONS = """\
  reviewed: {reviewed}
  misconceptions:
    - claim: {{zh: 错的说法, en: A wrong claim.}}
      why: {{zh: 为什么错, en: Why it is wrong.}}
      terms: [{terms}]
      point: {point}
"""


def test_misconceptions_and_reviewed_are_read(bank_dir):
    write(bank_dir, "a.yaml", ENTRY.format(id="a") + MISCONCEPTIONS.format(
        reviewed="2026-11", terms="clipping + vanishing, 裁剪 + 梯度消失", point=2
    ))  # fmt: skip
    bank = load_bank([bank_dir])
    [item] = bank.get("a").misconceptions
    assert item.claim.en == "A wrong claim." and item.why.zh == "为什么错"
    assert item.parts() == [("clipping", "vanishing"), ("裁剪", "梯度消失")]
    assert item.point == 2 and bank.get("a").reviewed == "2026-11"
    assert bank.get("a").to_dict()["misconceptions"][0]["terms"] == [
        "clipping + vanishing", "裁剪 + 梯度消失"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("reviewed", "terms", "point", "message"),
    [
        ("2026-11", "w", 4, "a: misconceptions[0].point must be a key point number 1..3, got 4"),
        ("2026-11", '""', 1, "a: misconceptions[0].terms must be a non-empty list of strings"),
        ("26-11", "w", 1, "a: reviewed must be a month as YYYY-MM, got '26-11'"),
        ("2026-11-02", "w", 1, "a: reviewed must be a month as YYYY-MM"),
    ],
)
def test_bad_misconceptions_and_reviewed_name_the_entry(bank_dir, reviewed, terms, point, message):
    write(bank_dir, "a.yaml", ENTRY.format(id="a") + MISCONCEPTIONS.format(
        reviewed=reviewed, terms=terms, point=point
    ))  # fmt: skip
    [problem] = problems_in(bank_dir)
    assert problem.startswith("b/a.yaml:") and message in problem


def test_ids_duplicated_across_files_and_missing_related(bank_dir):
    write(bank_dir, "a.yaml", ENTRY.format(id="same"))
    write(bank_dir, "b.yaml", ENTRY.format(id="same").replace("related: []", "related: [nowhere]"))
    assert problems_in(bank_dir) == [
        "b/b.yaml:1: same: duplicate id: already defined at b/a.yaml:1"
    ]
    write(bank_dir, "b.yaml", ENTRY.format(id="other").replace("related: []", "related: [nowhere]"))
    assert problems_in(bank_dir) == ["b/b.yaml:1: other: related id 'nowhere' does not exist"]


def test_choice_answer_out_of_range_and_open_with_options(bank_dir):
    choice = SMALL_BANK.split("- id: test-softmax")[1]
    text = "- id: test-softmax" + choice.replace("correct: [1]", "correct: [3]")
    text = text.replace("related: [test-bias-variance]", "related: []")
    text += ENTRY.format(id="o") + "  options: [{zh: 甲, en: A}, {zh: 乙, en: B}]\n"
    write(bank_dir, "a.yaml", text)
    assert problems_in(bank_dir) == [
        "b/a.yaml:17: test-softmax: correct index 3 is out of range: options are 0..2",
        "b/a.yaml:34: o: field 'options' is only for choice entries",
    ]


def test_not_utf8_and_not_a_list(bank_dir):
    write(bank_dir, "a.yaml", ENTRY.format(id="a").encode("utf-8") + b"# caf\xe9\n")
    write(bank_dir, "b.yaml", "id: lonely\ntype: open\n")
    write(bank_dir, "c.yaml", "- just a string\n")
    write(bank_dir, "d.yaml", "# nothing but a comment\n")
    assert problems_in(bank_dir) == [
        "b/a.yaml:16: -: file is not UTF-8 (byte 0xe9)",
        "b/b.yaml:1: -: the top level must be a list of entries, got a mapping",
        "b/c.yaml:1: -: item 0 must be a mapping, got text",
        "b/d.yaml:1: -: the file is empty: expected a list of entries",
    ]


def test_unchanged_files_come_from_the_cache_and_edits_are_seen(bank_dir, llmprep_home):
    path = write(bank_dir, "a.yaml", ENTRY.format(id="a"))
    assert problems_in(bank_dir) == []
    assert list((llmprep_home / "cache" / "bank").glob("*.jsonl"))
    path.write_text(ENTRY.format(id="a").replace("difficulty: easy", "difficulty: x"), "utf-8")
    assert problems_in(bank_dir) == [
        "b/a.yaml:5: a: difficulty must be one of easy, medium, hard, got 'x'"
    ]
    for cached in (llmprep_home / "cache" / "bank").glob("*.jsonl"):
        cached.write_text("{not json", "utf-8")  # a damaged cache is ignored, never trusted
    assert len(problems_in(bank_dir)) == 1


def test_an_entry_damaged_in_the_cache_is_parsed_again(bank_dir, llmprep_home):
    write(bank_dir, "a.yaml", ENTRY.format(id="a") + ENTRY.format(id="b"))
    expected = load_bank([bank_dir]).entries["b"]
    [cached] = (llmprep_home / "cache" / "bank").glob("*.jsonl")
    # The header, then each entry's JSON and its search texts.
    header, a_json, a_texts, b_json, b_texts, end = cached.read_bytes().split(b"\n")
    damaged = b'{"id": "b", "damaged'.ljust(len(b_json), b" ")  # the index's lengths still hold
    cached.write_bytes(b"\n".join([header, a_json, a_texts, damaged, b_texts, end]))
    bank = load_bank([bank_dir])  # the index is intact: entries are built when used
    assert bank.entries["b"] == expected and bank.entries["b"].line == expected.line


def test_search_reads_the_cached_texts_and_finds_what_the_entries_hold(bank_dir, llmprep_home):
    from llmprep.bank.search import search

    write(bank_dir, "a.yaml", ENTRY.format(id="a") + ENTRY.format(id="b"))
    built = load_bank([bank_dir])
    fresh = [hit.to_dict() for hit in search(Bank(dict(built.entries)), "question")]
    assert fresh and fresh == [hit.to_dict() for hit in search(load_bank([bank_dir]), "question")]
    [cached] = (llmprep_home / "cache" / "bank").glob("*.jsonl")
    header, a_json, a_texts, b_json, b_texts, end = cached.read_bytes().split(b"\n")
    damaged = b"\xff\x1fquestion".ljust(len(b_texts), b" ")  # not UTF-8, nor packed texts
    cached.write_bytes(b"\n".join([header, a_json, a_texts, b_json, damaged, end]))
    bank = load_bank([bank_dir])
    assert [hit.to_dict() for hit in search(bank, "question")] == fresh  # b built instead


def test_a_cache_file_cut_short_is_ignored_and_the_bank_file_parsed(bank_dir, llmprep_home):
    write(bank_dir, "a.yaml", ENTRY.format(id="a") + ENTRY.format(id="b"))
    expected = load_bank([bank_dir]).entries
    [cached] = (llmprep_home / "cache" / "bank").glob("*.jsonl")
    cached.write_bytes(cached.read_bytes()[:-40])  # as a full disk or a crash might leave it
    assert load_bank([bank_dir]).entries == expected


def test_unsafe_yaml_tag_is_refused_and_never_run(bank_dir, tmp_path):
    marker = tmp_path / "pwned"
    payload = f"- !!python/object/apply:os.system ['touch {marker}']\n"
    write(bank_dir, "evil.yaml", payload)
    [problem] = problems_in(bank_dir)
    assert problem == (
        "b/evil.yaml:1: -: YAML error: unsupported YAML tag "
        "'tag:yaml.org,2002:python/object/apply:os.system' (only plain data is allowed)"
    )
    assert not marker.exists()


def test_every_problem_is_reported_at_once(bank_dir):
    write(bank_dir, "a.yaml", ENTRY.format(id="a").replace("difficulty: easy", "difficulty: x"))
    write(bank_dir, "b.yaml", "- [broken\n")
    write(bank_dir, "c.yaml", ENTRY.format(id="c").replace("related: []", "related: [ghost]"))
    with pytest.raises(BankError) as raised:
        load_bank([bank_dir])
    messages = [str(problem) for problem in raised.value.problems]
    assert len(messages) == 3
    assert [message.split(":")[0] for message in messages] == ["b/a.yaml", "b/b.yaml", "b/c.yaml"]


def test_validate_command_exit_codes_and_messages(cli, bank_dir, small_bank):
    ok = cli("validate", str(small_bank), "--bank", str(small_bank))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("OK: ")
    write(bank_dir, "a.yaml", ENTRY.format(id="a").replace("type: open", "type: essay"))
    bad = cli("validate", str(bank_dir), cwd=bank_dir.parent)
    assert bad.returncode == 1
    assert "b/a.yaml:2: a: type must be one of open, choice, got 'essay'" in bad.stderr
    assert "Traceback" not in bad.stderr + bad.stdout
    report = json.loads(cli("validate", str(bank_dir), "--json", cwd=bank_dir.parent).stdout)
    assert report["valid"] is False
    assert report["problems"][0] == {
        "path": "b/a.yaml", "line": 2, "id": "a",
        "message": "type must be one of open, choice, got 'essay'",
    }  # fmt: skip


def test_a_broken_user_bank_stops_study_commands_with_the_problems(cli, bank_dir):
    write(bank_dir, "a.yaml", "- id: x\n")
    result = cli("list", "--bank", str(bank_dir), cwd=bank_dir.parent)
    assert result.returncode == 1
    assert "b/a.yaml:1: x: missing field 'type'" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_checks_the_exercise_files_too(tmp_path, small_bank):
    from llmprep.config import builtin_bank_dir
    from llmprep.exercises.catalogue import check_exercises

    bank = load_bank([builtin_bank_dir()])
    assert check_exercises(bank) == []
    folder = tmp_path / "exercises"
    folder.mkdir()
    shipped = (builtin_bank_dir() / "exercises" / "knn.yaml").read_text(encoding="utf-8")
    (folder / "knn.yaml").write_text(shipped.replace("overfitting", "no-such-entry"), "utf-8")
    messages = [str(p) for p in check_exercises(bank, folder) if p.entry_id == "knn"]
    line = next(n for n, text in enumerate(shipped.splitlines(), 1) if text.startswith("related:"))
    assert messages and all(
        m.endswith(f":{line}: knn: related id 'no-such-entry' does not exist") for m in messages
    )
    (folder / "knn.yaml").write_text("- not: a mapping\n", "utf-8")
    assert check_exercises(bank, folder)


def _three_files(bank_dir):
    write(bank_dir, "a.yaml", ENTRY.format(id="a"))
    write(bank_dir, "b.yaml", ENTRY.format(id="b").replace("difficulty: easy", "difficulty: x"))
    write(bank_dir, "c.yaml", ENTRY.format(id="c").replace("related: []", "related: [a]"))


def test_large_banks_are_parsed_in_worker_processes_with_the_same_result(bank_dir, monkeypatch):
    from llmprep.bank import loader

    _three_files(bank_dir)
    monkeypatch.setattr(loader, "PARALLEL_MIN_BYTES", 0)  # parallel even for these small files
    assert loader._worth_parallel(sorted(bank_dir.glob("*.yaml")))
    bank, problems = check_bank([bank_dir])
    assert list(bank.entries) == ["a", "c"]
    assert [str(p) for p in problems] == [
        "b/b.yaml:5: b: difficulty must be one of easy, medium, hard, got 'x'"
    ]
    # The workers filled the cache: a second load reads it and finds the same.
    monkeypatch.setattr(loader, "_parse_file", None)
    assert [str(p) for p in check_bank([bank_dir])[1]] == [str(p) for p in problems]


def test_parsing_falls_back_to_one_process_when_workers_cannot_start(bank_dir, monkeypatch):
    import concurrent.futures

    from llmprep.bank import loader

    def no_workers(*args, **kwargs):
        raise OSError("no processes")

    _three_files(bank_dir)
    monkeypatch.setattr(loader, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_workers)
    bank, problems = check_bank([bank_dir])
    assert list(bank.entries) == ["a", "c"] and len(problems) == 1


def test_an_entry_names_the_exercises_that_practise_it_and_each_lists_it_back(bank_dir, tmp_path):
    from llmprep.exercises.catalogue import check_exercises

    practised = ENTRY.format(id="overfitting") + "  exercises: [knn]\n"
    write(bank_dir, "a.yaml", practised)
    bank = load_bank([bank_dir])
    assert bank.get("overfitting").exercises == ("knn",)
    assert bank.get("overfitting").to_dict()["exercises"] == ["knn"]
    shipped = Path(__file__).parents[2] / "bank" / "exercises" / "knn.yaml"
    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "knn.yaml").write_text(shipped.read_text(encoding="utf-8"), "utf-8")
    related = [p for p in check_exercises(bank, folder) if "related id" in str(p)]
    assert not [str(p) for p in check_exercises(bank, folder) if p not in related]

    write(bank_dir, "a.yaml", practised.replace("[knn]", "[knn, no_such_exercise]"))
    messages = [str(p) for p in check_exercises(load_bank([bank_dir]), folder)]
    assert "b/a.yaml:1: overfitting: exercise 'no_such_exercise' does not exist" in " ".join(
        messages
    )
    write(bank_dir, "a.yaml", practised.replace("id: overfitting", "id: theory"))
    messages = [str(p) for p in check_exercises(load_bank([bank_dir]), folder)]
    assert any("exercise 'knn' does not list 'theory' in its related ids" in m for m in messages)

    write(bank_dir, "a.yaml", practised.replace("[knn]", "[Not-An-Id]"))
    [problem] = problems_in(bank_dir)
    assert "a.yaml" in problem and "exercises: 'Not-An-Id' is not an exercise id" in problem
