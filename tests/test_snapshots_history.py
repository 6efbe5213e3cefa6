"""Snapshots of the history chart (issue 17) on the fixture database
``tests/fixtures/history_chart.json`` (see ``tests/history_chart_db.py``): 400 days ending
Saturday 21 November 2026 with a three-week gap in September, single days not logged,
many pain-0 days, a few logged without a score, typed and imported runs and three shoes."""

from __future__ import annotations

import json
import shutil

import pytest

from nervecheck.engine.store.repository import open_store
from tests.conftest import app_for
from tests.history_chart_db import FIXTURE, build

SMALL, LARGE = (80, 24), (120, 40)


@pytest.fixture
def chart_store(tmp_path, clock):
    path = tmp_path / "history" / "nervecheck.json"
    path.parent.mkdir()
    shutil.copy(FIXTURE, path)
    return open_store(path, clock)


def test_the_fixture_is_what_its_builder_makes(tmp_path) -> None:
    """The committed file and tests/history_chart_db.py agree (rebuild with ``-m tests.history_chart_db``)."""
    build(tmp_path / "fresh.json")
    assert json.loads((tmp_path / "fresh.json").read_text()) == json.loads(FIXTURE.read_text())


def test_history_chart_30_days(snap_compare, chart_store, clock):
    """80x24, last 30 days: the pain rows with 10, 5 and 0 on the scale, pain-0 days as a
    green "0", days not logged as "·", one "?" (logged without a score); weekly km below on
    a 0-40 scale with a gap between weeks, the week in progress shaded "▒" and ending at
    today; Mondays 26 Oct to 16 Nov under the axis; the legend; the Shoe column with
    "Pegasus …" beside imported runs ("7.6 imp") and "Daily tr…" beside typed ones."""
    assert snap_compare(app_for(chart_store, clock), terminal_size=SMALL, press=["h"])


def test_history_chart_365_days(snap_compare, chart_store, clock):
    """80x24 after 3: a year, six days to a column; every month named under the axis
    (January as '26); the September gap as a run of "·" while the weekly km goes on with
    the two imported runs a week; the first and the last week shaded."""
    assert snap_compare(app_for(chart_store, clock), terminal_size=SMALL, press=["h", "3"])


def test_history_chart_90_days(snap_compare, chart_store, clock):
    """80x24 after 2: 90 days, two to a column, Mondays every two weeks under the axis."""
    assert snap_compare(app_for(chart_store, clock), terminal_size=SMALL, press=["h", "2"])


def test_history_chart_30_days_large(snap_compare, chart_store, clock):
    """120x40: five rows per series (pain 10, 5, 0; km 40, 20, 0), three columns a day,
    the shoe names in full, and about twenty rows of the table."""
    assert snap_compare(app_for(chart_store, clock), terminal_size=LARGE, press=["h"])


def test_history_chart_365_days_large(snap_compare, chart_store, clock):
    """120x40 after 3: four days to a column, every month named (January as 2026)."""
    assert snap_compare(app_for(chart_store, clock), terminal_size=LARGE, press=["h", "3"])


def test_history_chart_no_color(snap_compare, chart_store, clock, monkeypatch):
    """NO_COLOR, 80x24, 30 days: no colour at all, and still "0" for no pain, "·" for not
    logged, "?" for no score, solid weeks against the shaded week so far, as the legend says."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(app_for(chart_store, clock), terminal_size=SMALL, press=["h"])


def test_history_chart_16_colours(snap_compare, chart_store, clock):
    """The ansi-dark theme (the terminal's own 16 colours), 80x24, 30 days: the same marks."""
    app = app_for(chart_store, clock)
    app.theme = "ansi-dark"
    assert snap_compare(app, terminal_size=SMALL, press=["h"])


def test_history_typed_run_kept_beside_the_imported_one(snap_compare, chart_store, clock):
    """80x24, the cursor on Thu 19 Nov: "7.6 imp" in the table, and the line under it says
    "run 7.6 km imported, typed 7.3 km kept, shoe Pegasus 40"."""
    assert snap_compare(app_for(chart_store, clock), terminal_size=SMALL, press=["h", "down", "down"])
