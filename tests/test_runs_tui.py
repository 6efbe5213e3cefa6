"""Issue 16: importing runs from the app: the palette, ``ctrl+o`` on the history, the prompt."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input, ProgressBar, Static

from nervecheck.tui.screens.history import HistoryScreen
from nervecheck.tui.screens.runs_import import RunsImportScreen
from tests.conftest import app_for
from tests.fitwriter import fit_file

START = dt.datetime(2026, 11, 18, 7, 15, tzinfo=dt.timezone.utc)
SIZE = (100, 30)


async def _import(pilot, path: Path) -> RunsImportScreen:
    screen = pilot.app.screen
    assert isinstance(screen, RunsImportScreen)
    screen.query_one("#runs-path", Input).value = str(path)
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_ctrl_o_on_the_history_imports_a_file_and_shows_the_line(store, clock, tmp_path: Path) -> None:
    watch = tmp_path / "watch"
    watch.mkdir()
    (watch / "run.fit").write_bytes(fit_file(start=START))
    (watch / "bad.fit").write_bytes(fit_file(start=START)[:40])
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("ctrl+o")
        screen = await _import(pilot, watch)
        text = str(screen.query_one("#runs-result", Static).content)
        assert text.splitlines()[0] == "activities added 1, duplicates skipped 0, files not readable 1, other sports 0"
        assert "bad.fit: damaged FIT file" in text
        bar = screen.query_one("#runs-progress", ProgressBar)
        assert bar.progress == bar.total == 2
        await pilot.press("enter")  # the same again: nothing new
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.result_line.startswith("activities added 0, duplicates skipped 1")
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)
    assert len(store.activity_docs()) == 1


async def test_the_palette_offers_the_import(store, clock) -> None:
    from nervecheck.tui.commands import SectionCommands

    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        names = [name for name, _help, _call in SectionCommands(app.screen)._commands()]
        assert "Import runs from your watch" in names
        app.action_import_runs()
        await pilot.pause()
        assert isinstance(app.screen, RunsImportScreen)


async def test_a_missing_file_is_named_once_not_on_every_reimport_as_by_the_command(store, clock,
                                                                                  tmp_path: Path) -> None:
    """Issue 16: a Strava export whose activities.csv names a file not in it: the first
    import names it (the row's own figures are used); once that activity is stored,
    importing the same export again reports no file not readable, as the command does."""
    from tests.test_runs_cli import _export_missing_a_file

    export = _export_missing_a_file(tmp_path / "export.zip")
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.action_import_runs()
        await pilot.pause()
        screen = await _import(pilot, export)
        first = str(screen.query_one("#runs-result", Static).content).splitlines()
        assert first[0] == "activities added 1, duplicates skipped 0, files not readable 1, other sports 0"
        assert "row 1: its file activities/12345.gpx is not in the export" in first[1]
        await pilot.press("enter")  # the same export again
        await app.workers.wait_for_complete()
        await pilot.pause()
        again = str(screen.query_one("#runs-result", Static).content).splitlines()
        assert again[0] == "activities added 0, duplicates skipped 1, files not readable 0, other sports 0"
        assert not any("12345.gpx" in line for line in again)
    assert len(store.activity_docs()) == 1
