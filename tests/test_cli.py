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

from engine import __version__
from engine.cli import main
from engine.clock import FixedClock
from engine.models import Entry, ExerciseDone, Run
from engine.store import open_store
from engine.textsafe import visible
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date.today()  # the CLI runs on the real clock
YESTERDAY = TODAY - dt.timedelta(days=1)


def cli(*argv: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8"))
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err)
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
    "run km negative": (["--run-km", "-1"], "distance_km"),
    "run km nan": (["--run-km", "nan"], "--run-km"),
    "run km inf": (["--run-km", "inf"], "--run-km"),
    "run km exponent": (["--run-km", "1e3"], "--run-km"),
    "run km huge": (["--run-km", "501"], "distance_km"),
    "run km and mi": (["--run-km", "5", "--run-mi", "3"], "not allowed with"),
    "run min without distance": (["--run-min", "30"], "--run-min"),
    "run min text": (["--run-km", "5", "--run-min", "half"], "--run-min"),
    "run min too long": (["--run-km", "5", "--run-min", "2000"], "duration_min"),
    "pain after unknown": (["--pain-after", "sometimes"], "--pain-after"),
    "note too long": (["--note", "x" * 2001], "note"),
    "note lone surrogate": (["--note", "bad \udcff"], "note"),
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
    lines = out.splitlines()
    assert status == 0 and len(lines) == 3
    assert lines[1].startswith("2026-11-05  pain 6, at heel, run 8.2 km")
    assert "hill \u241b[2J reps" in lines[1] and "\x1b" not in out


def test_log_show_range_and_empty(filled: Path) -> None:
    status, out, _ = cli("--db", str(filled), "log", "show", "--from", "2026-11-02", "--to", "2026-11-09")
    assert [line[:10] for line in out.splitlines()] == ["2026-11-05", "2026-11-09"]
    assert cli("--db", str(filled), "log", "show", "--from", "2027-01-01")[1] == "no entries\n"


def test_log_export_json_is_the_entry_format_sorted_by_date(filled: Path) -> None:
    status, out, err = cli("--db", str(filled), "log", "export")
    docs = json.loads(out)
    assert status == 0 and [d["date"] for d in docs] == ["2026-11-01", "2026-11-05", "2026-11-09"]
    assert set(docs[1]) == {"date", "pain", "symptoms", "locations", "run", "pain_after_exercise",
                            "exercises", "note", "updated_at"}
    assert docs[1]["run"] == {"distance_km": 8.2, "duration_min": 45.0}
    assert docs[1]["exercises"] == [{"routine": "runner_strength", "exercise": "goblet_squat", "sets": 3,
                                     "reps": 10, "seconds": None}]
    assert docs[2]["run"] is None and docs[2]["pain"] is None
    assert "\x1b" not in out  # JSON escapes it


def test_log_export_range_and_csv(filled: Path) -> None:
    status, out, _ = cli("--db", str(filled), "log", "export", "--format", "csv", "--from", "2026-11-05", "--to", "2026-11-05")
    header, row = out.splitlines()
    assert header == "date,pain,symptoms,locations,run_km,run_min,pain_after_exercise,exercises,note,updated_at"
    assert row.startswith("2026-11-05,6,,heel,8.2,45.0,over_2h,runner_strength:goblet_squat:3:10:,hill ")


def test_done_when_add_then_export_shows_the_entry(tmp_path: Path) -> None:
    """The issue's words, through a real process (the installed script if there is one)."""
    env = {**os.environ, "NERVECHECK_DB": str(tmp_path / "n.json"), "PYTHONPATH": str(ROOT)}
    script = Path(sys.executable).with_name("nervecheck")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "engine"]
    add = subprocess.run([*command, "log", "add", "--pain", "3", "--symptom", "burning", "--location", "heel"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert add.returncode == 0, add.stderr
    export = subprocess.run([*command, "log", "export"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    [doc] = json.loads(export.stdout)
    assert (doc["pain"], doc["symptoms"], doc["locations"]) == (3, ["burning"], ["heel"])


def test_cli_commands_never_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys, io\n"
        "from engine.cli import main\n"
        "db = sys.argv[1]\n"
        "for argv in (['log', 'add', '--pain', '2'], ['log', 'show'], ['log', 'export', '--format', 'csv'],\n"
        "             ['log', 'export'], ['db', 'check'], ['db', 'backups'], ['log', 'add', '--pain', 'x'],\n"
        "             ['--version'], ['check', '--answers', '/nonexistent']):\n"
        "    main(['--db', db, *argv], io.StringIO(), io.StringIO())\n"
        "assert 'textual' not in sys.modules and 'tui' not in sys.modules, 'textual imported'\n"
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
              exercises=(ExerciseDone(routine="gentle_mobility", exercise="nerve_glide", sets=2, seconds=30),)
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
    assert cli("--db", str(target), "log", "import", str(dump)) == (0, f"added {len(ODD_NOTES)}, updated 0, rejected 0\n", "")
    assert entries(target) == entries(source)
    assert cli("--db", str(target), "log", "export", "--format", fmt)[1] == exported
    assert cli("--db", str(target), "log", "import", str(dump))[1] == f"added 0, updated {len(ODD_NOTES)}, rejected 0\n"


def test_import_from_stdin_and_with_a_byte_order_mark(db: Path, monkeypatch) -> None:
    csv_text = "\ufeffdate,pain,note\n2026-11-01,3,from a spreadsheet\n"
    assert cli("--db", str(db), "log", "import", "-", stdin=csv_text, monkeypatch=monkeypatch)[0] == 0
    assert [(e.pain, e.note) for e in entries(db)] == [(3, "from a spreadsheet")]


def test_import_json_rejects_bad_entries_by_index_and_imports_the_rest(db: Path, tmp_path: Path) -> None:
    cli("--db", str(db), "log", "add", "--date", "2026-11-02", "--pain", "1")
    docs = [
        {"date": "2026-11-01", "pain": 3},
        {"date": "2026-11-02", "pain": 4, "note": "updated"},
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
    assert status == 2 and out == "added 2, updated 1, rejected 12\n"
    lines = err.splitlines()
    assert len(lines) == 12 and all(line.startswith(f"nervecheck: {source}: rejected entry ") for line in lines)
    for index, field in [(2, "field pain"), (3, "field pain"), (4, "field pain"), (5, "field date"),
                         (6, "field symptoms[0]"), (7, "field mood"), (8, "already appears at entry 0"),
                         (9, "(top level)"), (10, "field run.pace"), (11, "field date"), (12, "field date"),
                         (13, "field pain")]:
        assert any(f"rejected entry {index}: " in line and field in line for line in lines), (index, field)
    assert {e.date.isoformat(): e.pain for e in entries(db)} == {"2026-11-01": 3, "2026-11-02": 4, "2026-11-12": None}


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
    assert status == 2 and out == "added 3, updated 0, rejected 8\n"
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
    assert main(["--db", str(filled), "log", "export", "--format", "csv"], out, err) == 0
    assert "\x1b" not in out.getvalue() and "hill \u241b[2J reps" in out.getvalue()
    piped = cli("--db", str(filled), "log", "export", "--format", "csv")[1]
    assert "hill \x1b[2J reps" in piped  # a file or pipe gets the data exactly


def test_empty_db_flag_is_a_bad_argument(monkeypatch) -> None:
    status, out, err = cli("--db", "", "log", "show")
    assert status == 2 and err == "nervecheck: --db: the path is empty\n"
