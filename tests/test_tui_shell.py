"""The TUI shell: navigation from home, the command palette, help, NO_COLOR."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from engine.models import Entry
from tests.conftest import TODAY, app_for


async def test_header_title_and_home(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.title == "NerveCheck"
        assert type(app.screen).__name__ == "HomeScreen"
        today = app.screen.query_one("#today", Static)
        assert "not logged yet" in str(today.content)


async def test_home_sees_a_write_from_elsewhere(store, clock):
    """Another process logs today: home shows it the next time it is shown."""
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        from engine.store import open_store

        open_store(store.path, clock).save_entry(Entry(date=TODAY, pain=4))
        await pilot.press("question_mark")
        await pilot.press("escape")
        await pilot.pause()
        assert "pain 4" in str(app.screen.query_one("#today", Static).content)


async def test_help_opens_and_closes(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        assert type(app.screen).__name__ == "HomeScreen"


async def test_q_quits_from_home(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.parametrize("key, screen", [("c", "CheckScreen"), ("l", "LogScreen"),
                                         ("r", "RoutinesScreen"), ("h", "HistoryScreen")])
async def test_section_keys_open_their_screens(store, clock, key, screen):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert type(app.screen).__name__ == screen
        app.action_go_home()
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_palette_lists_every_section(store, clock):
    from tui.commands import SectionCommands
    from tui.sections import SECTIONS

    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)):
        names = [name for name, _help, _cb in SectionCommands(app.screen)._commands()]
        for section in SECTIONS:
            assert f"Open {section.title.lower()}" in names


async def test_no_color_is_respected(store, clock, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.no_color
