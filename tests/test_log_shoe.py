"""Issue 16: the log shows a typed run's shoe, the default shoe covering the day, by the
same rule as the history (``runs.default_shoe_on``)."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, Static

from nervecheck.engine.log.history import history
from nervecheck.engine.log.runs import merge_runs
from nervecheck.engine.store.activities import new_shoe
from nervecheck.engine.store.schema import Entry, Run
from tests.conftest import TODAY, app_for
from tests.log_activities import activity, put_activities

SIZE = (80, 24)
NAME = "[b]Pegasus[/b] 40"  # brackets that markup would eat


def _default_shoe(store, name: str = NAME, added: dt.date = TODAY - dt.timedelta(days=30),
                  retired: dt.date | None = None) -> None:
    shoe = new_shoe(name, added, default=True)
    merge_runs(store, [], [{**shoe, "retired": retired and retired.isoformat()}])


def _shoe(app) -> tuple[bool, str]:
    widget = app.screen.query_one("#run-shoe", Static)
    return widget.display, str(widget.content)


async def test_a_typed_run_shows_the_default_shoe_exactly_as_the_history_does(store, clock) -> None:
    _default_shoe(store)
    store.save_entry(Entry(date=TODAY, pain=1, run=Run(distance_km=5.0, duration_min=30)))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert _shoe(app) == (True, f"shoe {NAME} (default)")
        assert history(store, TODAY, 30).shoes[TODAY] == NAME  # the history's shoe for the same run
        app.screen.query_one("#distance", Input).value = ""  # no run typed: no shoe
        await pilot.pause()
        assert _shoe(app)[0] is False
        app.screen.query_one("#distance", Input).value = "7"  # typing a run: its shoe
        await pilot.pause()
        assert _shoe(app) == (True, f"shoe {NAME} (default)")


async def test_no_shoe_beside_a_typed_run_the_default_shoe_does_not_cover(store, clock) -> None:
    """Retired before the day, or added after it: the typed run has no shoe, as in the history."""
    _default_shoe(store, added=TODAY - dt.timedelta(days=30), retired=TODAY - dt.timedelta(days=2))
    store.save_entry(Entry(date=TODAY, pain=1, run=Run(distance_km=5.0, duration_min=30)))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert _shoe(app)[0] is False
    assert TODAY not in history(store, TODAY, 30).shoes


async def test_an_imported_run_names_its_own_shoe_not_the_default(store, clock) -> None:
    """The imported run counts, so the typed run beside it gets no default shoe."""
    _default_shoe(store)
    store.save_entry(Entry(date=TODAY, pain=1, run=Run(distance_km=5.0, duration_min=30)))
    start = dt.datetime.combine(TODAY, dt.time(7, 15), tzinfo=dt.timezone.utc)
    put_activities(store, activity(start, 10.02, 50, shoe="Trail 3"))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert _shoe(app)[0] is False
        assert "shoe Trail 3" in str(app.screen.query_one("#run-imported", Static).content)
    assert history(store, TODAY, 30).shoes[TODAY] == "Trail 3"
