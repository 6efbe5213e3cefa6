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

Tests and benchmarks use the same generator: ``build_demo(days, clock, checks=N)`` makes
exactly ``N`` checks (the bench's 500 over ten years), the spells' checks and as many
evening checks on clear days as that takes, so every fixture follows the rules too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from nervecheck.engine.store.schema import CheckRecord, Entry, ExerciseDone, Run, check_record
from nervecheck.engine.vocab import FLAGS

if TYPE_CHECKING:
    from nervecheck.engine.clock import Clock

#: The seed of ``make demo`` and the tests' demo database: its last days show a spell that
#: started two days before, its check saying rest and treat and asking for another the next
#: day, with runs earlier in the week and more symptom days after load jumps.
DEMO_SEED = 1461
#: The spells of symptoms a runner has, each symptom with its place.
SPELLS = (
    (("burning",), ("heel",)),
    (("tingling",), ("toes",)),
    (("shooting_pain",), ("lower_back_leg",)),
    (("numbness",), ("outer_knee",)),
    (("cramping",), ("sole",)),
)


class _Draw(NamedTuple):
    """A day as drawn, before the day's checks decide what the runner does."""

    date: dt.date
    pain: int
    symptoms: tuple[str, ...]
    locations: tuple[str, ...]
    run: Run | None
    pain_after_exercise: str | None
    noted: bool


def _draws(days: int, end: dt.date, rng: random.Random) -> list[_Draw]:
    """``days`` days ending on ``end``: spells of symptoms that come and go, runs (long
    on Sundays), and which days get a note."""
    found, spell, spell_left = [], SPELLS[0], 0
    for offset in range(days - 1, -1, -1):
        day = end - dt.timedelta(days=offset)
        if spell_left == 0 and rng.random() < 0.05:
            spell, spell_left = rng.choice(SPELLS), rng.randint(3, 12)
        running = rng.random() < 0.6
        pain = rng.randint(2, 6) if spell_left else rng.choice((0, 0, 0, 1, 2))
        run = _run(rng, day.weekday() == 6) if running else None
        after = (rng.choice(("under_2h", "over_2h")) if spell_left else "none") if running else None
        found.append(_Draw(day, pain, spell[0] if spell_left else (), spell[1] if spell_left else (),
                           run, after, rng.random() < 0.25))
        spell_left = max(0, spell_left - 1)
    return found


def _run(rng: random.Random, long_day: bool) -> Run:
    km = rng.uniform(14, 22) if long_day else rng.uniform(4, 11)
    pace = rng.uniform(5.0, 6.4)
    return Run(distance_km=round(km, 1), duration_min=round(km * pace, 0))


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


def open_routines(day: dt.date, checks: list[CheckRecord], clock: Clock) -> frozenset[str]:
    """The routines the app's gate opens on ``day``: at the session (the check before it
    deciding) and under the day's latest check (its end, at the session time)."""
    from nervecheck.engine.routines.plan import gate

    session = clock.at(day, SESSION_TIME)
    at_session, at_end = (gate(latest_check(checks, moment), session)
                          for moment in (session, clock.at(day, dt.time(23, 59, 59))))
    return frozenset(rid for rid, door in at_session.items() if door.open and at_end[rid].open)


@cache
def _done(routine_id: str) -> tuple[ExerciseDone, ...]:
    """A routine done in full, each exercise at its own dose (as the player logs it)."""
    from nervecheck.engine.routines.plan import routine

    return tuple(ExerciseDone(routine=routine_id, exercise=item.id, sets=item.sets,
                              reps=None if item.kind == "timed" else item.reps,
                              seconds=item.duration_seconds if item.kind == "timed" else item.hold_seconds)
                 for item in routine(routine_id).exercises)


def build_demo(days: int, clock: Clock, seed: int = DEMO_SEED,
               checks: int | None = None) -> tuple[list[Entry], list[CheckRecord]]:
    """``days`` entries ending on the clock's today and the checks made on them,
    following the app's rules (see the module's docstring); the same for the same
    arguments.

    A check is made the day a spell starts and the day after it ends; on clear days,
    with ``checks`` unset, about one evening in three, else on just enough clear days
    (picked by the seed) for ``checks`` in all. :class:`ValueError` if the spells alone
    need more, or there are too few clear days.
    """
    from nervecheck.engine.routines.plan import NO_EXERCISE
    from nervecheck.engine.triage.loading import evaluate

    rng = random.Random(seed)
    draws = _draws(days, clock.today(), random.Random(seed))
    spell_checks = {index for index, draw in enumerate(draws)
                    if bool(draw.symptoms) != bool(index and draws[index - 1].symptoms)}
    evenings = None if checks is None else _evenings(draws, spell_checks, checks, seed)
    entries: list[Entry] = []
    made: list[CheckRecord] = []
    for index, draw in enumerate(draws):
        day = draw.date
        before = made[-1:]  # one check an evening, in order: the newest is the latest before today
        run = draw.run
        if before and before[0].disposition in NO_EXERCISE:
            run = None
        elif run is not None and before and before[0].disposition == "modify_training":
            run = Run(distance_km=round(max(2.0, run.distance_km / 2), 1), duration_min=round(run.duration_min / 2))
        wanted = [rid for rid, chance in ROUTINE_CHANCE.items()
                  if (run is not None or rid not in RUN_ROUTINES) and rng.random() < chance]
        if evenings is None:
            checks_today = index in spell_checks or (not draw.symptoms and rng.random() < 0.3)
        else:
            checks_today = index in spell_checks or index in evenings
        note = _note(draw, run, rng)
        time = clock.at(day, dt.time(CHECK_HOUR, rng.randint(0, 59)))
        check, done = None, wanted
        while True:  # drop what the check closes, until the check and the day agree
            allowed = open_routines(day, before + ([check] if check else []), clock)
            done = [rid for rid in done if rid in allowed]
            today = _day_entry(draw, run, done, note)
            if not checks_today:
                break
            check = check_record(evaluate(_answers(today, seed + index)), time)
            if set(done) <= open_routines(day, [*before, check], clock):
                break
        entries.append(today)
        if check is not None:
            made.append(check)
    return entries, made


def _evenings(draws: list[_Draw], spell_checks: set[int], checks: int, seed: int) -> set[int]:
    """The clear days (no spell starting or ending) that get a check, ``checks`` in all."""
    clear = [index for index, draw in enumerate(draws) if not draw.symptoms and index not in spell_checks]
    if not len(spell_checks) <= checks <= len(spell_checks) + len(clear):
        raise ValueError(f"{len(draws)} demo days make {len(spell_checks)} to "
                         f"{len(spell_checks) + len(clear)} checks, not {checks}")
    return set(random.Random(seed).sample(clear, checks - len(spell_checks)))


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


def _note(draw: _Draw, run: Run | None, rng: random.Random) -> str:
    """A note on the days drawn with one, chosen to fit the day it is on."""
    if not draw.noted:
        return ""
    if draw.symptoms:
        kind = draw.symptoms[0]
    elif run is None:
        kind = "rest"
    else:
        kind = "long" if run.distance_km >= 14 else "run"
    return rng.choice(DAY_NOTES[kind])


def _day_entry(draw: _Draw, run: Run | None, routines: list[str], note: str) -> Entry:
    exercises = tuple(item for rid in routines for item in _done(rid))
    exercised = run is not None or bool(exercises)
    if not exercised:
        pain_after = None
    elif draw.symptoms:
        pain_after = draw.pain_after_exercise or ("over_2h" if draw.pain >= 4 else "under_2h")
    else:
        pain_after = "none"
    return Entry(date=draw.date, pain=draw.pain, symptoms=draw.symptoms, locations=draw.locations, run=run,
                 pain_after_exercise=pain_after, exercises=exercises, note=note)


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
    """A fresh database at ``path`` (replacing any old demo file) from
    :func:`build_demo`, ending on the clock's today, with ``checks`` checks if given."""
    from nervecheck.engine.store.repository import open_store

    entries, records = build_demo(days, clock, checks=checks)
    path.unlink(missing_ok=True)
    store = open_store(path, clock)
    store.merge_entries(entries)
    for record in records:
        store.add_check(record)


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a demo NerveCheck database.")
    parser.add_argument("path", type=Path)
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--checks", type=int, default=None,
                        help="how many checks in all (default: as the runner's days call for)")
    args = parser.parse_args()
    from nervecheck.engine.clock import SystemClock

    try:
        write_demo(args.path, args.days, SystemClock(), args.checks)
    except ValueError as error:
        print(f"--checks: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    print(f"demo database with {args.days} days written to {args.path}")


if __name__ == "__main__":
    main()
