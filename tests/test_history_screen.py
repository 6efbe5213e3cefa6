"""The history screen: ranges, opening a day, past checks, notes as typed, speed."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import OptionList, Static

from nervecheck.engine.log.history import history
from nervecheck.engine.store.schema import Entry
from tests.conftest import TODAY, app_for
from nervecheck.tui.screens.history import HistoryScreen
from nervecheck.tui.screens.log import LogScreen
from nervecheck.tui.widgets.entry_table import EntryTable
from nervecheck.tui.widgets.sparkline import buckets, spark_text

SIZE = (80, 24)


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


async def test_keys_switch_the_range(demo_store, clock) -> None:
    app = app_for(demo_store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen) and screen.days == 30
        assert screen.query_one("#entries", EntryTable).count == 30
        await pilot.press("3")
        assert screen.days == 365 and screen.query_one("#entries", EntryTable).count == 120
        assert "Last 365 days" in str(screen.query_one("#range-line", Static).content)
        await pilot.press("2")
        assert screen.days == 90 and screen.query_one("#entries", EntryTable).count == 90


async def test_enter_opens_that_day_in_the_log(demo_store, clock) -> None:
    app = app_for(demo_store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen) and app.screen.draft.day == ago(2)
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.query_one("#entries", EntryTable).cursor == 2


async def test_an_edited_day_shows_when_coming_back(store, clock) -> None:
    store.save_entry(Entry(date=ago(1), pain=3))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "enter", "8", "ctrl+s", "escape")
        await pilot.pause()
        assert "8" in str(app.screen.query_one("#entries", EntryTable).row(0)[1])


async def test_a_past_check_reopens_for_review(demo_store, clock, monkeypatch) -> None:
    app = app_for(demo_store, clock)
    opened = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        monkeypatch.setattr(app, "open_section", lambda name, **kw: opened.append((name, kw)))
        checks = app.screen.query_one("#checks", OptionList)
        assert checks.option_count == len(app.screen.records) > 0
        checks.focus()
        await pilot.press("enter")
    assert opened == [("check", {"review": demo_store.checks()[-1]})]


@pytest.mark.parametrize("keys", [(), ("2",), ("2", "1")])
async def test_tab_enter_reopens_the_newest_check(demo_store, clock, keys) -> None:
    """h, tab, enter: the checks list has its newest check ready, after a range change too."""
    app = app_for(demo_store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", *keys, "tab")
        assert app.focused is app.screen.query_one("#checks", OptionList)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "CheckScreen"
        assert app.screen.review == demo_store.checks()[-1] and app.screen.phase == "result"


async def test_notes_show_exactly_as_typed(store, clock) -> None:
    note = "[@click=app.quit]x[/] ouch [/b] knee"
    store.save_entry(Entry(date=TODAY, pain=1, note=note + "\x1b[2J"))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert app.is_running
        assert f"{note}\u241b[2J" in str(app.screen.query_one("#entry-detail", Static).content)
        assert str(app.screen.query_one("#entries", EntryTable).row(0)[-1]) == f"{note}\u241b[2J"


async def test_an_empty_log_says_so(store, clock) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "3", "enter")
        assert isinstance(app.screen, HistoryScreen)
        assert "No entries" in str(app.screen.query_one("#entry-detail", Static).content)


async def test_ten_years_switch_ranges(tmp_path, clock) -> None:
    """Ten years of entries, a year shown; the speed is `make bench` figure e, not timed here."""
    from nervecheck.cli.demo import build
    from nervecheck.engine.store.repository import open_store

    store = open_store(tmp_path / "ten-years.json", clock)
    store.merge_entries(build(3650, TODAY))
    store.entries()  # first read validates the file once
    found = history(store, TODAY, 365)
    assert found.logged_days == 365
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        screen = app.screen
        screen.show_range(365)  # the work a key press does, before Textual paints
        await pilot.press("end")
        assert screen.query_one("#entries", EntryTable).cursor == 364


def test_sparkline_text() -> None:
    assert spark_text([0, 5, 10], 3, top=10) == " ▄█"
    assert spark_text([1, 100], 2) == "▁█"  # anything above zero shows
    assert spark_text([0, 5, 10], 7, top=10) == "  ▄▄██"  # few values are stretched
    assert buckets(list(range(10)), 5) == [1, 3, 5, 7, 9]
    assert len(spark_text(list(range(365)), 50)) == 50
    assert spark_text([], 10) == ""
