"""Search and show's guesses rank what the query names before what merely mentions it."""

from __future__ import annotations

import pytest

from llmprep.bank import load_bank
from llmprep.bank.search import best_matches, search
from llmprep.config import builtin_bank_dir

BANK = load_bank([builtin_bank_dir()])


@pytest.mark.parametrize(
    ("query", "first"),
    [("kv cache", "kv-cache"), ("rope", "rope"), ("lora", "lora"), ("knn", "k-nearest-neighbors"),
     ("attention", "self-attention"), ("overfitting", "overfitting")],
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
