"""Issue 15: deleting a day and marking a check "entered by mistake", in the store.

A deletion leaves a tombstone, so an older copy merged or imported later does not
bring the day back, while an edit saved after the deletion does. A marked check is
left out of the report and of the latest check the routines' gate reads.
"""

from __future__ import annotations

import datetime as dt
import json

from nervecheck.engine.log import report
from nervecheck.engine.store.repository import DELETED, file_problems, open_store
from nervecheck.engine.store.schema import CheckRecord, Entry, PathStep
from tests.conftest import NOW, TODAY

DAY = TODAY - dt.timedelta(days=2)


def _t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _check(minutes: int, disposition: str = "keep_running", flag: str | None = None) -> CheckRecord:
    return CheckRecord(time=NOW - dt.timedelta(minutes=minutes), path=(PathStep(id="symptom", answer="burning"),),
                       disposition=disposition, flag=flag, contract=2)


def test_delete_leaves_a_tombstone_newer_than_the_entry(store):
    store.save_entry(Entry(date=DAY, pain=4))
    deleted = store.delete_day(DAY)
    assert deleted["pain"] == 4 and store.entry(DAY) is None
    tomb = store.tombstone_docs()[DAY.toordinal()]
    assert tomb["date"] == DAY.isoformat() and _t(tomb["updated_at"]) > _t(deleted["updated_at"])
    assert store.delete_day(DAY) is None
    assert file_problems(store.path) == []


def test_deleting_after_a_copy_stamped_ahead_still_wins(store, clock):
    """An entry from a machine whose clock runs ahead: the deletion is stamped after it."""
    ahead = "2026-11-21T10:30:00Z"  # an hour after NOW
    store.import_entries([({**Entry(date=DAY, pain=2).to_json(), "updated_at": ahead}, ["pain"])])
    store.delete_day(DAY)
    assert _t(store.tombstone_docs()[DAY.toordinal()]["updated_at"]) > _t(ahead)


def test_import_of_an_older_export_does_not_bring_a_deleted_day_back(store, clock):
    store.save_entry(Entry(date=DAY, pain=4))
    old = store.entry_doc(DAY)
    store.delete_day(DAY)
    counts = store.import_entries([(old, ["pain"])])
    assert counts["kept deleted"] == 1 and counts["added"] == 0 and store.entry(DAY) is None


def test_an_edit_saved_after_the_deletion_wins(store):
    store.save_entry(Entry(date=DAY, pain=4))
    store.delete_day(DAY)
    newer = {**Entry(date=DAY, pain=6).to_json(), "updated_at": "2026-11-21T12:00:00Z"}
    assert store.import_entries([(newer, ["pain"])])["added"] == 1
    assert store.entry(DAY).pain == 6 and DAY.toordinal() not in store.tombstone_docs()


def test_logging_a_deleted_day_again_forgets_the_deletion(store):
    store.save_entry(Entry(date=DAY, pain=4))
    store.delete_day(DAY)
    store.save_entry(Entry(date=DAY, pain=1))
    assert store.tombstone_docs() == {} and store.entry(DAY).pain == 1


def test_undo_restores_the_entry_stamped_after_the_deletion(store):
    store.save_entry(Entry(date=DAY, pain=4, note="heel"))
    doc = store.delete_day(DAY)
    tomb = store.tombstone_docs()[DAY.toordinal()]
    restored = store.restore_entry(doc)
    assert restored["note"] == "heel" and _t(restored["updated_at"]) > _t(tomb["updated_at"])
    assert store.tombstone_docs() == {}
    store.save_entry(Entry(date=DAY, pain=9))
    assert store.restore_entry(doc) is None and store.entry(DAY).pain == 9  # logged again: no undo


def test_a_bad_tombstone_is_named_as_damage(store):
    store.save_entry(Entry(date=DAY, pain=4))
    data = json.loads(store.path.read_text())
    data[DELETED] = {"5": {"date": "not a day", "updated_at": None}}
    store.path.write_text(json.dumps(data))
    assert file_problems(store.path) == [f"{store.path}: deleted entry #5: not a date and the time it was deleted"]


def test_a_database_without_the_table_reads_as_before(tmp_path, clock):
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"_meta": {"1": {"schema_version": 1}}, "entries": {}, "checks": {}}))
    store = open_store(path, clock)
    assert store.tombstone_docs() == {} and store.entries() == []


# -- checks entered by mistake -------------------------------------------------------


def test_check_ids_are_stable_and_unmarked_checks_are_stored_as_before(store):
    store.add_check(_check(30))
    key = store.checks_with_ids()[0][0]
    assert len(key) == 8 and "mistake" not in json.loads(store.path.read_text())["checks"]["1"]
    store.mark_check(key)
    assert store.checks_with_ids()[0][0] == key
    store.mark_check(key, mistake=False)
    assert store.checks_with_ids()[0][0] == key and not store.checks()[0].mistake


def test_a_marked_check_is_not_the_latest_check(store):
    store.add_check(_check(60, "keep_running"))
    store.add_check(_check(30, "emergency", flag="saddle_numbness"))
    (_old, _), (slip, _) = store.checks_with_ids()
    assert store.latest_check().disposition == "emergency"
    store.mark_check(slip)
    assert store.latest_check().disposition == "keep_running"
    assert store.latest_check_view().disposition == "keep_running"
    store.mark_check(slip, mistake=False)
    assert store.latest_check().disposition == "emergency"


def test_a_marked_check_is_left_out_of_the_report_and_counted(store):
    store.add_check(_check(30, "emergency", flag="saddle_numbness"))
    store.mark_check(store.checks_with_ids()[0][0])
    text = report.render(store, TODAY)
    assert "Emergency" not in text and "No checks in this period." in text
    assert "1 check in this period was marked by the runner as entered by mistake and is left out." in text
    assert "left out" in report.render(store, TODAY, fmt="html")


def test_find_check_wants_a_unique_id(store):
    store.add_check(_check(30))
    key = store.checks_with_ids()[0][0]
    for wanted, words in (("ab", "at least 4"), ("0000000z", "no saved check")):
        try:
            store.find_check(wanted)
        except ValueError as error:
            assert words in str(error)
        else:
            raise AssertionError(wanted)
    assert store.find_check(key[:4].upper())[0] == key


def test_marking_is_stamped_after_an_earlier_mark(store):
    store.add_check(_check(30))
    key = store.checks_with_ids()[0][0]
    first = store.mark_check(key).marked_at
    second = store.mark_check(key, mistake=False).marked_at  # same frozen clock
    assert second > first
