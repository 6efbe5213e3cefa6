"""The fast CLI paths load neither Textual nor pydantic (issue 8: a command's whole
budget is 1.5x the time it takes just to import pydantic and TinyDB)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nervecheck.engine.vocab import FLAGS

CASE = {**dict.fromkeys(FLAGS, "no"), "symptom": "none", "pain_after_exercise": "none"}


def _modules_after(argv: list[str], db: Path) -> set[str]:
    code = (
        "import sys, json\n"
        "from nervecheck.cli import main\n"
        f"status = main({argv!r})\n"
        "print(json.dumps([status, sorted(sys.modules)]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"NERVECHECK_DB": str(db), "PATH": "/usr/bin:/bin"})
    status, modules = json.loads(done.stdout.strip().splitlines()[-1])
    assert status == 0, done.stderr
    return set(modules)


@pytest.mark.parametrize("argv", [
    ["log", "add", "--pain", "3", "--symptom", "burning", "--location", "heel", "--run-km", "5", "--note", "x"],
    ["log", "add", "--pain", "4"],  # updating the day just written
    ["log", "export", "--from", "2026-01-01"],
    ["log", "export", "--format", "csv"],
    ["log", "show"],
    ["check", "--answers", "CASE"],
])
def test_fast_commands_import_neither_textual_nor_pydantic(tmp_path: Path, argv: list[str]) -> None:
    db = tmp_path / "db.json"
    case = tmp_path / "case.json"
    case.write_text(json.dumps(CASE), encoding="utf-8")
    _modules_after(["log", "add", "--pain", "2"], db)  # an existing database with an entry
    modules = _modules_after([str(case) if arg == "CASE" else arg for arg in argv], db)
    heavy = sorted(m for m in modules if m.split(".")[0] in ("textual", "rich", "pydantic", "pydantic_core"))
    assert heavy == []


def test_check_loads_no_clock(tmp_path: Path) -> None:
    """``check`` reads neither today nor now, so it does not pay for the clock (or datetime)."""
    case = tmp_path / "case.json"
    case.write_text(json.dumps(CASE), encoding="utf-8")
    modules = _modules_after(["check", "--answers", str(case)], tmp_path / "db.json")
    assert "nervecheck.engine.clock" not in modules and "datetime" not in modules


def test_reading_imported_runs_loads_neither_the_watch_room_nor_pydantic(tmp_path: Path) -> None:
    """Issue 16: ``log show``, ``log export`` and ``shoes`` read the stored activities as
    documents; only ``runs import`` loads the watch room and its readers."""
    import datetime as dt

    from tests.fitwriter import fit_file

    db = tmp_path / "db.json"
    run = tmp_path / "run.fit"
    run.write_bytes(fit_file(start=dt.datetime(2026, 3, 4, 7, 15, tzinfo=dt.timezone.utc)))
    _modules_after(["log", "add", "--pain", "2", "--date", "2026-03-04"], db)
    imported = _modules_after(["runs", "import", str(run)], db)
    assert "nervecheck.engine.watch.fit" in imported
    for argv in (["log", "show"], ["log", "export", "--format", "csv"], ["shoes"]):
        modules = _modules_after(argv, db)
        heavy = sorted(m for m in modules if m.split(".")[0] in ("textual", "rich", "pydantic", "pydantic_core")
                       or m.startswith("nervecheck.engine.watch") or m in ("fitdecode", "defusedxml"))
        assert heavy == [], argv
