"""Spaced repetition with FSRS (the `fsrs` library, version 6): a thin wrapper, no scheduler of our own.

A card's id is derived from its entry id, so it is the same on every machine and survives edits
of the question's text. Every time is timezone-aware UTC. The store keeps `Card.to_json()`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

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


def preview_intervals(
    scheduler: Scheduler, entry_id: str, card_json: str | None, when: datetime
) -> dict[int, datetime]:
    """When the card would be due again after each rating: the hints shown beside 1-4."""
    card = load_card(entry_id, card_json)
    return {
        int(rating): scheduler.review_card(card, rating, when.astimezone(UTC))[0].due.astimezone(
            UTC
        )
        for rating in Rating
    }


def humanize_interval(delta_seconds: float) -> str:
    """`<1m`, `10m`, `5h`, `3d`, `2mo`, `1.5y`: how long until a card is due."""
    minutes = delta_seconds / 60
    if minutes < 1:
        return "<1m"
    if minutes < 60:
        return f"{minutes:.0f}m"
    hours = minutes / 60
    if hours < 24:
        return f"{hours:.0f}h"
    days = hours / 24
    if days < 31:
        return f"{days:.0f}d"
    if days < 365:
        return f"{days / 30.4:.0f}mo"
    return f"{days / 365:.1f}y"
