"""Issue 16: imported activities and shoes as the store keeps them, and the day's run."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from tinydb.storages import MemoryStorage

from nervecheck.engine.clock import FixedClock
from nervecheck.engine.log import runs
from nervecheck.engine.store import activities
from nervecheck.engine.store.repository import SCHEMA_VERSION, Store, file_problems, open_store
from nervecheck.engine.store.storage import DamagedStoreError
from nervecheck.engine.watch.activity import SPORTS, Activity
from tests.conftest import NOW, TODAY

UTC = dt.timezone.utc
START = dt.datetime(2026, 11, 18, 7, 15, tzinfo=UTC)


def activity(start: dt.datetime = START, km: float | None = 10.0, sport: str = "run", shoe: str | None = None,
             external_id: str | None = None, from_index: bool = False, source: str = "run.fit") -> Activity:
    return Activity(start=start, sport=sport, sport_raw=sport, distance_km=km, moving_s=3000.0, elapsed_s=3100.0,
                    elevation_gain_m=40.0, avg_hr=None if from_index else 150.0, shoe=shoe, source=source,
                    external_id=external_id, name=None, from_index=from_index)


def doc_of(act: Activity, clock: FixedClock | None = None) -> dict:
    return runs.activity_doc(act, clock or FixedClock(NOW))


@pytest.fixture
def mem(tmp_path: Path, clock: FixedClock) -> Store:
    return Store.open(tmp_path / "never-made" / "nervecheck.json", clock, storage=MemoryStorage)


def test_the_store_knows_the_watch_rooms_sports() -> None:
    assert activities.SPORTS == SPORTS


def test_the_stored_form_has_every_field_start_in_utc_and_the_local_day() -> None:
    doc = doc_of(activity(shoe="Pegasus 40", external_id="12345"))
    assert list(doc) == list(activities.ACTIVITY_FIELDS)
    assert doc["start"] == "2026-11-18T07:15:00Z" and doc["day"] == "2026-11-18"
    assert doc["shoe"] == "Pegasus 40" and doc["external_id"] == "12345" and doc["avg_hr"] == 150.0
    assert activities.activity_ok(doc)
    assert runs.activity_of(doc) == activity(shoe="Pegasus 40", external_id="12345")


def test_the_day_is_the_clocks_local_day_at_import_and_stays(mem: Store) -> None:
    """02:30 UTC is the evening before in Los Angeles: stored as that day, read so in any zone."""
    late = dt.datetime(2026, 11, 18, 2, 30, tzinfo=UTC)
    la = FixedClock(NOW, zone=ZoneInfo("America/Los_Angeles"))
    doc = doc_of(activity(start=late), la)
    assert doc["day"] == "2026-11-17"
    runs.import_activities(mem, [doc])
    assert [d["day"] for d in mem.activity_docs().values()] == ["2026-11-17"]
    assert list(mem.activity_docs(dt.date(2026, 11, 17), dt.date(2026, 11, 17))) == [1]
    assert mem.activity_docs(dt.date(2026, 11, 18)) == {}


def test_the_views_readers_get_are_the_stored_activities_read_only(mem: Store) -> None:
    """activity_views (home, insights, charts) holds what activity_docs holds, in its
    order, without copies a reader could change the store through."""
    days = [START + dt.timedelta(days=n, hours=h) for n, h in ((2, 0), (0, 5), (1, 0), (0, 1))]
    runs.import_activities(mem, [doc_of(activity(start=day, km=5.0 + n)) for n, day in enumerate(days)])
    first, last = dt.date(2026, 11, 18), dt.date(2026, 11, 19)
    for span in ((None, None), (first, None), (None, first), (first, last)):
        docs = list(mem.activity_docs(*span).values())
        assert [dict(view) for view in mem.activity_views(*span)] == docs
        assert sorted(map(dict, mem.activity_views(*span, ordered=False)), key=lambda d: d["start"]) == docs
    view = mem.activity_views()[0]
    with pytest.raises(TypeError):
        view["distance_km"] = 99.0  # type: ignore[index]
    assert list(mem.activity_docs().values())[0]["distance_km"] != 99.0


def test_a_figure_a_file_got_wrong_is_stored_as_not_given() -> None:
    doc = doc_of(Activity(start=START, sport="run", sport_raw="\ud800run", distance_km=float("nan"), moving_s=-5.0,
                          elapsed_s=1e12, elevation_gain_m=None, avg_hr=999.0, shoe="  ", source="x.fit"))
    assert (doc["distance_km"], doc["moving_s"], doc["elapsed_s"], doc["avg_hr"], doc["shoe"]) == (None,) * 5
    assert activities.activity_ok(doc)


def test_memory_store_round_trip_and_a_bad_document_writes_nothing(mem: Store) -> None:
    counts = runs.import_activities(mem, [doc_of(activity(shoe="Pegasus 40")), doc_of(activity(
        start=START + dt.timedelta(days=1), sport="walk", km=3.0))])
    assert (counts.added, counts.duplicates, counts.other_sports, counts.shoes_added) == (2, 0, 1, ["Pegasus 40"])
    stored = mem.activity_docs()
    assert [d["sport"] for d in stored.values()] == ["run", "walk"]
    assert list(mem.shoe_docs().values()) == [activities.new_shoe("Pegasus 40", dt.date(2026, 11, 18))]
    bad = {**doc_of(activity(start=START + dt.timedelta(days=2))), "sport": "flying"}
    with pytest.raises(ValueError, match="field sport"):
        runs.import_activities(mem, [bad])
    assert mem.activity_docs() == stored


def test_reimporting_adds_nothing_and_does_not_write(store: Store, db_path: Path) -> None:
    docs = [doc_of(activity()), doc_of(activity(start=START + dt.timedelta(days=1), km=5.0))]
    assert runs.import_activities(store, docs).added == 2
    before = db_path.read_bytes()
    again = runs.import_activities(store, docs)
    assert (again.added, again.duplicates) == (0, 2)
    assert db_path.read_bytes() == before


def test_the_watch_file_and_the_strava_row_are_one_run_which_gains_the_shoe_and_id(mem: Store) -> None:
    runs.import_activities(mem, [doc_of(activity())])  # the watch's FIT: no shoe, no Strava ID
    row = activity(start=START + dt.timedelta(seconds=40), km=10.1, shoe="Pegasus 40", external_id="12345",
                   from_index=True, source="activities.csv#1")
    counts = runs.import_activities(mem, [doc_of(row)])
    assert (counts.added, counts.duplicates, counts.completed) == (0, 1, 1)
    (stored,) = mem.activity_docs().values()
    assert stored["source"] == "run.fit" and stored["distance_km"] == 10.0  # the file's figures
    assert stored["shoe"] == "Pegasus 40" and stored["external_id"] == "12345"
    # the same Strava ID is the same activity whatever its figures say
    moved = activity(start=START + dt.timedelta(hours=3), km=12.0, external_id="12345", from_index=True)
    assert runs.import_activities(mem, [doc_of(moved)]).duplicates == 1
    assert len(mem.activity_docs()) == 1


def test_import_never_touches_the_entries(mem: Store) -> None:
    day = START.date()
    entry = mem.modify_entry_doc(day, lambda _old: {**_blank(day), "pain": 6, "note": "left heel burned",
                                                    "symptoms": ["burning"], "run": {"distance_km": 8.0,
                                                                                     "duration_min": 45.0}})
    runs.import_activities(mem, [doc_of(activity(shoe="Pegasus 40"))])
    assert mem.entry_doc(day) == entry


def _blank(day: dt.date) -> dict:
    from nervecheck.engine.store.records import blank_entry

    return blank_entry(day)


def test_the_days_run_imported_counts_typed_is_kept() -> None:
    typed = {"date": "2026-11-18", "run": {"distance_km": 10.0, "duration_min": 50.0}}
    run = doc_of(activity(km=10.2))
    walk = doc_of(activity(start=START + dt.timedelta(hours=5), sport="walk", km=3.0))
    both = runs.run_total(typed, [run, walk])
    assert (both.km, both.counted, both.typed, both.others) == (10.2, "imported", typed["run"], (walk,))
    assert both.describe() == "run 10.2 km (imported 10.2 km counts; typed 10 km kept)"
    assert runs.run_total(typed, [walk]).describe() == "run 10 km"  # a walk is no run
    assert runs.run_total(None, [run]).describe() == "run 10.2 km (imported 10.2 km counts)"
    assert runs.run_total(None, []).counted is None
    trail = doc_of(activity(start=START + dt.timedelta(hours=8), sport="trail_run", km=4.8))
    assert runs.run_total(typed, [run, trail]).km == 15.0


def test_shoe_distances_imported_runs_and_typed_runs_of_the_default_shoe() -> None:
    shoes = {1: activities.new_shoe("Pegasus 40", dt.date(2026, 1, 1), alert_km=15.0),
             2: {**activities.new_shoe("Kinvara", dt.date(2026, 11, 1), default=True)}}
    acts = [doc_of(activity(shoe="pegasus  40")), doc_of(activity(start=START + dt.timedelta(days=1), km=6.0,
                                                                  shoe="Pegasus 40")),
            doc_of(activity(start=START + dt.timedelta(days=2), sport="walk", km=9.0, shoe="Pegasus 40"))]
    entries = [{"date": "2026-10-30", "run": {"distance_km": 7.0}},  # before Kinvara was added
               {"date": "2026-11-18", "run": {"distance_km": 9.5}},  # an imported run counts that day
               {"date": "2026-11-20", "run": {"distance_km": 5.0}}, {"date": "2026-11-21", "run": None}]
    pegasus, kinvara = runs.shoe_lines(shoes, acts, entries)
    assert (pegasus.km, pegasus.past_alert) == (16.0, True)
    assert (kinvara.km, kinvara.typed_km, kinvara.past_alert) == (5.0, 5.0, False)
    shoes[2]["retired"] = "2026-11-19"
    assert runs.shoe_lines(shoes, acts, entries)[1].km == 0.0


def test_an_old_database_has_no_activities_and_keeps_working(db_path: Path, clock: FixedClock) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_text(json.dumps({"_meta": {"1": {"schema_version": 1}}, "entries": {}, "checks": {}}))
    store = open_store(db_path, clock)
    assert store.activity_docs() == {} and store.shoe_docs() == {}
    assert SCHEMA_VERSION == 1  # new tables, which an older NerveCheck ignores and keeps: no migration
    runs.import_activities(store, [doc_of(activity(shoe="Pegasus 40"))])
    store.modify_entry_doc(TODAY, lambda _old: {**_blank(TODAY), "pain": 2})  # an entry write keeps the tables
    data = json.loads(db_path.read_text())
    assert len(data["activities"]) == 1 and len(data["shoes"]) == 1 and data["_meta"]["1"]["schema_version"] == 1


def test_a_damaged_activity_or_shoe_is_named(db_path: Path, clock: FixedClock) -> None:
    store = open_store(db_path, clock)
    runs.import_activities(store, [doc_of(activity(shoe="Pegasus 40"))])
    store.close()
    data = json.loads(db_path.read_text())
    data["activities"]["1"]["distance_km"] = -1
    data["shoes"]["1"]["alert_km"] = "lots"
    db_path.write_text(json.dumps(data))
    assert [line.split(": ", 1)[1] for line in file_problems(db_path)] == [
        "activity #1, field distance_km: Input should be greater than or equal to 0",
        "shoe #1, field alert_km: must be a number, got 'lots'"]
    with pytest.raises(DamagedStoreError, match="activity #1"):
        open_store(db_path, clock)


def test_home_counts_the_weeks_runs_as_they_count_and_flags_a_worn_shoe(store: Store) -> None:
    from nervecheck.engine.log.summary import home_summary

    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    store.modify_entry_doc(monday, lambda _old: {**_blank(monday), "run": {"distance_km": 8.0, "duration_min": None}})
    tuesday = monday + dt.timedelta(days=1)
    store.modify_entry_doc(tuesday, lambda _old: {**_blank(tuesday), "run": {"distance_km": 5.0, "duration_min": None}})
    at = dt.datetime.combine(monday, dt.time(7), UTC)
    runs.import_activities(store, [doc_of(activity(start=at, km=10.0, shoe="Pegasus 40")),
                                   doc_of(activity(start=at + dt.timedelta(hours=9), km=3.0, shoe="Pegasus 40")),
                                   doc_of(activity(start=at + dt.timedelta(days=2), sport="ride", km=30.0))])
    before = home_summary(store, TODAY)
    assert (before.week_runs, before.week_km) == (3, 18.0)  # Monday's two imported, Tuesday's typed
    assert not [line for line in before.notices if "shoe" in line]
    store.change_runs(lambda _acts, shoes: ({}, {1: {**shoes[1], "alert_km": 12.0}}, None))
    assert "shoe Pegasus 40: 13 km, past its 12 km alert" in home_summary(store, TODAY).notices
