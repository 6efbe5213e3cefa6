"""Issue 17: home's "Insight" row: worked out after the first frame only, from the
engine's line, again only when the file or the day changed, and never at the cost of
pushing the menu under the not-a-doctor line."""

from __future__ import annotations

from textual.widgets import Static

from nervecheck.engine.store.schema import Entry
from tests.conftest import TODAY, app_for

LINE = "more pain the day after long runs (4.2 vs 2.1 of 10), press i"


async def test_the_row_waits_for_the_first_frame_and_is_not_worked_out_again(store, clock, monkeypatch) -> None:
    calls: list[object] = []

    def line(store, today):
        calls.append(today)
        return LINE

    monkeypatch.setattr("nervecheck.tui.screens.home.insight_line", line)
    store.merge_entries([Entry(date=TODAY, pain=1)])
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        today = app.screen.query_one("#today", Static)
        assert calls == [] and "Insight" not in today.content.plain  # the first frame: not yet
        await pilot.pause(0.4)
        assert calls == [TODAY] and f"Insight     {LINE}" in today.content.plain
        app.screen.refresh_summary()  # a poll with nothing changed
        assert calls == [TODAY]
        store.merge_entries([Entry(date=TODAY, pain=2)])  # the file changed: worked out again
        app.screen.refresh_summary()
        assert calls == [TODAY, TODAY]


async def test_no_row_when_it_would_push_the_menu_down(store, clock, monkeypatch) -> None:
    from nervecheck.engine.log import summary

    monkeypatch.setattr("nervecheck.tui.screens.home.insight_line", lambda store, today: LINE)
    real = summary.home_summary
    crowded = tuple(f"notice {n}" for n in range(5))  # 11 lines with them: the row would be the 12th
    monkeypatch.setattr("nervecheck.tui.screens.home.home_summary",
                        lambda store, today, **kw: real(store, today, **kw)._replace(notices=crowded))
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.4)
        text = app.screen.query_one("#today", Static).content.plain
        assert "notice 4" in text and "Insight" not in text
    async with app_for(store, clock).run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.4)
        assert "Insight" in pilot.app.screen.query_one("#today", Static).content.plain  # room at 120x40
