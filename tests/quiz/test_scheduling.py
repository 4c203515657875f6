"""FSRS scheduling: stable card ids, UTC times, deterministic reviews with fuzzing off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fsrs import Card, State

from llmprep.quiz import scheduling

T0 = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def scheduler():
    return scheduling.make_scheduler(fuzzing=False)


def test_scheduling_card_id_is_stable_positive_and_json_safe():
    assert scheduling.card_id("overfitting") == scheduling.card_id("overfitting")
    assert scheduling.card_id("overfitting") != scheduling.card_id("underfitting")
    ids = [scheduling.card_id(f"entry-{i}") for i in range(1000)]
    assert all(0 < value < 2**53 for value in ids)
    assert len(set(ids)) == 1000
    assert scheduling.card_id("overfitting") == 5400077403785550  # pinned: progress depends on it


def test_scheduling_new_card_good_goes_to_the_second_learning_step(scheduler):
    reviewed = scheduling.review(scheduler, "e", None, 3, T0)
    assert reviewed.state_before == scheduling.NEW
    assert reviewed.card.card_id == scheduling.card_id("e")
    assert reviewed.due == T0 + timedelta(minutes=10)


def test_scheduling_same_reviews_give_same_due_dates(scheduler):
    def run():
        card_json, when = None, T0
        for rating in (3, 3, 3, 1, 3, 4):
            reviewed = scheduling.review(scheduler, "e", card_json, rating, when)
            card_json, when = reviewed.to_json(), reviewed.due
        return card_json

    assert run() == run()


def test_scheduling_card_round_trips_through_json(scheduler):
    reviewed = scheduling.review(scheduler, "e", None, 4, T0)
    again = Card.from_json(reviewed.to_json())
    assert again.state == State.Review and again.due == reviewed.card.due
    later = scheduling.review(scheduler, "e", reviewed.to_json(), 1, reviewed.due)
    assert later.state_before == State.Review
    assert later.card.state == State.Relearning


def test_scheduling_times_are_utc(scheduler):
    shanghai = T0.astimezone(ZoneInfo("Asia/Shanghai"))
    assert scheduling.review(scheduler, "e", None, 3, shanghai).due.utcoffset() == timedelta(0)
    with pytest.raises(ValueError, match="timezone-aware"):
        scheduling.review(scheduler, "e", None, 3, datetime(2025, 1, 1))


def test_scheduling_previews_are_ordered_by_rating(scheduler):
    reviewed = scheduling.review(scheduler, "e", None, 3, T0)
    reviewed = scheduling.review(scheduler, "e", reviewed.to_json(), 3, reviewed.due)
    previews = scheduling.preview_intervals(
        scheduler, "e", reviewed.to_json(), reviewed.due + timedelta(days=3)
    )
    assert previews[1] <= previews[2] <= previews[3] <= previews[4]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (10, "<1m"),
        (600, "10m"),
        (7200, "2h"),
        (3 * 86400, "3d"),
        (90 * 86400, "3mo"),
        (800 * 86400, "2.2y"),
    ],
)
def test_scheduling_humanize_interval(seconds, text):
    assert scheduling.humanize_interval(seconds) == text


def test_scheduling_plan_is_one_draw_for_previews_and_the_review():
    fuzzed = scheduling.make_scheduler(fuzzing=True)
    plan = scheduling.plan(fuzzed, "e", None, T0)
    assert plan.at == T0 and plan.state_before == scheduling.NEW
    assert sorted(plan.after) == [1, 2, 3, 4]
    for rating, reviewed in plan.after.items():
        assert plan.due(rating) == reviewed.due and plan.interval(rating) == reviewed.due - T0
    logged = scheduling.plan(None, "e", plan.after[3].to_json(), T0)  # cram and mock
    assert logged.after == {} and logged.due(3) is None and logged.interval(3) is None
    assert logged.state_before == int(plan.after[3].card.state)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(10, "不到 1 分钟"), (600, "10 分钟"), (7200, "2 小时"), (3 * 86400, "3 天"),
     (90 * 86400, "3 个月"), (800 * 86400, "2.2 年")],
)  # fmt: skip
def test_scheduling_humanize_interval_in_chinese(seconds, text):
    assert scheduling.humanize_interval(seconds, "zh") == text
