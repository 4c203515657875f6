"""What `llmprep stats` reports, computed from the review log, the cards and the bank.

Days are calendar days in the local time zone (`tz`), since that is what "today" means to the
candidate; everything stored is UTC. Entries removed from the bank keep their reviews: they
count in the totals and in the weakest entries (marked `in_bank: false`), and their topic is the
one logged with each review, not looked up in the bank.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, tzinfo

from llmprep.bank.model import Bank
from llmprep.store import Store, parse_iso

FORECAST_DAYS = 14
ACTIVITY_DAYS = 14
WEAKEST = 5


def local_day(moment: datetime, tz: tzinfo | None) -> date:
    return moment.astimezone(tz).date()


def retention(reviews: list[dict], tz: tzinfo | None, since: date | None = None) -> dict:
    """True retention: of each card's first review of a day, the share not rated Again.

    Only reviews of cards already seen count (a card's very first review tests nothing), and
    only real reviews (`review` and `cram`), not mock interviews.
    """
    first_of_day: dict[tuple[str, date], dict] = {}
    for review in reviews:  # oldest first
        if review["mode"] == "mock" or review["state_before"] in (None, 0):
            continue
        day = local_day(parse_iso(review["reviewed_at"]), tz)
        if since is not None and day < since:
            continue
        first_of_day.setdefault((review["entry_id"], day), review)
    counted = list(first_of_day.values())
    passed = sum(review["rating"] > 1 for review in counted)
    return {
        "reviews": len(counted),
        "passed": passed,
        "rate": passed / len(counted) if counted else None,
    }


def streak(days_with_reviews: set[date], today: date) -> int:
    """Consecutive days with a review, ending today (or yesterday, if today has none yet)."""
    day = today if today in days_with_reviews else today - timedelta(days=1)
    count = 0
    while day in days_with_reviews:
        count += 1
        day -= timedelta(days=1)
    return count


def compute_stats(store: Store, bank: Bank, now: datetime, tz: tzinfo | None = None) -> dict:
    """Every number `stats` shows, as plain data (the `--json` output)."""
    reviews = store.reviews()
    cards = store.cards()
    today = local_day(now, tz)

    per_day = Counter(local_day(parse_iso(r["reviewed_at"]), tz) for r in reviews)
    activity = [
        {
            "date": (today - timedelta(days=offset)).isoformat(),
            "reviews": per_day.get(today - timedelta(days=offset), 0),
        }
        for offset in range(ACTIVITY_DAYS - 1, -1, -1)
    ]

    live_cards = {entry_id: row for entry_id, row in cards.items() if entry_id in bank.entries}
    due_days = Counter(
        max(local_day(parse_iso(row["due"]), tz), today) for row in live_cards.values()
    )
    forecast = [
        {
            "date": (today + timedelta(days=offset)).isoformat(),
            "due": due_days.get(today + timedelta(days=offset), 0),
        }
        for offset in range(FORECAST_DAYS)
    ]
    due_now = sum(parse_iso(row["due"]) <= now for row in live_cards.values())

    return {
        "reviews_total": len(reviews),
        "cards_total": len(live_cards),
        "due_now": due_now,
        "streak_days": streak(set(per_day), today),
        "reviews_per_day": activity,
        "retention": {
            "last_30_days": retention(reviews, tz, since=today - timedelta(days=29)),
            "all_time": retention(reviews, tz),
        },
        "forecast": forecast,
        "weakest_topics": weakest_topics(reviews),
        "weakest_entries": weakest_entries(reviews, bank),
        "coverage": coverage(reviews, bank),
    }


def _weakness(rows: list[dict]) -> dict:
    """Reviews, fails (Again), fail rate and mean grader score of some reviews (mock included)."""
    scores = [r["score"] if r["score"] is not None else 0.0 for r in rows]
    fails = sum(r["rating"] == 1 for r in rows)
    return {
        "reviews": len(rows),
        "fails": fails,
        "fail_rate": fails / len(rows),
        "mean_score": sum(scores) / len(scores) if scores else None,
    }


def _weakest_first(row: dict) -> tuple:
    return (
        -row["fail_rate"],
        row["mean_score"] if row["mean_score"] is not None else 0.0,
        -row["reviews"],
    )


def weakest_topics(reviews: list[dict]) -> list[dict]:
    by_topic: dict[str, list[dict]] = defaultdict(list)
    for review in reviews:
        by_topic[review["topic"] or "(unknown)"].append(review)
    rows = [{"topic": topic} | _weakness(rows) for topic, rows in by_topic.items()]
    rows = [row for row in rows if row["fails"] or (row["mean_score"] or 0) < 1]
    return sorted(rows, key=_weakest_first)[:WEAKEST]


def weakest_entries(reviews: list[dict], bank: Bank) -> list[dict]:
    """The entries failed most often (then with the lowest scores); removed entries included."""
    by_entry: dict[str, list[dict]] = defaultdict(list)
    for review in reviews:
        by_entry[review["entry_id"]].append(review)
    rows = []
    for entry_id, entry_reviews in by_entry.items():
        stats = _weakness(entry_reviews)
        if not stats["fails"] and (stats["mean_score"] or 0) >= 0.85:
            continue
        topic = entry_reviews[-1]["topic"]
        rows.append({"id": entry_id, "topic": topic, "in_bank": entry_id in bank.entries} | stats)
    return sorted(rows, key=_weakest_first)[:WEAKEST]


def coverage(reviews: list[dict], bank: Bank) -> list[dict]:
    """Per topic of the bank: how many of its entries have been reviewed at least once."""
    seen = {review["entry_id"] for review in reviews}
    return [
        {"topic": topic, "seen": sum(entry.id in seen for entry in entries), "total": len(entries)}
        for topic, entries in bank.topics().items()
    ]
