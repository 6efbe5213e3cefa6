"""Issue 15 from the shell: log rm, check list|mistake|unmark, db merge; db restore
brings a deleted entry back. Bad input: exit 2, one line, nothing changed."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.repository import open_store
from nervecheck.engine.store.schema import CheckRecord, Entry, PathStep
from tests.conftest import NOW, TODAY
from tests.test_cli import cli

YESTERDAY_NOW = NOW - dt.timedelta(days=1)
DAY = TODAY - dt.timedelta(days=3)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli" / "nervecheck.json"


def _store(path: Path, now: dt.datetime = YESTERDAY_NOW):
    return open_store(path, FixedClock(now))


def _check(minutes: int, disposition: str = "keep_running") -> CheckRecord:
    return CheckRecord(time=NOW - dt.timedelta(minutes=minutes), path=(PathStep(id="symptom", answer="burning"),),
                       disposition=disposition, contract=2)


def test_log_rm_deletes_and_db_restore_brings_it_back(db: Path) -> None:
    _store(db).save_entry(Entry(date=DAY, pain=4, symptoms=("burning",)))  # saved on an earlier day
    assert cli("--db", str(db), "log", "rm", DAY.isoformat()) == (0, f"deleted {DAY}: pain 4, burning\n", "")
    assert _store(db, NOW).entry(DAY) is None
    status, out, _err = cli("--db", str(db), "db", "restore", "--force")
    assert status == 0 and out.startswith(f"restored {db} from")
    assert _store(db, NOW).entry(DAY).pain == 4


def test_log_rm_of_an_empty_day_or_a_bad_date_is_exit_2(db: Path) -> None:
    _store(db).save_entry(Entry(date=DAY, pain=4))
    before = db.read_bytes()
    assert cli("--db", str(db), "log", "rm", TODAY.isoformat()) == (2, "", f"nervecheck: log rm: no entry for {TODAY}\n")
    status, out, err = cli("--db", str(db), "log", "rm", "2026-02-30")
    assert status == 2 and err.startswith("nervecheck: DATE: ") and err.count("\n") == 1
    assert db.read_bytes() == before


def test_check_list_mistake_and_unmark(db: Path) -> None:
    store = _store(db)
    store.add_check(_check(60))
    store.add_check(_check(30, "emergency"))
    (old, _), (slip, _) = store.checks_with_ids()
    status, out, _ = cli("--db", str(db), "check", "list")
    assert status == 0 and out.splitlines()[0].startswith(f"{slip}  2026-11-21 09:00  Emergency")
    assert out.splitlines()[1].startswith(f"{old}  2026-11-21 08:30  Keep running")
    status, out, _ = cli("--db", str(db), "check", "mistake", slip[:5])
    assert status == 0 and out.startswith(f"marked as entered by mistake: {slip}")
    assert "warning sign" in out and f"check unmark {slip}" in out
    assert cli("--db", str(db), "check", "list")[1].splitlines()[0].endswith("(entered by mistake)")
    assert _store(db, NOW).latest_check().disposition == "keep_running"
    assert cli("--db", str(db), "check", "unmark", slip)[0] == 0
    assert _store(db, NOW).latest_check().disposition == "emergency"


@pytest.mark.parametrize(("argv", "words"), [
    (["check"], "give --answers FILE, or one of list"),
    (["check", "mistake"], "give the check's ID"),
    (["check", "mistake", "ab"], "at least 4 characters"),
    (["check", "mistake", "abcdef12"], "no saved check has the id"),
    (["check", "list", "--answers", "x.json"], "--answers is for a new check"),
    (["check", "forget", "abcd"], "invalid choice"),
])
def test_check_verbs_refuse_bad_input_in_one_line(db: Path, argv: list[str], words: str) -> None:
    _store(db).add_check(_check(30))
    before = db.read_bytes()
    status, out, err = cli("--db", str(db), *argv)
    assert status == 2 and words in err and err.count("\n") == 1 and out == ""
    assert db.read_bytes() == before


# -- db merge --------------------------------------------------------------------------


def _machine(path: Path, now: dt.datetime, pain: int, note: str) -> None:
    store = _store(path, now)
    store.save_entry(Entry(date=DAY, pain=pain, note=note))


def test_db_merge_two_machines_newer_wins_and_twice_changes_nothing(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "laptop" / "nervecheck.json"
    _machine(db, NOW - dt.timedelta(hours=2), 3, "desk")
    _machine(other, NOW - dt.timedelta(hours=1), 5, "laptop")
    laptop = _store(other, NOW)
    laptop.save_entry(Entry(date=DAY - dt.timedelta(days=1), pain=1))
    laptop.add_check(_check(10))
    before = other.read_bytes(), os.stat(other).st_mtime_ns
    status, out, err = cli("--db", str(db), "db", "merge", str(other))
    assert (status, err) == (0, "")
    assert out == ("added 1, updated 1, unchanged 0, kept newer 0, deleted 0, kept deleted 0, "
                   "checks added 1, checks marked 0\n")
    assert (other.read_bytes(), os.stat(other).st_mtime_ns) == before  # never written
    store = _store(db, NOW)
    assert store.entry(DAY).note == "laptop" and len(store.checks()) == 1
    merged = db.read_bytes()
    assert cli("--db", str(db), "db", "merge", str(other))[1] == (
        "added 0, updated 0, unchanged 2, kept newer 0, deleted 0, kept deleted 0, checks added 0, checks marked 0\n")
    assert db.read_bytes() == merged


def test_db_merge_carries_deletions_and_marks_both_ways(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "laptop" / "nervecheck.json"
    _machine(db, NOW - dt.timedelta(hours=2), 3, "desk")
    _store(db).add_check(_check(30, "emergency"))
    assert cli("--db", str(other), "db", "merge", str(db))[0] == 0  # the laptop starts as a copy
    laptop = _store(other, NOW - dt.timedelta(minutes=5))
    laptop.delete_day(DAY)
    laptop.mark_check(laptop.checks_with_ids()[0][0])
    out = cli("--db", str(db), "db", "merge", str(other))[1]
    assert "deleted 1" in out and "checks marked 1" in out
    store = _store(db, NOW)
    assert store.entry(DAY) is None and store.latest_check() is None
    # The desk's own older copy, merged back in, does not bring the day back.
    assert "kept deleted 0" in cli("--db", str(other), "db", "merge", str(db))[1]
    assert _store(other, NOW).entry(DAY) is None


def test_db_merge_of_a_folder_takes_its_sync_conflict_copies(db: Path) -> None:
    _machine(db, NOW - dt.timedelta(hours=2), 3, "desk")
    for n, hours in enumerate((1, 3)):
        conflict = db.with_name(f"nervecheck.sync-conflict-2026112{n}-093000-ABCDEFG.json")
        _machine(conflict, NOW - dt.timedelta(hours=hours), 6 + n, f"copy {n}")
    status, out, _ = cli("--db", str(db), "db", "merge", str(db.parent))
    assert status == 0 and out.endswith("(from 2 copies)\n") and "updated 1" in out
    assert _store(db, NOW).entry(DAY).note == "copy 0"  # the newest save of the day


def test_db_merge_refuses_a_damaged_copy_in_one_line_and_changes_nothing(db: Path, tmp_path: Path) -> None:
    _machine(db, NOW - dt.timedelta(hours=2), 3, "desk")
    good = tmp_path / "good.json"
    _machine(good, NOW, 9, "newer")
    bad = tmp_path / "bad.json"
    data = json.loads(good.read_text())
    next(iter(data["entries"].values()))["pain"] = 11
    bad.write_text(json.dumps(data))
    before = db.read_bytes()
    status, out, err = cli("--db", str(db), "db", "merge", str(good), str(bad))
    assert status == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"nervecheck: db merge: {bad}: damaged, not merged: entry {DAY}, field pain")
    assert db.read_bytes() == before  # every copy is checked before anything is written


def test_db_merge_refuses_links_special_and_huge_files(db: Path, tmp_path: Path, monkeypatch) -> None:
    _machine(db, NOW, 3, "desk")
    link = tmp_path / "link.json"
    link.symlink_to(db)
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * 2048)
    from nervecheck.engine.store import storage

    monkeypatch.setattr(storage, "MAX_DATABASE_BYTES", 1024)
    for path, words in ((link, "symbolic link"), (fifo, "not a regular file"), (huge, "too big"),
                        (db, "this database itself"), (tmp_path / "none.json", "no such file")):
        status, _out, err = cli("--db", str(db), "db", "merge", str(path))
        assert status == 2 and words in err and err.count("\n") == 1, (path, err)
