"""A realistic demo log: runs, symptom spells that come and go, notes, checks.

``python -m nervecheck.cli.demo PATH [--days N]`` writes a fresh database for ``make
demo`` with :func:`build_demo`, whose runner follows the app's own rules (issue 18):

* a check is done when a spell of symptoms starts, the day after it ends (the
  all-clear), and some evenings before strength work; each is walked through the real
  triage tree with that day's entry as the answers, so its outcome is the engine's;
* a routine is logged on a day only when :func:`nervecheck.engine.routines.plan.gate`
  opens it both at the session (18:00 local, the check before it deciding) and under
  the day's latest check: nothing is logged on a day a check paused it;
* no run while the latest check says no workouts (rest and treat, a clinician, help
  today, an emergency), shorter runs while it says modify training;
* symptoms always come with a place and some pain; pain after exercise only on a day
  with exercise; doses are the routines' own.

Tests and benchmarks use the plain generators :func:`build` and :func:`build_checks`
(fixed seed and end day), which follow none of these rules and stay as they were so
their fixtures do not move.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path
from typing import TYPE_CHECKING

from nervecheck.engine.store.schema import CheckRecord, Entry, ExerciseDone, Run, check_record
from nervecheck.engine.vocab import FLAGS

if TYPE_CHECKING:
    from nervecheck.engine.clock import Clock

NOTES = (
    "easy loop by the river", "new shoes, left heel burned after 5 km", "hills felt heavy",
    "long run, fuelled well", "tight calves all day", "tingling in toes after tempo",
    "skipped warm-up, regretted it", "rest day, walked the dog", "track session: 6 x 800 m",
    "slept badly", "physio says keep the mileage steady", "felt great, no niggles",
)
SPELLS = (
    (("burning",), ("heel",)),
    (("tingling",), ("toes",)),
    (("shooting_pain",), ("lower_back_leg",)),
    (("numbness",), ("outer_knee",)),
    (("cramping",), ("sole",)),
)


def _run(rng: random.Random, long_day: bool) -> Run:
    km = rng.uniform(14, 22) if long_day else rng.uniform(4, 11)
    pace = rng.uniform(5.0, 6.4)
    return Run(distance_km=round(km, 1), duration_min=round(km * pace, 0))


def _exercises(rng: random.Random) -> tuple[ExerciseDone, ...]:
    if rng.random() > 0.3:
        return ()
    names = ("goblet_squat", "single_leg_glute_bridge", "deadlift")
    return tuple(ExerciseDone(routine="runner_strength", exercise=n, sets=3, reps=10) for n in names)


def build(days: int, end: dt.date, seed: int = 7) -> list[Entry]:
    """``days`` daily entries ending on ``end``, with spells of symptoms."""
    rng = random.Random(seed)
    entries, spell, spell_left = [], None, 0
    for offset in range(days - 1, -1, -1):
        day = end - dt.timedelta(days=offset)
        if spell_left == 0 and rng.random() < 0.05:
            spell, spell_left = rng.choice(SPELLS), rng.randint(3, 12)
        running = rng.random() < 0.6
        pain = rng.randint(2, 6) if spell_left else rng.choice((0, 0, 0, 1, 2))
        entries.append(Entry(
            date=day, pain=pain,
            symptoms=spell[0] if spell_left else (), locations=spell[1] if spell_left else (),
            run=_run(rng, day.weekday() == 6) if running else None,
            pain_after_exercise=(rng.choice(("under_2h", "over_2h")) if spell_left else "none") if running else None,
            exercises=_exercises(rng),
            note=rng.choice(NOTES) if rng.random() < 0.25 else "",
        ))
        spell_left = max(0, spell_left - 1)
    return entries


def build_checks(entries: list[Entry], count: int, clock: Clock, seed: int = 11) -> list[CheckRecord]:
    """Saved checks on symptom days (and a few clear days), consistent with the rules,
    each made in the evening of its day, local time on ``clock``."""
    from nervecheck.engine.triage.loading import evaluate

    rng = random.Random(seed)
    days = [e for e in entries if e.symptoms] or entries
    picked = sorted(rng.sample(days, min(count, len(days))), key=lambda e: e.date)
    return [_check(entry, rng, evaluate, clock) for entry in picked]


def _check(entry: Entry, rng: random.Random, evaluate, clock: Clock) -> CheckRecord:
    answers = dict.fromkeys((*FLAGS, "after_trauma", "systemic_signs", "diabetes"), "no")
    answers.update(duration=rng.choice(("days", "days", "weeks")),
        symptom=entry.symptoms[0] if entry.symptoms else "none",
        location=entry.locations[0] if entry.locations else "other",
        pattern=rng.choice(("first_time", "first_time", "recurring")), area=rng.choice(("small", "large")),
        muscle_tightness=rng.choice(("yes", "no")), cleared_by_clinician=rng.choice(("yes", "no")),
        pain_after_exercise=entry.pain_after_exercise or "none",
    )
    outcome = evaluate(answers)
    time = clock.at(entry.date, dt.time(19, rng.randint(0, 59)))
    return check_record(outcome, time)


#: When the demo runner does a routine, and checks (local time).
SESSION_TIME, CHECK_HOUR = dt.time(18, 0), 19
#: The routines the demo runner does, with how often on a day they are open.
ROUTINE_CHANCE = {"runner_strength": 0.5, "gentle_mobility": 0.15, "low_impact_cardio": 0.1,
                  "pre_run_stretch": 0.2, "post_run_stretch": 0.2}
RUN_ROUTINES = ("pre_run_stretch", "post_run_stretch")


def latest_check(checks: list[CheckRecord], moment: dt.datetime) -> CheckRecord | None:
    """The newest check made at or before ``moment`` that is not marked a mistake."""
    made = [check for check in checks if check.time <= moment and not check.mistake]
    return max(made, key=lambda check: check.time) if made else None


def routine_allowed(routine_id: str, day: dt.date, checks: list[CheckRecord], clock: Clock) -> bool:
    """Whether the app's gate opens ``routine_id`` on ``day``: at the session (the check
    before it deciding) and under the day's latest check (its end, at the session time)."""
    from nervecheck.engine.routines.plan import gate

    session = clock.at(day, SESSION_TIME)
    end_of_day = clock.at(day, dt.time(23, 59, 59))
    return all(gate(latest_check(checks, moment), session)[routine_id].open for moment in (session, end_of_day))


def _done(routine_id: str) -> tuple[ExerciseDone, ...]:
    """A routine done in full, each exercise at its own dose (as the player logs it)."""
    from nervecheck.engine.routines.plan import routine

    return tuple(ExerciseDone(routine=routine_id, exercise=item.id, sets=item.sets,
                              reps=None if item.kind == "timed" else item.reps,
                              seconds=item.duration_seconds if item.kind == "timed" else item.hold_seconds)
                 for item in routine(routine_id).exercises)


def build_demo(days: int, clock: Clock, seed: int = 7) -> tuple[list[Entry], list[CheckRecord]]:
    """``days`` entries ending on the clock's today and the checks made on them,
    following the app's rules (see the module's docstring)."""
    from nervecheck.engine.routines.plan import NO_EXERCISE
    from nervecheck.engine.triage.loading import evaluate

    rng = random.Random(seed)
    raw = build(days, clock.today(), seed)
    entries: list[Entry] = []
    checks: list[CheckRecord] = []
    for index, entry in enumerate(raw):
        day = entry.date
        before = latest_check(checks, clock.at(day, dt.time(6, 0)))
        run = entry.run
        if before is not None and before.disposition in NO_EXERCISE:
            run = None
        elif run is not None and before is not None and before.disposition == "modify_training":
            run = Run(distance_km=round(max(2.0, run.distance_km / 2), 1), duration_min=round(run.duration_min / 2))
        wanted = [rid for rid, chance in ROUTINE_CHANCE.items()
                  if (run is not None or rid not in RUN_ROUTINES) and rng.random() < chance]
        ended = index > 0 and raw[index - 1].symptoms and not entry.symptoms
        started = entry.symptoms and (index == 0 or not raw[index - 1].symptoms)
        checks_today = started or ended or (not entry.symptoms and rng.random() < 0.3)
        entry = entry.model_copy(update={"note": _note(entry, run, rng)})
        check = None
        time = clock.at(day, dt.time(CHECK_HOUR, rng.randint(0, 59)))
        done = wanted
        while True:  # drop what the check closes, until the check and the day agree
            done = [rid for rid in done if routine_allowed(rid, day, checks + ([check] if check else []), clock)]
            today = _day_entry(entry, run, done)
            if not checks_today:
                break
            check = check_record(evaluate(_answers(today, seed + index)), time)
            if all(routine_allowed(rid, day, [*checks, check], clock) for rid in done):
                break
        entries.append(today)
        if check is not None:
            checks.append(check)
    return entries, checks


#: Notes that fit the day: a run, a long run, a rest day, and each spell's symptom.
DAY_NOTES = {
    "run": ("easy loop by the river", "hills felt heavy", "track session: 6 x 800 m", "felt great, no niggles",
            "skipped warm-up, regretted it", "new shoes, felt fine"),
    "long": ("long run, fuelled well",),
    "rest": ("rest day, walked the dog", "slept badly", "tight calves all day"),
    "burning": ("left heel burned after 5 km", "heel burning again in the evening"),
    "tingling": ("tingling in toes after tempo", "toes tingle in the new shoes"),
    "shooting_pain": ("shooting pain down the leg when sitting", "back and leg sharp after the drive"),
    "numbness": ("outer knee a bit numb", "numb patch below the knee"),
    "cramping": ("sole cramped in the evening", "foot cramp after standing all day"),
}


def _note(entry: Entry, run: Run | None, rng: random.Random) -> str:
    """A note where the raw day had one, chosen to fit the day it is on."""
    if not entry.note:
        return ""
    if entry.symptoms:
        kind = entry.symptoms[0]
    elif run is None:
        kind = "rest"
    else:
        kind = "long" if run.distance_km >= 14 else "run"
    return rng.choice(DAY_NOTES[kind])


def _day_entry(entry: Entry, run: Run | None, routines: list[str]) -> Entry:
    exercises = tuple(item for rid in routines for item in _done(rid))
    exercised = run is not None or bool(exercises)
    if not exercised:
        pain_after = None
    elif entry.symptoms:
        pain_after = entry.pain_after_exercise or ("over_2h" if (entry.pain or 0) >= 4 else "under_2h")
    else:
        pain_after = "none"
    return entry.model_copy(update={"run": run, "exercises": exercises, "pain_after_exercise": pain_after})


def _answers(entry: Entry, seed: int) -> dict[str, str]:
    """The check's answers from the day's entry (the same for the same day and seed)."""
    pick = random.Random(seed)
    answers = dict.fromkeys((*FLAGS, "after_trauma", "systemic_signs", "diabetes"), "no")
    answers.update(duration=pick.choice(("days", "days", "weeks")),
                   symptom=entry.symptoms[0] if entry.symptoms else "none",
                   location=entry.locations[0] if entry.locations else "other",
                   pattern=pick.choice(("first_time", "first_time", "recurring")),
                   area=pick.choice(("small", "large")), muscle_tightness=pick.choice(("yes", "no")),
                   cleared_by_clinician=pick.choice(("yes", "no")),
                   pain_after_exercise=entry.pain_after_exercise or "none")
    return answers


def write_demo(path: Path, days: int, clock: Clock, checks: int | None = None) -> None:
    """A fresh database at ``path`` (replacing any old demo file), ending on the
    clock's today, built by :func:`build_demo` (``checks`` is no longer used: the
    runner checks when the rules call for one)."""
    from nervecheck.engine.store.repository import open_store

    path.unlink(missing_ok=True)
    store = open_store(path, clock)
    entries, records = build_demo(days, clock)
    store.merge_entries(entries)
    for record in records:
        store.add_check(record)


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a demo NerveCheck database.")
    parser.add_argument("path", type=Path)
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--checks", type=int, default=None, help="ignored: the demo runner checks when the rules ask")
    args = parser.parse_args()
    from nervecheck.engine.clock import SystemClock

    write_demo(args.path, args.days, SystemClock())
    print(f"demo database with {args.days} days written to {args.path}")


if __name__ == "__main__":
    main()
