"""The quiz session without a terminal: which cards come up, grading, recording, interruption."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from llmprep.bank import load_bank
from llmprep.errors import UsageError
from llmprep.quiz import engine, grading, scheduling
from llmprep.store import open_store, utc_iso

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


@pytest.fixture
def bank(small_bank):
    return load_bank([small_bank])


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "p.db") as store:
        yield store


class Scripted:
    """A frontend that types the given answers and ratings; a KeyboardInterrupt where asked."""

    def __init__(self, answers, ratings=(), interrupt_at_rating=None):
        self.answers, self.ratings = list(answers), list(ratings)
        self.interrupt_at_rating = interrupt_at_rating
        self.shown, self.summary, self.rated_count = [], None, 0

    def ask(self, session, entry, position):
        if not self.answers:
            return None
        answer = self.answers.pop(0)
        if answer is KeyboardInterrupt:
            raise KeyboardInterrupt
        return answer

    def show(self, session, outcome):
        self.shown.append(outcome)

    def rate(self, session, outcome):
        if self.interrupt_at_rating == self.rated_count:
            raise KeyboardInterrupt
        self.rated_count += 1
        return self.ratings.pop(0) if self.ratings else outcome.suggested

    def rated(self, session, result):
        pass

    def finish(self, session, summary):
        self.summary = summary


def session(store, bank, queue, **kwargs):
    kwargs.setdefault("scheduler", scheduling.make_scheduler(fuzzing=False))
    kwargs.setdefault("clock", lambda: NOW)
    return engine.Session(store, queue, frozenset(bank.entries), **kwargs)


def card_row(due: datetime) -> dict:
    return {"due": utc_iso(due), "card_json": "{}"}


def test_engine_choose_due_first_most_overdue_then_new(bank):
    entries = [bank.get("test-bias-variance"), bank.get("test-softmax")]
    pool = entries + [replace(entries[0], id=f"n{i}") for i in range(5)]
    cards = {
        "test-softmax": card_row(NOW - timedelta(days=3)),
        "test-bias-variance": card_row(NOW - timedelta(days=1)),
        "n0": card_row(NOW + timedelta(days=1)),  # not due yet
    }
    chosen = engine.choose(pool, cards, limit=4, new=10, now=NOW)
    assert [e.id for e in chosen] == ["test-softmax", "test-bias-variance", "n1", "n2"]
    assert [e.id for e in engine.choose(pool, cards, limit=10, new=1, now=NOW)] == [
        "test-softmax", "test-bias-variance", "n1",
    ]  # fmt: skip
    assert [e.id for e in engine.choose(pool, cards, limit=1, new=10, now=NOW)] == ["test-softmax"]


def test_engine_choose_cram_and_mock_ignore_the_schedule(bank):
    entries = list(bank.entries.values())
    cards = {e.id: card_row(NOW + timedelta(days=30)) for e in entries}
    assert engine.choose(entries, cards, now=NOW) == []
    crammed = engine.choose(entries, cards, mode="cram", now=NOW, rng=random.Random(1))
    assert sorted(e.id for e in crammed) == sorted(bank.entries)
    mock = engine.choose(entries, cards, mode="mock", now=NOW, rng=random.Random(1))
    assert [e.type for e in mock] == ["open"]


def test_engine_filter_unknown_topic_names_the_topics(bank):
    with pytest.raises(UsageError, match="no topic 'nope'; topics: testing"):
        engine.filter_entries(bank, engine.Filters(topic="nope"))
    assert [e.id for e in engine.filter_entries(bank, engine.Filters(type="choice"))] == [
        "test-softmax"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("b", (1,)),
        ("a,c", (0, 2)),
        (" A C ", (0, 2)),
        ("ca", (0, 2)),
        ("d", None),
        ("bias", None),
        ("", None),
        ("b，c", (1, 2)),  # the separators of a Chinese keyboard
        ("a、c", (0, 2)),
        ("a；b", (0, 1)),
        ("Ｂ", (1,)),  # full-width letters
        ("ａ，ｃ", (0, 2)),
        ("b和c", None),
    ],
)
def test_engine_parse_choice(text, expected):
    assert engine.parse_choice(text, 3) == expected


def test_engine_run_records_each_review_with_card(store, bank):
    queue = [bank.get("test-bias-variance"), bank.get("test-softmax")]
    quiz = session(store, bank, queue)
    frontend = Scripted(
        ["bias, variance and noise all add up in the expected error", "a"], ratings=[4]
    )
    summary = engine.run(quiz, frontend)
    assert summary["answered"] == 2 and not summary["interrupted"]
    reviews = store.reviews()
    assert [(r["entry_id"], r["rating"], r["state_before"], r["mode"]) for r in reviews] == [
        ("test-bias-variance", 4, 0, "review"), ("test-softmax", 1, 0, "review"),
    ]  # fmt: skip
    assert reviews[0]["score"] == 1.0 and reviews[1]["score"] == 0.0
    assert set(store.cards()) == {"test-bias-variance", "test-softmax"}
    assert frontend.shown[1].correct is False and frontend.shown[1].suggested == grading.AGAIN


def test_engine_reveal_suggests_again(store, bank):
    quiz = session(store, bank, [bank.get("test-bias-variance")])
    summary = engine.run(quiz, Scripted([""]))
    item = summary["items"][0]
    assert item["revealed"] and item["score"] is None and item["rating"] == "Again"


def test_engine_interrupt_at_rating_keeps_the_answer(store, bank):
    queue = [bank.get("test-bias-variance"), bank.get("test-softmax")]
    frontend = Scripted(
        ["bias comes from wrong assumptions, too simple a model", "b"],
        interrupt_at_rating=1,
    )
    summary = engine.run(session(store, bank, queue), frontend)
    assert (
        summary["interrupted"] and summary["answered"] == 2 and summary["saved_on_interrupt"] == 1
    )
    assert [r["rating"] for r in store.reviews()] == [grading.HARD, grading.GOOD]
    assert frontend.summary is summary


def test_engine_interrupt_while_typing_loses_only_that_question(store, bank):
    queue = [bank.get("test-bias-variance"), bank.get("test-softmax")]
    summary = engine.run(session(store, bank, queue), Scripted(["", KeyboardInterrupt]))
    assert summary["interrupted"] and summary["answered"] == 1
    assert len(store.reviews()) == 1


def test_engine_cram_and_mock_log_without_touching_cards(store, bank):
    entry = bank.get("test-bias-variance")
    engine.run(session(store, bank, [entry]), Scripted(["bias variance noise"]))
    card_before = store.card(entry.id)
    for mode in ("cram", "mock"):
        engine.run(session(store, bank, [entry], mode=mode), Scripted(["bias"]))
    assert store.card(entry.id) == card_before
    reviews = store.reviews()
    assert [r["mode"] for r in reviews] == ["review", "cram", "mock"]
    assert reviews[1]["state_before"] == reviews[2]["state_before"] == 1  # State.Learning


def test_engine_mock_stops_when_time_is_up(store, bank):
    queue = [bank.get("test-bias-variance"), bank.get("test-softmax")]
    quiz = session(store, bank, queue, mode="mock", time_limit=timedelta(seconds=0))
    summary = engine.run(quiz, Scripted(["bias", "b"]))
    assert summary["answered"] == 0 and summary["time_limit_s"] == 0


def test_engine_summary_counts_due_only_for_entries_in_the_bank(store, bank):
    store.record_review("removed-entry", rating=3, card_json="{}", due=NOW - timedelta(days=1))
    summary = engine.run(session(store, bank, [bank.get("test-softmax")]), Scripted(["b"]))
    assert summary["due_next"] == {
        "due_now": 0,
        "due_24h": 1,
        "next_due": utc_iso(NOW + timedelta(minutes=10)),
    }


def test_engine_new_cards_come_easiest_first(bank):
    base = bank.get("test-bias-variance")
    pool = [
        replace(base, id=f"{level}-q", difficulty=level) for level in ("hard", "medium", "easy")
    ]
    assert [e.id for e in engine.choose(pool, {}, now=NOW)] == ["easy-q", "medium-q", "hard-q"]


class InterruptAfterCommit:
    """A connection that runs every statement, then raises Ctrl-C right after the first COMMIT."""

    def __init__(self, conn):
        self.conn, self.fired = conn, False

    def execute(self, sql, *args):
        cursor = self.conn.execute(sql, *args)
        if sql == "COMMIT" and not self.fired:
            self.fired = True
            raise KeyboardInterrupt
        return cursor

    def __getattr__(self, name):
        return getattr(self.conn, name)


def _interrupt_after_commit_in_transaction(store, monkeypatch):
    monkeypatch.setattr(store, "conn", InterruptAfterCommit(store.conn))


def _interrupt_after_record_review_returns(store, monkeypatch):
    commit = store.record_review

    def commit_then_interrupt(*args, **kwargs):
        monkeypatch.setattr(store, "record_review", commit)  # interrupt only the first review
        commit(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "record_review", commit_then_interrupt)


@pytest.mark.parametrize(
    "inject", [_interrupt_after_commit_in_transaction, _interrupt_after_record_review_returns]
)
def test_engine_interrupt_after_the_commit_records_the_review_once(
    store, bank, monkeypatch, inject
):
    inject(store, monkeypatch)
    queue = [bank.get("test-bias-variance"), bank.get("test-softmax")]
    frontend = Scripted(["bias and variance", "b"], ratings=[grading.EASY])
    summary = engine.run(session(store, bank, queue), frontend)
    assert [(r["entry_id"], r["rating"]) for r in store.reviews()] == [
        ("test-bias-variance", grading.EASY)
    ]
    assert summary["interrupted"] and summary["answered"] == 1
    assert summary["saved_on_interrupt"] == 0 and summary["items"][0]["rating"] == "Easy"
    assert frontend.summary is summary


def test_engine_interrupt_before_the_commit_saves_the_answer_once(store, bank, monkeypatch):
    commit = store.record_review

    def interrupt_then_restore(*args, **kwargs):
        monkeypatch.setattr(store, "record_review", commit)
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "record_review", interrupt_then_restore)
    queue = [bank.get("test-bias-variance"), bank.get("test-softmax")]
    summary = engine.run(
        session(store, bank, queue),
        Scripted(["bias comes from wrong assumptions, too simple a model", "b"]),
    )
    assert [r["rating"] for r in store.reviews()] == [grading.HARD]  # the suggested rating
    assert summary["answered"] == 1 and summary["saved_on_interrupt"] == 1


def test_engine_modes_types_and_difficulties_are_defined_once():
    from llmprep.bank import validate
    from llmprep.commands import quiz as quiz_command
    from llmprep.store import REVIEW_MODES

    assert engine.REVIEW_MODES is REVIEW_MODES and not hasattr(engine, "MODES")
    assert quiz_command.TYPES is validate.TYPES
    assert quiz_command.DIFFICULTIES is validate.DIFFICULTIES


@pytest.mark.parametrize("rating", [1, 2, 3, 4])
def test_engine_saved_interval_is_the_previewed_one(store, bank, rating):
    """With FSRS fuzzing on and minutes between the answer and the rating, the review saved is
    the one previewed: same due date, and the saved line says the interval the prompt showed."""
    from llmprep.quiz import view

    random.seed(rating)  # FSRS fuzzes with the random module: a new draw would give a new date
    times = iter(NOW + timedelta(minutes=minutes) for minutes in range(0, 600, 3))
    entry = bank.get("test-bias-variance")
    quiz = session(store, bank, [entry], scheduler=scheduling.make_scheduler(fuzzing=True))
    quiz.clock = lambda: next(times)
    shown = {}

    class RateAfterAWhile(Scripted):
        def rate(self, session, outcome):
            plan = session.plan(outcome.entry)
            shown["previews"] = session.previews(outcome.entry)
            shown["choices"] = view.rating_choices(outcome.suggested, plan, "en")
            session.clock()  # minutes pass before the candidate decides
            return rating

        def rated(self, session, result):
            shown["saved"] = view.rated_line(result, "en").plain

    engine.run(quiz, RateAfterAWhile(["bias and variance"]))
    result = quiz.results[0]
    assert result.due == shown["previews"][rating]
    interval = shown["choices"][rating - 1][2]
    assert shown["saved"] == f"Saved: {grading.RATING_NAMES[rating]} · next due in {interval}"
    assert store.card(entry.id)["due"] == utc_iso(result.due)
