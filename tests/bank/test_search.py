"""Search and show's guesses rank what the query names before what merely mentions it."""

from __future__ import annotations

import json

import pytest

from llmprep.bank import load_bank
from llmprep.bank.search import best_matches, search
from llmprep.config import builtin_bank_dir

BANK = load_bank([builtin_bank_dir()])


@pytest.mark.parametrize(
    ("query", "first"),
    [("kv cache", "kv-cache"), ("rope", "rope"), ("lora", "lora"), ("knn", "k-nearest-neighbors"),
     ("attention", "self-attention"), ("overfitting", "overfitting"), ("过拟合", "overfitting")],
)  # fmt: skip
def test_the_entry_a_query_names_comes_first_in_search_and_show(query, first):
    assert search(BANK, query)[0].entry.id == first
    assert best_matches(BANK, query)[0].entry.id == first


def test_a_query_found_only_inside_a_longer_word_ranks_below_a_real_mention():
    hits = {hit.entry.id: hit for hit in search(BANK, "rope", limit=50)}
    # "rope" inside "properties" is spelling, not a mention of RoPE.
    assert hits["entropy-cross-entropy-kl"].score < 100 <= hits["rope"].score


def test_long_prose_counts_the_query_itself_not_a_look_alike_window():
    # "bootstrap samples" appears in answers; a misspelling of it finds nothing there.
    assert any(hit.field == "answer" for hit in search(BANK, "bootstrap samples", limit=50))
    assert not [
        hit for hit in search(BANK, "bootstarp sampels", limit=50)
        if hit.field in ("answer", "explanation")
    ]  # fmt: skip


def test_a_chinese_query_ranks_the_question_about_it_before_one_naming_it_in_passing():
    # Both questions hold 过拟合; the short one asks about it, the long one (decision trees)
    # mentions it at the end. Chinese has no ids to name it, so the question decides.
    ids = [hit.entry.id for hit in search(BANK, "过拟合", limit=5)]
    assert ids.index("overfitting") < ids.index("decision-trees")


def test_search_says_how_many_matches_it_left_out_in_the_language_asked(cli):
    everything = cli("search", "dropout", "--json").stdout
    total = len(json.loads(cli("search", "dropout", "--json", "-n", "1000").stdout))
    assert len(json.loads(everything)) == 10 < total
    out = cli("search", "dropout", "-n", "3", env={"COLUMNS": "120"}).stdout
    assert f"The best 3 of {total} matches; `--limit {total}` shows them all." in out
    assert "shows them all" not in cli("search", "dropout", "-n", "1000").stdout
    zh = cli("search", "dropout", "-n", "3", "--lang", "zh", env={"COLUMNS": "120"}).stdout
    assert "搜索：dropout" in zh and "匹配位置" in zh and "条目名" in zh
    assert f"共 {total} 条匹配，只显示了最相关的 3 条" in zh


def test_a_plural_of_the_query_is_a_mention_not_a_spelling_coincidence():
    # "gradients" in vanishing-exploding-gradients names the query; "rope" in "properties" does not.
    hits = {hit.entry.id: hit for hit in search(BANK, "gradient", limit=5)}
    assert hits["vanishing-exploding-gradients"].field == "id"
    assert hits["vanishing-exploding-gradients"].score == 100
