"""The progress store: migrations, refusal of files it cannot use, and durable, concurrent writes."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from llmprep import migrations
from llmprep.errors import StoreError
from llmprep.store import DB_NAME, open_store, utc_iso


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_store_created_under_llmprep_home_and_migrated(llmprep_home):
    with open_store() as store:
        assert store.path == llmprep_home / DB_NAME
        version = store.conn.execute("PRAGMA user_version").fetchone()[0]
        mode = store.conn.execute("PRAGMA journal_mode").fetchone()[0]
        timeout = store.conn.execute("PRAGMA busy_timeout").fetchone()[0]
        foreign = store.conn.execute("PRAGMA foreign_keys").fetchone()[0]
        tables = {
            row[0]
            for row in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    assert version == len(migrations.MIGRATIONS)
    assert (mode, timeout, foreign) == ("wal", 5000, 1)
    assert {"cards", "reviews", "attempts", "exercise_progress"} <= tables


def test_store_reopens_without_migrating_again(tmp_path):
    path = tmp_path / "p.db"
    with open_store(path) as store:
        store.record_review("x", rating=3)
    with open_store(path) as store:
        assert store.reviews_total() == 1


def test_store_newer_schema_is_refused(tmp_path):
    path = tmp_path / "p.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError, match=r"newer llmprep \(schema 99, this one knows 1\)"):
        open_store(path)


def test_store_corrupt_file_is_reported_and_left_alone(tmp_path):
    path = tmp_path / DB_NAME
    path.write_bytes(os.urandom(4096))
    before = digest(path)
    with pytest.raises(StoreError) as caught:
        open_store(path)
    message = str(caught.value)
    assert str(path) in message and "move it away" in message
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_NAME]


def test_store_directory_in_place_of_the_file_is_reported(tmp_path):
    path = tmp_path / DB_NAME
    path.mkdir()
    with pytest.raises(StoreError, match="is not a file"):
        open_store(path)
    assert path.is_dir()


def test_store_other_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.close()
    with pytest.raises(StoreError, match="not llmprep's"):
        open_store(path)


def test_store_failed_migration_rolls_back_alone(tmp_path, monkeypatch):
    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, broken])
    path = tmp_path / "p.db"
    with pytest.raises(RuntimeError, match="boom"):
        open_store(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1  # the first one stayed applied
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half_done" not in tables and "cards" in tables


def test_store_review_saves_card_and_appends_log(tmp_path):
    when = datetime(2025, 3, 1, 12, tzinfo=UTC)
    with open_store(tmp_path / "p.db") as store:
        store.record_review(
            "a", rating=3, card_json='{"v": 1}', due=when + timedelta(days=1), reviewed_at=when
        )
        store.record_review(
            "a", rating=1, card_json='{"v": 2}', due=when, reviewed_at=when, score=0.2
        )
        store.record_review("a", rating=4, mode="mock", reviewed_at=when)
        card = store.card("a")
        reviews = store.reviews("a")
    assert card["card_json"] == '{"v": 2}' and card["due"] == "2025-03-01T12:00:00+00:00"
    assert [r["rating"] for r in reviews] == [3, 1, 4]
    assert [r["mode"] for r in reviews] == ["review", "review", "mock"]
    assert reviews[1]["score"] == 0.2


def test_store_rejects_bad_review_values(tmp_path):
    with open_store(tmp_path / "p.db") as store:
        with pytest.raises(ValueError, match="rating"):
            store.record_review("a", rating=5)
        with pytest.raises(ValueError, match="mode"):
            store.record_review("a", rating=3, mode="exam")
        with pytest.raises(ValueError, match="naive"):
            store.record_review("a", rating=3, reviewed_at=datetime(2025, 1, 1))


def test_store_attempts_newest_first_and_best(tmp_path):
    with open_store(tmp_path / "p.db") as store:
        store.record_attempt("knn", 2, 2, False, 4, 120, {"failures": ["t1", "t2"]})
        store.record_attempt("knn", 4, 0, False, 4, 90, {})
        store.record_attempt("knn", 0, 0, True, 0, 10, {"error": "SyntaxError"})
        store.record_attempt("svm", 1, 0, False, 1, 5, {})
        attempts = store.attempts("knn")
        best = store.best_attempt("knn")
        assert store.best_attempt("nothing") is None
    assert [a["passed"] for a in attempts] == [0, 4, 2]
    assert attempts[0]["errored"] is True and attempts[0]["score"] == 0.0
    assert attempts[0]["report"] == {"error": "SyntaxError"}
    assert attempts[2]["score"] == 0.5
    assert best["passed"] == 4 and best["score"] == 1.0


def test_store_hints_count_up_and_reset_keeps_attempts(tmp_path):
    with open_store(tmp_path / "p.db") as store:
        assert [store.next_hint_index("knn") for _ in range(3)] == [0, 1, 2]
        assert store.hints_shown("knn") == 3 and store.hints_shown("svm") == 0
        store.record_attempt("knn", 1, 1, False, 2, 1, {})
        store.reset_exercise("knn")
        assert store.hints_shown("knn") == 0
        assert store.next_hint_index("knn") == 0
        assert len(store.attempts("knn")) == 1


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime
    from pathlib import Path
    from llmprep.store import open_store
    path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    with open_store(path) as store:
        for i in range(count):
            store.record_review(f"{name}-{i}", rating=3, card_json="{}", due=datetime.now(UTC))
    """
)


def test_store_two_processes_write_at_once(tmp_path):
    path = tmp_path / "p.db"
    open_store(path).close()
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, "150"])
        for name in ("left", "right")
    ]
    assert [proc.wait(timeout=60) for proc in procs] == [0, 0]
    with open_store(path) as store:
        assert store.reviews_total() == 300
        assert len(store.cards()) == 300


KILLED = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from llmprep.store import open_store
    store = open_store(Path(sys.argv[1]))
    store.record_review("saved", rating=3)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_store_review_survives_kill_9(tmp_path):
    path = tmp_path / "p.db"
    proc = subprocess.run([sys.executable, "-c", KILLED, str(path)], timeout=60)
    assert proc.returncode == -signal.SIGKILL
    with open_store(path) as store:
        assert [r["entry_id"] for r in store.reviews()] == ["saved"]


def test_utc_iso_sorts_like_time():
    early = datetime(2025, 1, 1, 23, 30, tzinfo=UTC)
    later = early.astimezone(ZoneInfo("Asia/Shanghai")) + timedelta(minutes=1)
    assert utc_iso(early) < utc_iso(later)
    assert utc_iso(later).endswith("+00:00")


def test_store_home_that_is_a_file_is_named(llmprep_home, monkeypatch):
    home = llmprep_home / "home"
    home.write_text("not a folder")
    monkeypatch.setenv("LLMPREP_HOME", str(home))
    with pytest.raises(StoreError) as raised:
        open_store()
    assert str(raised.value) == (
        f"{home} is not a folder; set LLMPREP_HOME to a folder llmprep can write {DB_NAME} to"
    )
    monkeypatch.setenv("LLMPREP_HOME", str(home / "sub"))
    with pytest.raises(StoreError, match=r"^.+ is not a folder, so .+ cannot be created; set"):
        open_store()
    assert home.read_text() == "not a folder"


def test_store_home_that_is_a_file_is_reported_by_the_cli(cli, llmprep_home, small_bank):
    home = llmprep_home / "home"
    home.write_text("not a folder")
    result = cli("stats", "--bank", str(small_bank), env={"LLMPREP_HOME": str(home)})
    assert result.returncode == 1
    assert result.stderr == (
        f"error: {home} is not a folder; set LLMPREP_HOME to a folder llmprep can write "
        f"{DB_NAME} to\n"
    )
