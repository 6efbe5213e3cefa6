"""The Insights screen at 80x24: reached from home with ``i`` and from the palette."""

from __future__ import annotations

from tests.conftest import app_for


def test_insights_demo(snap_compare, demo_store, clock):
    """Insights on the demo database: the last six weeks, the 7-day against 4-week
    figure and its band, long runs, days since a rest day, then the insights, each with
    what it rests on, or what data it still needs."""
    assert snap_compare(app_for(demo_store, clock), terminal_size=(80, 24), press=["i"])


def test_insights_new_runner(snap_compare, store, clock):
    """Insights on a new database: nothing logged yet, every figure says what it needs."""
    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), press=["i"])


async def test_insights_open_from_home_and_the_palette(store, clock):
    from nervecheck.tui.commands import SectionCommands

    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        names = [name for name, _help, _cb in SectionCommands(app.screen)._commands()]
        assert "Open insights" in names
        await pilot.press("i")
        await pilot.pause()
        assert type(app.screen).__name__ == "InsightsScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_the_screen_counts_imported_runs_as_the_command_does(store, clock):
    """Issue 16: a day typed (5 km) and imported (10 km) counts the imported run; a day
    only imported counts too: this week reads 22.0 km in 2 runs, as `nervecheck insights`."""
    import datetime as dt

    from textual.widgets import Static

    from nervecheck.engine.store.activities import ACTIVITY_FIELDS
    from nervecheck.engine.store.schema import Entry, Run
    from tests.conftest import TODAY

    def run(n: int, km: float) -> dict:
        day = (TODAY - dt.timedelta(days=n)).isoformat()
        doc = dict.fromkeys(ACTIVITY_FIELDS)
        doc.update(start=f"{day}T07:00:00Z", day=day, sport="run", sport_raw="Run", distance_km=km,
                   moving_s=3600.0, shoe=None, source="strava", from_index=True)
        return doc

    store.merge_entries([Entry(date=TODAY - dt.timedelta(days=1), pain=1, run=Run(distance_km=5, duration_min=30))])
    store.change_runs(lambda _a, _s: ({1: run(1, 10.0), 2: run(3, 12.0)}, {}, None))
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        text = "\n".join(str(static.content) for static in app.screen.query(Static))
        assert "week of 2026-11-16    22.0 km  2h 00m  2 runs" in text
