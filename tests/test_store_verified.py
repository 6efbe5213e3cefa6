"""The note of checked bytes (nervecheck.engine.store.verified): it saves re-checking, never a needed check.

A start whose file has exactly the bytes that last passed every check skips the
per-document checks; any other bytes are checked in full, so damage is always found.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from nervecheck.engine.store import records, storage, verified
from nervecheck.engine.store.schema import CheckRecord, Entry, PathStep, Settings
from nervecheck.engine.store.storage import DamagedStoreError, _digest, atomic_write_bytes, file_lock
from nervecheck.engine.store.repository import file_problems, open_store
from tests.conftest import TODAY

YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture
def counted(monkeypatch):
    """How many documents the fast entry check looks at."""
    calls = []
    real = records.entry_ok
    monkeypatch.setattr(records, "entry_ok", lambda doc: calls.append(doc) or real(doc))
    return calls


def _filled(db_path: Path, clock, days: int = 5):
    store = open_store(db_path, clock)
    store.merge_entries([Entry(date=TODAY - dt.timedelta(days=n), pain=n) for n in range(days)])
    return store


def _vouched(db_path: Path) -> bool:
    return verified.read(db_path) == _digest(db_path.read_bytes())


def test_a_checked_file_is_not_checked_again(db_path, clock, counted):
    _filled(db_path, clock)
    assert _vouched(db_path)
    counted.clear()
    again = open_store(db_path, clock)
    assert [e.pain for e in again.entries()] == [4, 3, 2, 1, 0]
    assert counted == []  # (the models were built on demand; the fast check never ran)


def test_every_write_leaves_a_note_for_exactly_what_it_wrote(db_path, clock):
    store = open_store(db_path, clock)
    assert _vouched(db_path)  # a new, empty database
    steps = [
        lambda: store.save_entry(Entry(date=TODAY, pain=3)),
        lambda: store.modify_entry(TODAY, lambda old: old.model_copy(update={"note": "sore <b>"})),
        lambda: store.modify_entry_doc(YESTERDAY, lambda old: {**records.blank_entry(YESTERDAY), "pain": 1}),
        lambda: store.merge_entries([Entry(date=TODAY - dt.timedelta(days=9), pain=2)]),
        lambda: store.add_check(CheckRecord(time=clock.now(), path=(PathStep(id="symptom", answer="none"),),
                                            disposition="keep_running")),
        lambda: store.save_settings(Settings(units="mi")),
        lambda: store.delete_entry(YESTERDAY),
    ]
    for step in steps:
        step()
        assert _vouched(db_path)
        assert file_problems(db_path) == []  # what was noted really passes a full check


@pytest.mark.parametrize("damage", [
    lambda data: data["entries"][str(TODAY.toordinal())].update(pain=11),
    lambda data: data["entries"][str(TODAY.toordinal())].update(bogus=1),
    lambda data: data["entries"].update({"5": {"date": "2026-11-21"}}),
    lambda data: data["checks"].update({"1": {"time": "yesterday"}}),
])
def test_changed_bytes_are_checked_in_full_whatever_the_note_says(db_path, clock, damage):
    _filled(db_path, clock)
    note = verified.read(db_path)
    data = json.loads(db_path.read_bytes())
    damage(data)
    db_path.write_text(json.dumps(data))
    assert verified.read(db_path) == note  # the note is still there, for the old bytes
    with pytest.raises(DamagedStoreError):
        open_store(db_path, clock)


def test_a_repeated_key_is_found_even_with_a_note(db_path, clock):
    _filled(db_path, clock, days=1)
    raw = db_path.read_bytes()
    db_path.write_bytes(raw.replace(b'"pain":0', b'"pain":0,"pain":9', 1))
    with pytest.raises(DamagedStoreError, match="duplicate key 'pain'"):
        open_store(db_path, clock)


@pytest.mark.parametrize("note", [b"", b"nonsense\n", b"nervecheck-verified-1 x y\n", b"\xff" * 300])
def test_a_torn_or_foreign_note_only_costs_a_check(db_path, clock, counted, note):
    _filled(db_path, clock)
    db_path.with_name(db_path.name + ".lock").write_bytes(note)
    counted.clear()
    assert len(open_store(db_path, clock).entries()) == 5
    assert len(counted) == 5
    assert _vouched(db_path)  # and the check leaves a good note


def test_a_note_made_under_other_rules_is_ignored(db_path, clock, counted, monkeypatch):
    _filled(db_path, clock)
    monkeypatch.setattr(verified, "rules", lambda: b"\x01" * 20)  # e.g. a newer NerveCheck
    counted.clear()
    open_store(db_path, clock)
    assert len(counted) == 5


def test_documents_only_the_models_accept_are_never_noted(db_path, clock, counted):
    """The note covers the fast checks; a document the models had to judge is judged each time."""
    _filled(db_path, clock, days=1)
    slow = {"time": "2026-11-21T09:30", "path": [], "disposition": "keep_running"}  # a naive time
    assert not records.check_ok(slow)
    data = json.loads(db_path.read_bytes())
    data["checks"] = {"1": slow}
    db_path.write_text(json.dumps(data))
    before = verified.read(db_path)
    for _start in range(2):
        assert open_store(db_path, clock).latest_check().disposition == "keep_running"
        assert verified.read(db_path) == before  # not noted: every start asks the models again


def test_the_file_is_read_once_while_the_lock_is_held(db_path, clock, monkeypatch):
    _filled(db_path, clock)
    reads = []
    real = storage._digest
    monkeypatch.setattr(storage, "_digest", lambda raw: reads.append(len(raw)) or real(raw))
    with file_lock(db_path):
        store = open_store(db_path, clock)
        store.save_entry(Entry(date=TODAY, pain=7))
    assert len(reads) == 2  # the read when opening, and the bytes written; no re-read in between
    reads.clear()
    store.save_entry(Entry(date=TODAY, pain=8))  # a new hold: the file is read again first
    assert len(reads) == 2


def test_a_write_by_this_process_within_the_same_hold_is_seen(db_path, clock, tmp_path):
    other = tmp_path / "other.json"
    _filled(other, clock, days=2)
    _filled(db_path, clock, days=5)
    with file_lock(db_path):
        store = open_store(db_path, clock)
        assert len(store.entries()) == 5
        atomic_write_bytes(db_path, other.read_bytes())  # e.g. a restore in the same hold
        store.save_entry(Entry(date=TODAY, pain=9))
    assert [e.pain for e in open_store(db_path, clock).entries()] == [1, 9]


def test_a_written_document_only_the_models_accept_is_not_noted(db_path, clock):
    store = _filled(db_path, clock, days=1)
    naive = CheckRecord(time=dt.datetime(2026, 11, 21, 9, 30), path=(), disposition="keep_running")
    assert not records.check_ok(naive.model_dump(mode="json"))
    store.add_check(naive)
    assert not _vouched(db_path)
    assert open_store(db_path, clock).latest_check().disposition == "keep_running"
    assert not _vouched(db_path)

