"""Snapshots of the home and help screens at 80x24 (and one at 120x40)."""

from __future__ import annotations

from tests.conftest import app_for


def test_home_empty(snap_compare, store, clock):
    """Home on a new database: today's date (Saturday 21 November 2026), today not
    logged, no check yet, 0 runs this week, the six section keys, the not-a-doctor line."""
    assert snap_compare(app_for(store, clock), terminal_size=(80, 24))


def test_home_demo(snap_compare, demo_store, clock):
    """Home on the demo database: today logged with its pain, the latest check's
    disposition in its colour, this week's runs and distance, any pattern notices."""
    assert snap_compare(app_for(demo_store, clock), terminal_size=(80, 24))


def test_home_demo_large(snap_compare, demo_store, clock):
    """The same home screen at 120x40: nothing stretched or cut."""
    assert snap_compare(app_for(demo_store, clock), terminal_size=(120, 40))


def test_help_screen(snap_compare, store, clock):
    """The help panel over home: what NerveCheck is and is not, and every key."""
    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), press=["question_mark"])
