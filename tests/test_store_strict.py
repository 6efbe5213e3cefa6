"""Strict data: the same rules in the model (what the TUI saves), ``log add`` and ``log import``.

Pain is a whole number 0-10 (never ``"7"``, ``true`` or ``7.5``), dates are real ISO
days, symptom and location ids come from the triage contract.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from nervecheck.cli import main
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.log.exchange import parse_csv, parse_json
from nervecheck.engine.store.schema import Entry, parse_day
from nervecheck.engine.vocab import LOCATIONS, SYMPTOMS
from tests.conftest import NOW

BAD_PAIN = ["7", True, False, 7.5, 7.0, -1, 11, 10**30, "", "seven", [7], {"v": 7}]
GOOD_PAIN = [0, 5, 10, None]
BAD_DAYS = ["2026-02-30", "2026-13-01", "2026-00-10", "0000-01-01", "20261121", "2026-11-21T10:00:00",
            "2026-11-21 10:00", "2026-W47-6", "2026-325", "21/11/2026", "2026-1-2", " 2026-11-21",
            "2026-11-21\n", "\uff12\uff10\uff12\uff16-11-21", "", 20261121, None]
BAD_SYMPTOMS = [["none"], ["itch"], ["Burning"], [""], "burning", [1]]
BAD_LOCATIONS = [["knee"], ["HEEL"], "heel", [None]]


@pytest.mark.parametrize("pain", BAD_PAIN, ids=repr)
def test_model_refuses_pain(pain) -> None:
    with pytest.raises(ValidationError):
        Entry.model_validate({"date": "2026-11-20", "pain": pain})


@pytest.mark.parametrize("pain", GOOD_PAIN)
def test_model_accepts_pain(pain) -> None:
    assert Entry.model_validate({"date": "2026-11-20", "pain": pain}).pain == pain


@pytest.mark.parametrize("day", BAD_DAYS, ids=repr)
def test_model_refuses_day(day) -> None:
    with pytest.raises(ValidationError, match="date"):
        Entry.model_validate({"date": day})


def test_model_refuses_a_datetime_object_for_the_day() -> None:
    with pytest.raises(ValidationError):
        Entry(date=dt.datetime(2026, 11, 21, 10))
    assert parse_day(dt.date(2024, 2, 29)) == dt.date(2024, 2, 29)
    assert parse_day("2024-02-29") == dt.date(2024, 2, 29)  # a real leap day


@pytest.mark.parametrize("symptoms", BAD_SYMPTOMS, ids=repr)
def test_model_refuses_symptoms(symptoms) -> None:
    with pytest.raises(ValidationError, match="symptoms"):
        Entry.model_validate({"date": "2026-11-20", "symptoms": symptoms})


@pytest.mark.parametrize("locations", BAD_LOCATIONS, ids=repr)
def test_model_refuses_locations(locations) -> None:
    with pytest.raises(ValidationError, match="locations"):
        Entry.model_validate({"date": "2026-11-20", "locations": locations})


def test_model_accepts_every_contract_id() -> None:
    entry = Entry.model_validate({"date": "2026-11-20", "symptoms": list(SYMPTOMS), "locations": list(LOCATIONS)})
    assert entry.symptoms == SYMPTOMS and entry.locations == LOCATIONS


@pytest.mark.parametrize("doc", [
    {"date": "2026-11-20", "mood": "ok"},
    {"date": "2026-11-20", "run": {"distance_km": "5"}},
    {"date": "2026-11-20", "run": {"distance_km": True}},
    {"date": "2026-11-20", "run": {"distance_km": 5, "duration_min": "30"}},
    {"date": "2026-11-20", "pain_after_exercise": "later"},
    {"date": "2026-11-20", "note": 42},
    {"date": "2026-11-20", "note": "x" * 2001},
    {"date": "2026-11-20", "exercises": [{"routine": "Runner Strength", "exercise": "squat"}]},
    {"date": "2026-11-20", "exercises": [{"routine": "runner_strength", "exercise": "squat", "sets": 2.5}]},
], ids=repr)
def test_model_refuses_other_bad_values(doc) -> None:
    with pytest.raises(ValidationError):
        Entry.model_validate(doc)


def cli_add(db: Path, *argv: str) -> int:
    return main(["--db", str(db), "log", "add", "--date", "2026-11-20", *argv], io.StringIO(), io.StringIO(),
                clock=FixedClock(NOW))


@pytest.mark.parametrize("text", ["7", "0", "10"])
def test_log_add_accepts_whole_pain(tmp_path: Path, text) -> None:
    assert cli_add(tmp_path / "n.json", "--pain", text) == 0


@pytest.mark.parametrize("text", ["true", "7.5", "-1", "11", "seven", "0x7", "+", "1e1"])
def test_log_add_refuses_pain(tmp_path: Path, text) -> None:
    assert cli_add(tmp_path / "n.json", "--pain", text) == 2


@pytest.mark.parametrize("day", [d for d in BAD_DAYS if isinstance(d, str) and d])
def test_log_add_refuses_day(tmp_path: Path, day) -> None:
    assert main(["--db", str(tmp_path / "n.json"), "log", "add", "--date", day], io.StringIO(), io.StringIO(),
                clock=FixedClock(NOW)) == 2


@pytest.mark.parametrize("pain", [p for p in BAD_PAIN if not isinstance(p, str) or p != ""], ids=repr)
def test_json_import_refuses_pain(pain) -> None:
    result = parse_json(json.dumps([{"date": "2026-11-20", "pain": pain}]))
    assert result.entries == [] and result.rejected[0].startswith("entry 0: field pain")


@pytest.mark.parametrize("day", BAD_DAYS, ids=repr)
def test_json_import_refuses_day(day) -> None:
    result = parse_json(json.dumps([{"date": day}]))
    assert result.entries == [] and result.rejected[0].startswith("entry 0: field date")


def csv_row(**cells: str) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["date", "pain", "symptoms", "locations"], lineterminator="\n")
    writer.writeheader()
    writer.writerow({"date": "2026-11-20", **cells})
    return out.getvalue()


@pytest.mark.parametrize("pain", ["7.5", "true", "-1", "11", "seven", "1_0", "\u0663", " 7", "7.0"])
def test_csv_import_refuses_pain(pain) -> None:
    result = parse_csv(csv_row(pain=pain))
    assert result.entries == [] and "field pain" in result.rejected[0]


@pytest.mark.parametrize("day", [d for d in BAD_DAYS if isinstance(d, str) and "\n" not in d and d])
def test_csv_import_refuses_day(day) -> None:
    result = parse_csv(csv_row(date=day))
    assert result.entries == [] and "field date" in result.rejected[0]


@pytest.mark.parametrize("cells", [{"symptoms": "itch"}, {"symptoms": "none"}, {"locations": "knee"},
                                   {"symptoms": "burning;Tingling"}])
def test_csv_import_refuses_unknown_ids(cells) -> None:
    result = parse_csv(csv_row(**cells))
    assert result.entries == [] and "field" in result.rejected[0]


def test_csv_import_accepts_a_good_row() -> None:
    result = parse_csv(csv_row(pain="7", symptoms="burning;tingling", locations="heel"))
    assert result.rejected == []
    assert result.entries[0].symptoms == ("burning", "tingling")


# -- runs are more than 0 km, exercises name real routines: the same rule in every door ----

ZERO_RUNS = [{"distance_km": 0}, {"distance_km": 0.0}, {"distance_km": -0.0}, {"distance_km": 0, "duration_min": 0},
             {"distance_km": -1}]
BAD_EXERCISES = [{"routine": "nope", "exercise": "x", "sets": 1},
                 {"routine": "runner_strength", "exercise": "x", "sets": 1},
                 {"routine": "runner_strength", "exercise": "chin_tuck", "sets": 1},  # another routine's exercise
                 {"routine": "gentle_mobility", "exercise": "goblet_squat", "sets": 1}]


@pytest.mark.parametrize("run", ZERO_RUNS, ids=repr)
def test_model_refuses_a_run_of_no_distance(run) -> None:
    with pytest.raises(ValidationError, match="distance_km"):
        Entry.model_validate({"date": "2026-11-20", "run": run})


@pytest.mark.parametrize("run", ZERO_RUNS, ids=repr)
def test_json_import_refuses_a_run_of_no_distance(run) -> None:
    result = parse_json(json.dumps([{"date": "2026-11-20", "run": run}]))
    assert result.entries == [] and result.rejected[0].startswith("entry 0: field run.distance_km")


@pytest.mark.parametrize("km", ["0", "0.0", "-0", "-3"])
def test_log_add_refuses_a_run_of_no_distance_naming_the_flag(tmp_path: Path, km) -> None:
    err = io.StringIO()
    status = main(["--db", str(tmp_path / "n.json"), "log", "add", "--date", "2026-11-20", "--run-km", km],
                  io.StringIO(), err, clock=FixedClock(NOW))
    assert status == 2 and err.getvalue().startswith("nervecheck: --run-km: must be more than 0")


@pytest.mark.parametrize("done", BAD_EXERCISES, ids=repr)
def test_model_and_import_refuse_unknown_routines_and_exercises(done) -> None:
    with pytest.raises(ValidationError, match="unknown (routine|exercise)"):
        Entry.model_validate({"date": "2026-11-20", "exercises": [done]})
    result = parse_json(json.dumps([{"date": "2026-11-20", "exercises": [done]}]))
    assert result.entries == [] and result.rejected[0].startswith("entry 0: field exercises[0].")


def test_every_exercise_the_player_can_log_is_accepted() -> None:
    from nervecheck.engine.routines.plan import load_routines

    for routine in load_routines().routines:
        for exercise in routine.exercises:
            Entry.model_validate({"date": "2026-11-20", "exercises": [
                {"routine": routine.id, "exercise": exercise.id, "sets": 1}]})


def test_a_stored_zero_run_or_unknown_exercise_is_named_by_db_check(tmp_path: Path) -> None:
    db = tmp_path / "n.json"
    assert cli_add(db, "--pain", "1") == 0
    data = json.loads(db.read_text("utf-8"))
    [key] = data["entries"]
    data["entries"][key]["run"] = {"distance_km": 0, "duration_min": 30}
    data["entries"][key]["exercises"] = [{"routine": "nope", "exercise": "x", "sets": 1}]
    db.write_text(json.dumps(data), "utf-8")
    out = io.StringIO()
    assert main(["--db", str(db), "db", "check"], out, io.StringIO(), clock=FixedClock(NOW)) == 1
    assert "entry 2026-11-20, field run.distance_km" in out.getvalue()
    assert "entry 2026-11-20, field exercises[0].routine: unknown routine 'nope'" in out.getvalue()
