"""The lock and the re-read live in the TinyDB middleware: every write of the file is
made under the lock, whoever asks for it, and never over a version it did not read."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os

import pytest
from tinydb.table import Document

from nervecheck.engine.store import storage
from nervecheck.engine.store.repository import ENTRIES, open_store, writing_store
from nervecheck.engine.store.schema import CheckRecord, Entry, PathStep
from nervecheck.engine.store.locations import lock_path
from nervecheck.engine.store.storage import AtomicJSONStorage, StoreWriteError
from tests.conftest import NOW, TODAY

DAY = TODAY - dt.timedelta(days=1)


def _locked_elsewhere(db) -> bool:
    """Whether another process would have to wait for ``db``'s lock: ``flock`` on a new
    descriptor of the lock file conflicts with any other, even this process's own."""
    try:
        fd = os.open(lock_path(db), os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # (also lets go of a lock taken here)
    return False


def test_every_write_of_the_file_is_made_under_the_lock(db_path, clock, monkeypatch):
    held = []
    real = AtomicJSONStorage._write

    def spy(self, data):
        held.append(storage.lock_hold(self.path) is not None)
        real(self, data)

    monkeypatch.setattr(AtomicJSONStorage, "_write", spy)
    store = open_store(db_path, clock)  # creates the file
    store.save_entry(Entry(date=DAY, pain=1))
    store.merge_entries([Entry(date=TODAY, pain=2)])
    store.add_check(CheckRecord(time=NOW, path=(PathStep(id="symptom", answer="burning"),), disposition="keep_running"))
    store.import_entries([({**Entry(date=DAY, note="x").to_json(),
                            "updated_at": (NOW + dt.timedelta(hours=1)).isoformat()}, ["note"])])
    store._table("extra").insert({"made": "by TinyDB directly"})
    store._storage.storage.write(store._storage.read())  # even the storage, called bare
    assert held == [True] * 7


def test_tinydb_used_directly_never_writes_over_another_process(db_path, clock):
    store = open_store(db_path, clock)
    store.save_entry(Entry(date=DAY, pain=1))
    file = store._storage.storage
    real_read = file.read

    def read_then_another_session_writes():
        data = real_read()
        del file.read  # once
        open_store(db_path, clock).save_entry(Entry(date=TODAY, pain=9))
        return data

    file.read = read_then_another_session_writes
    with pytest.raises(StoreWriteError, match="changed by another nervecheck"):
        store._table("extra").insert(Document({"made": "from the version before"}, doc_id=1))
    data = json.loads(db_path.read_bytes())
    assert "extra" not in data and len(data[ENTRIES]) == 2
    assert [e.pain for e in store.entries()] == [1, 9]
    store._table("extra").insert({"made": "from the version now"})  # read afresh: written
    assert "extra" in json.loads(db_path.read_bytes())


def test_writing_holds_the_lock_and_reads_the_file_once(db_path, clock, monkeypatch):
    open_store(db_path, clock).save_entry(Entry(date=DAY, pain=1))
    reads = []
    real = storage._digest
    monkeypatch.setattr(storage, "_digest", lambda raw: reads.append(len(raw)) or real(raw))
    with writing_store(db_path, clock) as store:
        assert _locked_elsewhere(db_path)
        store.modify_entry_doc(DAY, lambda doc: {**doc, "pain": 4})
        store.save_entry(Entry(date=TODAY, pain=5))
        assert _locked_elsewhere(db_path)
    assert not _locked_elsewhere(db_path)
    assert len(reads) == 3  # one read, then the two writes' own bytes
    assert [e.pain for e in open_store(db_path, clock).entries()] == [4, 5]


def test_a_store_open_for_writing_holds_no_lock_between_changes(store, db_path):
    store.save_entry(Entry(date=DAY, pain=1))
    assert not _locked_elsewhere(db_path)
    with store.writing():
        assert _locked_elsewhere(db_path)
    assert not _locked_elsewhere(db_path)
