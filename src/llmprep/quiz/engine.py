"""A quiz session without any I/O: which cards to ask, grading, recording, and the loop.

`run(session, frontend)` drives a session through a `Frontend`, the object that shows questions
and reads answers (`quiz.terminal` has one for a terminal and one for piped input; tests script
their own). Each review is committed the moment it is rated. Ctrl-C (KeyboardInterrupt) ends
the loop cleanly: an answer already graded but not yet rated is saved with the suggested rating,
so nothing answered is lost, and the summary is still shown.
"""

from __future__ import annotations

import random
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from llmprep.bank.model import Bank, Entry
from llmprep.errors import UsageError
from llmprep.quiz import ratings, scheduling
from llmprep.render import option_letter
from llmprep.store import REVIEW_MODES, Store, utc_iso

if TYPE_CHECKING:
    from llmprep.quiz import grading

DIFFICULTY_ORDER = {"easy": 0, "medium": 1, "hard": 2}


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Filters:
    """Which entries a quiz may ask; None means any."""

    topic: str | None = None
    tag: str | None = None
    difficulty: str | None = None
    type: str | None = None


def filter_entries(bank: Bank, filters: Filters) -> list[Entry]:
    """The bank's entries that pass `filters`, in bank order; UsageError for an unknown topic or tag."""
    entries = list(bank.entries.values())
    if filters.topic is not None and filters.topic not in bank.topics():
        raise UsageError(
            f"no topic {filters.topic!r}; topics: {', '.join(bank.topics()) or '(the bank is empty)'}"
        )
    if filters.tag is not None and not any(filters.tag in entry.tags for entry in entries):
        raise UsageError(f"no entry has the tag {filters.tag!r}")
    return [
        entry
        for entry in entries
        if (filters.topic is None or entry.topic == filters.topic)
        and (filters.tag is None or filters.tag in entry.tags)
        and (filters.difficulty is None or entry.difficulty == filters.difficulty)
        and (filters.type is None or entry.type == filters.type)
    ]


def choose(
    entries: list[Entry],
    cards: dict[str, dict],
    *,
    mode: str = "review",
    limit: int = 10,
    new: int = 10,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> list[Entry]:
    """The questions of a session.

    review: cards due (most overdue first), then up to `new` never-seen entries (easiest first,
    then in bank order), at most `limit` in all. cram: any entries, in random order. mock: random open questions
    (or whatever `entries` holds when it has no open question).
    """
    now = now or utc_now()
    rng = rng or random.Random()
    if mode == "review":
        cutoff = utc_iso(now)
        due = sorted(
            (entry for entry in entries if entry.id in cards and cards[entry.id]["due"] <= cutoff),
            key=lambda entry: cards[entry.id]["due"],
        )[:limit]
        fresh = sorted(  # easiest first; bank order among equals
            (entry for entry in entries if entry.id not in cards),
            key=lambda entry: DIFFICULTY_ORDER.get(entry.difficulty, 1),
        )
        return due + fresh[: max(0, min(new, limit - len(due)))]
    pool = list(entries)
    if mode == "mock":
        pool = [entry for entry in entries if not entry.is_choice] or pool
    rng.shuffle(pool)
    return pool[:limit]


def overview(entries: list[Entry], cards: dict[str, dict], store: Store, now: datetime) -> dict:
    """Due and new counts among `entries`, and how many reviews were logged since local midnight."""
    cutoff = utc_iso(now)
    midnight = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    return {
        "due": sum(entry.id in cards and cards[entry.id]["due"] <= cutoff for entry in entries),
        "new": sum(entry.id not in cards for entry in entries),
        "reviewed_today": len(store.reviews(since=midnight)),
    }


# Between option letters: spaces, and the commas, semicolons, slashes and enumeration comma
# (、) of English and Chinese keyboards (full-width forms become ASCII through NFKC first).
_CHOICE_SEPARATORS = re.compile(r"[\s,;/|、]+")


def parse_choice(text: str, options: int) -> tuple[int, ...] | None:
    """`b`, `a,c`, `a c`, `ac`, `b，d`, `a、c` or `Ｂ` as sorted 0-based indices; None if not letters.

    Full-width letters and punctuation, as a Chinese input method types them, read as their
    ASCII forms (Unicode NFKC), so every path that takes a choice accepts them.
    """
    letters = _CHOICE_SEPARATORS.sub("", unicodedata.normalize("NFKC", text).strip().lower())
    if not letters or not letters.isascii() or not letters.isalpha():
        return None
    indices = sorted({ord(letter) - ord("a") for letter in letters})
    if indices[-1] >= options:
        return None
    return tuple(indices)


@dataclass(frozen=True, slots=True)
class Outcome:
    """An answered (or revealed) question, graded, before it is rated."""

    entry: Entry
    answer: str
    revealed: bool
    score: float | None  # None when revealed
    suggested: int
    grade: grading.Grade | None = None  # open questions
    chosen: tuple[int, ...] | None = None  # choice questions
    correct: bool | None = None  # choice questions

    def to_dict(self) -> dict:
        data = {
            "id": self.entry.id,
            "topic": self.entry.topic,
            "type": self.entry.type,
            "answer": self.answer,
            "revealed": self.revealed,
            "score": None if self.score is None else round(self.score, 3),
            "suggested": ratings.RATING_NAMES[self.suggested],
        }
        if self.grade is not None:
            data["grade"] = self.grade.to_dict()
        if self.entry.is_choice:
            data["chosen"] = [option_letter(i) for i in self.chosen or ()]
            data["correct"] = self.correct
        return data


@dataclass(frozen=True, slots=True)
class Result:
    """A rated question: what was recorded."""

    outcome: Outcome
    rating: int
    duration_ms: int
    due: datetime | None  # None when the schedule was not touched (cram, mock)
    auto: bool = False  # rated with the suggestion because the session was interrupted
    reviewed_at: datetime | None = None  # when the answer was graded: the review's time

    @property
    def interval(self) -> timedelta | None:
        """How long after the review the card is due: the interval its rating previewed."""
        if self.due is None or self.reviewed_at is None:
            return None
        return self.due - self.reviewed_at

    def to_dict(self) -> dict:
        return self.outcome.to_dict() | {
            "rating": ratings.RATING_NAMES[self.rating],
            "duration_ms": self.duration_ms,
            "due": None if self.due is None else utc_iso(self.due),
        }


@dataclass
class Session:
    """One quiz: its questions, the store it writes to, and what has been answered so far."""

    store: Store
    queue: list[Entry]
    bank_ids: frozenset[str]
    mode: str = "review"
    lang: str = "en"
    scheduler: object = None
    clock: Callable[[], datetime] = utc_now
    time_limit: timedelta | None = None  # mock interviews
    # grading.known_terms of the bank, computed when the first answer is graded (about 25 ms
    # for the built-in bank: not worth delaying the first question for).
    known_terms: Callable[[], frozenset[str]] = frozenset
    results: list[Result] = field(default_factory=list)
    interrupted: bool = False
    _plans: dict[str, scheduling.Plan] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.mode not in REVIEW_MODES:
            raise ValueError(f"mode must be one of {REVIEW_MODES}")
        if self.scheduler is None:
            self.scheduler = scheduling.make_scheduler()
        self.started = self.clock()
        self._monotonic = time.monotonic()

    @property
    def schedules(self) -> bool:
        """Whether rating changes the cards: only in review mode (cram and mock just log)."""
        return self.mode == "review"

    def elapsed(self) -> float:
        return time.monotonic() - self._monotonic

    def time_left(self) -> float | None:
        if self.time_limit is None:
            return None
        return self.time_limit.total_seconds() - self.elapsed()

    def evaluate(self, entry: Entry, text: str) -> Outcome:
        """Grade what was typed: an empty answer reveals, choice letters are checked at once."""
        text = text.strip()
        if not text:
            return Outcome(entry, "", True, None, ratings.AGAIN)
        if entry.is_choice:
            chosen = parse_choice(text, len(entry.options)) or ()
            correct = set(chosen) == set(entry.correct)
            return Outcome(
                entry, text, False, 1.0 if correct else 0.0,
                ratings.GOOD if correct else ratings.AGAIN, chosen=chosen, correct=correct,
            )  # fmt: skip
        lang = self.lang if self.lang in ("en", "zh") else "en"
        from llmprep.quiz import grading  # the grader loads with the first answer, not before

        grade = grading.grade_entry(text, entry, lang, self.known_terms())
        return Outcome(entry, text, False, grade.score, grade.suggested, grade=grade)

    def plan(self, entry: Entry) -> scheduling.Plan:
        """The card after each rating, computed once per answer (when it is graded).

        The previews beside the rating keys and the review `record` saves both come from this
        plan, so the interval a rating shows is the interval it saves.
        """
        planned = self._plans.get(entry.id)
        if planned is None:
            row = self.store.card(entry.id)
            planned = scheduling.plan(
                self.scheduler if self.schedules else None,
                entry.id,
                row["card_json"] if row else None,
                self.clock(),
            )
            self._plans[entry.id] = planned
        return planned

    def previews(self, entry: Entry) -> dict[int, datetime]:
        """When the card would next be due after each rating (review mode only), from `plan`."""
        return {rating: reviewed.due for rating, reviewed in self.plan(entry).after.items()}

    def record(self, outcome: Outcome, rating: int, duration_ms: int, auto: bool = False) -> Result:
        """Commit the review now; in review mode the card is rescheduled in the same transaction.

        The review is the one `plan` worked out for this answer: made at the time the answer
        was graded, with the due date its rating previewed.

        The result is in `results` exactly when the review is in the store, even when Ctrl-C
        lands after the commit but before `record_review` returns: then the store is asked
        whether the review was saved, so `run` never records it a second time.
        """
        entry = outcome.entry
        planned = self.plan(entry)
        now, state_before = planned.at, planned.state_before
        reviewed = planned.after.get(rating)
        new_json = None if reviewed is None else reviewed.to_json()
        due = None if reviewed is None else reviewed.due
        result = Result(outcome, rating, duration_ms, due, auto, reviewed_at=now)
        try:
            self.store.record_review(
                entry.id, rating=rating, mode=self.mode, score=outcome.score,
                duration_ms=duration_ms, state_before=state_before, topic=entry.topic,
                card_json=new_json, due=due, reviewed_at=now,
            )  # fmt: skip
            self.results.append(result)
            self._plans.pop(entry.id, None)
        except KeyboardInterrupt:
            appended = bool(self.results) and self.results[-1] is result
            if not appended and self._saved(entry.id, now, rating, duration_ms):
                self.results.append(result)
            raise
        return result

    def _saved(self, entry_id: str, when: datetime, rating: int, duration_ms: int) -> bool:
        """Whether the store holds this session's review of `entry_id` made at `when`."""
        stamp = utc_iso(when)
        return any(
            (row["reviewed_at"], row["mode"], row["rating"], row["duration_ms"])
            == (stamp, self.mode, rating, duration_ms)
            for row in self.store.reviews(entry_id, since=when)
        )

    def summary(self) -> dict:
        """What the session did, and what is due next, as plain data (the `--json` report)."""
        results = self.results
        scores = [r.outcome.score or 0.0 for r in results]
        counts = {name.lower(): 0 for name in ratings.RATING_NAMES.values()}
        for result in results:
            counts[ratings.RATING_NAMES[result.rating].lower()] += 1
        return {
            "mode": self.mode,
            "lang": self.lang,
            "planned": len(self.queue),
            "answered": len(results),
            "passed": sum(r.rating > ratings.AGAIN for r in results),
            "score": round(sum(scores) / len(scores), 3) if scores else None,
            "ratings": counts,
            "duration_s": round(self.elapsed(), 1),
            "time_limit_s": None if self.time_limit is None else self.time_limit.total_seconds(),
            "interrupted": self.interrupted,
            "saved_on_interrupt": sum(r.auto for r in results),
            "items": [result.to_dict() for result in results],
            "due_next": due_next(self.store, self.bank_ids, self.clock()),
        }


def due_next(store: Store, bank_ids: frozenset[str], now: datetime) -> dict:
    """How many cards of the bank are due now, in the next 24 hours, and when the next one is."""
    now_iso, day_iso = utc_iso(now), utc_iso(now + timedelta(days=1))
    dues = sorted(row["due"] for entry_id, row in store.cards().items() if entry_id in bank_ids)
    later = [due for due in dues if due > now_iso]
    return {
        "due_now": sum(due <= now_iso for due in dues),
        "due_24h": sum(due <= day_iso for due in dues),
        "next_due": later[0] if later else None,
    }


class Frontend(Protocol):
    """What `run` needs from a user interface."""

    def ask(self, session: Session, entry: Entry, position: int) -> str | None:
        """Show the question and return the answer typed (empty: reveal; None: stop the quiz)."""

    def show(self, session: Session, outcome: Outcome) -> None:
        """Show the verdict, the reference answer and the explanation."""

    def rate(self, session: Session, outcome: Outcome) -> int:
        """The rating 1-4 to record (the suggestion, or what the candidate pressed)."""

    def rated(self, session: Session, result: Result) -> None:
        """Acknowledge a recorded review (e.g. when it is due next)."""

    def finish(self, session: Session, summary: dict) -> None:
        """Show the summary (also after Ctrl-C)."""


def run(session: Session, frontend: Frontend) -> dict:
    """Ask every question of `session` through `frontend`, recording each rating at once."""
    pending: tuple[Outcome, int] | None = None
    try:
        for position, entry in enumerate(session.queue, 1):
            left = session.time_left()
            if left is not None and left <= 0:
                break
            started = time.monotonic()
            text = frontend.ask(session, entry, position)
            if text is None:
                break
            duration_ms = int((time.monotonic() - started) * 1000)
            outcome = session.evaluate(entry, text)
            session.plan(entry)  # the review's time and due dates: fixed when it is graded
            pending = (outcome, duration_ms)
            frontend.show(session, outcome)
            rating = (
                outcome.suggested if session.mode == "mock" else frontend.rate(session, outcome)
            )
            result = session.record(outcome, rating, duration_ms)
            pending = None
            frontend.rated(session, result)
    except KeyboardInterrupt:
        session.interrupted = True
        if pending is not None:  # graded but not rated: keep it, with the suggested rating
            outcome, duration_ms = pending
            if not session.results or session.results[-1].outcome is not outcome:  # not saved
                session.record(outcome, outcome.suggested, duration_ms, auto=True)
    summary = session.summary()
    frontend.finish(session, summary)
    return summary
