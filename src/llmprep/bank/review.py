"""Warnings about entries that are valid but may no longer be trustworthy.

Facts about large models date quickly, so every entry records the month it was last checked
against its sources (`reviewed`). `validate` warns when that month is missing or older than
`STALE_MONTHS`, and when an open entry lists fewer than `MIN_MISCONCEPTIONS` wrong claims for the
grader to catch. Warnings never make a bank invalid.
"""

from __future__ import annotations

from datetime import date

from llmprep.bank.model import Bank, Entry
from llmprep.bank.problems import Problem

STALE_MONTHS = 18
MIN_MISCONCEPTIONS = 2


def months_since(reviewed: str, today: date) -> int:
    """Whole months from `reviewed` (YYYY-MM) to `today`'s month."""
    year, month = (int(part) for part in reviewed.split("-"))
    return (today.year - year) * 12 + today.month - month


def entry_warnings(entry: Entry, today: date) -> list[str]:
    """What a reviewer should look at in `entry`, as messages; empty when nothing."""
    found = []
    if not entry.reviewed:
        found.append(
            "no `reviewed` month: check it against its sources, then add reviewed: YYYY-MM"
        )
    elif months_since(entry.reviewed, today) > STALE_MONTHS:
        found.append(
            f"last reviewed {entry.reviewed}, over {STALE_MONTHS} months ago: check it again"
        )
    if entry.type == "open" and len(entry.misconceptions) < MIN_MISCONCEPTIONS:
        found.append(
            f"an open entry should list at least {MIN_MISCONCEPTIONS} misconceptions, "
            f"has {len(entry.misconceptions)}"
        )
    return found


def bank_warnings(bank: Bank, today: date | None = None) -> list[Problem]:
    """Every entry's warnings, as `file:line: id: warning: message` problems."""
    today = today or date.today()
    return [
        Problem(entry.source, entry.line, entry.id, f"warning: {message}")
        for entry in bank.entries.values()
        for message in entry_warnings(entry, today)
    ]
