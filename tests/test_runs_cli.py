"""Issue 16: ``nervecheck runs import PATH...`` and ``nervecheck shoes``, from the shell."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from nervecheck.cli import main
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.log import runs as runs_module
from tests.conftest import NOW
from tests.fitwriter import fit_file
from tests.test_watch_exports import ENGLISH, _csv, _row, _zip

UTC = dt.timezone.utc
START = dt.datetime(2026, 11, 18, 7, 15, tzinfo=UTC)
LINE = "activities added {}, duplicates skipped {}, files not readable {}, other sports {}\n"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def cli(*argv: str, err: io.StringIO | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), err if err is not None else io.StringIO()
    status = main(list(argv), out, err, clock=FixedClock(NOW))
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli" / "nervecheck.json"


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A watch's FIT run, a second day's FIT run, a damaged FIT, and a Strava export
    holding the first run again as a row (with the shoe) and a walk."""
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "run.fit").write_bytes(fit_file(start=START, distance_m=10_000.0))
    (folder / "second.fit").write_bytes(fit_file(start=START + dt.timedelta(days=1), distance_m=6_000.0))
    (folder / "broken.fit").write_bytes(fit_file(start=START)[:40])
    rows = [_row("12345", "Nov 18, 2026, 7:15:40 AM", "Run", "6.23", "Pegasus 40", "", "10050.0", "3005", "42", "151"),
            _row("12346", "Nov 19, 2026, 6:00:00 PM", "Walk", "1.86", "", "", "3000.0", "1800", "5", "")]
    (folder / "export.zip").write_bytes(_zip({"activities.csv": _csv(ENGLISH, rows)}))
    return folder


def test_import_says_what_it_did_in_one_line_and_reimporting_adds_nothing(db: Path, files: Path) -> None:
    status, out, err = cli("--db", str(db), "runs", "import", str(files / "run.fit"), str(files / "second.fit"))
    assert (status, out, err) == (0, LINE.format(2, 0, 0, 0), "")
    before = db.read_bytes()
    assert cli("--db", str(db), "runs", "import", str(files / "run.fit"), str(files / "second.fit"))[:2] == (
        0, LINE.format(0, 2, 0, 0))
    assert db.read_bytes() == before


def test_the_watch_file_and_the_strava_row_are_one_run(db: Path, files: Path) -> None:
    cli("--db", str(db), "runs", "import", str(files / "run.fit"))
    status, out, err = cli("--db", str(db), "runs", "import", str(files / "export.zip"))
    assert (status, out) == (0, LINE.format(1, 1, 0, 1))  # the walk is new, the run is the FIT's
    assert "new shoe Pegasus 40" in err
    status, out, _ = cli("--db", str(db), "shoes")
    assert out == "Pegasus 40  10.0 km  alert at 600 km\n"


def test_a_damaged_file_among_good_ones_is_named_and_the_rest_imported(db: Path, files: Path) -> None:
    status, out, err = cli("--db", str(db), "runs", "import", str(files / "run.fit"), str(files / "broken.fit"),
                           str(files / "missing.gpx"))
    assert status == 2 and out == LINE.format(1, 0, 2, 0)
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("nervecheck: broken.fit: damaged FIT file")
    assert "missing.gpx: no such file or folder" in lines[1]


def _export_missing_a_file(path: Path, *extra: list[str]) -> Path:
    """A Strava export whose activities.csv names activities/12345.gpx, which is not in it."""
    rows = [_row("12345", "Nov 18, 2026, 7:15:40 AM", "Run", "6.23", "Pegasus 40", "activities/12345.gpx",
                 "10050.0", "3005", "42", "151"), *extra]
    path.write_bytes(_zip({"activities.csv": _csv(ENGLISH, rows)}))
    return path


def test_a_missing_file_is_named_once_not_on_every_reimport(db: Path, tmp_path: Path) -> None:
    """Issue 16: the row of a missing file is read from its own figures and named, exit
    2; once that activity is stored, importing the same export again is exit 0. A new
    row whose file is missing is named again (and only it)."""
    export = _export_missing_a_file(tmp_path / "export.zip")
    status, out, err = cli("--db", str(db), "runs", "import", str(export))
    assert (status, out) == (2, LINE.format(1, 0, 1, 0))
    assert err == ("nervecheck: activities.csv: row 1: its file activities/12345.gpx is not in the export; "
                   "the row's own figures are used\nnervecheck: new shoe Pegasus 40 (from the activities; "
                   "`nervecheck shoes` lists it)\n")
    assert cli("--db", str(db), "runs", "import", str(export)) == (0, LINE.format(0, 1, 0, 0), "")
    later = _export_missing_a_file(tmp_path / "later.zip", _row(
        "12350", "Nov 20, 2026, 7:00:00 AM", "Run", "3.1", "", "activities/12350.gpx", "5000.0", "1500", "10", ""))
    status, out, err = cli("--db", str(db), "runs", "import", str(later))
    assert (status, out) == (2, LINE.format(1, 1, 1, 0))
    assert err.count("\n") == 1 and "row 2: its file activities/12350.gpx is not in the export" in err


def test_progress_only_on_a_terminal(db: Path, files: Path) -> None:
    assert cli("--db", str(db), "runs", "import", str(files))[2].count("reading") == 0
    shown = cli("--db", str(db), "runs", "import", str(files), err=Terminal())[2]
    assert "\rreading " in shown and "files" in shown


def test_an_interrupt_before_the_write_leaves_the_database_as_it_was(db: Path, files: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    cli("--db", str(db), "log", "add", "--pain", "3", "--note", "heel")
    before = db.read_bytes()

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(runs_module, "plan_import", interrupted)
    assert cli("--db", str(db), "runs", "import", str(files / "run.fit"))[0] == 130
    assert db.read_bytes() == before


def test_pain_notes_and_the_typed_run_are_untouched_and_show_says_what_counts(db: Path, files: Path) -> None:
    cli("--db", str(db), "log", "add", "--date", "2026-11-18", "--pain", "4", "--symptom", "burning",
        "--run-km", "9.5", "--note", "new shoes")
    entry = json.loads(cli("--db", str(db), "log", "export")[1])
    cli("--db", str(db), "runs", "import", str(files / "run.fit"), str(files / "export.zip"))
    exported = json.loads(cli("--db", str(db), "log", "export")[1])
    assert {key: value for key, value in exported[0].items() if key != "activities"} == entry[0]
    status, out, _ = cli("--db", str(db), "log", "show")
    assert out.splitlines() == [
        "2026-11-18  pain 4, burning, run 10 km in 50 min (imported runs count; typed 9.5 km kept)",
        "            imported: 07:15 run 10 km 50 min, shoe Pegasus 40",
        "            note: new shoes",
        "2026-11-19  no entry",
        "            imported: 18:00 walk 3 km 30 min",
    ]


@pytest.mark.parametrize("form", ["json", "csv"])
def test_export_then_import_keeps_the_activities(db: Path, files: Path, tmp_path: Path, form: str) -> None:
    cli("--db", str(db), "log", "add", "--date", "2026-11-18", "--pain", "2")
    cli("--db", str(db), "log", "add", "--date", "2026-11-20", "--pain", "1")
    cli("--db", str(db), "runs", "import", str(files))
    exported = tmp_path / f"export.{form}"
    exported.write_text(cli("--db", str(db), "log", "export", "--format", form)[1])
    other = tmp_path / "other.json"
    status, out, err = cli("--db", str(other), "log", "import", str(exported))
    assert (status, err) == (0, "")
    assert out.endswith(", rejected 0, activities added 3, activities already stored 0\n")
    assert cli("--db", str(other), "log", "import", str(exported))[1].endswith(
        ", activities added 0, activities already stored 3\n")
    assert cli("--db", str(other), "log", "export")[1] == cli("--db", str(db), "log", "export")[1]


def _shoe_settings(db: Path, files: Path) -> None:
    """Pegasus 40 from the Strava export, retired with an alert of 800 km; Kinvara typed, the default."""
    cli("--db", str(db), "runs", "import", str(files))
    cli("--db", str(db), "shoes", "add", "Pegasus 40", "--alert-km", "800")
    cli("--db", str(db), "shoes", "retire", "Pegasus 40", "--date", "2026-11-20")
    cli("--db", str(db), "shoes", "add", "Kinvara", "--default", "--alert-km", "450")


def test_a_json_round_trip_keeps_the_shoes_settings(db: Path, files: Path, tmp_path: Path) -> None:
    """The default shoe, each alert distance and retire day travel in the JSON export
    (its last element, ``{"shoes": [...]}``) and come back exactly on import."""
    _shoe_settings(db, files)
    exported = tmp_path / "export.json"
    exported.write_text(cli("--db", str(db), "log", "export")[1])
    assert json.loads(exported.read_text())[-1] == {"shoes": [
        {"name": "Pegasus 40", "retired": "2026-11-20", "alert_km": 800.0, "default": False, "added": "2026-11-18"},
        {"name": "Kinvara", "retired": None, "alert_km": 450.0, "default": True, "added": "2026-11-21"}]}
    other = tmp_path / "other.json"
    assert cli("--db", str(other), "log", "import", str(exported))[0] == 0
    assert cli("--db", str(other), "shoes")[1] == cli("--db", str(db), "shoes")[1]
    assert cli("--db", str(other), "log", "export")[1] == exported.read_text()


def test_a_json_import_keeps_this_copys_settings_of_a_shoe_it_knows(db: Path, files: Path, tmp_path: Path) -> None:
    """As ``db merge`` does: a shoe both know keeps this copy's settings, and the file's
    default does not take over from this copy's."""
    _shoe_settings(db, files)
    exported = tmp_path / "export.json"
    exported.write_text(cli("--db", str(db), "log", "export")[1])
    other = tmp_path / "other.json"
    cli("--db", str(other), "shoes", "add", "kinvara", "--alert-km", "300")
    cli("--db", str(other), "shoes", "add", "Ghost", "--default")
    cli("--db", str(other), "log", "import", str(exported))
    lines = cli("--db", str(other), "shoes")[1].splitlines()
    assert [line.split("  ")[0] for line in lines] == ["kinvara", "Ghost", "Pegasus 40"]
    assert "alert at 300 km" in lines[0] and "default" in lines[1] and "retired 2026-11-20" in lines[2]


def test_bad_shoes_in_a_json_import_are_rejected_whole_and_named(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    shoe = {"name": "Kinvara", "retired": None, "alert_km": 450.0, "default": True, "added": "2026-11-01"}
    bad.write_text(json.dumps([{"date": "2026-11-19", "pain": 3}, {"shoes": [shoe, {**shoe, "alert_km": -1}]}]))
    status, out, err = cli("--db", str(db), "log", "import", str(bad))
    assert status == 2 and out.startswith("added 1,")
    assert "rejected entry 1: shoes 1: field alert_km: Input should be greater than 0" in err
    assert cli("--db", str(db), "shoes")[1].startswith("no shoes")


def test_csv_carries_the_activities_and_their_shoes_names_not_the_shoes_settings(db: Path, files: Path,
                                                                                  tmp_path: Path) -> None:
    """CSV is one row a day: the activities ride in their columns (shoe names with
    them), the shoes' settings do not (docs/watch-import.md says so: use JSON)."""
    _shoe_settings(db, files)
    exported = tmp_path / "export.csv"
    exported.write_text(cli("--db", str(db), "log", "export", "--format", "csv")[1])
    assert "shoes" not in exported.read_text().splitlines()[0]
    other = tmp_path / "other.json"
    assert cli("--db", str(other), "log", "import", str(exported))[0] == 0
    assert json.loads(cli("--db", str(other), "log", "export")[1])[:-1] == json.loads(
        cli("--db", str(db), "log", "export")[1])[:-1]
    assert cli("--db", str(other), "shoes")[1] == "Pegasus 40  10.0 km  alert at 600 km\n"


def test_a_log_without_activities_exports_exactly_as_before(db: Path) -> None:
    cli("--db", str(db), "log", "add", "--pain", "2")
    assert "activities" not in cli("--db", str(db), "log", "export")[1]
    assert "activities" not in cli("--db", str(db), "log", "export", "--format", "csv")[1]


def test_a_bad_activity_in_an_import_file_rejects_that_day(db: Path, tmp_path: Path) -> None:
    doc = runs_module.activity_doc(runs_module.activity_of({
        "start": "2026-11-18T07:15:00Z", "day": "2026-11-18", "sport": "run", "sport_raw": "running",
        "distance_km": 10.0, "moving_s": None, "elapsed_s": None, "elevation_gain_m": None, "avg_hr": None,
        "shoe": None, "source": "run.fit", "external_id": None, "name": None, "from_index": False}), FixedClock(NOW))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"date": "2026-11-18", "activities": [{**doc, "sport": "flying"}]},
                               {"date": "2026-11-19", "pain": 3}]))
    status, out, err = cli("--db", str(db), "log", "import", str(bad))
    assert status == 2 and out.startswith("added 1,")
    assert "bad.json: rejected entry 0: activities 0: field sport: Input should be 'run', 'trail_run'" in err
    assert err.count("\n") == 1
    assert "activities" not in cli("--db", str(db), "log", "export")[1]


def test_shoes_add_default_alert_and_retire(db: Path, files: Path) -> None:
    cli("--db", str(db), "runs", "import", str(files / "export.zip"))
    assert cli("--db", str(db), "shoes", "add", "Kinvara\x1b[31m", "--default", "--alert-km", "5") == (
        0, "added Kinvara\u241b[31m\n", "")
    cli("--db", str(db), "log", "add", "--date", "2026-11-21", "--run-km", "6")
    status, out, _ = cli("--db", str(db), "shoes")
    assert out.splitlines() == [
        "Pegasus 40  10.1 km  alert at 600 km",
        "Kinvara\u241b[31m  6.0 km  (0.0 imported, 6.0 typed)  default  ! past its alert of 5 km",
    ]
    assert cli("--db", str(db), "shoes", "add", "pegasus 40", "--default")[1] == "updated Pegasus 40\n"
    assert "default" not in cli("--db", str(db), "shoes")[1].splitlines()[1]
    assert cli("--db", str(db), "shoes", "retire", "Pegasus 40", "--date", "2026-11-20")[:2] == (
        0, "retired Pegasus 40 on 2026-11-20\n")
    assert "retired 2026-11-20" in cli("--db", str(db), "shoes")[1].splitlines()[0]


def test_shoes_no_default_and_undoing_a_retirement(db: Path, files: Path) -> None:
    """The default can be taken away (typed runs then count for no shoe), and a shoe
    retired by mistake put back in use, its distance kept throughout."""
    cli("--db", str(db), "runs", "import", str(files / "export.zip"))
    cli("--db", str(db), "shoes", "add", "Pegasus 40", "--default")
    cli("--db", str(db), "log", "add", "--date", "2026-11-21", "--run-km", "6")
    assert cli("--db", str(db), "shoes")[1] == "Pegasus 40  16.1 km  (10.1 imported, 6.0 typed)  default  alert at 600 km\n"
    assert cli("--db", str(db), "shoes", "add", "pegasus 40", "--no-default")[:2] == (0, "updated Pegasus 40\n")
    assert cli("--db", str(db), "shoes")[1] == "Pegasus 40  10.1 km  alert at 600 km\n"
    cli("--db", str(db), "shoes", "retire", "Pegasus 40", "--date", "2026-11-20")
    assert cli("--db", str(db), "shoes", "retire", "Pegasus 40", "--undo") == (0, "Pegasus 40 is back in use\n", "")
    assert cli("--db", str(db), "shoes")[1] == "Pegasus 40  10.1 km  alert at 600 km\n"
    assert cli("--db", str(db), "shoes", "retire", "Pegasus 40", "--undo")[1] == "Pegasus 40 is not retired\n"


def test_shoes_help_says_how_to_set_the_default_the_alert_and_retire() -> None:
    status, out, _ = cli("shoes", "--help")
    assert status == 0
    for words in ("--default", "--no-default", "--alert-km", "home screen", "retire", "--undo"):
        assert words in out, words


@pytest.mark.parametrize(("argv", "names"), [
    (["shoes", "add", " "], "NAME: a shoe needs a name"),
    (["shoes", "add", "X", "--alert-km", "0"], "--alert-km: must be more than 0"),
    (["shoes", "add", "X", "--alert-km", "lots"], "--alert-km: 'lots' is not a number"),
    (["shoes", "retire", "Nope"], "NAME: no shoe named 'Nope'"),
    (["shoes", "retire", "X", "--date", "2027-01-01"], "--date: 2027-01-01 is in the future"),
    (["shoes", "add", "X", "--default", "--no-default"], "not allowed with argument"),
    (["shoes", "retire", "X", "--undo", "--date", "2026-11-01"], "not allowed with argument"),
    (["runs", "import"], "the following arguments are required: PATH"),
])
def test_bad_input_is_exit_2_and_one_line(db: Path, argv: list[str], names: str) -> None:
    cli("--db", str(db), "shoes", "add", "X")
    before = db.read_bytes()
    status, out, err = cli("--db", str(db), *argv)
    assert status == 2 and out == "" and err.count("\n") == 1 and names in err, err
    assert db.read_bytes() == before


def test_shoes_never_creates_a_database(db: Path) -> None:
    status, _out, err = cli("--db", str(db), "shoes")
    assert status == 2 and "no database" in err and not db.exists()


def test_db_merge_brings_the_other_copys_activities_and_shoes(db: Path, files: Path, tmp_path: Path) -> None:
    other = tmp_path / "laptop" / "nervecheck.json"
    cli("--db", str(db), "runs", "import", str(files / "run.fit"))
    cli("--db", str(other), "runs", "import", str(files / "run.fit"), str(files / "second.fit"),
        str(files / "export.zip"))
    cli("--db", str(other), "shoes", "add", "Pegasus 40", "--alert-km", "800")
    status, out, err = cli("--db", str(db), "db", "merge", str(other))
    assert (status, err) == (0, "") and out.endswith(", activities added 2\n")
    days = json.loads(cli("--db", str(db), "log", "export")[1])
    assert [len(day["activities"]) for day in days if "date" in day] == [1, 2]
    assert days[0]["activities"][0]["shoe"] == "Pegasus 40"  # the run both had, completed from the other
    assert cli("--db", str(db), "shoes")[1] == "Pegasus 40  10.0 km  alert at 800 km\n"
    again = cli("--db", str(db), "db", "merge", str(other))[1]
    assert again.endswith(", activities added 0\n")


def test_db_merge_of_copies_without_activities_says_what_it_always_said(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "laptop" / "nervecheck.json"
    cli("--db", str(db), "log", "add", "--pain", "2")
    cli("--db", str(other), "log", "add", "--pain", "3", "--date", "2026-11-20")
    assert "activities" not in cli("--db", str(db), "db", "merge", str(other))[1]


def test_a_damaged_database_is_said_before_any_file_is_read(db: Path, files: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from nervecheck.engine.watch import scan

    db.parent.mkdir(parents=True)
    db.write_text("{not json")
    monkeypatch.setattr(scan, "read_path", lambda *_a, **_k: pytest.fail("read before the database was opened"))
    status, out, err = cli("--db", str(db), "runs", "import", str(files))
    assert status == 2 and out == "" and err.count("\n") == 1 and "is damaged" in err
    assert db.read_text() == "{not json"
