"""`llmprep stats`: activity, true retention, forecast, weak spots, coverage; removed entries."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from llmprep.bank import load_bank
from llmprep.quiz.stats import compute_stats, retention, streak
from llmprep.store import open_store

NOW = datetime(2025, 6, 10, 12, tzinfo=UTC)


def day(offset: int, hour: int = 9) -> datetime:
    return (NOW + timedelta(days=offset)).replace(hour=hour)


@pytest.fixture
def bank(small_bank):
    return load_bank([small_bank])


def review(
    store, entry_id, when, rating, *, state=2, score=None, mode="review", topic="testing", due=None
):
    store.record_review(
        entry_id, rating=rating, reviewed_at=when, state_before=state, score=score, mode=mode,
        topic=topic, card_json=None if due is None else "{}", due=due,
    )  # fmt: skip


def test_stats_retention_counts_first_review_of_a_day():
    rows = [
        {"entry_id": "a", "reviewed_at": "2025-06-09T09:00:00+00:00", "rating": 1, "state_before": 2, "mode": "review"},
        {"entry_id": "a", "reviewed_at": "2025-06-09T09:10:00+00:00", "rating": 3, "state_before": 3, "mode": "review"},
        {"entry_id": "a", "reviewed_at": "2025-06-10T09:00:00+00:00", "rating": 3, "state_before": 2, "mode": "review"},
        {"entry_id": "b", "reviewed_at": "2025-06-10T09:00:00+00:00", "rating": 3, "state_before": 0, "mode": "review"},
        {"entry_id": "c", "reviewed_at": "2025-06-10T09:00:00+00:00", "rating": 1, "state_before": 2, "mode": "mock"},
    ]  # fmt: skip
    # a on the 9th: failed first (the Good ten minutes later does not count); a on the 10th: passed;
    # b was new (nothing to retain); c was a mock interview.
    assert retention(rows, UTC) == {"reviews": 2, "passed": 1, "rate": 0.5}


def test_stats_streak_ends_today_or_yesterday():
    today = NOW.date()
    days = {today - timedelta(days=i) for i in (1, 2, 3, 5)}
    assert streak(days, today) == 3
    assert streak(days | {today}, today) == 4
    assert streak(set(), today) == 0


def test_stats_compute_everything(tmp_path, bank):
    with open_store(tmp_path / "p.db") as store:
        review(store, "test-bias-variance", day(-2), 3, state=0, score=0.67, due=day(1))
        review(store, "test-bias-variance", day(-1), 1, score=0.2, due=day(0, 11))
        review(store, "test-softmax", day(-1), 3, state=0, score=1.0, due=day(5))
        review(store, "gone-entry", day(-1), 1, score=0.0, topic="old-topic", due=day(2))
        data = compute_stats(store, bank, NOW, tz=UTC)
    assert data["reviews_total"] == 4
    assert data["cards_total"] == 2  # gone-entry's card is not in the bank any more
    assert data["due_now"] == 1
    assert data["streak_days"] == 2
    per_day = {row["date"]: row["reviews"] for row in data["reviews_per_day"]}
    assert len(per_day) == 14 and per_day["2025-06-09"] == 3 and per_day["2025-06-08"] == 1
    forecast = {row["date"]: row["due"] for row in data["forecast"]}
    assert len(forecast) == 14 and forecast["2025-06-10"] == 1 and forecast["2025-06-15"] == 1
    assert sum(forecast.values()) == 2
    assert data["retention"]["all_time"] == {"reviews": 2, "passed": 0, "rate": 0.0}
    weakest = data["weakest_entries"]
    assert weakest[0]["id"] == "gone-entry" and not weakest[0]["in_bank"]
    assert {row["topic"] for row in data["weakest_topics"]} == {"old-topic", "testing"}
    assert data["coverage"] == [{"topic": "testing", "seen": 2, "total": 2}]


def test_stats_json_with_no_reviews(cli, small_bank):
    result = cli("stats", "--json", "--bank", str(small_bank))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["reviews_total"] == 0 and data["retention"]["all_time"]["rate"] is None
    assert len(data["forecast"]) == 14


def test_stats_shows_removed_entries_without_breaking(cli, small_bank):
    with open_store() as store:
        review(
            store,
            "gone-entry",
            datetime.now(UTC),
            1,
            score=0.0,
            topic="old-topic",
            due=datetime.now(UTC),
        )
        review(
            store, "test-softmax", datetime.now(UTC), 3, state=0, score=1.0, due=datetime.now(UTC)
        )
    result = cli("stats", "--bank", str(small_bank))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "2 reviews" in out and "gone-entry (removed)" in out
    assert "Due in the next 14 days" in out and "Coverage per topic" in out
    assert "Traceback" not in result.stderr
    data = json.loads(cli("stats", "--json", "--bank", str(small_bank)).stdout)
    assert data["reviews_total"] == 2
