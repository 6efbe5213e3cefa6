"""Issue 18, remembered things: the theme chosen in the palette, the player's loud bell,
and screenshots saved beside the database with the path shown."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from nervecheck.engine.store import open_store
from nervecheck.tui.preferences import SCREENSHOT_FOLDER
from tests.conftest import app_for

SIZE = (80, 24)


def _messages(app) -> list[str]:
    return [f"{note.title}: {note.message}" for note in app._notifications]


def _reopened(store, clock):
    """The app started again on the same file, as a new process would."""
    return app_for(open_store(store.path, clock, check_later=True), clock)


# -- the theme -----------------------------------------------------------------------

async def test_the_theme_chosen_in_the_palette_comes_back_at_the_next_start(store, clock) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.action_change_theme()  # the palette's Theme command
        await pilot.pause()
        await pilot.press(*"nord", "enter")
        await pilot.pause()
        assert app.theme == "nord"
    assert store.settings().theme == "nord"
    from nervecheck.tui.app import build_app

    # Started again on the same file (app_for would pin the snapshots' theme over it).
    assert build_app(open_store(store.path, clock, check_later=True), clock).theme == "nord"


def test_the_saved_theme_is_read_without_loading_pydantic(tmp_path: Path) -> None:
    """Start-up reads the theme by the light path: pydantic stays unloaded until the
    first frame is drawn (the start-up budget of bench)."""
    import subprocess

    db = tmp_path / "db.json"
    store = open_store(db)
    store.change_settings(theme="nord", loud_bell=True)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from nervecheck.engine.store import open_store\n"
        "from nervecheck.tui.app import build_app\n"
        f"app = build_app(open_store(Path({str(db)!r}), check_later=True))\n"
        "print(app.theme, app.loud_bell, 'pydantic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["nord", "True", "False"]


def test_a_theme_no_longer_offered_falls_back_to_textuals(store, clock) -> None:
    store.change_settings(theme="gone-theme")
    from nervecheck.tui.app import build_app

    assert build_app(store, clock).theme == "textual-dark"


async def test_the_units_key_keeps_the_saved_theme(store, clock) -> None:
    store.change_settings(theme="nord")
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "u")
        await pilot.pause()
    assert (store.settings().units, store.settings().theme) == ("mi", "nord")


# -- the loud bell -------------------------------------------------------------------

async def test_the_loud_bell_survives_a_restart(store, clock, monkeypatch) -> None:
    app = app_for(store, clock)
    monkeypatch.setattr(app, "bell", lambda: None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "2", "b")
        await pilot.pause()
        assert app.loud_bell
        assert "Loud bell on" in " ".join(_messages(app)) and "session only" not in " ".join(_messages(app))
    assert store.settings().loud_bell is True
    again = _reopened(store, clock)
    assert again.loud_bell
    monkeypatch.setattr(again, "bell", lambda: None)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("r", "2")
        await pilot.pause()
        assert "b: loud bell on" in str(again.screen.query_one("#exercise-stop").content)
        await pilot.press("b")
        await pilot.pause()
    assert store.settings().loud_bell is False


# -- screenshots ---------------------------------------------------------------------

async def test_a_screenshot_goes_beside_the_database_and_says_where(store, clock, db_path: Path) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        commands["Screenshot"].callback()  # as the palette runs it (after a short timer)
        folder = db_path.parent / SCREENSHOT_FOLDER
        for _ in range(50):  # the timer, then the writing: late on a loaded machine
            await pilot.pause(0.1)
            saved = list(folder.glob("*.svg"))
            if saved and f"Screenshot saved: {saved[0].resolve()}" in _messages(app):
                break
        assert len(saved) == 1 and "<svg" in saved[0].read_text("utf-8")
        assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0  # owner-only
        assert f"Screenshot saved: {saved[0].resolve()}" in _messages(app)


async def test_a_screenshot_goes_to_the_folder_the_runner_set(store, clock, tmp_path: Path) -> None:
    store.change_settings(screenshots=str(tmp_path / "pictures"))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.action_screenshot()
        await pilot.pause()
    assert len(list((tmp_path / "pictures").glob("*.svg"))) == 1


async def test_a_folder_that_cannot_be_written_is_said_plainly(store, clock, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    store.change_settings(screenshots=str(blocker / "shots"))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.action_screenshot()
        await pilot.pause()
        messages = _messages(app)
    assert any(message.startswith(f"Screenshot not saved: Cannot write to {blocker / 'shots'}")
               for message in messages), messages


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes to read-only folders")
async def test_a_read_only_folder_beside_the_database_is_said_plainly(store, clock, db_path: Path) -> None:
    folder = db_path.parent / SCREENSHOT_FOLDER
    folder.mkdir()
    folder.chmod(0o500)
    try:
        app = app_for(store, clock)
        async with app.run_test(size=SIZE) as pilot:
            app.action_screenshot()
            await pilot.pause()
            messages = _messages(app)
    finally:
        folder.chmod(0o700)
    assert f"Screenshot not saved: Cannot write to {folder}: permission denied. " \
           "Choose another with the palette's Screenshot folder." in messages


async def test_the_screenshot_folder_is_chosen_from_the_palette(store, clock, tmp_path: Path) -> None:
    from textual.widgets import Input, Static

    from nervecheck.tui.widgets.folder_prompt import FolderPrompt

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        commands["Screenshot folder"].callback()
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, FolderPrompt)
        field = prompt.query_one("#folder", Input)
        for typed, why in (("pictures", "write the whole path"), (str(blocker / "x"), "cannot make it")):
            field.value = typed
            await pilot.press("enter")
            assert why in str(prompt.query_one("#folder-error", Static).content)
            assert app.screen is prompt  # refused beside the field, nothing saved
        field.value = str(tmp_path / "shots")
        await pilot.press("enter")
        await pilot.pause()
        assert store.settings().screenshots == str(tmp_path / "shots")
        assert (tmp_path / "shots").is_dir()
        app.action_screenshot()
        await pilot.pause()
        assert len(list((tmp_path / "shots").glob("*.svg"))) == 1
        commands["Screenshot folder"].callback()
        await pilot.pause()
        app.screen.query_one("#folder", Input).value = ""  # blank: back to beside the database
        await pilot.press("enter")
        await pilot.pause()
    assert store.settings().screenshots is None
