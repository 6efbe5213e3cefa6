"""Issue 18: the demo database (``make demo``) follows the app's own rules, day by day,
judged by the engine: the routines' gate, the triage tree, the routines' doses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nervecheck.cli.demo import SESSION_TIME, write_demo
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.routines.plan import NO_EXERCISE, gate, load_routines
from nervecheck.engine.store.repository import open_store
from nervecheck.engine.store.schema import CheckRecord
from nervecheck.engine.triage.loading import evaluate


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    from tests.conftest import NOW

    clock = FixedClock(NOW)
    path = tmp_path_factory.mktemp("demo") / "nervecheck.json"
    write_demo(path, 120, clock)
    store = open_store(path, clock)
    return store.entries(), store.checks(), clock


def _latest(checks: list[CheckRecord], moment: dt.datetime) -> CheckRecord | None:
    made = [check for check in checks if check.time <= moment and not check.mistake]
    return max(made, key=lambda check: check.time) if made else None


def test_no_routine_is_logged_on_a_day_a_check_closed_it(demo) -> None:
    entries, checks, clock = demo
    for entry in entries:
        session = clock.at(entry.date, SESSION_TIME)
        end_of_day = clock.at(entry.date, dt.time(23, 59, 59))
        for routine_id in {done.routine for done in entry.exercises}:
            for moment in (session, end_of_day):  # the check before the session, and the day's last
                assert gate(_latest(checks, moment), session)[routine_id].open, (entry.date, routine_id)


def test_no_run_while_the_latest_check_says_no_workouts(demo) -> None:
    entries, checks, clock = demo
    for entry in entries:
        latest = _latest(checks, clock.at(entry.date, dt.time(6, 0)))
        if entry.run is not None and latest is not None:
            assert latest.disposition not in NO_EXERCISE, entry.date


def test_every_check_is_the_engines_outcome_of_that_days_entry(demo) -> None:
    entries, checks, clock = demo
    by_day = {entry.date: entry for entry in entries}
    for check in checks:
        answers = {step.id: step.answer for step in check.path}
        outcome = evaluate(answers)
        assert (outcome.disposition, outcome.leaf, outcome.nerve) == (check.disposition, check.leaf, check.nerve)
        entry = by_day[clock.local(check.time).date()]
        assert answers["symptom"] == (entry.symptoms[0] if entry.symptoms else "none")
        if "location" in answers and entry.locations:
            assert answers["location"] == entry.locations[0]


def test_each_day_is_consistent_and_doses_are_the_routines(demo) -> None:
    entries, _checks, _clock = demo
    book = load_routines()
    for entry in entries:
        assert bool(entry.symptoms) == bool(entry.locations), entry.date
        if entry.symptoms:
            assert entry.pain and entry.pain >= 1, entry.date
        exercised = entry.run is not None or bool(entry.exercises)
        assert (entry.pain_after_exercise is not None) == exercised, entry.date
        if entry.pain_after_exercise not in (None, "none"):
            assert entry.symptoms, entry.date
        for done in entry.exercises:
            exercise = book.get(done.routine).exercise(done.exercise)
            assert done.sets == exercise.sets
            assert done.reps == (None if exercise.kind == "timed" else exercise.reps)
            assert done.seconds == (exercise.duration_seconds if exercise.kind == "timed" else exercise.hold_seconds)


def test_the_demo_still_shows_every_kind_of_day(demo) -> None:
    entries, checks, _clock = demo
    assert len(entries) == 120 and len(checks) >= 12
    assert any(check.disposition in NO_EXERCISE for check in checks)  # a check that paused routines
    assert any(check.disposition == "keep_running" for check in checks)
    routines = {done.routine for entry in entries for done in entry.exercises}
    assert {"runner_strength", "gentle_mobility"} <= routines
    assert sum(entry.run is not None for entry in entries) > 30 and sum(bool(entry.symptoms) for entry in entries) > 10
    assert sum(bool(entry.note) for entry in entries) > 10


def test_make_demo_writes_the_database(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "demo-data" / "nervecheck.json"
    done = subprocess.run([sys.executable, "-m", "nervecheck.cli.demo", str(path), "--days", "30"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(open_store(path).entries()) == 30
