"""Issue 18, the shell side of the log: ``log add --edit`` ($EDITOR), the flags that add
to, take from and clear a day's lists and fields, and ``log show`` with every field in
the runner's units."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.activities import new_shoe, start_text
from nervecheck.engine.store.entry_rules import NOTE_MAX
from nervecheck.engine.store.repository import open_store
from nervecheck.engine.store.schema import CheckRecord, Entry, ExerciseDone, PathStep, Run, Settings
from nervecheck.engine.vocab import LOCATIONS, SYMPTOMS
from tests.conftest import NOW, TODAY
from tests.test_cli import cli

ROOT = Path(__file__).resolve().parent.parent
YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli" / "nervecheck.json"


def _entry(db: Path, day: dt.date = TODAY) -> Entry:
    return open_store(db, FixedClock(NOW)).entry(day)


def _one_error_line(status: int, out: str, err: str, *words: str) -> None:
    assert (status, out) == (2, ""), err
    assert err.startswith("nervecheck: ") and err.count("\n") == 1 and "Traceback" not in err
    for word in words:
        assert word in err


# -- the editor ------------------------------------------------------------------------

FAKE_EDITOR = """#!{python}
import json, os, sys
path = sys.argv[-1]
with open(path, encoding="utf-8", newline="") as file:
    before = file.read()
with open(os.environ["FAKE_LOG"], "w", encoding="utf-8") as log:
    json.dump({{"path": path, "text": before, "mode": os.stat(path).st_mode & 0o777,
               "folder_mode": os.stat(os.path.dirname(path)).st_mode & 0o777}}, log)
write = os.environ.get("FAKE_WRITE")
if write is not None:
    kept = [line for line in before.splitlines(keepends=True) if line.startswith("# ")]
    with open(path, "wb") as file:
        file.write(write.encode("utf-8", "surrogateescape") + b"\\n" + "".join(kept).encode())
also = os.environ.get("FAKE_ALSO")  # another session's command, run while the editor is open
if also:
    import subprocess
    subprocess.run([sys.executable, "-m", "nervecheck", *json.loads(also)], check=True, capture_output=True)
sys.exit(int(os.environ.get("FAKE_STATUS", "0")))
"""


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$EDITOR is a small script that logs what it was given and writes FAKE_WRITE above
    the instruction lines; a terminal is there; temporary files go under tmp_path."""
    script = tmp_path / "fake-editor"
    script.write_text(FAKE_EDITOR.format(python=sys.executable), encoding="utf-8")
    script.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("FAKE_LOG", str(tmp_path / "editor-log.json"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    monkeypatch.setattr("nervecheck.cli.note_editor.has_terminal", lambda: True)
    return tmp_path / "editor-log.json"


def _edited(log: Path) -> dict:
    return json.loads(log.read_text(encoding="utf-8"))


def test_edit_opens_the_days_note_and_saves_what_was_written(db: Path, editor: Path, monkeypatch, tmp_path) -> None:
    cli("--db", str(db), "log", "add", "--pain", "2", "--note", "old note\n#2 of 3 kept")
    monkeypatch.setenv("FAKE_WRITE", "first line\n#3 of 6 intervals\n\n  indented, \"quoted\" [b]x[/b]\n\n")
    status, out, err = cli("--db", str(db), "log", "add", "--edit", "--pain", "4")
    assert (status, err) == (0, ""), err
    seen = _edited(editor)
    assert seen["text"].startswith("old note\n#2 of 3 kept\n")  # the note as stored, then the instructions
    assert "# NerveCheck: the note for" in seen["text"] and str(NOTE_MAX) in seen["text"]
    assert (seen["mode"], seen["folder_mode"]) == (0o600, 0o700)
    assert Path(seen["path"]).is_relative_to(tmp_path / "tmp")
    assert list((tmp_path / "tmp").iterdir()) == []  # removed afterwards
    entry = _entry(db)
    assert entry.note == "first line\n#3 of 6 intervals\n\n  indented, \"quoted\" [b]x[/b]"
    assert entry.pain == 4


def test_edit_prefers_visual_and_splits_its_words(db: Path, editor: Path, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {tmp_path / 'fake-editor'}")
    monkeypatch.setenv("FAKE_WRITE", "from visual")
    assert cli("--db", str(db), "log", "add", "--edit")[0] == 0
    assert _entry(db).note == "from visual"


def test_edit_that_empties_the_note_clears_it(db: Path, editor: Path, monkeypatch) -> None:
    cli("--db", str(db), "log", "add", "--note", "to go")
    monkeypatch.setenv("FAKE_WRITE", "")
    assert cli("--db", str(db), "log", "add", "--edit")[0] == 0
    assert _entry(db).note == ""


def test_edit_over_the_limit_saves_nothing_and_keeps_the_text(db: Path, editor: Path, monkeypatch, tmp_path) -> None:
    cli("--db", str(db), "log", "add", "--note", "kept")
    before = db.read_bytes()
    text = "x" * (NOTE_MAX + 5)
    monkeypatch.setenv("FAKE_WRITE", text)
    status, out, err = cli("--db", str(db), "log", "add", "--edit")
    _one_error_line(status, out, err, f"{NOTE_MAX + 5} characters", f"limit of {NOTE_MAX}", "nothing was saved")
    kept = Path(err.rsplit("kept in ", 1)[1].strip())
    assert kept.read_text(encoding="utf-8") == text and kept.stat().st_mode & 0o777 == 0o600
    assert db.read_bytes() == before


def test_an_editor_that_fails_saves_nothing(db: Path, editor: Path, monkeypatch, tmp_path) -> None:
    cli("--db", str(db), "log", "add", "--note", "kept")
    before = db.read_bytes()
    monkeypatch.setenv("FAKE_STATUS", "1")
    status, out, err = cli("--db", str(db), "log", "add", "--edit", "--pain", "3")
    _one_error_line(status, out, err, "exited with status 1", "nothing was saved")
    assert db.read_bytes() == before
    assert list((tmp_path / "tmp").iterdir()) == []  # nothing new was written: nothing to keep
    monkeypatch.setenv("FAKE_WRITE", "half a thought")
    status, out, err = cli("--db", str(db), "log", "add", "--edit")
    _one_error_line(status, out, err, "nothing was saved", "kept in")
    assert Path(err.rsplit("kept in ", 1)[1].strip()).read_text(encoding="utf-8") == "half a thought"
    assert db.read_bytes() == before


def test_a_note_changed_elsewhere_while_editing_is_not_overwritten(db: Path, editor: Path, monkeypatch) -> None:
    cli("--db", str(db), "log", "add", "--note", "first")
    monkeypatch.setenv("NERVECHECK_DB", str(db))
    monkeypatch.setenv("FAKE_ALSO", json.dumps(["log", "add", "--date", str(TODAY), "--note", "from the app"]))
    monkeypatch.setenv("FAKE_WRITE", "from the editor")
    status, out, err = cli("--db", str(db), "log", "add", "--edit")
    _one_error_line(status, out, err, "changed elsewhere", "nothing was saved", "kept in")
    assert _entry(db).note == "from the app"
    assert Path(err.rsplit("kept in ", 1)[1].strip()).read_text(encoding="utf-8") == "from the editor"


def test_edit_checks_the_other_flags_before_opening_the_editor(db: Path, editor: Path) -> None:
    status, out, err = cli("--db", str(db), "log", "add", "--edit", "--pain", "11")
    _one_error_line(status, out, err, "--pain")
    assert not editor.exists()


def test_edit_with_no_editor_or_no_terminal_is_one_line(db: Path, editor: Path, monkeypatch) -> None:
    monkeypatch.setenv("EDITOR", "no-such-editor-here")
    _one_error_line(*cli("--db", str(db), "log", "add", "--edit"), "no editor", "no-such-editor-here")
    monkeypatch.delenv("EDITOR")
    monkeypatch.setenv("PATH", "/nonexistent")
    _one_error_line(*cli("--db", str(db), "log", "add", "--edit"), "no editor", "'vi'", "$EDITOR")
    monkeypatch.setattr("nervecheck.cli.note_editor.has_terminal", lambda: False)
    _one_error_line(*cli("--db", str(db), "log", "add", "--edit"), "no terminal")
    _one_error_line(*cli("--db", str(db), "log", "add", "--edit", "--note", "x"), "--note and --edit")
    assert not db.exists()


def test_edit_from_cron_without_a_terminal_exits_2(tmp_path: Path) -> None:
    env = {**os.environ, "NERVECHECK_DB": str(tmp_path / "db.json"), "EDITOR": "true"}
    done = subprocess.run([sys.executable, "-m", "nervecheck", "log", "add", "--edit"], env=env, timeout=60,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "no terminal" in done.stderr


def test_edit_in_a_real_terminal(tmp_path: Path) -> None:
    """The whole path in a pseudo-terminal, as a runner types it."""
    script = tmp_path / "fake-editor"
    script.write_text(FAKE_EDITOR.format(python=sys.executable), encoding="utf-8")
    script.chmod(0o700)
    db = tmp_path / "db.json"
    env = {**os.environ, "NERVECHECK_DB": str(db), "EDITOR": str(script), "FAKE_LOG": str(tmp_path / "log.json"),
           "FAKE_WRITE": "written in a terminal\nsecond line", "TMPDIR": str(tmp_path)}
    env.pop("VISUAL", None)
    leader, follower = os.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "nervecheck", "log", "add", "--edit"], env=env, timeout=60,
                              stdin=follower, stdout=follower, stderr=subprocess.PIPE)
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 0, done.stderr
    assert open_store(db).entries()[0].note == "written in a terminal\nsecond line"


def test_note_from_file_keeps_the_runners_hash_lines() -> None:
    from nervecheck.cli.note_editor import instructions, note_from_file

    day = "2026-11-21"
    text = "a\r\n# mine\n" + "\n".join(instructions(day)) + "\n\n"
    assert note_from_file(text, day) == "a\r\n# mine"


# -- adding, removing, clearing --------------------------------------------------------


def test_symptom_replaces_the_list_and_says_what_it_replaced(db: Path) -> None:
    cli("--db", str(db), "log", "add", "--symptom", "burning", "--symptom", "tingling")
    status, out, err = cli("--db", str(db), "log", "add", "--symptom", "numbness")
    assert status == 0 and err.count("\n") == 1
    assert "--symptom replaced" in err and "burning, tingling" in err and "--add-symptom" in err
    assert _entry(db).symptoms == ("numbness",)
    assert cli("--db", str(db), "log", "add", "--symptom", "numbness")[2] == ""  # the same list: nothing to say


def test_add_and_remove_symptoms_and_locations(db: Path) -> None:
    cli("--db", str(db), "log", "add", "--symptom", "burning", "--location", "heel")
    status, _out, err = cli("--db", str(db), "log", "add", "--add-symptom", "tingling", "--add-symptom", "burning",
                            "--add-location", "toes", "--remove-location", "heel")
    assert (status, err) == (0, "")
    entry = _entry(db)
    assert (entry.symptoms, entry.locations) == (("burning", "tingling"), ("toes",))
    status, _out, err = cli("--db", str(db), "log", "add", "--remove-symptom", "burning",
                            "--remove-symptom", "cramping")
    assert status == 0 and "cramping: not among" in err
    assert _entry(db).symptoms == ("tingling",)


def test_clear_empties_each_field_and_keeps_the_rest(db: Path) -> None:
    cli("--db", str(db), "log", "add", "--pain", "3", "--symptom", "burning", "--location", "heel", "--run-km", "5",
        "--run-min", "30", "--pain-after", "under_2h", "--note", "n", "--add-exercise", "gentle_mobility:glute_bridge")
    for word, field, empty in (("pain", "pain", None), ("symptoms", "symptoms", ()), ("locations", "locations", ()),
                               ("run", "run", None), ("pain-after", "pain_after_exercise", None),
                               ("exercises", "exercises", ()), ("note", "note", "")):
        before = _entry(db)
        assert cli("--db", str(db), "log", "add", "--clear", word)[0] == 0
        after = _entry(db)
        assert getattr(after, field) == empty and getattr(before, field) != empty
        others = [name for name in ("pain", "symptoms", "locations", "run", "pain_after_exercise", "exercises", "note")
                  if name != field]
        assert all(getattr(after, name) == getattr(before, name) for name in others)


def test_add_exercise_takes_the_routines_dose_unless_given(db: Path) -> None:
    cli("--db", str(db), "log", "add", "--add-exercise", "runner_strength:goblet_squat",
        "--add-exercise", "gentle_mobility:glute_bridge", "--add-exercise", "low_impact_cardio:low_impact_session",
        "--add-exercise", "runner_strength:deadlift:3:8")
    assert _entry(db).exercises == (
        ExerciseDone(routine="runner_strength", exercise="goblet_squat", sets=2, reps=10),
        ExerciseDone(routine="gentle_mobility", exercise="glute_bridge", sets=1, reps=10, seconds=5),
        ExerciseDone(routine="low_impact_cardio", exercise="low_impact_session", sets=1, seconds=1200),
        ExerciseDone(routine="runner_strength", exercise="deadlift", sets=3, reps=8),
    )
    cli("--db", str(db), "log", "add", "--remove-exercise", "runner_strength")
    assert [done.routine for done in _entry(db).exercises] == ["gentle_mobility", "low_impact_cardio"]
    cli("--db", str(db), "log", "add", "--remove-exercise", "gentle_mobility:glute_bridge")
    assert [done.exercise for done in _entry(db).exercises] == ["low_impact_session"]


BAD_FLAGS = {
    "add unknown symptom": (["--add-symptom", "itch"], ["'itch'", ", ".join(SYMPTOMS)]),
    "remove unknown symptom": (["--remove-symptom", "itch"], ["--remove-symptom", ", ".join(SYMPTOMS)]),
    "add unknown location": (["--add-location", "knee"], ["'knee'", ", ".join(LOCATIONS)]),
    "remove unknown location": (["--remove-location", "knee"], ["--remove-location", ", ".join(LOCATIONS)]),
    "unknown routine": (["--add-exercise", "yoga:cat"], ["'yoga'", "runner_strength"]),
    "unknown exercise": (["--add-exercise", "runner_strength:curl"], ["'curl'", "goblet_squat"]),
    "no exercise named": (["--add-exercise", "runner_strength"], ["ROUTINE:EXERCISE", "goblet_squat"]),
    "bad sets": (["--add-exercise", "runner_strength:deadlift:two"], ["sets 'two'"]),
    "sets too high": (["--add-exercise", "runner_strength:deadlift:500"], ["sets 500"]),
    "too many parts": (["--add-exercise", "a:b:1:2:3:4"], ["too many parts"]),
    "remove unknown routine": (["--remove-exercise", "yoga"], ["'yoga'"]),
    "clear unknown field": (["--clear", "mood"], ["--clear", "'mood'", "pain-after"]),
    "clear and set": (["--clear", "symptoms", "--add-symptom", "burning"], ["--clear symptoms", "--add-symptom"]),
    "clear note and edit": (["--clear", "note", "--edit"], ["--clear note", "--edit"]),
    "clear run and distance": (["--clear", "run", "--run-km", "5"], ["--clear run", "--run-km"]),
    "set and add": (["--symptom", "burning", "--add-symptom", "tingling"], ["--symptom sets", "--add-symptom"]),
    "add and remove the same": (["--add-location", "heel", "--remove-location", "heel"], ["both name 'heel'"]),
}


@pytest.mark.parametrize("argv, words", BAD_FLAGS.values(), ids=BAD_FLAGS.keys())
def test_bad_list_flags_are_one_line_exit_2_and_change_nothing(db: Path, argv, words) -> None:
    cli("--db", str(db), "log", "add", "--pain", "2", "--symptom", "burning", "--location", "heel")
    before = db.read_bytes()
    _one_error_line(*cli("--db", str(db), "log", "add", *argv), *words)
    assert db.read_bytes() == before


def test_help_and_completion_know_the_new_flags() -> None:
    from nervecheck.cli.completion import script

    help_text = cli("log", "add", "--help")[1]
    for flag in ("--add-symptom", "--remove-symptom", "--add-location", "--remove-location", "--add-exercise",
                 "--remove-exercise", "--clear", "--edit", "pain-after", "runner_strength", "post_run_stretch"):
        assert flag in help_text
    bash = script("bash")
    assert "--add-symptom" in bash and "--clear" in bash and "pain-after" in bash


# -- log show --------------------------------------------------------------------------


@pytest.fixture
def full_day(db: Path) -> Path:
    store = open_store(db, FixedClock(NOW))
    store.merge_entries([Entry(
        date=YESTERDAY, pain=4, symptoms=("burning",), locations=("heel",), run=Run(distance_km=8.0, duration_min=45),
        pain_after_exercise="under_2h", note="line one \x1b[2J\n  line two [b]x[/b]",
        exercises=(ExerciseDone(routine="gentle_mobility", exercise="glute_bridge", sets=1, reps=10, seconds=5),
                   ExerciseDone(routine="low_impact_cardio", exercise="low_impact_session", sets=1, seconds=1200)))])
    store.add_check(CheckRecord(time=NOW - dt.timedelta(days=1), path=(PathStep(id="symptom", answer="burning"),),
                                disposition="rest_and_treat", nerve="tibial", contract=2))
    store.add_check(CheckRecord(time=NOW - dt.timedelta(days=1, hours=1), path=(PathStep(id="symptom", answer="none"),),
                                disposition="keep_running", contract=2, mistake=True))
    activity = {"start": start_text(NOW - dt.timedelta(days=1, hours=2)), "day": YESTERDAY.isoformat(),
                "sport": "run", "sport_raw": "running", "distance_km": 10.0, "moving_s": 3000.0, "elapsed_s": 3100.0,
                "elevation_gain_m": None, "avg_hr": None, "shoe": "Pegasus \x1b]0;x\x07 40", "source": "test",
                "external_id": None, "name": None, "from_index": False}
    store.change_runs(lambda acts, shoes: ({1: activity}, {1: new_shoe("Pegasus \x1b]0;x\x07 40", YESTERDAY)}, None))
    return db


def test_show_prints_every_field_of_the_day(full_day: Path) -> None:
    status, out, err = cli("--db", str(full_day), "log", "show")
    assert (status, err) == (0, "")
    assert out.splitlines()[0] == (f"{YESTERDAY}  pain 4, burning, at heel, "
                                   "run 10 km in 50 min (imported runs count; typed 8 km in 45 min kept)")
    body = out.replace(" " * 12, "")
    assert "pain after exercise: under 2 hours" in body
    assert "exercises: Gentle mobility: glute bridge 10 x 5 s" in body
    assert "exercises: Low-impact cardio: low impact session 20 min" in body
    assert "imported: " in body and "run 10 km 50 min, shoe Pegasus \u241b]0;x\u2407 40" in body
    assert "Rest and treat, tibial" in body and "Keep running (entered by mistake)" in body
    assert "note: line one \u241b[2J\n" in body and "\n        line two [b]x[/b]" in body
    assert "\x1b" not in out and "\x07" not in out


def test_show_honours_miles(full_day: Path) -> None:
    open_store(full_day, FixedClock(NOW)).save_settings(Settings(units="mi"))
    out = cli("--db", str(full_day), "log", "show")[1]
    assert "run 6.21 mi in 50 min (imported runs count; typed 4.97 mi in 45 min kept)" in out
    assert "run 6.21 mi 50 min" in out and " km" not in out


def test_show_reads_neither_pydantic_nor_textual_with_checks(full_day: Path) -> None:
    from tests.test_cli_imports import _modules_after

    modules = _modules_after(["--db", str(full_day), "log", "show"], full_day)
    assert not [m for m in modules if m.split(".")[0] in ("pydantic", "pydantic_core", "textual", "rich")]
