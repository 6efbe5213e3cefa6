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
