"""Spaced repetition with FSRS (the `fsrs` library, version 6): a thin wrapper, no scheduler of our own.

A card's id is derived from its entry id, so it is the same on every machine and survives edits
of the question's text. Every time is timezone-aware UTC. The store keeps `Card.to_json()`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler

NEW = 0  # `state_before` of a card never reviewed (fsrs 6 has no New state: 1-3 are its own)


def card_id(entry_id: str) -> int:
    """A stable positive id below 2**53 (exact in JSON numbers): the first 8 bytes of sha256."""
    digest = hashlib.sha256(entry_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % (2**53 - 1) + 1


def make_scheduler(fuzzing: bool = True) -> Scheduler:
    """FSRS with its default parameters (desired retention 0.9); tests turn fuzzing off."""
    return Scheduler(enable_fuzzing=fuzzing)


def load_card(entry_id: str, card_json: str | None) -> Card:
    """The stored card of an entry, or a new one with its stable id."""
    if card_json is None:
        return Card(card_id=card_id(entry_id))
    return Card.from_json(card_json)


@dataclass(frozen=True, slots=True)
class Reviewed:
    """A card after one review, and the state it was in before."""

    card: Card
    state_before: int

    @property
    def due(self) -> datetime:
        return self.card.due.astimezone(UTC)

    def to_json(self) -> str:
        return self.card.to_json()


def review(
    scheduler: Scheduler, entry_id: str, card_json: str | None, rating: int, when: datetime
) -> Reviewed:
    """Rate the entry's card (1 Again .. 4 Easy) at `when` (aware, UTC) and return the new card."""
    if when.tzinfo is None:
        raise ValueError("review times must be timezone-aware (UTC)")
    state_before = NEW if card_json is None else int(Card.from_json(card_json).state)
    card = load_card(entry_id, card_json)
    updated, _log = scheduler.review_card(card, Rating(rating), when.astimezone(UTC))
    return Reviewed(updated, state_before)


@dataclass(frozen=True, slots=True)
class Plan:
    """Every way one review can go, computed once: the card after each rating at one moment.

    FSRS fuzzes each interval at random, so reviewing the same card twice gives two due dates.
    The hints shown beside the rating keys and the review that is saved both come from one
    plan, so `Easy (10d)` is what `Easy` saves.
    """

    at: datetime
    state_before: int
    after: dict[int, Reviewed]  # rating -> the card after it; empty when nothing is scheduled

    def due(self, rating: int) -> datetime | None:
        """When the card is next due after `rating` (None if this plan schedules nothing)."""
        reviewed = self.after.get(rating)
        return None if reviewed is None else reviewed.due

    def interval(self, rating: int) -> timedelta | None:
        """How long after this review the card is due after `rating` (None: not scheduled)."""
        due = self.due(rating)
        return None if due is None else due - self.at


def plan(scheduler: Scheduler | None, entry_id: str, card_json: str | None, when: datetime) -> Plan:
    """The card after each rating 1-4 at `when`; with no scheduler, only the state before."""
    if when.tzinfo is None:
        raise ValueError("review times must be timezone-aware (UTC)")
    state_before = NEW if card_json is None else int(Card.from_json(card_json).state)
    after = {}
    if scheduler is not None:
        after = {
            int(rating): review(scheduler, entry_id, card_json, int(rating), when)
            for rating in Rating
        }
    return Plan(when.astimezone(UTC), state_before, after)


def preview_intervals(
    scheduler: Scheduler, entry_id: str, card_json: str | None, when: datetime
) -> dict[int, datetime]:
    """When the card would be due again after each rating (one fresh `plan`'s due dates)."""
    planned = plan(scheduler, entry_id, card_json, when)
    return {rating: reviewed.due for rating, reviewed in planned.after.items()}


UNITS = {
    "en": {"now": "<1m", "m": "{}m", "h": "{}h", "d": "{}d", "mo": "{}mo", "y": "{}y"},
    "zh": {"now": "不到 1 分钟", "m": "{} 分钟", "h": "{} 小时", "d": "{} 天", "mo": "{} 个月",
           "y": "{} 年"},
}  # fmt: skip


def humanize_interval(delta_seconds: float, lang: str = "en") -> str:
    """`<1m`, `10m`, `5h`, `3d`, `2mo`, `1.5y` (`3 天` in Chinese): how long until a card is due."""
    unit = UNITS["zh" if lang == "zh" else "en"]
    minutes = delta_seconds / 60
    if minutes < 1:
        return unit["now"]
    if minutes < 60:
        return unit["m"].format(f"{minutes:.0f}")
    hours = minutes / 60
    if hours < 24:
        return unit["h"].format(f"{hours:.0f}")
    days = hours / 24
    if days < 31:
        return unit["d"].format(f"{days:.0f}")
    if days < 365:
        return unit["mo"].format(f"{days / 30.4:.0f}")
    return unit["y"].format(f"{days / 365:.1f}")
