"""Snapshots of issue 15's confirm and undo states at 80x24 (frozen clock, fixture db)."""

from __future__ import annotations

import datetime as dt

from nervecheck.engine.store.schema import CheckRecord, Entry, PathStep
from tests.conftest import NOW, TODAY, app_for

SIZE = (80, 24)


def _day(store) -> None:
    store.save_entry(Entry(date=TODAY, pain=4, symptoms=("burning",), locations=("heel",), note="long run"))


def _checks(store) -> None:
    store.add_check(CheckRecord(time=NOW - dt.timedelta(hours=3), path=(PathStep(id="symptom", answer="burning"),),
                                disposition="keep_running", contract=2))
    store.add_check(CheckRecord(time=NOW - dt.timedelta(hours=1), path=(PathStep(id="saddle", answer="yes"),),
                                disposition="emergency", flag="saddle_numbness", contract=2))
    store.save_entry(Entry(date=TODAY, pain=2))


def test_log_delete_confirm(snap_compare, store, clock):
    """D on a logged day: the dialog "Delete the entry for Saturday 21 November? ctrl+z
    puts it back while the log is open; the day's backup keeps it after." with "y delete
    n keep it", over the filled-in log."""
    _day(store)
    assert snap_compare(app_for(store, clock), terminal_size=SIZE, press=["l", "D"])


def test_log_deleted_with_undo(snap_compare, store, clock):
    """After y: the form is blank (no pain lit, nothing ticked) and the status line reads
    "Deleted (ctrl+z puts it back)" in the warning colour."""
    _day(store)
    assert snap_compare(app_for(store, clock), terminal_size=SIZE, press=["l", "D", "y"])


def test_history_mark_confirm(snap_compare, store, clock):
    """m in the history on the newest check (an emergency): the dialog asks to mark the
    check of Sat 21 Nov 08:30 (Emergency) as entered by mistake, says it leaves the
    report and the routines' gate, and that if the warning sign is real its advice
    stands; "y mark as mistake  n keep it"."""
    _checks(store)
    assert snap_compare(app_for(store, clock), terminal_size=SIZE, press=["h", "m"])


def test_history_marked_check(snap_compare, store, clock):
    """After y: the emergency check is dimmed and struck through with "mistake (m unmarks)"
    beside it (wrapping to a second line); the keep-running check below it is unchanged."""
    _checks(store)
    assert snap_compare(app_for(store, clock), terminal_size=SIZE, press=["h", "m", "y"])
