"""The progress database's schema, as an ordered list of migrations.

Each migration is a function of a connection; `migrate` applies the ones a database has not seen,
each in its own transaction, and records how many have run in `PRAGMA user_version`. Never edit a
migration that has shipped: append a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from llmprep.errors import StoreError


def m001_initial(conn: sqlite3.Connection) -> None:
    """Cards, the append-only review log, and the coding exercises' attempts and hints."""
    conn.execute(
        """CREATE TABLE cards (
            entry_id TEXT PRIMARY KEY,
            card_json TEXT NOT NULL,
            due TEXT NOT NULL,
            updated_at TEXT
        )"""
    )
    conn.execute("CREATE INDEX cards_due ON cards(due)")
    conn.execute(
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            entry_id TEXT NOT NULL,
            reviewed_at TEXT NOT NULL,
            rating INTEGER CHECK (rating BETWEEN 1 AND 4),
            score REAL,
            duration_ms INTEGER,
            state_before INTEGER,
            mode TEXT CHECK (mode IN ('review', 'cram', 'mock')),
            topic TEXT
        )"""
    )
    conn.execute("CREATE INDEX reviews_entry ON reviews(entry_id)")
    conn.execute("CREATE INDEX reviews_time ON reviews(reviewed_at)")
    conn.execute(
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            exercise_id TEXT NOT NULL,
            attempted_at TEXT NOT NULL,
            passed INTEGER,
            failed INTEGER,
            errored INTEGER,
            total INTEGER,
            score REAL,
            duration_ms INTEGER,
            report_json TEXT
        )"""
    )
    conn.execute("CREATE INDEX attempts_exercise ON attempts(exercise_id)")
    conn.execute(
        """CREATE TABLE exercise_progress (
            exercise_id TEXT PRIMARY KEY,
            hints_shown INTEGER NOT NULL DEFAULT 0
        )"""
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [m001_initial]


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def check_version(version: int, path: Path) -> None:
    """Refuse a database written by a newer llmprep: its schema may mean things this code can't know."""
    known = len(MIGRATIONS)
    if version > known:
        raise StoreError(
            f"{path} was written by a newer llmprep (schema {version}, this one knows {known}); "
            "upgrade llmprep (pip install -U llmprep) to use it, or point LLMPREP_HOME elsewhere"
        )


def migrate(conn: sqlite3.Connection, path: Path) -> int:
    """Apply every migration `conn` has not seen, each in one transaction; return the new version.

    `conn` must be in autocommit mode (isolation_level=None). BEGIN IMMEDIATE takes the write lock
    before the version is read again, so two processes opening a new database at once do not both
    run the same migration.
    """
    check_version(schema_version(conn), path)
    while schema_version(conn) < len(MIGRATIONS):
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = schema_version(conn)
            check_version(version, path)
            if version < len(MIGRATIONS):
                MIGRATIONS[version](conn)
                conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return schema_version(conn)
