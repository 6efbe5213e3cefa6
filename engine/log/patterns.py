"""Patterns the daily log reveals: recurring symptoms, training load, distance jumps.

Three rules, each with a sentence a runner can read:

- **recurring**: the same nerve symptom on 3 or more of the last 14 days (today and
  the 13 days before). The symptom check then suggests ``pattern`` = ``recurring``,
  and the home screen says a clinician should look at it.
- **training load**: pain that lasted over two hours after exercise
  (``pain_after_exercise`` = ``over_2h``) on 2 or more of the last 7 runs. Only runs
  of the last :data:`RUN_LOOKBACK_DAYS` days count, so a bad spell from last year does
  not flag today.
- **distance jump**: a week's distance (Monday to Sunday) more than 10% above the
  week before, in a week with nerve symptoms. The week before must have some distance:
  there is no percentage to take from nothing, and it must be a *full* week
  (:mod:`.load`: logging had started by its Monday), so a new runner's partly logged
  first week is never the base of a jump. This week (so far) and last week are checked,
  so a jump stays visible for the week after it happened; a week in progress can only
  grow, so a jump it already shows is a real one.

The functions take the entries (any order, any span) and the day to judge from; they
never read the clock or the store, so tests can pin every edge.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from nervecheck.engine.log.load import partial_reason, week_start
from nervecheck.engine.vocab import NERVE_SYMPTOMS, SYMPTOMS, label

if TYPE_CHECKING:  # patterns read any entry-like object: models or the store's light views
    from nervecheck.engine.store.schema import Entry

RECURRING_WINDOW_DAYS = 14
RECURRING_MIN_DAYS = 3
RUNS_CONSIDERED = 7
OVER_2H_MIN_RUNS = 2
RUN_LOOKBACK_DAYS = 60
JUMP_PERCENT = 10


class Recurring(NamedTuple):
    """A nerve symptom seen on ``days`` of the last 14 days."""

    symptom: str
    days: int

    @property
    def why(self) -> str:
        return f"{label(self.symptom)} on {self.days} of the last {RECURRING_WINDOW_DAYS} days"

    @property
    def explanation(self) -> str:
        return (f"Recurring: {self.why}. A symptom that keeps coming back should be "
                "looked at by a clinician.")


class TrainingLoad(NamedTuple):
    """Pain lasting over two hours after ``over_2h`` of the last ``runs`` runs."""

    over_2h: int
    runs: int

    @property
    def explanation(self) -> str:
        return (f"Training load: pain lasted over 2 hours after {self.over_2h} of your last "
                f"{self.runs} runs. Ease off: shorter, easier runs until it settles.")


class WeekDistance(NamedTuple):
    """One Monday-to-Sunday week: distance, runs and days with nerve symptoms; ``full``
    when logging had started by its Monday and the week is over (:mod:`.load`)."""

    start: dt.date
    distance_km: float = 0.0
    runs: int = 0
    symptom_days: int = 0
    full: bool = True


class DistanceJump(NamedTuple):
    """A week with symptoms whose distance rose more than 10% on the week before."""

    week: dt.date
    distance_km: float
    previous_km: float
    symptom_days: int

    @property
    def percent(self) -> int:
        return round((self.distance_km - self.previous_km) / self.previous_km * 100)

    @property
    def explanation(self) -> str:
        return (f"Distance jump: the week of {self.week:%-d %b} was up {self.percent}% on the "
                f"week before, with nerve symptoms on {self.symptom_days} "
                f"day{'s' if self.symptom_days != 1 else ''}. "
                "Build up by about 10% a week at most.")


class Patterns(NamedTuple):
    """What the log shows as of ``today``; each rule is ``None`` (or empty) when clear."""

    today: dt.date
    recurring: tuple[Recurring, ...] = ()
    training_load: TrainingLoad | None = None
    distance_jump: DistanceJump | None = None

    @property
    def explanations(self) -> list[str]:
        """One sentence per pattern found, most important first."""
        found = [item.explanation for item in self.recurring[:1]]
        found += [f.explanation for f in (self.training_load, self.distance_jump) if f is not None]
        return found

    def __bool__(self) -> bool:
        return bool(self.recurring or self.training_load or self.distance_jump)


def _up_to(entries: Iterable[Entry], first: dt.date, today: dt.date) -> list[Entry]:
    return sorted((e for e in entries if first <= e.date <= today), key=lambda e: e.date)


def recurring(entries: Iterable[Entry], today: dt.date) -> tuple[Recurring, ...]:
    """Every nerve symptom on 3+ of the last 14 days, most days first."""
    first = today - dt.timedelta(days=RECURRING_WINDOW_DAYS - 1)
    counts: Counter[str] = Counter()
    for entry in _up_to(entries, first, today):
        counts.update(s for s in set(entry.symptoms) if s in NERVE_SYMPTOMS)
    found = [Recurring(s, n) for s, n in counts.items() if n >= RECURRING_MIN_DAYS]
    return tuple(sorted(found, key=lambda r: (-r.days, SYMPTOMS.index(r.symptom))))


def training_load(entries: Iterable[Entry], today: dt.date) -> TrainingLoad | None:
    """Pain over two hours after 2+ of the last 7 runs (of the last 60 days)."""
    first = today - dt.timedelta(days=RUN_LOOKBACK_DAYS)
    runs = [e for e in _up_to(entries, first, today) if e.run is not None][-RUNS_CONSIDERED:]
    over = sum(1 for e in runs if e.pain_after_exercise == "over_2h")
    return TrainingLoad(over, len(runs)) if over >= OVER_2H_MIN_RUNS else None


def weekly(entries: Iterable[Entry], first: dt.date, today: dt.date,
           logged_from: dt.date | None = None) -> list[WeekDistance]:
    """Every week from ``first``'s week to ``today``'s, oldest first, gaps included.

    ``logged_from`` is the first day anything was logged; by default the first of
    ``entries`` (pass it when ``entries`` is a slice of a longer log).
    """
    entries = list(entries)
    if logged_from is None:
        logged_from = min((e.date for e in entries if e.date <= today), default=None)
    totals: dict[dt.date, list[float]] = {}
    monday = week_start(first)
    while monday <= today:
        totals[monday] = [0.0, 0, 0]
        monday += dt.timedelta(days=7)
    for entry in entries:
        row = totals.get(week_start(entry.date))
        if row is None or entry.date > today:
            continue
        if entry.run is not None:
            row[0] += entry.run.distance_km
            row[1] += 1
        row[2] += 1 if any(s in NERVE_SYMPTOMS for s in entry.symptoms) else 0
    return [WeekDistance(day, round(km, 3), int(runs), int(sick), partial_reason(day, logged_from, today) is None)
            for day, (km, runs, sick) in totals.items()]


def is_jump(week: WeekDistance, previous: WeekDistance) -> bool:
    """Up more than 10% on a full week that had distance, with nerve symptoms."""
    if week.symptom_days == 0 or previous.distance_km <= 0 or not previous.full:
        return False
    # Whole metres, so "exactly 10%" is not tipped over by floating point.
    now, before = round(week.distance_km * 1000), round(previous.distance_km * 1000)
    return now * 100 > before * (100 + JUMP_PERCENT)


def distance_jumps(weeks: list[WeekDistance]) -> list[DistanceJump]:
    """Every flagged week in ``weeks`` (consecutive, oldest first)."""
    return [DistanceJump(week.start, week.distance_km, before.distance_km, week.symptom_days)
            for before, week in zip(weeks, weeks[1:]) if is_jump(week, before)]


def distance_jump(entries: Iterable[Entry], today: dt.date) -> DistanceJump | None:
    """The latest jump in this week (so far) or last week, if either is flagged."""
    weeks = weekly(entries, week_start(today) - dt.timedelta(days=14), today)
    jumps = distance_jumps(weeks)
    return jumps[-1] if jumps else None


def find_patterns(entries: Iterable[Entry], today: dt.date) -> Patterns:
    """All three rules as of ``today``."""
    entries = list(entries)
    return Patterns(today, recurring(entries, today), training_load(entries, today),
                    distance_jump(entries, today))


def notice_lines(found: Patterns) -> list[str]:
    """One line per pattern (at most 74 characters, to fit the home screen at 80x24);
    a recurring symptom asks for a clinician."""
    lines = []
    if found.recurring:
        top = found.recurring[0]
        lines.append(f"Recurring {label(top.symptom)} ({top.days} of {RECURRING_WINDOW_DAYS} days): "
                     "a clinician should look at it.")
    if found.training_load:
        load = found.training_load
        lines.append(f"Pain over 2 hours after {load.over_2h} of your last {load.runs} runs: ease the training load.")
    if found.distance_jump:
        lines.append(f"Weekly distance up {found.distance_jump.percent}% with symptoms: build up more gradually.")
    return lines


def notices(entries: Iterable[Entry], today: dt.date) -> list[str]:
    """Short lines for the home screen (see :func:`notice_lines`)."""
    return notice_lines(find_patterns(entries, today))
