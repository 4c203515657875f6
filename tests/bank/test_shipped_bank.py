"""The bank llmprep ships: valid, complete against the source articles, and true to its schema."""

from __future__ import annotations

import copy
import json
import re

import jsonschema
import pytest
import yaml

from llmprep.bank import check_bank
from llmprep.bank.problems import LineDict
from llmprep.bank.validate import check_entry
from llmprep.config import builtin_bank_dir
from tests.conftest import REPO, SMALL_BANK

BANK = builtin_bank_dir()
SCHEMA = json.loads((BANK / "schema.json").read_text(encoding="utf-8"))
SEED_ARTICLES = {"000": 30, "004": 30}  # "### N." questions in each file of ../shared/seeds


@pytest.fixture(scope="module")
def shipped():
    bank, problems = check_bank([BANK])
    return bank, problems


def test_shipped_bank_has_no_problems(shipped):
    _, problems = shipped
    assert [str(problem) for problem in problems] == []


def test_every_source_question_has_an_entry(shipped):
    bank, _ = shipped
    covered = {seed for entry in bank.entries.values() for seed in entry.seeds}
    expected = {
        f"{article}#{n}" for article, count in SEED_ARTICLES.items() for n in range(1, count + 1)
    }
    assert sorted(expected - covered) == []
    assert sorted(covered - expected) == []


def test_bank_size_and_mix(shipped):
    bank, _ = shipped
    entries = list(bank.entries.values())
    assert sum(entry.type == "open" for entry in entries) >= 46
    assert sum(entry.type == "choice" for entry in entries) >= 20


def test_every_choice_entry_has_a_wrong_option_and_every_entry_a_reference(shipped):
    bank, _ = shipped
    for entry in bank.entries.values():
        assert entry.references, entry.id
        if entry.is_choice:
            assert len(entry.options) > len(entry.correct), entry.id


def test_topics_are_documented(shipped):
    bank, _ = shipped
    readme = (BANK / "README.md").read_text(encoding="utf-8")
    for topic in bank.topics():
        assert f"| `{topic}` |" in readme, topic


@pytest.mark.parametrize("path", sorted(BANK.glob("*.yaml")), ids=lambda path: path.name)
def test_shipped_files_match_the_json_schema(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)


def _valid_entries():
    return yaml.safe_load(SMALL_BANK)


MUTATIONS = {
    "missing answer": lambda e: e.pop("answer"),
    "unknown field": lambda e: e.update(colour="red"),
    "tags not a list": lambda e: e.update(tags="x"),
    "missing zh": lambda e: e["question"].pop("zh"),
    "empty en": lambda e: e["explanation"].update(en=" "),
    "bad difficulty": lambda e: e.update(difficulty="trivial"),
    "bad type": lambda e: e.update(type="essay"),
    "id not kebab": lambda e: e.update(id="Not_Kebab"),
    "two key points": lambda e: e.update(key_points=e["key_points"][:2]),
    "no references": lambda e: e.update(references=[]),
    "options on open": lambda e: e.update(options=[{"zh": "a", "en": "a"}] * 2, correct=[0]),
    "alias not text": lambda e: e["key_points"][0].update(aliases=[{"x": 1}]),
    "reviewed not a month": lambda e: e.update(reviewed="2026-13"),
    "misconception without terms": lambda e: e.update(
        misconceptions=[{"claim": {"zh": "错", "en": "Wrong."}, "why": {"zh": "因", "en": "So."}}]
    ),
    "misconception with empty terms": lambda e: e.update(
        misconceptions=[
            {"claim": {"zh": "错", "en": "W."}, "why": {"zh": "因", "en": "S."}, "terms": []}
        ]
    ),
    "misconception claim missing zh": lambda e: e.update(
        misconceptions=[{"claim": {"en": "W."}, "why": {"zh": "因", "en": "S."}, "terms": ["w"]}]
    ),
    "misconception point zero": lambda e: e.update(
        misconceptions=[
            {
                "claim": {"zh": "错", "en": "W."},
                "why": {"zh": "因", "en": "S."},
                "terms": ["w"],
                "point": 0,
            }
        ]
    ),
}


@pytest.mark.parametrize("name", MUTATIONS)
def test_schema_and_validator_agree_on_broken_entries(name):
    entry = copy.deepcopy(_valid_entries()[0])
    MUTATIONS[name](entry)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([entry], SCHEMA)
    problems = []
    check_entry(_as_line_dict(entry), "x.yaml", 0, problems, 1)
    assert problems, name


def test_schema_and_validator_accept_the_small_bank():
    jsonschema.validate(_valid_entries(), SCHEMA)
    problems = []
    for entry in _valid_entries():
        assert check_entry(_as_line_dict(entry), "x.yaml", 0, problems, 1) is not None
    assert problems == []


def _as_line_dict(value):
    if isinstance(value, dict):
        out = LineDict()
        out.update({key: _as_line_dict(item) for key, item in value.items()})
        return out
    if isinstance(value, list):
        return [_as_line_dict(item) for item in value]
    return value


def test_seed_question_counts_match_the_articles():
    seeds = REPO.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("the source articles are not beside this checkout")
    for article, count in SEED_ARTICLES.items():
        [path] = seeds.glob(f"{article}_*.txt")
        numbers = re.findall(r"^### (\d+)\.", path.read_text(encoding="utf-8"), flags=re.M)
        assert max(map(int, numbers)) == count


NUMBERED_OPTION = re.compile(
    r"(?i)\boptions? \d|\*\*\d (is|正确|错误)|(正确的是|选项) ?\d|只有 ?\d ?正确|^\d (和|、)"
)


def test_choice_explanations_name_options_by_their_letter(shipped):
    """The quiz shows options as a), b), c); an explanation saying "option 0" confuses."""
    bank, _ = shipped
    for entry in bank.entries.values():
        if entry.is_choice:
            for text in (entry.answer, entry.explanation):
                for lang in ("en", "zh"):
                    assert not NUMBERED_OPTION.search(text.get(lang)), (entry.id, lang)


OWN_LETTER = re.compile(r"^\s*(?:\(?([a-hA-H])[.)]|[（(]([a-hA-H])[）)])\s")


def test_choice_options_are_not_lettered_twice(shipped):
    """The quiz letters the options itself; an option written as "a. 4 GiB" shows "a) a. 4 GiB"."""
    bank, _ = shipped
    lettered = [
        (entry.id, index, lang)
        for entry in bank.entries.values()
        for index, option in enumerate(entry.options)
        for lang in ("en", "zh")
        if (found := OWN_LETTER.match(option.get(lang)))
        and (found.group(1) or found.group(2)).lower() == chr(ord("a") + index)
    ]
    assert not lettered, lettered
