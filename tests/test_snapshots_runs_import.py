"""The runs import screen at 80x24: its path prompt, and the result of an import with a
damaged file among good ones (a frozen clock, a fixture database, a folder made here)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import app_for
from tests.fitwriter import fit_file

START = dt.datetime(2026, 11, 18, 7, 15, tzinfo=dt.timezone.utc)


def test_runs_import_prompt(snap_compare, store, clock):
    """ctrl+o on the history: the prompt for a file, folder or export, before anything is read."""
    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), press=["h", "ctrl+o"])


def test_runs_import_result(snap_compare, store, clock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A folder with one good and one truncated FIT file: the progress bar full, the one
    line, and the damaged file named with why."""
    watch = tmp_path / "watch"
    watch.mkdir()
    (watch / "run.fit").write_bytes(fit_file(start=START))
    (watch / "bad.fit").write_bytes(fit_file(start=START)[:40])
    monkeypatch.chdir(tmp_path)  # the prompt shows "watch", the same on every machine

    async def open_and_import(pilot) -> None:
        await pilot.press("h", "ctrl+o", *"watch", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), run_before=open_and_import)
