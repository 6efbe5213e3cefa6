"""Shared fixtures: every test writes under tmp_path, with a frozen clock and zone."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from engine.clock import FixedClock
from engine.store import Store, open_store

#: The frozen "now" of every test and snapshot: a Saturday morning.
NOW = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.timezone.utc)
TODAY = NOW.date()

os.environ["TZ"] = "UTC"
time.tzset()


@pytest.fixture(autouse=True)
def _isolated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real data directory."""
    monkeypatch.setenv("NERVECHECK_DB", str(tmp_path / "default" / "nervecheck.json"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "nervecheck.json"


@pytest.fixture
def store(db_path: Path, clock: FixedClock) -> Store:
    return open_store(db_path, clock)


@pytest.fixture
def demo_store(tmp_path: Path, clock: FixedClock) -> Store:
    """The demo database (120 days ending on TODAY, a dozen checks)."""
    from engine.demo import build, build_checks

    store = open_store(tmp_path / "demo" / "nervecheck.json", clock)
    entries = build(120, TODAY)
    store.merge_entries(entries)
    for record in build_checks(entries, 12, clock):
        store.add_check(record)
    return store


def app_for(store: Store | None, clock: FixedClock | None = None, **kwargs):
    """The app as snapshots see it: pinned theme, no animation, frozen clock."""
    from tui.app import build_app

    app = build_app(store, clock or FixedClock(NOW), **kwargs)
    app.theme = "textual-dark"
    app.animation_level = "none"
    return app
