"""A realistic demo log: runs, symptom spells that come and go, notes, checks.

``python -m nervecheck.cli.demo PATH [--days N] [--checks N]`` writes a fresh database for
``make demo``; tests and benchmarks use :func:`build` with a fixed seed and end day.
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


def write_demo(path: Path, days: int, clock: Clock, checks: int = 12) -> None:
    """A fresh database at ``path`` (replacing any old demo file), ending on the
    clock's today."""
    from nervecheck.engine.store.repository import open_store

    path.unlink(missing_ok=True)
    store = open_store(path, clock)
    entries = build(days, clock.today())
    store.merge_entries(entries)
    for record in build_checks(entries, checks, clock):
        store.add_check(record)


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a demo NerveCheck database.")
    parser.add_argument("path", type=Path)
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--checks", type=int, default=12)
    args = parser.parse_args()
    from nervecheck.engine.clock import SystemClock

    write_demo(args.path, args.days, SystemClock(), args.checks)
    print(f"demo database with {args.days} days written to {args.path}")


if __name__ == "__main__":
    main()
