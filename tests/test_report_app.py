"""Issue 17: the clinician report from the app: home's ``p`` and the palette write it
(md and html) beside the database and say where; a failure is said plainly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nervecheck.engine.store.schema import Entry
from tests.conftest import TODAY, app_for

NAMES = ("nervecheck-report-2026-11-21.md", "nervecheck-report-2026-11-21.html")


async def test_p_on_home_writes_both_reports_and_says_where(store, clock) -> None:
    store.merge_entries([Entry(date=TODAY, pain=3, note="knee [b]ok")])
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("p")
        await pilot.pause()
        written = [store.path.parent / name for name in NAMES]
        assert all(path.exists() for path in written)
        assert "knee [b]ok" in written[0].read_text()
        [notice] = list(app._notifications)
        assert notice.title == "Report written (28 days)" and notice.severity == "information"
        assert str(written[0]) in notice.message and str(written[1]) in notice.message
        assert type(app.screen).__name__ == "HomeScreen"


async def test_the_palette_writes_the_report_too(store, clock) -> None:
    from nervecheck.tui.commands import SectionCommands

    app = app_for(store, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"write the report")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert all((store.path.parent / name).exists() for name in NAMES)
        commands = {name: callback for name, _help, callback in SectionCommands(app.screen)._commands()}
        assert commands["Write the report for your clinician"] == app.action_write_report


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
async def test_a_folder_that_cannot_be_written_is_one_plain_message(store, clock) -> None:
    from textual.widgets._toast import Toast

    store.merge_entries([Entry(date=TODAY, pain=3)])
    folder: Path = store.path.parent
    app = app_for(store, clock)
    folder.chmod(0o500)
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await pilot.press("p")
            await pilot.pause()
            [notice] = list(app._notifications)
            assert notice.severity == "error" and notice.title == "Report not written"
            assert f"cannot write {folder / NAMES[0]}: Permission denied" in notice.message
            assert "Report not written" in app.screen.query(Toast).first().render().plain
    finally:
        folder.chmod(0o700)


async def test_a_full_disk_is_said_plainly(store, clock, monkeypatch) -> None:
    """Writing fails with ENOSPC (as root can meet it too): the message says so, nothing raised."""
    import errno

    from nervecheck.engine.log import report_files

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(report_files.os, "open", full)
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("p")
        await pilot.pause()
        [notice] = list(app._notifications)
        assert notice.severity == "error" and "No space left on device" in notice.message
        assert type(app.screen).__name__ == "HomeScreen"
