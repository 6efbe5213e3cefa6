"""The history screen: ranges, the chart, opening a day, past checks, runs with their
shoes, notes and shoe names as typed, speed."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import OptionList, Static

from nervecheck.engine.log.history import history
from nervecheck.engine.log.runs import activity_doc, merge_runs
from nervecheck.engine.store.activities import new_shoe
from nervecheck.engine.store.schema import Entry, Run, Settings
from tests.history_chart_db import activity
from nervecheck.tui.widgets.chart import HistoryChart
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
    from nervecheck.cli.demo import build_demo
    from nervecheck.engine.store.repository import open_store

    store = open_store(tmp_path / "ten-years.json", clock)
    store.merge_entries(build_demo(3650, clock)[0])
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


# -- the chart (issue 17) -----------------------------------------------------------------


def chart_lines(screen) -> list[str]:
    return str(screen.query_one("#chart", HistoryChart).render()).split("\n")


async def test_the_chart_follows_the_range(demo_store, clock) -> None:
    app = app_for(demo_store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        chart = app.screen.query_one("#chart", HistoryChart)
        assert len(chart.chart.days) == 30 and chart.chart.end == TODAY
        await pilot.press("3")
        assert len(chart.chart.days) == 365 and "Dec  '26   Feb Mar" in chart_lines(app.screen)[-2]  # every month, January as its year
        await pilot.press("2")
        assert len(chart.chart.days) == 90


async def test_a_pain_of_0_is_not_a_day_not_logged(store, clock) -> None:
    """Today pain 0, yesterday nothing, the day before logged without a score: three marks."""
    store.save_entry(Entry(date=TODAY, pain=0))
    store.save_entry(Entry(date=ago(2), symptoms=("tingling",)))
    store.save_entry(Entry(date=ago(3), pain=7))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        lines = chart_lines(app.screen)
        bottom = lines[2]  # the pain's 0 row (3 rows at 80x24)
        assert bottom.startswith("         0┤") and bottom.endswith("? · 0 ")  # two columns a day
        assert bottom.count("·") == 27  # the other 27 days: not logged
        assert "▁▁" in lines[0] and "██" in lines[1]  # 7 of 10: 17 eighths of 24, one into the top row
        legend = lines[-1]
        assert "0 no pain" in legend and "· not logged" in legend and "? no score" in legend


async def test_the_week_so_far_is_shaded_and_nothing_is_drawn_past_today(store, clock) -> None:
    store.save_entry(Entry(date=ago(7), pain=1, run=Run(distance_km=20.0)))  # last week, full
    store.save_entry(Entry(date=ago(14), pain=1, run=Run(distance_km=20.0)))
    store.save_entry(Entry(date=TODAY, pain=1, run=Run(distance_km=10.0)))  # this week, in progress
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        lines = chart_lines(app.screen)
        width = app.screen.query_one("#chart", HistoryChart).size.width
        assert all(len(line) <= width for line in lines)
        distance = lines[3:6]
        assert distance[0].startswith("km/wk   20┤") and distance[2].startswith("         0┤")
        # Monday to today, two columns a day, less the gap between weeks; before it the full
        # week, and before that the week logging started in mid-week, shaded too.
        assert distance[2].rstrip().endswith(" ▒▒▒▒▒▒▒▒▒▒▒▒▒ █████████████ " + "▒" * 11)
        assert distance[0].rstrip().endswith("█") and distance[1].rstrip().endswith("▒")  # 10 of 20 stays low
        assert "▒ part week" in lines[-1]


async def test_miles_on_the_scale_and_in_the_table(store, clock) -> None:
    store.save_settings(Settings(units="mi"))
    store.save_entry(Entry(date=TODAY, pain=1, run=Run(distance_km=16.09344)))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        assert chart_lines(app.screen)[3].startswith("mi/wk   10┤")
        table = app.screen.query_one("#entries", EntryTable)
        assert table.columns[4][0] == "mi" and str(table.row(0)[4]) == "10.0"


# -- imported runs and shoes (issue 16) ---------------------------------------------------


def with_runs(store, clock) -> None:
    """Yesterday typed 10 km and imported 10.3 km in "Peg [b]40[/b]"; three days ago only
    the imported run; five days ago a typed run in the default shoe; today a ride."""
    store.save_entry(Entry(date=ago(1), pain=2, run=Run(distance_km=10.0)))
    store.save_entry(Entry(date=ago(5), pain=0, run=Run(distance_km=6.0)))
    store.save_entry(Entry(date=TODAY, pain=0))
    acts = [activity(ago(1), 10.3, shoe="Peg [b]40[/b]"), activity(ago(3), 8.0, shoe="Peg [b]40[/b]"),
            activity(TODAY, 30.0, sport="ride", shoe=None)]
    merge_runs(store, [activity_doc(a, clock) for a in acts], [new_shoe("Daily", ago(30), default=True)])


async def test_imported_runs_count_and_show_with_their_shoe(store, clock) -> None:
    with_runs(store, clock)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        screen = app.screen
        table = screen.query_one("#entries", EntryTable)
        assert [name for name, _ in table.columns] == ["Date", "Pain", "Symptoms", "Where", "km", "After", "Shoe", "Note"]
        rows = {str(table.row(i)[0]): [str(c) for c in table.row(i)] for i in range(table.count)}
        assert rows[ago(1).isoformat()][4:7:2] == ["10.3 imp", "Peg [b]40[/b]"]  # shown as named
        assert rows[ago(3).isoformat()][2] == "not logged" and rows[ago(3).isoformat()][4] == "8.0 imp"
        assert rows[ago(5).isoformat()][4:7:2] == ["6.0", "Daily"]  # typed: the default shoe
        assert rows[TODAY.isoformat()][4] == "" and rows[TODAY.isoformat()][6] == ""  # a ride is no run
        assert table.count == 4  # three entries and the day with only an imported run
        await pilot.press("down")
        detail = str(screen.query_one("#entry-detail", Static).content)
        assert "run 10.3 km imported, typed 10.0 km kept, shoe Peg [b]40[/b]" in detail
        days = {d.day: d.km for d in screen.query_one("#chart", HistoryChart).chart.days}
        assert (days[ago(1)], days[ago(3)], days[ago(5)], days[TODAY]) == (10.3, 8.0, 6.0, 0.0)
        await pilot.press("down", "enter")  # the import-only day opens in the log like any other
        await pilot.pause()
        assert isinstance(app.screen, LogScreen) and app.screen.draft.day == ago(3)


async def test_a_log_without_imports_or_shoes_keeps_the_narrow_table(demo_store, clock) -> None:
    app = app_for(demo_store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        table = app.screen.query_one("#entries", EntryTable)
        assert "Shoe" not in [name for name, _ in table.columns]
