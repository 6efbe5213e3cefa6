"""The store: round trip, one entry per date, checks, settings, the file's shape."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from nervecheck.engine.store.schema import CheckRecord, Entry, ExerciseDone, PathStep, Run, Settings
from nervecheck.engine.store.storage import AtomicJSONStorage, DamagedStoreError, StoreWriteError
from nervecheck.engine.store.repository import SCHEMA_VERSION, Store, open_store
from tests.conftest import NOW, TODAY

DAY = TODAY - dt.timedelta(days=1)


def full_entry(day: dt.date = DAY) -> Entry:
    return Entry(
        date=day, pain=3, symptoms=("burning", "tingling"), locations=("heel",),
        run=Run(distance_km=8.2, duration_min=45.0), pain_after_exercise="under_2h",
        exercises=(ExerciseDone(routine="runner_strength", exercise="goblet_squat", sets=3, reps=10),),
        note="new shoes, left heel burned after 5 km",
    )


def without_stamp(entry: Entry) -> dict:
    data = entry.to_json()
    data.pop("updated_at")
    return data


def test_new_store_file_has_schema_version_and_empty_tables(store: Store, db_path: Path) -> None:
    data = json.loads(db_path.read_bytes())
    assert data["_meta"] == {"1": {"schema_version": SCHEMA_VERSION}}
    assert data["entries"] == {} and data["checks"] == {}
    assert store.entries() == [] and store.checks() == [] and store.latest_check() is None


def test_entry_round_trips_through_the_file(store: Store, db_path: Path, clock) -> None:
    saved = store.save_entry(full_entry())
    assert saved.updated_at == NOW
    reopened = open_store(db_path, clock)
    [entry] = reopened.entries()
    assert entry == saved
    assert without_stamp(entry) == without_stamp(full_entry())


def test_one_entry_per_date_save_replaces(store: Store) -> None:
    store.save_entry(full_entry())
    store.save_entry(Entry(date=DAY, pain=1))
    [entry] = store.entries()
    assert entry.pain == 1 and entry.symptoms == () and entry.note == ""


def test_modify_entry_keeps_the_fields_not_changed(store: Store, db_path: Path, clock) -> None:
    store.save_entry(full_entry())
    store.modify_entry(DAY, lambda old: old.model_copy(update={"pain": 6}))
    [entry] = open_store(db_path, clock).entries()
    assert entry.pain == 6
    assert without_stamp(entry) == {**without_stamp(full_entry()), "pain": 6}


def test_modify_entry_creates_a_missing_day(store: Store) -> None:
    store.modify_entry(DAY, lambda old: old or Entry(date=DAY, pain=2))
    assert store.entry(DAY).pain == 2


def test_modify_entry_refuses_to_change_the_date(store: Store) -> None:
    with pytest.raises(ValueError, match="date"):
        store.modify_entry(DAY, lambda old: Entry(date=TODAY))
    assert store.entries() == []


def test_modify_entry_validates_what_it_saves(store: Store) -> None:
    with pytest.raises(ValueError):
        store.modify_entry(DAY, lambda old: Entry(date=DAY).model_copy(update={"pain": 11}))
    assert store.entries() == []


def test_entries_are_sorted_and_filtered_by_range(store: Store) -> None:
    days = [TODAY - dt.timedelta(days=n) for n in (5, 1, 9, 3)]
    for day in days:
        store.save_entry(Entry(date=day))
    assert [e.date for e in store.entries()] == sorted(days)
    assert [e.date for e in store.entries(TODAY - dt.timedelta(days=5), TODAY - dt.timedelta(days=3))] == [
        TODAY - dt.timedelta(days=5), TODAY - dt.timedelta(days=3)]
    assert store.entry(TODAY) is None


def test_entries_use_the_day_ordinal_as_document_id(store: Store, db_path: Path) -> None:
    store.save_entry(Entry(date=DAY))
    assert list(json.loads(db_path.read_bytes())["entries"]) == [str(DAY.toordinal())]


def test_delete_entry(store: Store) -> None:
    store.save_entry(Entry(date=DAY))
    assert store.delete_entry(DAY) is True
    assert store.delete_entry(DAY) is False
    assert store.entries() == []


def test_merge_entries_counts_added_and_updated(store: Store) -> None:
    store.save_entry(Entry(date=DAY, pain=1))
    added, updated = store.merge_entries([Entry(date=DAY, pain=2), Entry(date=TODAY, pain=3)])
    assert (added, updated) == (1, 1)
    assert [e.pain for e in store.entries()] == [2, 3]


def check(minutes: int, disposition: str = "keep_running") -> CheckRecord:
    return CheckRecord(
        time=NOW + dt.timedelta(minutes=minutes),
        path=(PathStep(id="symptom", answer="burning"), PathStep(id="location", answer="heel")),
        disposition=disposition, nerve="medial_calcaneal", routines=("gentle_mobility",),
    )


def test_checks_are_saved_and_listed_oldest_first(store: Store, db_path: Path, clock) -> None:
    store.add_check(check(5, "modify_training"))
    store.add_check(check(1))
    reopened = open_store(db_path, clock)
    assert [c.time for c in reopened.checks()] == [check(1).time, check(5).time]
    assert reopened.latest_check().disposition == "modify_training"
    assert reopened.checks()[0].answers == {"symptom": "burning", "location": "heel"}
    assert sorted(json.loads(db_path.read_bytes())["checks"]) == ["1", "2"]


def test_settings_default_and_saved(store: Store, db_path: Path, clock) -> None:
    assert store.settings().units == "km"
    store.save_settings(Settings(units="mi"))
    assert open_store(db_path, clock).settings().units == "mi"
    store.save_settings(Settings(units="km"))
    assert open_store(db_path, clock).settings().units == "km"


def test_reads_are_cached_until_the_file_changes(store: Store, db_path: Path) -> None:
    store.save_entry(Entry(date=DAY))
    first = store.entries()
    assert store.entries() == first
    assert store._current() is store._current()  # no re-validation while unchanged


def test_failed_write_leaves_no_phantom_data(store: Store, monkeypatch) -> None:
    """TinyDB mutates the dict it read: a failed write must not leave that in the cache."""
    store.save_entry(Entry(date=DAY, pain=1))

    def refuse(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("nervecheck.engine.store.storage.atomic_write_bytes", refuse)
    with pytest.raises(StoreWriteError):
        store.save_entry(Entry(date=TODAY, pain=9))
    with pytest.raises(StoreWriteError):
        store.modify_entry(DAY, lambda old: old.model_copy(update={"pain": 7}))
    assert [(e.date, e.pain) for e in store.entries()] == [(DAY, 1)]


def test_storage_can_be_swapped_for_tests(tmp_path: Path) -> None:
    """The store takes its storage as a parameter (TinyDB's extension point)."""

    class Recording(AtomicJSONStorage):
        writes = 0

        def write(self, data):
            Recording.writes += 1
            super().write(data)

    store = Store(tmp_path / "n.json", storage=Recording)
    store._prepare()
    store.save_entry(Entry(date=DAY))
    assert Recording.writes == 2


def test_file_is_utf8_json_one_document_per_line(store: Store, db_path: Path) -> None:
    store.save_entry(Entry(date=DAY, note="café ☕ 足\nsecond line"))
    store.save_entry(Entry(date=DAY + dt.timedelta(days=1)))
    raw = db_path.read_bytes()
    assert "café ☕ 足".encode() in raw
    entry_lines = [line for line in raw.split(b"\n") if line.startswith(b'"%d":' % DAY.toordinal())]
    assert len(entry_lines) == 1 and entry_lines[0].endswith(b"},")  # the note's newline is escaped
    data = json.loads(raw)  # still one JSON object, for any JSON tool
    assert data["entries"][str(DAY.toordinal())]["note"] == "café ☕ 足\nsecond line"


def test_note_with_lone_surrogate_is_refused_before_the_store() -> None:
    with pytest.raises(ValueError, match="surrogate"):
        Entry(date=DAY, note="bad \udcff byte")


def test_deleted_file_under_a_long_lived_store_is_reported(store: Store, db_path: Path) -> None:
    db_path.unlink()
    with pytest.raises(DamagedStoreError, match="disappeared"):
        store.entries()


def test_newer_schema_is_refused(db_path: Path, clock) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_text(json.dumps({"_meta": {"1": {"schema_version": SCHEMA_VERSION + 1}}, "entries": {}}))
    with pytest.raises(DamagedStoreError, match="newer"):
        open_store(db_path, clock)


def test_migration_hook_runs_and_backs_up_first(db_path: Path, clock, monkeypatch) -> None:
    """A version-0 file goes through MIGRATIONS[0]; the old file is backed up first."""
    import nervecheck.engine.store.repository as store_module

    old = {"_meta": {"1": {"schema_version": 0}}, "entries": {}, "checks": {}, "settings": {"1": {"unit": "mi"}}}
    db_path.parent.mkdir(parents=True)
    db_path.write_text(json.dumps(old))

    def rename_unit(data):
        data["settings"]["1"] = {"units": data["settings"]["1"].pop("unit")}
        return data

    monkeypatch.setitem(store_module.MIGRATIONS, 0, rename_unit)
    store = open_store(db_path, clock)
    assert store.settings().units == "mi"
    assert json.loads(db_path.read_bytes())["_meta"]["1"]["schema_version"] == SCHEMA_VERSION
    from nervecheck.engine.store.backups import list_backups

    [backup] = list_backups(db_path)
    assert json.loads(backup.read_bytes()) == old
