"""``nervecheck insights [--days N] [--format text|json]`` (CLI.md)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.repository import open_store
from nervecheck.engine.store.schema import Entry, Run, Settings
from tests.conftest import NOW, TODAY
from tests.test_cli import cli


def ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli" / "nervecheck.json"


def fill(db: Path, entries: list[Entry]) -> None:
    store = open_store(db, FixedClock(NOW))
    store.merge_entries(entries)
    store.close()


def test_a_missing_database_is_one_line_and_is_not_created(db: Path) -> None:
    status, out, err = cli("--db", str(db), "insights")
    assert (status, out) == (2, "") and err.count("\n") == 1 and "no database at" in err
    assert not db.exists() and not db.parent.exists()


@pytest.mark.parametrize("days", ["0", "-3", "x", "1.5", "99999999"])
def test_bad_days_is_one_line(db: Path, days: str) -> None:
    fill(db, [Entry(date=TODAY, pain=1)])
    status, out, err = cli("--db", str(db), "insights", "--days", days)
    assert (status, out) == (2, "") and err.count("\n") == 1 and err.startswith("nervecheck: --days")


def test_bad_format_is_one_line(db: Path) -> None:
    fill(db, [Entry(date=TODAY, pain=1)])
    status, _, err = cli("--db", str(db), "insights", "--format", "csv")
    assert status == 2 and err.count("\n") == 1


def test_a_new_runner_sees_what_is_missing(db: Path) -> None:
    fill(db, [Entry(date=ago(n), pain=2, run=Run(distance_km=5, duration_min=30)) for n in (0, 2, 4)])
    status, out, err = cli("--db", str(db), "insights")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Load, weeks Monday to Sunday, last 90 days to 2026-11-21:"
    assert "(started logging mid-week: not compared)" in lines[1]
    assert "Last 7 days against the 4 weeks before: not enough data yet: need 5 more weeks of logging" in lines
    assert "  Symptoms after a load jump: not enough data yet: need 11 more full weeks" in lines
    assert sum("not enough data yet" in line for line in lines) == 6


def test_text_and_json_agree_on_a_long_history(db: Path) -> None:
    entries = []
    for n in range(120):
        run = Run(distance_km=16 if n % 14 == 3 else 8, duration_min=50) if n % 2 else None
        entries.append(Entry(date=ago(n), pain=5 if n % 14 == 2 else 2, run=run,
                             symptoms=("burning",) if n % 7 == 0 else (),
                             pain_after_exercise=("over_2h" if n % 14 == 3 else "none") if run else None))
    fill(db, entries)
    status, text, _ = cli("--db", str(db), "insights")
    assert status == 0
    status, raw, _ = cli("--db", str(db), "insights", "--format", "json")
    assert status == 0
    found = json.loads(raw)
    assert set(found) == {"version", "today", "days", "load", "insights"} and found["version"] == 1
    assert set(found["load"]) == {"weeks", "ratio", "long_runs", "rest"}
    assert [item["id"] for item in found["insights"]] == ["after_jump", "long_runs", "shoes", "two_hour"]
    for item in found["insights"]:
        assert set(item) == {"id", "title", "enough", "stands_out", "sentence", "rests_on", "rule", "numbers"}
        assert item["sentence"] in text
    ratio = found["load"]["ratio"]
    assert ratio["enough"] and ratio["band"] in text and f"{ratio['value']:.2f}" in text
    assert found["insights"][1]["enough"] and found["insights"][1]["stands_out"]  # pain 5 after the long runs
    assert found["load"]["weeks"][-1]["partial"] == "in progress"
    status, short, _ = cli("--db", str(db), "insights", "--days", "7")
    assert status == 0 and "need" in short


def test_insights_never_import_textual(db: Path) -> None:
    fill(db, [Entry(date=TODAY, pain=1)])
    code = ("import sys\nfrom nervecheck.cli import main\n"
            f"status = main(['--db', {str(db)!r}, 'insights'])\n"
            "assert status == 0 and 'textual' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_text_is_in_the_runners_units_and_json_in_km(db: Path) -> None:
    fill(db, [Entry(date=ago(n), pain=1, run=Run(distance_km=16.09344, duration_min=90)) for n in (1, 3)])
    store = open_store(db, FixedClock(NOW))
    store.save_settings(Settings(units="mi"))
    store.close()
    status, text, _ = cli("--db", str(db), "insights")
    assert status == 0 and "20.0 mi" in text and " km" not in text
    status, raw, _ = cli("--db", str(db), "insights", "--format", "json")
    assert json.loads(raw)["load"]["weeks"][-1]["distance_km"] == 32.186  # two runs of 16.093 km (stored to the metre)


def test_imported_runs_join_the_typed_ones_by_the_apps_rule(db: Path) -> None:
    """Issue 16: a day typed and imported counts the imported run (the typed one is
    kept, not added); a day only imported counts too, with its shoe."""
    from nervecheck.engine.store.activities import ACTIVITY_FIELDS, new_shoe

    def run(day: dt.date, km: float, shoe: str) -> dict:
        doc = dict.fromkeys(ACTIVITY_FIELDS)
        doc.update(start=f"{day.isoformat()}T07:00:00Z", day=day.isoformat(), sport="run", sport_raw="Run",
                   distance_km=km, moving_s=3600.0, shoe=shoe, source="strava", from_index=True)
        return doc

    fill(db, [Entry(date=ago(1), pain=1, run=Run(distance_km=5, duration_min=30))])
    store = open_store(db, FixedClock(NOW))
    store.change_runs(lambda _a, _s: ({1: run(ago(1), 10.0, "Pegasus"), 2: run(ago(3), 12.0, "Pegasus")},
                                      {1: new_shoe("Pegasus", ago(30))}, None))
    store.close()
    status, raw, _ = cli("--db", str(db), "insights", "--format", "json")
    week = json.loads(raw)["load"]["weeks"][-1]
    assert status == 0 and (week["distance_km"], week["runs"], week["minutes"]) == (22.0, 2, 120.0)
    status, text, _ = cli("--db", str(db), "insights")
    assert "22.0 km  2h 00m  2 runs" in text
