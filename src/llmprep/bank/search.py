"""Fuzzy look-ups over the bank with rapidfuzz: `show`'s best guess and `search`'s ranking."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from llmprep.bank.model import Bank, Entry

SHOW_CUTOFF = 80.0
SUGGEST_CUTOFF = 45.0
SEARCH_CUTOFF = 80.0
MID_WORD_SCORE = 85.0  # the query found only inside a longer word
# Long prose is searched for the query itself, not for look-alike windows: a fuzzy window over a
# whole answer finds near-spellings of almost any word, and cost a third of `search`'s time.
LITERAL_FIELDS = frozenset(("answer", "explanation"))

# How much a hit in each part of an entry counts in `search`: the question says most.
FIELD_WEIGHTS = {
    "id": 1.0, "question": 1.0, "tags": 0.95, "key_points": 0.9, "answer": 0.8, "explanation": 0.75,
}  # fmt: skip
_ORDER = {field: order for order, field in enumerate(FIELD_WEIGHTS)}


@dataclass(frozen=True, slots=True)
class Hit:
    """An entry that matched a query, how well (0-100), and in which field; `rank` orders hits
    (the score plus what the score cannot show: an entry named by the query, or matched in many
    places, comes before one that merely mentions it)."""

    entry: Entry
    score: float
    field: str
    rank: float = 0.0

    def to_dict(self) -> dict:
        return {"id": self.entry.id, "score": round(self.score, 1), "field": self.field}


def _show_choices(bank: Bank) -> dict[tuple[str, str], str]:
    """What `show` may match: ids, tags and both languages of each question."""
    choices: dict[tuple[str, str], str] = {}
    for entry in bank.entries.values():
        choices[(entry.id, "id")] = entry.id.replace("-", " ")
        choices[(entry.id, "question.en")] = entry.question.en
        choices[(entry.id, "question.zh")] = entry.question.zh
        for tag in entry.tags:
            choices[(entry.id, f"tag:{tag}")] = tag.replace("-", " ")
    return choices


def _show_score(query: str, choice: str, *, processor=None, score_cutoff=None) -> float:
    """How well `query` names `choice`, 0-100.

    When the choice is longer than the query, the query may be part of it: the best-matching
    window counts (rapidfuzz's partial ratio, times 0.9 so that an exact id still ranks first;
    WRatio alone discounts a short query in a long text too much, e.g. 过拟合 in a question).
    When the choice is shorter, the plain ratio, so that a short tag contained in a long query
    ("bias" in "bias variance trade-off") does not count as a near-perfect match.
    """
    if processor is not None:
        query, choice = processor(query), processor(choice)
    if len(choice) < len(query):
        return fuzz.ratio(query, choice)
    return max(fuzz.WRatio(query, choice), 0.9 * fuzz.partial_ratio(query, choice))


def best_matches(bank: Bank, query: str, cutoff: float = SHOW_CUTOFF, limit: int = 5) -> list[Hit]:
    """Entries whose id, tags or question resemble `query`, best first, one hit per entry."""
    found = process.extract(
        query,
        _show_choices(bank),
        scorer=_show_score,
        processor=default_process,
        score_cutoff=cutoff,
        limit=None,
    )
    ranked = (
        ((entry_id, field), score, score + _naming_bonus(bank.entries[entry_id], field, query))
        for _, score, (entry_id, field) in found
    )
    return _best_per_entry(bank, ranked, limit)


def _naming_bonus(entry: Entry, field: str, query: str) -> float:
    """How much more than a mention it is when `query` is the entry's id (up to 20, by how much
    of the id it covers, and 10 more when it is whole words of it: `attention` names
    self-attention), its first, main tag (3), or most of its question (up to 5)."""
    needle = default_process(query)
    if field == "id":
        return _id_bonus(entry.id, needle)
    if field.startswith("question"):
        text = default_process(entry.question.get(field.rpartition(".")[2] or "en"))
        return 5.0 * min(1.0, len(needle) / max(len(text), 1))
    if field == "tag:" + (entry.tags[0] if entry.tags else "") or field == "tags":
        return (
            3.0
            if entry.tags and default_process(entry.tags[0].replace("-", " ")) == needle
            else 0.0
        )
    return 0.0


def _id_bonus(entry_id: str, needle: str) -> float:
    """See `_naming_bonus`: up to 20 by how much of the id the query covers, 10 more when it is
    whole words of it. `needle` is normalised (default_process)."""
    name = default_process(entry_id.replace("-", " "))
    whole_words = f" {needle} " in f" {name} "
    return 20.0 * min(len(needle), len(name)) / max(len(needle), len(name), 1) + 10.0 * whole_words


def suggest(bank: Bank, query: str, limit: int = 5) -> list[str]:
    """Ids and topics that look a little like `query`, for a 'did you mean' line."""
    names = list(bank.entries) + list(bank.topics())
    found = process.extract(
        query, names, scorer=fuzz.WRatio, processor=default_process,
        score_cutoff=SUGGEST_CUTOFF, limit=limit,
    )  # fmt: skip
    return [name for name, _, _ in found]


def search_texts(entry: Entry) -> list[tuple[str, str]]:
    """What `search` looks in: (field, text normalised by rapidfuzz's default_process) pairs."""
    return [(field, default_process(text)) for field, text in _search_fields(entry)]


# A normalised text holds only letters, digits and spaces, so these never occur inside one.
_PAIR, _ITEM = "\x1f", "\x1e"


def pack_texts(pairs: list[tuple[str, str]]) -> str:
    """`search_texts` as one string, for the bank cache (JSON would take 5x longer to read)."""
    return _ITEM.join(f"{field}{_PAIR}{text}" for field, text in pairs)


def unpack_texts(packed: str) -> list[tuple[str, str]]:
    """The pairs `pack_texts` packed; ValueError if `packed` is not such a string."""
    if not packed:
        return []
    pairs = [tuple(item.split(_PAIR)) for item in packed.split(_ITEM)]
    if any(len(pair) != 2 or pair[0] not in FIELD_WEIGHTS for pair in pairs):
        raise ValueError("not packed search texts")
    return pairs


def _texts_of(bank: Bank, entry_id: str) -> list[tuple[str, str]]:
    """An entry's search texts, from the bank cache when the entry is not built yet."""
    peek = getattr(bank.entries, "peek", None)
    value = peek(entry_id) if peek is not None else bank.entries[entry_id]
    texts = value.search_texts() if not isinstance(value, Entry) else None
    return texts if texts is not None else search_texts(bank.entries[entry_id])


def _search_fields(entry: Entry):
    yield "id", entry.id.replace("-", " ")
    for lang in ("en", "zh"):
        yield "question", entry.question.get(lang)
    yield "tags", " ".join(entry.tags)
    for point in entry.key_points:
        for lang in ("en", "zh"):
            yield "key_points", point.get(lang)
        for alias in point.aliases:
            yield "key_points", alias
    for lang in ("en", "zh"):
        yield "answer", entry.answer.get(lang)
        for option in entry.options:
            yield "answer", option.get(lang)
        yield "explanation", entry.explanation.get(lang)


def search(
    bank: Bank, query: str, limit: int | None = 10, cutoff: float = SEARCH_CUTOFF
) -> list[Hit]:
    """Entries ranked by how well `query` appears in their questions, key points or answers:
    the best `limit` of them (None: all).

    Both languages of every field are searched. An exact (normalised) substring scores 100; else
    rapidfuzz's partial ratio, the best-matching window of the text. Each field's score is
    weighted (a hit in the question counts more than one in the answer) and an entry ranks by
    its best field.
    """
    needle = default_process(query)
    if not needle:
        return []
    scores: dict[str, dict[str, float]] = {}  # entry id -> field -> its best weighted score
    question_bonus: dict[str, float] = {}
    for entry_id, field, text in _candidates(bank, needle, cutoff):
        score = _mention_score(needle, text, cutoff)
        if score:
            field_scores = scores.setdefault(entry_id, {})
            weighted = score * FIELD_WEIGHTS[field]
            field_scores[field] = max(field_scores.get(field, 0.0), weighted)
            if field == "question" and needle in text:
                # A question that is mostly the query is about it (过拟合 in "什么是过拟合？"),
                # more than one that names it in passing: up to 5, as in `show`.
                bonus = 5.0 * min(1.0, len(needle) / len(text))
                question_bonus[entry_id] = max(question_bonus.get(entry_id, 0.0), bonus)
    ranked = []
    for entry_id, field_scores in scores.items():
        # Of equal scores, the field that comes first in an entry (FIELD_WEIGHTS' order) names it.
        best_field = min(field_scores, key=lambda field: (-field_scores[field], _ORDER[field]))
        # An entry that matches in several places is more about the query: +2 per extra field.
        score = field_scores[best_field] + 2.0 * (len(field_scores) - 1)
        rank = score + question_bonus.get(entry_id, 0.0)
        if "id" in field_scores:
            rank += _id_bonus(entry_id, needle)
        if "tags" in field_scores:  # rare enough to build the entry for
            rank += _naming_bonus(bank.entries[entry_id], "tags", query)
        ranked.append((-rank, entry_id, min(100.0, score), best_field))
    ranked.sort()
    # Only the entries shown are built.
    return [
        Hit(bank.entries[entry_id], score, field, -negative_rank)
        for negative_rank, entry_id, score, field in ranked[:limit]
    ]


def _candidates(bank: Bank, needle: str, cutoff: float):
    """(entry id, field, text) of every text `_mention_score` might score above 0: long prose
    holding the query (LITERAL_FIELDS), texts shorter than it, and the others whose best window
    reaches `cutoff`, found by rapidfuzz in one call rather than one Python call per text."""
    fuzzy: list[tuple[str, str, str]] = []
    for entry_id in bank.entries:
        for field, text in _texts_of(bank, entry_id):
            if field in LITERAL_FIELDS:
                if needle in text:
                    yield entry_id, field, text
            elif len(text) < len(needle):
                yield entry_id, field, text
            else:
                fuzzy.append((entry_id, field, text))
    found = process.extract(
        needle, [text for _, _, text in fuzzy], scorer=fuzz.partial_ratio, processor=None,
        score_cutoff=cutoff, limit=None,
    )  # fmt: skip
    for _, _, index in found:
        yield fuzzy[index]


def _mention_score(needle: str, haystack: str, cutoff: float) -> float:
    """100 when the text contains the query; else the best-matching window's similarity
    (partial ratio). A text shorter than the query is compared whole, so a short alias such as
    "CLIP" does not match every query that happens to contain it."""
    if needle in haystack:
        # Inside a longer word ("rope" in "properties") it is a coincidence of spelling more
        # often than a mention; a plural ("gradients") is a mention. Chinese has no word edges.
        if not needle.isascii() or _whole_word(needle).search(haystack):
            return 100.0
        return MID_WORD_SCORE
    if len(needle) < 3:
        return 0.0
    if len(haystack) < len(needle):
        return fuzz.ratio(needle, haystack, score_cutoff=cutoff)
    return fuzz.partial_ratio(needle, haystack, score_cutoff=cutoff)


@lru_cache(maxsize=64)
def _whole_word(needle: str) -> re.Pattern:
    """`needle` as a whole word of a normalised text, or its plural (s, es)."""
    return re.compile(rf"(?<![a-z0-9]){re.escape(needle)}(?:e?s)?(?![a-z0-9])")


def _best_per_entry(bank: Bank, scored, limit: int) -> list[Hit]:
    best: dict[str, Hit] = {}
    for (entry_id, field), score, rank in scored:
        hit = best.get(entry_id)
        if hit is None or rank > hit.rank:
            best[entry_id] = Hit(bank.entries[entry_id], score, field, rank)
    ranked = sorted(best.values(), key=lambda hit: (-hit.rank, hit.entry.id))
    return ranked[:limit]
