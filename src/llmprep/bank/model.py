"""The bank's data: typed, immutable entries built from validated YAML."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Text:
    """A text in both languages."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def to_dict(self) -> dict:
        return {"zh": self.zh, "en": self.en}


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """A point a good answer makes, with the other words a candidate may use for it."""

    zh: str
    en: str
    aliases: tuple[str, ...] = ()

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def terms(self, lang: str) -> list[str]:
        """The phrases that count as making this point in `lang`: its text, then its aliases."""
        return [self.get(lang), *self.aliases]

    def to_dict(self) -> dict:
        return {"zh": self.zh, "en": self.en, "aliases": list(self.aliases)}


@dataclass(frozen=True, slots=True)
class Misconception:
    """A wrong claim candidates really make, why it is wrong, and the terms that give it away.

    Each of `terms` is one way the claim shows in an answer: its parts, separated by `` + ``, must
    all occur in one clause (`clipping + vanishing` for "gradient clipping cures vanishing
    gradients"). `point` is the 1-based key point the claim contradicts, when it contradicts one.
    """

    claim: Text
    why: Text
    terms: tuple[str, ...]
    point: int | None = None

    def parts(self) -> list[tuple[str, ...]]:
        """Each term split into the parts that must occur together."""
        return [tuple(part.strip() for part in term.split(" + ")) for term in self.terms]

    def to_dict(self) -> dict:
        data = {"claim": self.claim.to_dict(), "why": self.why.to_dict(), "terms": list(self.terms)}
        if self.point is not None:
            data["point"] = self.point
        return data


@dataclass(frozen=True, slots=True)
class Entry:
    """One question of the bank: an open question, or a multiple-choice item."""

    id: str
    type: str
    topic: str
    tags: tuple[str, ...]
    difficulty: str
    question: Text
    answer: Text
    key_points: tuple[KeyPoint, ...]
    explanation: Text
    related: tuple[str, ...]
    follow_ups: tuple[Text, ...]
    references: tuple[str, ...]
    seeds: tuple[str, ...] = ()
    misconceptions: tuple[Misconception, ...] = ()
    reviewed: str = ""  # YYYY-MM: when the entry was last checked against its sources
    exercises: tuple[str, ...] = ()  # ids of coding exercises that practise this entry
    options: tuple[Text, ...] = ()
    correct: tuple[int, ...] = ()
    source: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)

    @property
    def is_choice(self) -> bool:
        return self.type == "choice"

    def to_dict(self) -> dict:
        """The entry as plain data, in the shape of the YAML it came from (plus where it came from)."""
        data = {
            "id": self.id,
            "type": self.type,
            "topic": self.topic,
            "tags": list(self.tags),
            "difficulty": self.difficulty,
            "question": self.question.to_dict(),
            "answer": self.answer.to_dict(),
            "key_points": [point.to_dict() for point in self.key_points],
            "explanation": self.explanation.to_dict(),
            "related": list(self.related),
            "follow_ups": [text.to_dict() for text in self.follow_ups],
            "references": list(self.references),
        }
        if self.seeds:
            data["seeds"] = list(self.seeds)
        if self.misconceptions:
            data["misconceptions"] = [item.to_dict() for item in self.misconceptions]
        if self.reviewed:
            data["reviewed"] = self.reviewed
        if self.exercises:
            data["exercises"] = list(self.exercises)
        if self.is_choice:
            data["options"] = [text.to_dict() for text in self.options]
            data["correct"] = list(self.correct)
        data["source"] = f"{self.source}:{self.line}"
        return data


class LazyEntries(Mapping):
    """Entries by id, in file order, where a value may still be unbuilt (it has a `build()`
    method, such as a cached entry): it is built on first access, once."""

    __slots__ = ("_items",)

    def __init__(self, items: dict[str, object]) -> None:
        self._items = items

    def __getitem__(self, entry_id: str) -> Entry:
        value = self._items[entry_id]
        if not isinstance(value, Entry):
            value = self._items[entry_id] = value.build()
        return value

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._items

    def peek(self, entry_id: str) -> object:
        """The stored value for `entry_id`, built or not (a KeyError if there is none)."""
        return self._items[entry_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


@dataclass(slots=True)
class Bank:
    """Every loaded entry, by id, in file order."""

    entries: Mapping[str, Entry]

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def topics(self) -> dict[str, list[Entry]]:
        """Entries grouped by topic, topics in order of first appearance."""
        grouped: dict[str, list[Entry]] = {}
        for entry in self.entries.values():
            grouped.setdefault(entry.topic, []).append(entry)
        return grouped
