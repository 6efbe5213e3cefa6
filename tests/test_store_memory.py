"""The store on TinyDB's own ``MemoryStorage``: the storage really is pluggable.

The lock, the re-read and the one write per change live in a TinyDB middleware
(:mod:`nervecheck.engine.store.locking`), not in the file storage, so the store's main
operations run on any storage. Nothing here touches a file: the database "path" is
in a folder that never exists.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from pathlib import Path

import pytest
from tinydb.storages import MemoryStorage

from nervecheck.engine.store import locking, storage
from nervecheck.engine.store.repository import ENTRIES, Store
from nervecheck.engine.store.schema import CheckRecord, Entry, PathStep, Settings
from nervecheck.engine.store.storage import StoreError
from tests.conftest import NOW, TODAY

DAY = TODAY - dt.timedelta(days=1)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def nowhere(tmp_path: Path) -> Path:
    return tmp_path / "never-made" / "nervecheck.json"


@pytest.fixture
def mem(nowhere: Path, clock) -> Store:
    return Store.open(nowhere, clock, storage=MemoryStorage)


@pytest.fixture(autouse=True)
def no_files_touched(nowhere: Path, monkeypatch):
    """Any atomic write, lock or backup would go through these: none may run."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("a memory store touched the disk")

    monkeypatch.setattr(storage, "atomic_write_bytes", refuse)
    monkeypatch.setattr(storage, "file_lock", refuse)
    monkeypatch.setattr("nervecheck.engine.store.backups.take_daily_backup", refuse)
    yield
    assert not nowhere.parent.exists()


def test_a_new_memory_store_is_an_empty_database(mem: Store) -> None:
    assert mem.entries() == [] and mem.checks() == [] and mem.latest_check() is None
    assert mem._storage.read()["_meta"] == {"1": {"schema_version": 1}}


def test_entries_are_added_updated_and_modified(mem: Store, clock) -> None:
    mem.save_entry(Entry(date=DAY, pain=3, note="first"))
    mem.save_entry(Entry(date=TODAY, pain=1))
    mem.save_entry(Entry(date=DAY, pain=5))  # wholly replaced: the note is gone
    assert [(e.date, e.pain, e.note) for e in mem.entries()] == [(DAY, 5, ""), (TODAY, 1, "")]
    mem.modify_entry(TODAY, lambda old: old.model_copy(update={"pain": old.pain + 1}))
    doc = mem.modify_entry_doc(DAY, lambda doc: {**doc, "note": "later"})
    assert doc["note"] == "later" and doc["updated_at"]
    assert [(e.pain, e.note) for e in mem.entries()] == [(5, "later"), (2, "")]
    assert mem.entry_doc(TODAY)["pain"] == 2
    assert mem.delete_entry(TODAY) and not mem.delete_entry(TODAY)
    assert [e.date for e in mem.entries()] == [DAY]


def test_checks_and_settings_are_saved(mem: Store) -> None:
    for minute in (1, 2):
        mem.add_check(CheckRecord(time=NOW + dt.timedelta(minutes=minute), path=(PathStep(id="symptom", answer="burning"),),
                                  disposition="keep_running"))
    assert [c.time.minute for c in mem.checks()] == [31, 32]
    assert sorted(mem._storage.read()["checks"]) == ["1", "2"]
    assert mem.latest_check_view() is not None
    mem.save_settings(Settings(units="mi"))
    assert mem.units() == "mi" and mem.settings().units == "mi"


def test_merge_and_import_run_on_memory(mem: Store) -> None:
    assert mem.merge_entries([Entry(date=DAY, pain=2), Entry(date=TODAY, pain=4)]) == (2, 0)
    assert mem.merge_entries([Entry(date=TODAY, pain=6)]) == (0, 1)
    later = (NOW + dt.timedelta(hours=1)).isoformat()
    incoming = [({**Entry(date=DAY, note="from a file").to_json(), "updated_at": later}, ["note"]),
                (mem.entry_doc(TODAY), ["pain"])]
    counts = mem.import_entries(incoming)
    assert sum(counts.values()) == 2 and counts["unchanged"] == 1
    assert [(e.pain, e.note) for e in mem.entries()] == [(2, "from a file"), (6, "")]


def test_a_change_that_fails_writes_nothing(mem: Store) -> None:
    mem.save_entry(Entry(date=DAY, pain=1))
    writes = []
    real = MemoryStorage.write
    mem._storage.storage.write = lambda data: writes.append(1) or real(mem._storage.storage, data)
    with pytest.raises(ValueError, match="cannot change its date"):
        mem.modify_entry_doc(DAY, lambda doc: {**doc, "date": TODAY.isoformat()})

    def half_then_fail(doc):
        mem._table(ENTRIES).truncate()  # a TinyDB write inside the change...
        raise RuntimeError("...then a failure")

    with pytest.raises(RuntimeError):
        mem.modify_entry_doc(DAY, half_then_fail)
    assert writes == [] and [(e.date, e.pain) for e in mem.entries()] == [(DAY, 1)]
    mem.merge_entries([Entry(date=DAY, pain=2), Entry(date=TODAY, pain=3)])
    assert writes == [1]  # a change of many documents is one write


def test_a_read_only_open_of_an_empty_memory_store_says_there_is_none(nowhere, clock) -> None:
    with pytest.raises(StoreError, match="no database"):
        Store.open(nowhere, clock, read_only=True, storage=MemoryStorage)


def test_writers_in_two_threads_take_turns_and_a_reader_does_not_wait(mem: Store) -> None:
    mem.save_entry(Entry(date=DAY, pain=1))
    entered, release, done = threading.Event(), threading.Event(), []

    def hold():
        with mem.writing():
            entered.set()
            release.wait(5)
            done.append("holder")

    holder = threading.Thread(target=hold)
    holder.start()
    entered.wait(5)
    writer = threading.Thread(target=lambda: (mem.save_entry(Entry(date=TODAY, pain=2)), done.append("writer")))
    writer.start()
    time.sleep(0.1)
    assert done == [] and [e.pain for e in mem.entries()] == [1]  # the reader did not wait
    release.set()
    holder.join(5)
    writer.join(5)
    assert done == ["holder", "writer"] and [e.pain for e in mem.entries()] == [1, 2]


def test_tinydb_used_directly_still_writes_under_the_lock(mem: Store) -> None:
    held = []
    real = MemoryStorage.write
    mem._storage.storage.write = lambda data: held.append(mem._storage._held_here()) or real(mem._storage.storage, data)
    mem._table("notes").insert({"text": "no lock taken by the caller"})
    assert held == [True]


def test_no_private_tinydb_call_in_the_store_or_the_cli() -> None:
    """TinyDB is used through its public API: tables, Storage and Middleware."""
    private = re.compile(r"\.(_update_table|_read_table|_get_next_id|_next_id|_query_cache|_tables|_storage_cls"
                         r"|_opened)\b")
    for folder in ("engine/store", "nervecheck/cli"):
        for path in (ROOT / folder).glob("*.py"):
            assert not private.findall(path.read_text(encoding="utf-8")), path
    cli = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "nervecheck/cli").glob("*.py"))
    assert "file_lock" not in cli  # the store takes its own lock
    assert issubclass(locking.LockingMiddleware, __import__("tinydb.middlewares").middlewares.Middleware)
