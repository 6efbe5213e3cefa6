"""Issue 15 in the app: the log's save merges by merge.py's rule with what another
session saved; D deletes the day (asked first) and ctrl+z puts it back; m marks a past
check as entered by mistake in the history (asked first) and ctrl+z undoes it."""

from __future__ import annotations

import datetime as dt

from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.repository import open_store
from nervecheck.engine.store.schema import CheckRecord, Entry, PathStep
from nervecheck.tui.screens.history import HistoryScreen
from nervecheck.tui.screens.log import LogScreen
from nervecheck.tui.widgets.dialogs import ConfirmScreen
from tests.conftest import NOW, TODAY, app_for

SIZE = (80, 24)


def other_session(store, minutes: int = 1):
    """Another process on the same file, a little later."""
    return open_store(store.path, FixedClock(NOW + dt.timedelta(minutes=minutes)))


async def test_two_sessions_editing_different_fields_both_survive(store, clock) -> None:
    store.save_entry(Entry(date=TODAY, pain=2, note="morning"))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        other_session(store).modify_entry(TODAY, lambda old: old.model_copy(update={"note": "from the shell"}))
        await pilot.press("6", "ctrl+s")
        await pilot.pause()
    entry = store.entry(TODAY)
    assert (entry.pain, entry.note) == (6, "from the shell")


async def test_two_sessions_editing_the_same_field_the_newer_save_wins(store, clock) -> None:
    store.save_entry(Entry(date=TODAY, pain=2))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        # The other session's clock runs an hour ahead; the app's save is still the later one.
        other_session(store, 60).modify_entry(TODAY, lambda old: old.model_copy(update={"pain": 4}))
        await pilot.press("7", "ctrl+s")
        await pilot.pause()
    assert store.entry(TODAY).pain == 7
    # ...and a save after the app's wins over it in turn.
    later = other_session(store, 120)
    later.modify_entry(TODAY, lambda old: old.model_copy(update={"pain": 3}))
    assert store.entry(TODAY).pain == 3


async def test_delete_asks_then_ctrl_z_puts_the_day_back(store, clock) -> None:
    store.save_entry(Entry(date=TODAY, pain=5, note="heel"))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "D")
        assert isinstance(app.screen, ConfirmScreen) and "Delete the entry" in app.screen.question
        await pilot.press("n")
        assert store.entry(TODAY) is not None
        await pilot.press("D", "y")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen) and store.entry(TODAY) is None
        assert app.screen.draft.pain is None and TODAY.toordinal() in store.tombstone_docs()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.screen.draft.pain == 5
        await pilot.press("ctrl+z")  # once only
    entry = store.entry(TODAY)
    assert (entry.pain, entry.note) == (5, "heel") and store.tombstone_docs() == {}


async def test_delete_on_an_empty_day_asks_nothing(store, clock) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "D")
        assert isinstance(app.screen, LogScreen)


def _checks(store) -> None:
    store.add_check(CheckRecord(time=NOW - dt.timedelta(hours=3), path=(PathStep(id="symptom", answer="burning"),),
                                disposition="keep_running", contract=2))
    store.add_check(CheckRecord(time=NOW - dt.timedelta(hours=1), path=(PathStep(id="saddle", answer="yes"),),
                                disposition="emergency", flag="saddle_numbness", contract=2))


async def test_m_marks_the_highlighted_check_after_asking_and_ctrl_z_undoes(store, clock) -> None:
    _checks(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "m")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Emergency" in app.screen.question and "its advice stands" in app.screen.question
        await pilot.press("n")
        assert store.latest_check().disposition == "emergency"
        await pilot.press("m", "y")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen) and store.latest_check().disposition == "keep_running"
        assert app.screen.records[0].mistake
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert store.latest_check().disposition == "emergency"
        await pilot.press("m", "y", "m")  # m on a marked check unmarks it, without asking
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
    assert store.latest_check().disposition == "emergency"
