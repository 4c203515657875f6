"""The progress store: a SQLite file of cards, reviews and coding-exercise attempts.

Every command opens it with `open_store()`, which creates the file if needed and migrates it.
Each write commits at once (WAL, busy timeout 5 s), so a killed process loses nothing already
rated and two processes can write at the same time. A file that is not a usable database is
reported, never overwritten or deleted. Times are stored as ISO 8601 strings in UTC.

The store knows nothing of the scheduler: a card is the JSON text `fsrs.Card.to_json()` wrote.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from llmprep import config
from llmprep.errors import StoreError
from llmprep.migrations import migrate

DB_NAME = "progress.db"
BUSY_TIMEOUT_MS = 5000
REVIEW_MODES = ("review", "cram", "mock")


def utc_iso(moment: datetime | None = None) -> str:
    """`moment` (default: now) as `YYYY-MM-DDTHH:MM:SS+00:00`; one format, so strings sort by time."""
    moment = datetime.now(UTC) if moment is None else moment
    if moment.tzinfo is None:
        raise ValueError("naive datetime: llmprep stores times in UTC only")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def default_path() -> Path:
    return config.home() / DB_NAME


def open_store(path: Path | None = None) -> Store:
    """The store at `path` (default `$LLMPREP_HOME/progress.db`), created and migrated as needed.

    Raises StoreError, naming the path and how to recover, when the file is corrupt, is not a
    file, cannot be opened, or was written by a newer llmprep.
    """
    path = Path(path) if path is not None else default_path()
    _make_folder(path.parent)
    if path.exists() and not path.is_file():
        raise StoreError(f"{path} is not a file; {_RECOVER.format(path=path)}")
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as error:
        raise StoreError(f"cannot open {path}: {error}; {_RECOVER.format(path=path)}") from None
    store = Store(conn, path)
    try:
        with store.guard():
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            _check_is_ours(conn, path)
            migrate(conn, path)
    except BaseException:
        conn.close()
        raise
    return store


def _make_folder(folder: Path) -> None:
    """Create the store's folder; StoreError naming it (or the file in its way) if impossible."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        blocker = _file_in_the_way(folder)
        if blocker == folder:
            problem = f"{folder} is not a folder"
        elif blocker is not None:
            problem = f"{blocker} is not a folder, so {folder} cannot be created"
        else:
            problem = f"cannot create the folder {folder}: {error.strerror or error}"
        raise StoreError(
            f"{problem}; set LLMPREP_HOME to a folder llmprep can write {DB_NAME} to"
        ) from None


def _file_in_the_way(folder: Path) -> Path | None:
    """The nearest existing path among `folder` and its parents if it is not a folder, else None."""
    for candidate in (folder, *folder.parents):
        try:
            if candidate.exists():
                return None if candidate.is_dir() else candidate
        except OSError:
            return None
    return None


_RECOVER = (
    "move it away (e.g. `mv {path} {path}.broken`) and llmprep will start a new, empty one; "
    "or set LLMPREP_HOME to another folder"
)


def _check_is_ours(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a SQLite file of some other program: version 0 with tables in it is not llmprep's."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    if version == 0 and tables:
        raise StoreError(
            f"{path} is a SQLite database, but not llmprep's; {_RECOVER.format(path=path)}"
        )


class Store:
    """An open progress database. Use `open_store()` to get one; close it (or use `with`)."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path
        conn.row_factory = sqlite3.Row

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Turn sqlite3's errors into StoreError naming the file and what to do."""
        try:
            yield
        except sqlite3.OperationalError as error:
            text = str(error)
            if "locked" in text or "busy" in text:
                raise StoreError(
                    f"{self.path} is busy: another llmprep kept it locked for more than "
                    f"{BUSY_TIMEOUT_MS // 1000} s; try again"
                ) from None
            if "readonly" in text or "read-only" in text:
                raise StoreError(
                    f"{self.path} is read-only; make it writable to record progress"
                ) from None
            raise StoreError(f"{self.path}: {text}; {_RECOVER.format(path=self.path)}") from None
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"{self.path} is not a usable llmprep database ({error}); {_RECOVER.format(path=self.path)}"
            ) from None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed on leaving the block (rolled back on an exception)."""
        with self.guard():
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def _rows(self, sql: str, params: tuple = ()) -> list[dict]:
        with self.guard():
            return [dict(row) for row in self.conn.execute(sql, params)]

    # --- cards and reviews (the quiz) ---

    def card(self, entry_id: str) -> dict | None:
        """The card row of an entry (`entry_id`, `card_json`, `due`, `updated_at`), or None if new."""
        rows = self._rows("SELECT * FROM cards WHERE entry_id = ?", (entry_id,))
        return rows[0] if rows else None

    def cards(self) -> dict[str, dict]:
        """Every card row, by entry id, including entries no longer in the bank."""
        return {row["entry_id"]: row for row in self._rows("SELECT * FROM cards ORDER BY due")}

    def record_review(
        self,
        entry_id: str,
        *,
        rating: int,
        mode: str = "review",
        score: float | None = None,
        duration_ms: int | None = None,
        state_before: int | None = None,
        topic: str | None = None,
        card_json: str | None = None,
        due: datetime | None = None,
        reviewed_at: datetime | None = None,
    ) -> int:
        """Append a review and, when `card_json` is given, save the card; one commit. Returns its id."""
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"rating must be 1-4, got {rating!r}")
        if mode not in REVIEW_MODES:
            raise ValueError(f"mode must be one of {REVIEW_MODES}, got {mode!r}")
        if (card_json is None) != (due is None):
            raise ValueError("card_json and due go together")
        when = utc_iso(reviewed_at)
        with self.transaction() as conn:
            if card_json is not None:
                conn.execute(
                    """INSERT INTO cards (entry_id, card_json, due, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (entry_id) DO UPDATE SET card_json = excluded.card_json,
                    due = excluded.due, updated_at = excluded.updated_at""",
                    (entry_id, card_json, utc_iso(due), when),
                )
            cursor = conn.execute(
                """INSERT INTO reviews (entry_id, reviewed_at, rating, score, duration_ms,
                state_before, mode, topic) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (entry_id, when, rating, score, duration_ms, state_before, mode, topic),
            )
            return cursor.lastrowid

    def reviews(self, entry_id: str | None = None, since: datetime | None = None) -> list[dict]:
        """Logged reviews, oldest first; of one entry and/or from `since` on if given."""
        sql, params = "SELECT * FROM reviews WHERE 1", []
        if entry_id is not None:
            sql += " AND entry_id = ?"
            params.append(entry_id)
        if since is not None:
            sql += " AND reviewed_at >= ?"
            params.append(utc_iso(since))
        return self._rows(sql + " ORDER BY reviewed_at, id", tuple(params))

    def reviews_total(self) -> int:
        with self.guard():
            return self.conn.execute("SELECT count(*) FROM reviews").fetchone()[0]

    # --- coding exercises ---

    def record_attempt(
        self,
        exercise_id: str,
        passed: int,
        failed: int,
        errored: bool | int,
        total: int,
        duration_ms: int | None,
        report: dict | None = None,
    ) -> dict:
        """Log one graded attempt (score = passed / total, 0 if nothing ran); returns it as a dict."""
        score = passed / total if total else 0.0
        with self.transaction() as conn:
            cursor = conn.execute(
                """INSERT INTO attempts (exercise_id, attempted_at, passed, failed, errored, total,
                score, duration_ms, report_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    exercise_id, utc_iso(), passed, failed, int(bool(errored)), total, score,
                    duration_ms, json.dumps(report or {}, ensure_ascii=False),
                ),
            )  # fmt: skip
            row_id = cursor.lastrowid
        return self._attempts("WHERE id = ?", (row_id,))[0]

    def attempts(self, exercise_id: str | None = None) -> list[dict]:
        """The attempts at one exercise (or all), newest first; `report` is the decoded report."""
        if exercise_id is None:
            return self._attempts("ORDER BY id DESC")
        return self._attempts("WHERE exercise_id = ? ORDER BY id DESC", (exercise_id,))

    def best_attempt(self, exercise_id: str) -> dict | None:
        """The highest-scoring attempt (the latest among equals), or None if never attempted."""
        rows = self._attempts(
            "WHERE exercise_id = ? ORDER BY score DESC, id DESC LIMIT 1", (exercise_id,)
        )
        return rows[0] if rows else None

    def _attempts(self, where: str, params: tuple = ()) -> list[dict]:
        rows = self._rows(f"SELECT * FROM attempts {where}", params)
        for row in rows:
            row["errored"] = bool(row["errored"])
            row["report"] = json.loads(row.pop("report_json") or "{}")
        return rows

    def hints_shown(self, exercise_id: str) -> int:
        """How many hints of the exercise have been shown since it was last reset."""
        rows = self._rows(
            "SELECT hints_shown FROM exercise_progress WHERE exercise_id = ?", (exercise_id,)
        )
        return rows[0]["hints_shown"] if rows else 0

    def next_hint_index(self, exercise_id: str) -> int:
        """Count one more hint shown and return the 0-based index of the hint to show now."""
        with self.transaction() as conn:
            conn.execute(
                """INSERT INTO exercise_progress (exercise_id, hints_shown) VALUES (?, 1)
                ON CONFLICT (exercise_id) DO UPDATE SET hints_shown = hints_shown + 1""",
                (exercise_id,),
            )
            shown = conn.execute(
                "SELECT hints_shown FROM exercise_progress WHERE exercise_id = ?", (exercise_id,)
            ).fetchone()[0]
        return shown - 1

    def reset_exercise(self, exercise_id: str) -> None:
        """Hide the hints again; the attempts stay as history."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE exercise_progress SET hints_shown = 0 WHERE exercise_id = ?", (exercise_id,)
            )
