"""Routines: the content, its validation, check gating, weekly progress and the log merge."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

from nervecheck.engine.content_files import ContentError, content_path
from nervecheck.engine.store.schema import CheckRecord, Entry, ExerciseDone, Run
from tests.conftest import decided_by
from nervecheck.engine.routines.cardio import counted_line, session_seconds
from nervecheck.engine.routines.plan import (
    NEEDS_CHECK,
    NEEDS_NEW_CHECK,
    SourceId,
    contract_version,
    gate,
    load_routines,
    is_work,
    merge_into_entry,
    cardio_counted,
    progress_label,
    routine,
    week_progress,
)

ARTICLES = {"rw-nerve-damage", "jogger-foot", "neuropathy-exercise", "pinched-nerve", "sciatica-running"}
GUIDANCE = {"nhs-cauda-equina", "nice-sciatica", "stroke-tia", "nhs-dvt", "rhabdo", "nice-diabetic-foot",
            "nice-mscc", "spinal-infection", "bone-stress", "muscle-strain", "safety-netting"}
SOURCE_IDS = ARTICLES | GUIDANCE
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone.utc)

# Contract section 5, written out again here so the test does not trust nervecheck.engine.vocab.
CONTRACT_TABLE = {
    "emergency": set(),
    "urgent_today": set(),
    "see_clinician": set(),
    "rest_and_treat": set(),
    "modify_training": {"gentle_mobility", "low_impact_cardio"},
    "keep_running": {"runner_strength", "gentle_mobility", "low_impact_cardio"},
}
CONTRACT = {"runner_strength", "gentle_mobility", "low_impact_cardio"}
ALL_ROUTINES = list(load_routines().ids)
EXTRAS = [rid for rid in ALL_ROUTINES if rid not in CONTRACT]

# Our clinical choice for the routines outside the contract: the stretches serve running,
# which these dispositions stop; the shoe check (standing, toe taps, no exercise) waits
# only when the check sent the runner for help first. Written out so a content edit that
# loosens it fails here.
EXTRA_CLOSED_BY = {
    "shoe_fit_check": {"emergency", "urgent_today"},
    "pre_run_stretch": {"emergency", "urgent_today", "see_clinician", "rest_and_treat"},
    "post_run_stretch": {"emergency", "urgent_today", "see_clinician", "rest_and_treat"},
}
#: Contract section 5: after these no routine that involves exercise may open.
NO_EXERCISE = ("emergency", "urgent_today", "see_clinician", "rest_and_treat")
NOT_EXERCISE = {"shoe_fit_check"}

#: Contract v2 section 1a, written out: the red tier (and, for routines, chest pain or
#: faintness during exercise) must be in every routine's stop rules, the urgent tier in its notes.
RED_TIER = ("bladder_bowel", "saddle_numbness", "both_legs", "sudden_unresolved", "worsening_weakness",
            "stroke_signs", "chest_breathless", "dark_urine", "heat_illness", "cannot_bear_weight")
URGENT_TIER = ("calf_swelling", "fever_back_pain", "cancer_back_pain", "foot_wound", "hip_stress_pain")


def check(disposition: str, age: dt.timedelta = dt.timedelta(hours=1), contract: int = 2) -> CheckRecord:
    return decided_by(CheckRecord(time=NOW - age, path=(), disposition=disposition), contract)


# --- content -------------------------------------------------------------------------


def test_packaged_content_loads_and_is_cached():
    assert load_routines() is load_routines()
    assert {"runner_strength", "gentle_mobility", "low_impact_cardio", "shoe_fit_check",
            "pre_run_stretch", "post_run_stretch"} <= set(ALL_ROUTINES)


@pytest.mark.parametrize(
    ("routine_id", "exercises"),
    [
        ("runner_strength", {"goblet_squat", "single_leg_glute_bridge", "deadlift", "pistol_squat", "box_jump"}),
        ("gentle_mobility", {"glute_bridge", "knee_to_chest", "belly_to_spine", "pelvic_tilt", "side_leg_lift",
                             "ear_to_shoulder", "chin_to_pocket", "chin_tuck"}),
        ("low_impact_cardio", {"low_impact_session"}),
        ("shoe_fit_check", {"insole_test", "toe_tap_test"}),
    ],
)
def test_routines_have_the_named_exercises(routine_id, exercises):
    assert {exercise.id for exercise in routine(routine_id).exercises} == exercises


def test_only_routines_outside_the_contract_carry_a_gate():
    for item in load_routines().routines:
        assert (item.gate is None) == (item.id in CONTRACT), item.id


def test_extras_close_for_the_dispositions_we_chose():
    assert set(EXTRAS) == set(EXTRA_CLOSED_BY)
    for rid, closed_by in EXTRA_CLOSED_BY.items():
        rule = routine(rid).gate
        assert set(rule.closed_by) == closed_by
        assert rule.reason.endswith(".") and rule.unlock.startswith("a new check")


def test_weekly_targets_follow_the_sources():
    assert routine("runner_strength").weekly_target == 3
    assert routine("low_impact_cardio").weekly_target == 5
    assert routine("gentle_mobility").weekly_target == 5
    assert routine("shoe_fit_check").weekly_target is None


def test_every_routine_and_exercise_cites_real_sources():
    for item in load_routines().routines:
        assert item.sources and set(item.sources) <= SOURCE_IDS
        for exercise in item.exercises:
            assert exercise.sources and set(exercise.sources) <= SOURCE_IDS, exercise.id
            assert exercise.steps and exercise.stop_if


def test_source_ids_match_the_sources_file():
    from nervecheck.engine.triage.content import read_sources

    assert set(get_args(SourceId)) == SOURCE_IDS == read_sources().ids
    assert set(load_routines().stop_advice.sources) <= SOURCE_IDS


def test_each_contract_routine_cites_its_article():
    assert "rw-nerve-damage" in routine("runner_strength").sources
    assert "pinched-nerve" in routine("gentle_mobility").sources
    assert {"neuropathy-exercise", "sciatica-running"} <= set(routine("low_impact_cardio").sources)


def test_gentle_mobility_holds_about_five_seconds_for_five_to_ten_repeats():
    for exercise in routine("gentle_mobility").exercises:
        assert 5 <= (exercise.reps or 0) <= 10
        assert exercise.kind == "reps" or exercise.hold_seconds == 5


def test_cardio_is_one_twenty_minute_block_listing_the_choices():
    (session,) = routine("low_impact_cardio").exercises
    assert session.kind == "timed" and session.duration_seconds == 20 * 60
    steps = " ".join(session.steps).lower()
    for choice in ("swim", "cycl", "row", "brisk walk"):
        assert choice in steps


def test_pistol_squat_has_an_easier_version():
    assert any("box" in step.lower() for step in routine("runner_strength").exercise("pistol_squat").easier)


def test_shoe_check_gives_the_insole_gap_and_toe_taps():
    shoe = routine("shoe_fit_check")
    insole = " ".join(shoe.exercise("insole_test").steps)
    # rw-nerve-damage gives 1/2 to 3/4 inch: 1.27 to 1.91 cm.
    assert "half to three quarters of an inch (1.3 to 1.9 cm)" in insole
    assert "five or six" in " ".join(shoe.exercise("toe_tap_test").steps)


def _signs(lines) -> set[str]:
    return {sign for line in lines for sign in line.signs}


@pytest.mark.parametrize("routine_id", ALL_ROUTINES)
def test_every_routine_names_every_warning_sign_with_what_to_do(routine_id):
    """Contract section 5: red-tier signs and chest pain or faintness in the stop rules
    (go to an emergency department now), urgent-tier signs in the notes (help today)."""
    signs = load_routines().warning_signs(routine_id)
    assert _signs(signs.stop_rules) == {*RED_TIER, "chest_pain_or_faint"}
    assert _signs(signs.notes) == set(URGENT_TIER)
    stop = signs.stop_action.lower()
    assert "stop straight away" in stop and "emergency department" in stop
    assert "emergency number" in stop and "do not drive" in stop
    urgent = signs.urgent_action.lower()
    assert "no more exercise" in urgent and "today" in urgent and "111" in urgent
    assert "emergency department" in urgent  # if it gets worse while waiting


def test_every_warning_line_cites_the_guidance_it_relies_on():
    book = load_routines()
    expected = {
        "stroke_signs": "stroke-tia", "calf_swelling": "nhs-dvt", "dark_urine": "rhabdo",
        "bladder_bowel": "nhs-cauda-equina", "saddle_numbness": "nhs-cauda-equina",
        "both_legs": "nhs-cauda-equina", "worsening_weakness": "nice-sciatica", "foot_wound": "nice-diabetic-foot",
        "cancer_back_pain": "nice-mscc", "fever_back_pain": "spinal-infection", "hip_stress_pain": "bone-stress",
        "cannot_bear_weight": "bone-stress", "chest_breathless": "nhs-dvt",
    }
    for line in (*book.stop_rules.lines, *book.notes.lines):
        for sign in line.signs:
            if sign in expected:
                assert expected[sign] in line.sources, (sign, line.sources)


def test_stop_advice_names_the_signs_then_says_what_else_to_do():
    advice = load_routines().stop_advice
    assert "stop for today" in " ".join(advice.text).lower()
    otherwise = " ".join(advice.otherwise).lower()
    assert "symptom check" in otherwise and "rest" in otherwise


def test_walking_waits_for_a_clinician_not_for_symptoms_to_settle():
    """pinched-nerve: no workouts until a clinician approves; walking and gentle stretching then."""
    closed = gate(check("rest_and_treat"), NOW)["gentle_mobility"]
    assert "until a clinician approves" in closed.reason
    assert "settle" not in closed.reason + closed.unlock
    assert closed.unlock.startswith("a clinician's approval, then a new check")
    texts = json.dumps(json.loads(content_path("routines.json").read_text("utf-8"))).lower()
    assert "symptoms settle" not in texts


def test_engine_routines_imports_no_textual():
    code = "import sys, nervecheck.engine.routines.plan, nervecheck.engine.routines.session; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parents[1]).returncode == 0


# --- damaged content -------------------------------------------------------------------


def _damaged(tmp_path: Path, damage) -> Path:
    data = json.loads(content_path("routines.json").read_text("utf-8"))
    damage(data)
    (tmp_path / "routines.json").write_text(json.dumps(data), "utf-8")
    return tmp_path


def _ex(data, routine_index=0, exercise_index=0):
    return data["routines"][routine_index]["exercises"][exercise_index]


@pytest.mark.parametrize(
    ("damage", "field"),
    [
        (lambda d: _ex(d).pop("sets"), "routines[0].exercises[0].sets"),
        (lambda d: _ex(d).update(sources=["wikipedia"]), "routines[0].exercises[0].sources[0]"),
        (lambda d: _ex(d).update(id="Goblet Squat"), "routines[0].exercises[0].id"),
        (lambda d: _ex(d).update(duration_seconds=60), "routines[0].exercises[0]"),
        (lambda d: _ex(d, 1).update(per_side=True), "routines[1].exercises[0]"),
        (lambda d: _ex(d).update(colour="red"), "routines[0].exercises[0].colour"),
        (lambda d: d["routines"][0].update(weekly_target=9), "routines[0].weekly_target"),
        (lambda d: d["routines"][0].update(gate=d["routines"][3]["gate"]), "routines"),
        (lambda d: d["routines"][3].pop("gate"), "routines"),
        (lambda d: d["routines"][4]["gate"]["closed_by"].append("flu"), "routines[4].gate.closed_by[4]"),
        (lambda d: d["routines"][4]["gate"].update(closed_by=["see_clinician"]), "routines[4].gate.closed_by"),
        (lambda d: d["routines"][4]["gate"].update(closed_by=[]), "routines[4].gate.closed_by"),
        (lambda d: d["routines"][3]["gate"]["closed_by"].append("keep_running"), "routines[3].gate.closed_by"),
        (lambda d: d["routines"][3]["gate"]["closed_by"].append("emergency"), "routines[3].gate.closed_by"),
        (lambda d: d["routines"][5]["gate"].pop("reason"), "routines[5].gate.reason"),
        (lambda d: d["routines"][5]["gate"].update(unlock=""), "routines[5].gate.unlock"),
        (lambda d: d["routines"].pop(2), "routines"),
        (lambda d: d["routines"][0]["exercises"].append(_ex(d)), "routines[0].exercises"),
    ],
)
def test_damaged_file_names_file_and_field(tmp_path, damage, field):
    source_dir = _damaged(tmp_path, damage)
    with pytest.raises(ContentError) as raised:
        load_routines(source_dir)
    assert str(source_dir / "routines.json") in str(raised.value)
    assert f"field {field}" in str(raised.value)


def _without_sign(block: dict, sign: str) -> dict:
    """The block's lines with ``sign`` taken out, and any line left without a sign dropped."""
    block["lines"] = [dict(line, signs=[s for s in line["signs"] if s != sign]) for line in block["lines"]]
    block["lines"] = [line for line in block["lines"] if line["signs"]]
    return block


def _move_to_all_but_last(data: dict, block: str, sign: str) -> None:
    """Take ``sign``'s line out of the shared block and give it to every routine but the last."""
    (line,) = [line for line in data[block]["lines"] if sign in line["signs"]]
    _without_sign(data[block], sign)
    for item in data["routines"][:-1]:
        item[block] = [line]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: _without_sign(d["stop_rules"], "stroke_signs"), "its stop rules do not name stroke_signs"),
        (lambda d: _without_sign(d["stop_rules"], "chest_pain_or_faint"),
         "its stop rules do not name chest_pain_or_faint"),
        (lambda d: _without_sign(d["notes"], "foot_wound"), "its notes do not name foot_wound"),
        (lambda d: _move_to_all_but_last(d, "stop_rules", "heat_illness"),
         "routines[5] post_run_stretch: its stop rules do not name heat_illness"),
        (lambda d: _move_to_all_but_last(d, "notes", "calf_swelling"),
         "routines[5] post_run_stretch: its notes do not name calf_swelling"),
    ],
)
def test_a_routine_missing_a_warning_sign_is_refused(tmp_path, damage, message):
    with pytest.raises(ContentError, match=re.escape(message)):
        load_routines(_damaged(tmp_path, damage))


def test_a_sign_moved_into_each_routine_is_still_accepted(tmp_path):
    """Coverage is per routine: a line a routine carries itself counts for it."""
    def everywhere(data):
        _move_to_all_but_last(data, "stop_rules", "dark_urine")
        data["routines"][-1]["stop_rules"] = data["routines"][0]["stop_rules"]

    book = load_routines(_damaged(tmp_path, everywhere))
    assert all("dark_urine" in _signs(book.warning_signs(rid).stop_rules) for rid in book.ids)


@pytest.mark.parametrize(
    ("damage", "field"),
    [
        # An urgent sign listed with the stop-at-once ones (or the reverse) is in the wrong tier.
        (lambda d: d["stop_rules"]["lines"][0]["signs"].append("calf_swelling"), "stop_rules.lines[0].signs[2]"),
        (lambda d: d["notes"]["lines"][0]["signs"].append("stroke_signs"), "notes.lines[0].signs[1]"),
        (lambda d: d["stop_rules"]["lines"][1].update(signs=["stroke"]), "stop_rules.lines[1].signs[0]"),
        (lambda d: d["stop_rules"]["lines"][1].update(sources=[]), "stop_rules.lines[1].sources"),
        (lambda d: d["stop_rules"]["lines"][1].update(sources=["a-blog"]), "stop_rules.lines[1].sources[0]"),
        (lambda d: d["notes"].update(action=""), "notes.action"),
        (lambda d: d["stop_advice"].pop("otherwise"), "stop_advice.otherwise"),
        # The shoe check is no exercise; say it is, and it must close like any exercise.
        (lambda d: d["routines"][3]["gate"].update(exercise=True), "routines[3].gate"),
        (lambda d: d["routines"][3]["gate"].update(closed_by=["emergency"]), "routines[3].gate.closed_by"),
        (lambda d: d["routines"][4]["gate"]["closed_by"].remove("rest_and_treat"), "routines[4].gate"),
    ],
)
def test_damaged_warning_signs_name_the_field(tmp_path, damage, field):
    with pytest.raises(ContentError) as raised:
        load_routines(_damaged(tmp_path, damage))
    assert f"field {field}" in str(raised.value)


def test_file_that_is_not_json_names_the_line(tmp_path):
    (tmp_path / "routines.json").write_text('{"routines": [\n,]}', "utf-8")
    with pytest.raises(ContentError, match=r"routines.json: not valid JSON at line 2"):
        load_routines(tmp_path)


def test_missing_file_is_a_content_error(tmp_path):
    with pytest.raises(ContentError, match="cannot be read"):
        load_routines(tmp_path)


def test_unknown_routine_names_the_known_ones():
    with pytest.raises(KeyError, match="runner_strength"):
        routine("yoga")


# --- gating -------------------------------------------------------------------------------


def _opens(routine_id: str, disposition: str) -> bool:
    """Contract routines exactly per contract section 5; the others per their content."""
    if routine_id in CONTRACT:
        return routine_id in CONTRACT_TABLE[disposition]
    return disposition not in routine(routine_id).gate.closed_by


@pytest.mark.parametrize("disposition", list(CONTRACT_TABLE))
@pytest.mark.parametrize("routine_id", ALL_ROUTINES)
def test_fresh_check_gates_contract_routines_exactly_and_extras_by_content(disposition, routine_id):
    gates = gate(check(disposition), NOW)
    assert set(gates) == set(ALL_ROUTINES)
    expected = _opens(routine_id, disposition)
    assert gates[routine_id].open is expected
    if not expected:
        assert gates[routine_id].reason and gates[routine_id].unlock.startswith(("a ", "once"))
    extra = routine(routine_id).gate
    assert gates[routine_id].why == (extra.reason if extra and not expected else "")


def test_an_emergency_closes_every_routine():
    """The emergency result says no running, workouts or stretching until seen."""
    gates = gate(check("emergency"), NOW)
    assert not any(g.open for g in gates.values())
    assert all("red flag" in g.reason for g in gates.values())
    assert gates["pre_run_stretch"].unlock == (
        "a clinician's all-clear after emergency care, then a new check that says modify training or keep running"
    )
    assert gates["shoe_fit_check"].unlock == (
        "a clinician's all-clear after emergency care, then a new check with no red or urgent sign"
    )


@pytest.mark.parametrize("disposition", ["see_clinician", "rest_and_treat", "modify_training", "keep_running"])
def test_the_shoe_check_waits_only_when_the_check_sends_you_for_help_first(disposition):
    assert gate(check(disposition), NOW)["shoe_fit_check"].open


@pytest.mark.parametrize(
    ("disposition", "reason"),
    [
        ("emergency", "red flag"),
        ("urgent_today", "get medical help today"),
        ("see_clinician", "see a clinician"),
        ("rest_and_treat", "walking only: no workouts until a clinician approves"),
        ("modify_training", "modify training"),
    ],
)
def test_closed_reason_says_why(disposition, reason):
    assert reason in gate(check(disposition), NOW)["runner_strength"].reason


@pytest.mark.parametrize("disposition", NO_EXERCISE)
@pytest.mark.parametrize("routine_id", ALL_ROUTINES)
def test_no_exercise_routine_opens_when_the_contract_says_no_exercise(disposition, routine_id):
    """Contract section 5, from any check age; only the shoe check is not exercise."""
    for age in (dt.timedelta(hours=1), dt.timedelta(days=30)):
        door = gate(check(disposition, age), NOW)[routine_id]
        if routine_id not in NOT_EXERCISE:
            assert not door.open, (routine_id, disposition)


def test_get_help_today_closes_every_routine_and_says_so():
    gates = gate(check("urgent_today"), NOW)
    assert not any(g.open for g in gates.values())
    assert all("get medical help today" in g.reason for g in gates.values())
    assert gates["gentle_mobility"].unlock.startswith("a clinician's all-clear, then a new check")


@pytest.mark.parametrize(("contract", "strength_open"), [(1, False), (2, True)])
def test_a_version_1_check_asks_for_a_new_check_before_strength(contract, strength_open):
    """A version 1 check asked fewer warning signs: a new check comes before strength work,
    as after 24 hours; everything else gates as its disposition says."""
    gates = gate(check("keep_running", dt.timedelta(hours=1), contract), NOW)
    strength = gates["runner_strength"]
    assert strength.open is strength_open
    if not strength_open:
        assert strength.reason == NEEDS_NEW_CHECK and strength.reason.startswith("do a new check first")
        assert strength.asks_for_check and strength.unlock == "a new check that says keep running"
    assert all(gates[rid].open for rid in ALL_ROUTINES if rid != "runner_strength")


def test_a_version_1_check_still_closes_what_its_disposition_closes():
    gates = gate(check("see_clinician", contract=1), NOW)
    assert not any(gates[rid].open for rid in CONTRACT)
    assert gates["runner_strength"].reason == "paused: your last check said see a clinician"


def test_a_check_saved_without_a_version_is_version_1():
    from types import SimpleNamespace

    assert contract_version(SimpleNamespace(disposition="keep_running")) == 1
    assert contract_version(check("keep_running", contract=2)) == 2
    old = SimpleNamespace(time=NOW - dt.timedelta(hours=1), disposition="keep_running")
    assert gate(old, NOW)["runner_strength"].reason == NEEDS_NEW_CHECK


def test_a_stale_check_asks_for_a_check_whatever_its_version():
    for contract in (1, 2):
        door = gate(check("keep_running", dt.timedelta(days=2), contract), NOW)["runner_strength"]
        assert door.reason == NEEDS_CHECK and door.asks_for_check


def test_no_check_ever_locks_strength_only():
    gates = gate(None, NOW)
    assert gates["runner_strength"].open is False
    assert gates["runner_strength"].reason == NEEDS_CHECK
    assert gates["runner_strength"].unlock == "a new check that says keep running"
    assert all(g.open for rid, g in gates.items() if rid != "runner_strength")


@pytest.mark.parametrize(
    ("age", "strength_open"),
    [(dt.timedelta(hours=23), True), (dt.timedelta(days=1), True), (dt.timedelta(days=1, seconds=1), False)],
)
def test_strength_needs_a_check_from_the_last_day(age, strength_open):
    gates = gate(check("keep_running", age), NOW)
    assert gates["runner_strength"].open is strength_open
    assert gates["gentle_mobility"].open and gates["low_impact_cardio"].open


def test_stale_keep_running_asks_for_a_check():
    assert gate(check("keep_running", dt.timedelta(days=3)), NOW)["runner_strength"].reason == NEEDS_CHECK


@pytest.mark.parametrize("disposition", ["emergency", "see_clinician", "rest_and_treat"])
def test_a_closing_check_stays_closing_however_old(disposition):
    gates = gate(check(disposition, dt.timedelta(days=30)), NOW)
    assert not any(gates[rid].open for rid in CONTRACT)
    assert {rid for rid, g in gates.items() if g.open} == {
        rid for rid in EXTRAS if disposition not in routine(rid).gate.closed_by
    }


def test_old_modify_training_still_opens_gentle_work():
    gates = gate(check("modify_training", dt.timedelta(days=10)), NOW)
    assert gates["gentle_mobility"].open and gates["low_impact_cardio"].open
    assert not gates["runner_strength"].open
    assert "modify training" in gates["runner_strength"].reason


def test_unlock_names_the_dispositions_that_open_it():
    gates = gate(check("see_clinician"), NOW)
    assert gates["gentle_mobility"].unlock == (
        "a clinician's go-ahead, then a new check that says modify training or keep running"
    )
    assert gates["runner_strength"].unlock.endswith("a new check that says keep running")


def test_naive_times_are_compared_without_error():
    naive_check = decided_by(CheckRecord(time=dt.datetime(2026, 11, 25, 8, 0), path=(), disposition="keep_running"), 2)
    assert gate(naive_check, NOW)["runner_strength"].open


def test_a_naive_now_reads_as_wall_time_in_the_check_zone_not_the_machine_zone():
    """A check made at 08:00 in Auckland (+13:00) is still fresh at 07:00 Auckland wall
    time the next day and stale at 08:01, wherever the test machine is (read in UTC, the
    check would be 19:00 the day before, and stale by then)."""
    auckland = dt.timezone(dt.timedelta(hours=13))
    made = CheckRecord(time=dt.datetime(2026, 11, 21, 8, 0, tzinfo=auckland), path=(), disposition="keep_running",
                       contract=2)
    assert gate(made, dt.datetime(2026, 11, 22, 7, 0))["runner_strength"].open
    assert not gate(made, dt.datetime(2026, 11, 22, 8, 1))["runner_strength"].open


# --- weekly progress -----------------------------------------------------------------------


def _entry(day: dt.date, *routines: str) -> Entry:
    return Entry(date=day, exercises=tuple(ExerciseDone(routine=r, exercise=_first(r)) for r in routines))


def _first(routine_id: str) -> str:
    """A real exercise id of the routine: logged exercises must exist in content."""
    return routine(routine_id).exercises[0].id


MONDAY = dt.date(2026, 11, 23)
SUNDAY = MONDAY + dt.timedelta(days=6)


def test_week_edges_monday_to_sunday():
    assert MONDAY.weekday() == 0
    entries = [
        _entry(MONDAY - dt.timedelta(days=1), "runner_strength"),  # last week's Sunday
        _entry(MONDAY, "runner_strength", "runner_strength"),
        _entry(MONDAY + dt.timedelta(days=2), "gentle_mobility"),
        _entry(SUNDAY, "runner_strength"),
        _entry(SUNDAY + dt.timedelta(days=1), "runner_strength"),  # next week's Monday
    ]
    assert week_progress(entries, "runner_strength", MONDAY) == (2, 3)
    assert week_progress(entries, "runner_strength", SUNDAY) == (2, 3)
    assert week_progress(entries, "runner_strength", SUNDAY + dt.timedelta(days=1)) == (1, 3)
    assert week_progress(entries, "gentle_mobility", SUNDAY) == (1, 5)


def test_progress_label():
    entries = [_entry(MONDAY, "runner_strength"), _entry(MONDAY + dt.timedelta(days=1), "runner_strength")]
    assert progress_label(entries, "runner_strength", SUNDAY) == "strength 2 of 3"
    assert progress_label(iter(entries), "low_impact_cardio", SUNDAY) == "cardio 0 of 5"
    assert progress_label([_entry(MONDAY, "shoe_fit_check")], "shoe_fit_check", MONDAY) == "shoe check 1 this week"


def _activity(day: dt.date, sport: str, minutes: float | None, elapsed: float | None = None, hour: int = 7) -> dict:
    """A stored activity document (issue 16), as ``runs import`` writes it."""
    return {"start": f"{day.isoformat()}T{hour:02d}:00:00Z", "day": day.isoformat(), "sport": sport,
            "moving_s": None if minutes is None else minutes * 60, "elapsed_s": elapsed}


def test_imported_swims_rides_rows_and_walks_count_towards_cardio():
    """Issue 16: a low-impact session from the watch counts for its day as a logged
    cardio session does; a day counts once; a run, a short walk and last week do not."""
    tuesday, thursday = MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=3)
    imported = [_activity(tuesday, "ride", 45), _activity(tuesday, "swim", 30, hour=18),
                _activity(thursday, "row", None, elapsed=25 * 60), _activity(MONDAY, "walk", 19.5),
                _activity(MONDAY, "run", 50), _activity(MONDAY - dt.timedelta(days=1), "swim", 40),
                _activity(SUNDAY, "hike", None)]
    assert week_progress([], "low_impact_cardio", SUNDAY, imported=imported) == (2, 5)
    assert progress_label([_entry(tuesday, "low_impact_cardio"), _entry(SUNDAY, "low_impact_cardio")],
                          "low_impact_cardio", SUNDAY, imported=imported) == "cardio 3 of 5"
    assert week_progress([], "gentle_mobility", SUNDAY, imported=imported) == (0, 5)
    assert counted_line(cardio_counted(imported, SUNDAY)) == "ride Tue 45 min, swim Tue 30 min, row Thu 25 min"


def test_a_cardio_session_counts_from_the_routines_own_length():
    """The twenty minutes are the routine's, read from the content: exactly as long counts."""
    assert session_seconds(routine("low_impact_cardio")) == 20 * 60
    assert [done.minutes for done in cardio_counted([_activity(MONDAY, "walk", 20)], MONDAY)] == [20]
    assert cardio_counted([_activity(MONDAY, "walk", 19.9)], MONDAY) == ()


# --- the log --------------------------------------------------------------------------------

DONE = [ExerciseDone(routine="gentle_mobility", exercise="chin_tuck", sets=1, reps=10, seconds=5)]


def test_merge_keeps_every_other_field():
    earlier = ExerciseDone(routine="runner_strength", exercise="deadlift", sets=2, reps=10)
    entry = Entry(date=MONDAY, pain=3, symptoms=("burning",), locations=("heel",), run=Run(distance_km=5),
                  pain_after_exercise="under_2h", exercises=(earlier,), note="new shoes")
    merged = merge_into_entry(entry, MONDAY, DONE)
    assert merged.exercises == (earlier, *DONE)
    assert merged.model_dump(exclude={"exercises"}) == entry.model_dump(exclude={"exercises"})
    assert Entry.model_validate(merged.model_dump()) == merged


def test_merge_creates_the_day_entry():
    assert merge_into_entry(None, MONDAY, DONE) == Entry(date=MONDAY, exercises=tuple(DONE))


def test_merge_refuses_another_days_entry():
    with pytest.raises(ValueError, match="not"):
        merge_into_entry(Entry(date=SUNDAY), MONDAY, DONE)


# --- only work done counts ------------------------------------------------------------------

NOTHING = [
    ExerciseDone(routine="gentle_mobility", exercise="glute_bridge", sets=0, reps=10, seconds=5),
    ExerciseDone(routine="gentle_mobility", exercise="glute_bridge", sets=1, reps=0, seconds=5),
    ExerciseDone(routine="low_impact_cardio", exercise="low_impact_session", sets=1, seconds=0),
]


def test_is_work_needs_a_set_and_an_amount():
    assert [is_work(item) for item in NOTHING] == [False, False, False]
    by_hand = ExerciseDone(routine="gentle_mobility", exercise="glute_bridge")  # no amount given
    assert is_work(by_hand) and is_work(DONE[0])


def test_merge_leaves_out_lines_of_no_work():
    entry = Entry(date=MONDAY, pain=2)
    assert merge_into_entry(entry, MONDAY, NOTHING) == entry
    assert merge_into_entry(entry, MONDAY, [*NOTHING, *DONE]).exercises == tuple(DONE)


def test_a_day_of_no_work_does_not_count_towards_the_week():
    nothing = Entry(date=MONDAY, exercises=tuple(NOTHING))
    assert week_progress([nothing], "gentle_mobility", MONDAY) == (0, 5)
    assert week_progress([nothing], "low_impact_cardio", MONDAY) == (0, 5)
    assert progress_label([nothing, _entry(SUNDAY, "gentle_mobility")], "gentle_mobility", SUNDAY) == "mobility 1 of 5"
