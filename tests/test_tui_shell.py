"""The TUI shell: navigation from home, the command palette, help, NO_COLOR."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from nervecheck.engine.store.schema import Entry
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
        from nervecheck.engine.store.repository import open_store

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


@pytest.mark.parametrize("where", ["help", "README"])
def test_the_check_is_described_as_it_works_not_as_infallible(where):
    """No promise that nothing is missed; what the check does, and that it is not a doctor."""
    from pathlib import Path

    from nervecheck.tui.screens.help import ABOUT

    text = ABOUT if where == "help" else (Path(__file__).parents[1] / "README.md").read_text("utf-8")
    text = " ".join(text.split()).lower()
    assert "never miss" not in text
    for promise in ("warning signs first", "most urgent first", "stops", '"not sure" counts as yes',
                    "when to act sooner", "not a doctor", "cannot rule anything out"):
        assert promise in text, promise


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
    from nervecheck.tui.commands import SectionCommands
    from nervecheck.tui.sections import SECTIONS

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


# -- the palette and sections on a damaged file -------------------------------------------


def _damaged_app(tmp_path, clock):
    from nervecheck.engine.store.storage import DamagedStoreError

    path = tmp_path / "damaged.json"
    return app_for(None, clock, db_path=path, damage=DamagedStoreError(path, "the file is empty"))


async def test_palette_offers_no_sections_on_a_damaged_file(tmp_path, clock):
    from nervecheck.tui.commands import SectionCommands

    app = _damaged_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        names = [name for name, _help, _cb in SectionCommands(app.screen)._commands()]
        assert names == ["Show keys and help"]
        await pilot.press("ctrl+p", *"open daily log", "enter")  # no such command here now
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "DamagedScreen"
        app.open_section("check")  # any other way in is refused too
        app.action_go_home()
        await pilot.pause()
        assert app.is_running and type(app.screen).__name__ == "DamagedScreen"


async def test_damage_found_late_closes_the_sections_too(store, clock):
    """Home is under the damaged screen: the palette still offers no section."""
    from nervecheck.engine.store.storage import DamagedStoreError
    from nervecheck.tui.commands import SectionCommands

    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.show_damage(DamagedStoreError(store.path, "the file is empty"))
        await pilot.pause()
        assert [n for n, _h, _c in SectionCommands(app.screen)._commands()] == ["Show keys and help"]
        app.open_section("log")
        await pilot.pause()
        assert type(app.screen).__name__ == "DamagedScreen"
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


# -- opening a section that is already open -------------------------------------------------


def _stack(app) -> list[str]:
    return [type(screen).__name__ for screen in app.screen_stack]


async def test_check_routines_check_does_not_grow_the_stack(store, clock):
    from tests.check_flows import BY_DISPOSITION, answer_all

    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        for _round in range(3):
            await pilot.press("c")
            await pilot.pause()
            await answer_all(pilot, BY_DISPOSITION["keep_running"])
            await pilot.press("r")
            await pilot.pause()
            assert _stack(app) == ["HomeScreen", "CheckScreen", "RoutinesScreen"]
        await pilot.press("c")  # the routines' own key: a fresh check, not a third copy
        await pilot.pause()
        assert _stack(app) == ["HomeScreen", "CheckScreen"] and app.screen.phase == "flags"


async def test_palette_reopens_history_where_it_was(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h", "2")
        history = app.screen
        app.open_section("log")
        await pilot.pause()
        app.open_section("history")
        await pilot.pause()
        assert app.screen is history and history.days == 90
        assert _stack(app) == ["HomeScreen", "HistoryScreen"]
