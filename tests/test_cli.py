"""Every CLI command of CLI.md, and every bad argument: exit 2, one line, nothing changed."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nervecheck import __version__
from nervecheck.cli import main
from nervecheck.engine.log.exchange import CSV_FIELDS
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.fields import ENTRY
from nervecheck.engine.store.schema import Entry, ExerciseDone, Run
from nervecheck.engine.store.repository import open_store
from nervecheck.engine.textsafe import visible
from tests.conftest import NOW, TODAY

ROOT = Path(__file__).resolve().parent.parent
YESTERDAY = TODAY - dt.timedelta(days=1)


def cli(*argv: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8"))
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err, clock=FixedClock(NOW))  # the frozen day of every test
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli" / "nervecheck.json"


def entries(db: Path) -> list[Entry]:
    return open_store(db, FixedClock(NOW)).entries()


# -- version, database location ------------------------------------------------


def test_version() -> None:
    assert cli("--version") == (0, f"nervecheck {__version__}\n", "")


def test_help_goes_to_stdout_and_exits_0() -> None:
    status, out, err = cli("--help")
    assert status == 0 and "log" in out and err == ""


def test_db_flag_beats_the_environment(db: Path, tmp_path: Path, monkeypatch) -> None:
    env_db = tmp_path / "env" / "nervecheck.json"
    monkeypatch.setenv("NERVECHECK_DB", str(env_db))
    assert cli("--db", str(db), "log", "add", "--pain", "1")[0] == 0
    assert db.exists() and not env_db.exists()
    assert cli("log", "add", "--pain", "2")[0] == 0
    assert [e.pain for e in entries(env_db)] == [2]


def test_default_database_is_in_the_user_data_dir(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("NERVECHECK_DB")
    assert cli("log", "add", "--pain", "4")[0] == 0
    assert [e.pain for e in entries(tmp_path / "xdg" / "nervecheck" / "nervecheck.json")] == [4]


def test_db_path_with_tilde_is_expanded(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cli("--db", "~/nc/db.json", "log", "add")[0] == 0
    assert (tmp_path / "home" / "nc" / "db.json").exists()


# -- log add -------------------------------------------------------------------


def test_log_add_creates_todays_entry(db: Path) -> None:
    status, out, err = cli("--db", str(db), "log", "add", "--pain", "3", "--symptom", "burning", "--location", "heel")
    assert (status, err) == (0, "")
    assert out == f"saved {TODAY}: pain 3, burning, at heel\n"
    [entry] = entries(db)
    assert (entry.date, entry.pain, entry.symptoms, entry.locations) == (TODAY, 3, ("burning",), ("heel",))


def test_log_add_updates_given_fields_and_keeps_the_rest(db: Path) -> None:
    day = str(YESTERDAY)
    cli("--db", str(db), "log", "add", "--date", day, "--pain", "3", "--symptom", "burning", "--symptom", "tingling",
        "--location", "heel", "--run-km", "8.2", "--run-min", "45", "--pain-after", "under_2h", "--note", "first")
    cli("--db", str(db), "log", "add", "--date", day, "--pain", "5")
    cli("--db", str(db), "log", "add", "--date", day, "--run-min", "50")
    [entry] = entries(db)
    assert entry.pain == 5 and entry.symptoms == ("burning", "tingling") and entry.locations == ("heel",)
    assert entry.run == Run(distance_km=8.2, duration_min=50.0)
    assert (entry.pain_after_exercise, entry.note) == ("under_2h", "first")


def test_log_add_miles_are_stored_as_km(db: Path) -> None:
    cli("--db", str(db), "log", "add", "--run-mi", "5")
    assert entries(db)[0].run.distance_km == pytest.approx(8.047, abs=0.001)


def test_log_add_keeps_a_note_exactly_as_typed(db: Path) -> None:
    note = "ouch [/b] knee, \"quoted\"\nline two \x1b[2J \u00e9\u2615"
    cli("--db", str(db), "log", "add", "--note", note)
    assert entries(db)[0].note == note


BAD_ADD = {
    "pain text": (["--pain", "x"], "--pain"),
    "pain fraction": (["--pain", "7.5"], "--pain"),
    "pain negative": (["--pain", "-1"], "--pain"),
    "pain too high": (["--pain", "11"], "--pain"),
    "pain empty": (["--pain", ""], "--pain"),
    "pain underscore": (["--pain", "1_0"], "--pain"),
    "pain arabic digit": (["--pain", "\u0663"], "--pain"),
    "pain spaced": (["--pain", " 7"], "--pain"),
    "pain float form": (["--pain", "7.0"], "--pain"),
    "date not real": (["--date", "2026-02-30"], "--date"),
    "date compact": (["--date", "20261121"], "--date"),
    "date with time": (["--date", "2026-11-21T10:00"], "--date"),
    "date words": (["--date", "tomorrow"], "--date"),
    "date fullwidth digits": (["--date", "\uff12\uff10\uff12\uff16-11-21"], "--date"),
    "date in the future": (["--date", str(TODAY + dt.timedelta(days=1))], "future"),
    "symptom none": (["--symptom", "none"], "--symptom"),
    "symptom unknown": (["--symptom", "itch"], "--symptom"),
    "symptom empty": (["--symptom", ""], "--symptom"),
    "location unknown": (["--location", "knee"], "--location"),
    "run km negative": (["--run-km", "-1"], "--run-km: must be more than 0"),
    "run km minus three": (["--run-km", "-3"], "--run-km: must be more than 0"),
    "run km zero": (["--run-km", "0"], "--run-km: must be more than 0"),
    "run km zero with zero minutes": (["--run-km", "0", "--run-min", "0"], "--run-km: must be more than 0"),
    "run km zero point zero": (["--run-km", "0.0"], "--run-km: must be more than 0"),
    "run km rounds to zero": (["--run-km", "0.0001"], "--run-km: must be at least 0.001 km"),
    "run mi zero": (["--run-mi", "0"], "--run-mi: must be more than 0"),
    "run mi negative": (["--run-mi", "-2"], "--run-mi: must be more than 0"),
    "run mi huge": (["--run-mi", "311"], "--run-mi: at most 310.686 mi"),
    "run km nan": (["--run-km", "nan"], "--run-km"),
    "run km inf": (["--run-km", "inf"], "--run-km"),
    "run km exponent": (["--run-km", "1e3"], "--run-km"),
    "run km huge": (["--run-km", "501"], "--run-km: at most 500 km"),
    "run km and mi": (["--run-km", "5", "--run-mi", "3"], "not allowed with"),
    "run min without distance": (["--run-min", "30"], "--run-min"),
    "run min text": (["--run-km", "5", "--run-min", "half"], "--run-min"),
    "run min too long": (["--run-km", "5", "--run-min", "2000"], "--run-min: must be 0 to 1440 minutes"),
    "run min negative": (["--run-km", "5", "--run-min", "-1"], "--run-min: must be 0 to 1440 minutes"),
    "pain after unknown": (["--pain-after", "sometimes"], "--pain-after"),
    "note too long": (["--note", "x" * 2001], "--note: at most 2000 characters"),
    "note lone surrogate": (["--note", "bad \udcff"], "--note: contains an invalid character"),
    "unknown option": (["--mood", "ok"], "unrecognized arguments"),
    "missing value": (["--pain"], "expected one argument"),
}


@pytest.mark.parametrize("argv, words", BAD_ADD.values(), ids=BAD_ADD.keys())
def test_log_add_bad_input_is_one_line_exit_2_and_changes_nothing(db: Path, argv, words) -> None:
    cli("--db", str(db), "log", "add", "--date", str(YESTERDAY), "--pain", "2", "--note", "kept")
    before = db.read_bytes()
    status, out, err = cli("--db", str(db), "log", "add", *argv)
    assert (status, out) == (2, "")
    assert err.startswith("nervecheck: ") and err.endswith("\n") and err.count("\n") == 1
    assert words in err
    assert "\x1b" not in err and "Traceback" not in err
    assert db.read_bytes() == before


OTHER_BAD = {
    "no command verb": (["log"], "required"),
    "unknown verb": (["log", "remove"], "invalid choice"),
    "unknown command": (["frobnicate"], "invalid choice"),
    "unknown top option": (["--colour"], "unrecognized"),
    "show bad from": (["log", "show", "--from", "2026-13-01"], "--from"),
    "show bad to": (["log", "show", "--to", "last week"], "--to"),
    "export bad format": (["log", "export", "--format", "xml"], "invalid choice"),
    "export bad from": (["log", "export", "--from", "2026-02-29"], "--from"),
    "show from after to": (["log", "show", "--from", "2026-11-30", "--to", "2026-11-01"], "--from is after --to"),
    "export from after to": (["log", "export", "--from", "2026-11-30", "--to", "2026-11-01"], "--from is after --to"),
    "csv export from after to": (["log", "export", "--format", "csv", "--from", "2026-11-02", "--to", "2026-11-01"],
                                 "--from is after --to"),
    "import no file": (["log", "import"], "required"),
    "import missing file": (["log", "import", "/nonexistent/in.json"], "cannot be read"),
    "db unknown verb": (["db", "fix"], "invalid choice"),
    "check without answers": (["check"], "--answers"),
}


@pytest.mark.parametrize("argv, words", OTHER_BAD.values(), ids=OTHER_BAD.keys())
def test_other_bad_arguments_are_one_line_exit_2(db: Path, argv, words) -> None:
    cli("--db", str(db), "log", "add", "--pain", "1")
    before = db.read_bytes()
    status, out, err = cli("--db", str(db), *argv)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("nervecheck: ") and words in err
    assert db.read_bytes() == before


def test_an_unusable_db_path_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    status, out, err = cli("--db", str(blocker / "nervecheck.json"), "log", "show")
    assert status == 2 and err.count("\n") == 1 and str(blocker) in err


def test_control_characters_in_an_error_never_reach_the_terminal(tmp_path: Path) -> None:
    status, _, err = cli("--db", str(tmp_path / "x\x1b]0;pwned\x07" / "db.json"), "log", "add", "--pain", "99")
    assert status == 2 and "\x1b" not in err and "\x07" not in err


# -- log show / export ---------------------------------------------------------


@pytest.fixture
def filled(db: Path) -> Path:
    store = open_store(db, FixedClock(NOW))
    store.merge_entries([
        Entry(date=dt.date(2026, 11, 1), pain=2, symptoms=("tingling",), note="easy"),
        Entry(date=dt.date(2026, 11, 5), pain=6, locations=("heel",), run=Run(distance_km=8.2, duration_min=45),
              pain_after_exercise="over_2h", note="hill \x1b[2J reps",
              exercises=(ExerciseDone(routine="runner_strength", exercise="goblet_squat", sets=3, reps=10),)),
        Entry(date=dt.date(2026, 11, 9), note="rest"),
    ])
    return db


def test_log_show_lists_entries_with_notes_made_visible(filled: Path) -> None:
    status, out, err = cli("--db", str(filled), "log", "show")
    days = [line for line in out.splitlines() if not line.startswith(" ")]
    assert status == 0 and [line[:10] for line in days] == ["2026-11-01", "2026-11-05", "2026-11-09"]
    assert days[1] == "2026-11-05  pain 6, at heel, run 8.2 km in 45 min"
    assert "            note: hill \u241b[2J reps\n" in out and "\x1b" not in out


def test_log_show_range_and_empty(filled: Path) -> None:
    status, out, _ = cli("--db", str(filled), "log", "show", "--from", "2026-11-02", "--to", "2026-11-09")
    assert [line[:10] for line in out.splitlines() if not line.startswith(" ")] == ["2026-11-05", "2026-11-09"]
    assert cli("--db", str(filled), "log", "show", "--from", "2027-01-01")[1] == "no entries\n"


def test_log_export_json_is_the_entry_format_sorted_by_date(filled: Path) -> None:
    status, out, err = cli("--db", str(filled), "log", "export")
    docs = json.loads(out)
    assert status == 0 and [d["date"] for d in docs] == ["2026-11-01", "2026-11-05", "2026-11-09"]
    # CLI.md's fields, and any the definition adds after them ("export may add fields")
    assert set(docs[1]) == {"date", "pain", "symptoms", "locations", "run", "pain_after_exercise",
                            "exercises", "note", "updated_at"} | set(ENTRY.names)
    assert docs[1]["run"] == {"distance_km": 8.2, "duration_min": 45.0}
    assert docs[1]["exercises"] == [{"routine": "runner_strength", "exercise": "goblet_squat", "sets": 3,
                                     "reps": 10, "seconds": None}]
    assert docs[2]["run"] is None and docs[2]["pain"] is None
    assert "\x1b" not in out  # JSON escapes it


def test_log_export_range_and_csv(filled: Path) -> None:
    status, out, _ = cli("--db", str(filled), "log", "export", "--format", "csv", "--from", "2026-11-05", "--to", "2026-11-05")
    header, row = out.splitlines()
    assert header.startswith("date,pain,symptoms,locations,run_km,run_min,pain_after_exercise,exercises,note,updated_at")
    assert header.split(",") == list(CSV_FIELDS)  # a field the definition adds comes after them
    assert row.startswith("2026-11-05,6,,heel,8.2,45.0,over_2h,runner_strength:goblet_squat:3:10:,hill ")


def test_done_when_add_then_export_shows_the_entry(tmp_path: Path) -> None:
    """The issue's words, through a real process (the installed script if there is one)."""
    env = {**os.environ, "NERVECHECK_DB": str(tmp_path / "n.json"), "PYTHONPATH": str(ROOT)}
    script = Path(sys.executable).with_name("nervecheck")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "nervecheck"]
    add = subprocess.run([*command, "log", "add", "--pain", "3", "--symptom", "burning", "--location", "heel"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert add.returncode == 0, add.stderr
    export = subprocess.run([*command, "log", "export"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    [doc] = json.loads(export.stdout)
    assert (doc["pain"], doc["symptoms"], doc["locations"]) == (3, ["burning"], ["heel"])


def test_cli_commands_never_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys, io\n"
        "from nervecheck.cli import main\n"
        "db = sys.argv[1]\n"
        "for argv in (['log', 'add', '--pain', '2'], ['log', 'show'], ['log', 'export', '--format', 'csv'],\n"
        "             ['log', 'export'], ['db', 'check'], ['db', 'backups'], ['log', 'add', '--pain', 'x'],\n"
        "             ['--version'], ['check', '--answers', '/nonexistent']):\n"
        "    main(['--db', db, *argv], io.StringIO(), io.StringIO())\n"
        "assert 'textual' not in sys.modules and 'nervecheck.tui' not in sys.modules, 'textual imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "n.json")], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


# -- log import ----------------------------------------------------------------

ODD_NOTES = [
    "commas, \"quotes\", 'single'",
    "two\nlines\r\nand a\rcarriage return",
    "\u00e9 \u2615 \u8db3 \U0001f3c3 \u200b zero-width",
    "\x1b]0;pwned\x07 \x1b[2J \x00 \x7f \x9b tab\tend",
    "[@click=app.quit]x[/] [link='file:///etc/passwd']y ouch [/b] knee \\ back\\slash",
    "  leading and trailing  ",
    "=HYPERLINK(\"x\")",
    "",
    ";semi;colons;",
    "x" * 2000,
]


def odd_entries() -> list[Entry]:
    return [
        Entry(date=dt.date(2026, 10, 1) + dt.timedelta(days=n), pain=n % 11, note=note,
              symptoms=("burning", "numbness")[: n % 3], locations=("heel", "toes")[: n % 3],
              run=Run(distance_km=5.5 + n, duration_min=30 + n) if n % 2 else None,
              pain_after_exercise=(None, "none", "under_2h", "over_2h")[n % 4],
              exercises=(ExerciseDone(routine="gentle_mobility", exercise="chin_tuck", sets=2, seconds=30),)
              if n % 3 == 0 else ())
        for n, note in enumerate(ODD_NOTES)
    ]


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_round_trip(tmp_path: Path, fmt: str) -> None:
    source, target = tmp_path / "a.json", tmp_path / "b.json"
    open_store(source, FixedClock(NOW)).merge_entries(odd_entries())
    exported = cli("--db", str(source), "log", "export", "--format", fmt)[1]
    dump = tmp_path / f"export.{fmt}"
    dump.write_bytes(exported.encode())
    n = len(ODD_NOTES)
    assert cli("--db", str(target), "log", "import", str(dump)) == (0, f"added {n}, updated 0, unchanged 0, kept newer 0, rejected 0\n", "")
    assert entries(target) == entries(source)
    assert cli("--db", str(target), "log", "export", "--format", fmt)[1] == exported
    before = target.read_bytes()
    assert cli("--db", str(target), "log", "import", str(dump))[1] == f"added 0, updated 0, unchanged {n}, kept newer 0, rejected 0\n"
    assert target.read_bytes() == before  # nothing to write, nothing written


def test_import_from_stdin_and_with_a_byte_order_mark(db: Path, monkeypatch) -> None:
    csv_text = "\ufeffdate,pain,note\n2026-11-01,3,from a spreadsheet\n"
    assert cli("--db", str(db), "log", "import", "-", stdin=csv_text, monkeypatch=monkeypatch)[0] == 0
    assert [(e.pain, e.note) for e in entries(db)] == [(3, "from a spreadsheet")]


def test_import_json_rejects_bad_entries_by_index_and_imports_the_rest(db: Path, tmp_path: Path) -> None:
    cli("--db", str(db), "log", "add", "--date", "2026-11-02", "--pain", "1")
    docs = [
        {"date": "2026-11-01", "pain": 3},
        {"date": "2026-11-02", "pain": 4, "note": "no updated_at: loses to the stored day"},
        {"date": "2026-11-03", "pain": "7"},
        {"date": "2026-11-04", "pain": True},
        {"date": "2026-11-05", "pain": 7.5},
        {"date": "2026-02-30"},
        {"date": "2026-11-06", "symptoms": ["itch"]},
        {"date": "2026-11-07", "mood": "ok"},
        {"date": "2026-11-01", "pain": 1},
        "not an object",
        {"date": "2026-11-08", "locations": ["heel"], "run": {"distance_km": 5, "pace": 4}},
        {"date": "20261109"},
        {"date": "2026-11-10T08:00:00"},
        {"date": "2026-11-11", "pain": 11},
        {"date": "2026-11-12", "note": "fine"},
    ]
    source = tmp_path / "in.json"
    source.write_text(json.dumps(docs))
    status, out, err = cli("--db", str(db), "log", "import", str(source))
    assert status == 2 and out == "added 2, updated 0, unchanged 0, kept newer 1, rejected 12\n"
    lines = err.splitlines()
    assert len(lines) == 12 and all(line.startswith(f"nervecheck: {source}: rejected entry ") for line in lines)
    for index, field in [(2, "field pain"), (3, "field pain"), (4, "field pain"), (5, "field date"),
                         (6, "field symptoms[0]"), (7, "field mood"), (8, "already appears at entry 0"),
                         (9, "(top level)"), (10, "field run.pace"), (11, "field date"), (12, "field date"),
                         (13, "field pain")]:
        assert any(f"rejected entry {index}: " in line and field in line for line in lines), (index, field)
    assert {e.date.isoformat(): e.pain for e in entries(db)} == {"2026-11-01": 3, "2026-11-02": 1, "2026-11-12": None}


def test_import_csv_rejects_bad_rows_by_line_and_imports_the_rest(db: Path, tmp_path: Path) -> None:
    rows = [
        "date,pain,symptoms,locations,run_km,run_min,note",
        "2026-11-01,3,burning,heel,5.0,30,ok",
        "2026-11-02,7.5,,,,,fraction",
        "2026-11-03,x,,,,,text",
        "2026-11-04,2,itch,,,,unknown symptom",
        "2026-11-05,2,,knee,,,unknown location",
        "2026-02-30,2,,,,,not a day",
        "2026-11-06,2,,,,45,duration without distance",
        "2026-11-07,2,,,nan,,nan distance",
        "2026-11-08,2,,,,",
        '2026-11-09,4,,,,,"a note, with comma',
        "and a second line\"",
        "2026-11-10,,,,,,last",
    ]
    source = tmp_path / "in.csv"
    source.write_text("\n".join(rows) + "\n")
    status, out, err = cli("--db", str(db), "log", "import", str(source))
    assert status == 2 and out == "added 3, updated 0, unchanged 0, kept newer 0, rejected 8\n"
    for line_no, words in [(3, "field pain"), (4, "field pain"), (5, "field symptoms[0]"),
                           (6, "field locations[0]"), (7, "field date"), (8, "field run_min"),
                           (9, "field run_km"), (10, "6 cells, expected 7")]:
        assert f"rejected line {line_no}: {words}" in err, (line_no, words)
    assert [e.note for e in entries(db)] == ["ok", "a note, with comma\nand a second line", "last"]


@pytest.mark.parametrize("content, words", [
    ("{\"date\": \"2026-11-01\"}", "expected a JSON array"),
    ("[{\"date\": ", "not valid JSON at line 1"),
    ("[NaN]", "not valid JSON"),
    ("[" * 100_000, "not valid JSON"),
    ("", "the CSV file is empty"),
    ("date,mood\n2026-11-01,ok\n", "unknown column 'mood'"),
    ("pain,note\n3,x\n", "no date column"),
    ("date,pain,pain\n2026-11-01,1,2\n", "appears twice"),
])
def test_import_of_an_unusable_file_is_one_line_and_changes_nothing(db: Path, tmp_path: Path, content, words) -> None:
    cli("--db", str(db), "log", "add", "--pain", "1")
    before = db.read_bytes()
    source = tmp_path / "in.txt"
    source.write_text(content)
    status, out, err = cli("--db", str(db), "log", "import", str(source))
    assert (status, out) == (2, "") and err.count("\n") == 1 and words in err
    assert db.read_bytes() == before


def test_import_of_a_file_that_is_not_utf8(db: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(b"date,note\n2026-11-01,caf\xe9\n")
    status, out, err = cli("--db", str(db), "log", "import", str(source))
    assert status == 2 and err.count("\n") == 1 and "not UTF-8" in err


def test_json_export_escapes_every_control_and_format_character(tmp_path: Path) -> None:
    db = tmp_path / "n.json"
    open_store(db, FixedClock(NOW)).merge_entries(odd_entries())
    out = cli("--db", str(db), "log", "export")[1]
    assert not [c for c in out if c != "\n" and visible(c) != c]
    assert [e["note"] for e in json.loads(out)] == ODD_NOTES


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_csv_export_to_a_terminal_shows_control_characters_as_symbols(filled: Path) -> None:
    out, err = Terminal(), io.StringIO()
    assert main(["--db", str(filled), "log", "export", "--format", "csv"], out, err, clock=FixedClock(NOW)) == 0
    assert "\x1b" not in out.getvalue() and "hill \u241b[2J reps" in out.getvalue()
    piped = cli("--db", str(filled), "log", "export", "--format", "csv")[1]
    assert "hill \x1b[2J reps" in piped  # a file or pipe gets the data exactly


def test_empty_db_flag_is_a_bad_argument(monkeypatch) -> None:
    status, out, err = cli("--db", "", "log", "show")
    assert status == 2 and err == "nervecheck: --db: the path is empty\n"


def test_empty_environment_database_is_a_bad_argument_like_an_empty_flag(db: Path, monkeypatch) -> None:
    monkeypatch.setenv("NERVECHECK_DB", "")
    for argv in (["log", "show"], ["log", "add", "--pain", "1"], ["report"], ["db", "check"]):
        status, out, err = cli(*argv)
        assert (status, out) == (2, "") and err.count("\n") == 1 and "NERVECHECK_DB is set but empty" in err, argv
    assert cli("--db", str(db), "log", "add", "--pain", "1")[0] == 0  # --db still wins


def test_csv_export_to_a_real_terminal_shows_control_characters_as_symbols(filled: Path) -> None:
    """The same through a pseudo-terminal, as the installed command sees it."""
    import pty

    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "nervecheck", "--db", str(filled), "log", "export", "--format", "csv"],
                              stdout=follower, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)},
                              timeout=60, check=False)
        os.close(follower)
        follower = -1
        raw = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            raw += chunk
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    assert done.returncode == 0, done.stderr
    text = raw.decode("utf-8")
    assert "\x1b" not in text and "hill \u241b[2J reps" in text


# -- log add, log import: one rule for runs and exercises everywhere --------------


def test_log_add_error_names_the_flag_not_the_field(db: Path) -> None:
    status, _, err = cli("--db", str(db), "log", "add", "--run-km", "0", "--run-min", "0")
    assert status == 2 and err == "nervecheck: --run-km: must be more than 0 (leave it out for a day without a run)\n"
    assert not db.exists() or entries(db) == []


def test_log_add_keeps_the_distance_when_only_minutes_change(db: Path) -> None:
    assert cli("--db", str(db), "log", "add", "--run-km", "5")[0] == 0
    assert cli("--db", str(db), "log", "add", "--run-min", "0")[0] == 0
    assert [(e.run.distance_km, e.run.duration_min) for e in entries(db)] == [(5.0, 0.0)]


def test_import_rejects_zero_runs_and_unknown_routines_and_exercises(db: Path, tmp_path: Path) -> None:
    docs = [
        {"date": "2026-11-01", "run": {"distance_km": 0.0}},
        {"date": "2026-11-02", "run": {"distance_km": 0, "duration_min": 0}},
        {"date": "2026-11-03", "exercises": [{"routine": "nope", "exercise": "x", "sets": 1}]},
        {"date": "2026-11-04", "exercises": [{"routine": "runner_strength", "exercise": "x", "sets": 1}]},
        {"date": "2026-11-05", "exercises": [{"routine": "runner_strength", "exercise": "chin_tuck", "sets": 1}]},
        {"date": "2026-11-06", "run": {"distance_km": 0.001},
         "exercises": [{"routine": "gentle_mobility", "exercise": "chin_tuck", "sets": 1}]},
    ]
    source = tmp_path / "in.json"
    source.write_text(json.dumps(docs))
    status, out, err = cli("--db", str(db), "log", "import", str(source))
    assert status == 2 and out == "added 1, updated 0, unchanged 0, kept newer 0, rejected 5\n"
    for index, words in [(0, "field run.distance_km"), (1, "field run.distance_km"),
                         (2, "field exercises[0].routine: unknown routine 'nope'"),
                         (3, "field exercises[0].exercise: unknown exercise 'x' for routine 'runner_strength'"),
                         (4, "field exercises[0].exercise: unknown exercise 'chin_tuck' for routine 'runner_strength'")]:
        assert f"rejected entry {index}: {words}" in err, (index, words)
    assert [e.date.isoformat() for e in entries(db)] == ["2026-11-06"]


def test_csv_import_rejects_zero_runs_and_unknown_exercises(db: Path, tmp_path: Path) -> None:
    rows = ["date,run_km,run_min,exercises",
            "2026-11-01,0,30,",
            "2026-11-02,5,30,nope:x:1::",
            "2026-11-03,5,30,runner_strength:goblet_squat:3:10:"]
    source = tmp_path / "in.csv"
    source.write_text("\n".join(rows) + "\n")
    status, out, err = cli("--db", str(db), "log", "import", str(source))
    assert status == 2 and out == "added 1, updated 0, unchanged 0, kept newer 0, rejected 2\n"
    assert "rejected line 2: field run.distance_km" in err and "rejected line 3: field exercises[0].routine" in err


def test_reimport_counts_changed_entries_as_updated_and_equal_ones_as_unchanged(db: Path, tmp_path: Path) -> None:
    cli("--db", str(db), "log", "add", "--date", "2026-11-01", "--pain", "1")
    cli("--db", str(db), "log", "add", "--date", "2026-11-02", "--pain", "2")
    cli("--db", str(db), "log", "add", "--date", "2026-11-04", "--pain", "4")
    exported = json.loads(cli("--db", str(db), "log", "export")[1])
    exported[0].pop("updated_at")  # a hand-made file: equal data still counts as unchanged
    exported[1].update(pain=5, updated_at="2026-11-21T10:00:00Z")  # edited after the stored day: it wins
    exported[2].update(pain=9)
    exported[2].pop("updated_at")  # changed, but saved no time: the stamped stored day is kept
    exported.append({"date": "2026-11-03"})
    source = tmp_path / "in.json"
    source.write_text(json.dumps(exported))
    stamp_before = entries(db)[0].updated_at
    assert cli("--db", str(db), "log", "import", str(source)) == (
        0, "added 1, updated 1, unchanged 1, kept newer 1, rejected 0\n", "")
    stored = entries(db)
    assert [e.pain for e in stored] == [1, 5, None, 4] and stored[0].updated_at == stamp_before


# -- content check --content DIR --------------------------------------------------


def test_content_check_of_a_copy(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    status, out, err = cli("content", "check", "--content", str(copy))
    assert (status, err) == (0, "")
    assert f"{copy / 'triage.json'}: valid" in out and f"{copy / 'routines.json'}: valid" in out
    assert "every path keeps the contract" in out
    routines = json.loads((copy / "routines.json").read_text("utf-8"))
    routines["routines"][0]["exercises"][0]["id"] = "Not An Id"
    (copy / "routines.json").write_text(json.dumps(routines), "utf-8")
    status, out, err = cli("content", "check", "--content", str(copy))
    assert status == 1 and str(copy / "routines.json") in err and err.count("\n") == 1
    assert cli("content", "check")[0] == 0  # the installed files are not the copy


def test_content_check_of_a_copy_with_a_broken_triage(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    (copy / "triage.json").write_text("{", "utf-8")
    status, out, err = cli("content", "check", "--content", str(copy))
    assert status == 1 and out == "" and str(copy / "triage.json") in err and "not valid JSON" in err


@pytest.mark.parametrize("value, words", [("", "--content: the folder is empty"),
                                          ("/nonexistent/content", "is not a folder")])
def test_content_check_of_a_missing_folder_is_a_bad_argument(value: str, words: str) -> None:
    status, out, err = cli("content", "check", "--content", value)
    assert (status, out) == (2, "") and err.count("\n") == 1 and words in err


def test_a_failed_daily_backup_says_the_entry_was_not_saved(db: Path) -> None:
    assert cli("--db", str(db), "log", "add", "--date", str(YESTERDAY), "--pain", "1")[0] == 0
    folder = db.with_name("nervecheck-backups")
    for backup in folder.iterdir():
        backup.unlink()
    folder.rmdir()
    folder.write_text("in the way")  # the backup folder cannot be made
    before = db.read_bytes()
    status, out, err = cli("--db", str(db), "log", "add", "--pain", "5")
    assert (status, out) == (2, "") and err.count("\n") == 1
    assert err.startswith(f"nervecheck: not saved: could not back up {db} to {folder}")
    assert db.read_bytes() == before


@pytest.mark.parametrize("days, words", [("1", "(1 day); 1 day logged"), ("2", "(2 days); 1 day logged")])
def test_report_period_counts_days_in_good_english(db: Path, days: str, words: str) -> None:
    assert cli("--db", str(db), "log", "add", "--pain", "3")[0] == 0
    status, out, _ = cli("--db", str(db), "report", "--days", days)
    assert status == 0 and words in out


@pytest.mark.parametrize("argv", [
    [], ["--db", "x.json"], ["--db=log"], ["--db", "log"], ["check", "--answers", "-"],
    ["--db", "check", "log", "add", "--pain", "3", "--symptom", "burning", "--symptom", "heel"],
    ["log", "export", "--format", "csv", "--from", "2026-01-01"], ["log", "import", "-"],
    ["report", "-o", "r.md", "--days", "7"], ["content", "check", "--stamp"],
    ["db", "restore", "--force"], ["db", "check"], ["insights", "--days", "30", "--format", "json"],
])
def test_building_only_the_command_run_parses_as_the_whole_parser_does(argv: list[str]) -> None:
    from nervecheck.cli import _command_named, build_parser

    only = _command_named(argv)
    assert only is not None
    assert vars(build_parser(only).parse_args(argv)) == vars(build_parser().parse_args(argv))


def test_an_unknown_command_is_refused_naming_every_command() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["lgo"], out, err, clock=FixedClock(NOW)) == 2
    assert err.getvalue() == ("nervecheck: argument command: invalid choice: 'lgo' "
                              "(choose from 'check', 'log', 'report', 'insights', 'content', 'db', 'status', "
                              "'completion', 'runs', 'shoes')\n")


def test_a_misread_command_falls_back_to_the_whole_parser() -> None:
    """``--d`` is argparse's abbreviation of ``--db``: the word after it is a path, not
    the command, though it reads like one."""
    from nervecheck.cli import parse_args

    args = parse_args(["--d", "check", "log", "show"], io.StringIO())
    assert (args.db, args.command, args.verb) == ("check", "log", "show")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_import_refuses_days_that_have_not_come_yet(db: Path, tmp_path: Path, fmt: str) -> None:
    """As ``log add`` and the app do: a future day is a typo, not a plan."""
    today = TODAY
    tomorrow = today + dt.timedelta(days=1)
    source = tmp_path / f"in.{fmt}"
    if fmt == "json":
        source.write_text(json.dumps([{"date": today.isoformat(), "pain": 2}, {"date": tomorrow.isoformat(), "pain": 3}]))
    else:
        source.write_text(f"date,pain\n{today},2\n{tomorrow},3\n")
    status, out, err = cli("--db", str(db), "log", "import", str(source))
    where = "entry 1" if fmt == "json" else "line 3"
    assert status == 2 and out == "added 1, updated 0, unchanged 0, kept newer 0, rejected 1\n"
    assert err == f"nervecheck: {source}: rejected {where}: date {tomorrow} is in the future\n"
    assert [e.date for e in entries(db)] == [today]
