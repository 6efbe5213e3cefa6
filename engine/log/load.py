"""Training load, honestly computed: weekly distance and time, the last 7 days against
the 4 weeks before, long runs, days since a rest day (issue 17; ``docs/insights.md``).

The functions read a :class:`Log`: a plain list of runs (:class:`RunDay`) and of what
the runner wrote about each day (:class:`DayLog`). :func:`joined` builds one from the
daily entries and the stored watch activities by the app's one rule of the day's run
(:mod:`nervecheck.engine.log.runs`): a day with imported runs counts those (each its own
run, with its shoe) and its typed run is kept beside them, not added; a day with none
imported counts its typed run, credited to the default shoe on the days it covers.
:func:`from_store` reads those from the store; the CLI, the Insights screen, home and
the report all take their log from it. One day may hold several runs: every figure here
sums or counts them as they come. (:func:`from_entries` is the typed runs alone.)

**Logged.** Logging starts on the first day the runner logged anything (an entry or a
run). A week (Monday to Sunday) is *full* when logging had started by its Monday and the
week has ended; every other week is *partial* ("started logging mid-week", "in
progress") and is never compared as if it were full. A day without a run after logging
started is a day without a run: a rest day.

Nothing here reads the clock, and only :func:`from_store` the store: every function is
handed ``today``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any, NamedTuple

from nervecheck.engine.vocab import NERVE_SYMPTOMS

DAY = dt.timedelta(days=1)
ACUTE_DAYS = 7
CHRONIC_DAYS = 28
# The ratio needs the 28 days before the last 7 to be logged: logging started at least
# 28 days before the 7-day window, i.e. 34 days before today.
RATIO_LOGGED_DAYS = ACUTE_DAYS + CHRONIC_DAYS - 1
# Bands of the ratio in tenths, as (bound, words): below 0.8, up to 1.3, up to 1.5, above.
# A common rule of thumb in running coaching, not medical advice (no source in content/).
# Whole numbers throughout (metres, tenths), so a ratio of exactly 1.3 is "about usual".
LIGHTER, USUAL, JUMP, BIG_JUMP = "lighter than usual", "about usual", "a jump", "a big jump"
BANDS = ((8, LIGHTER), (13, USUAL), (15, JUMP))
RULE_OF_THUMB = "a common rule of thumb, not advice"
LONG_RUN_DAYS = 90
LONG_RUN_MIN_RUNS = 6

STARTED_MID_WEEK = "started logging mid-week"
IN_PROGRESS = "in progress"
NOT_LOGGED = "before logging started"


def week_start(day: dt.date) -> dt.date:
    """Monday of ``day``'s ISO week."""
    return day - dt.timedelta(days=day.weekday())


def metres(km: float) -> int:
    """Whole metres, so sums and comparisons at a boundary are exact."""
    return round(km * 1000)


class RunDay(NamedTuple):
    """One run: its local day, distance, time (``None`` when unknown), shoe, and
    whether it was imported from a watch (else typed in the log)."""

    day: dt.date
    distance_km: float
    minutes: float | None = None
    shoe: str | None = None
    imported: bool = False


class DayLog(NamedTuple):
    """What the runner wrote about one day: pain 0-10 (or ``None``), whether any nerve
    symptom was logged, and how long pain lasted after exercise (``none``, ``under_2h``,
    ``over_2h`` or ``None``)."""

    day: dt.date
    pain: int | None = None
    symptoms: bool = False
    pain_after: str | None = None


class Log(NamedTuple):
    """The runs and the logged days the figures read, in any order.

    ``first`` is the first day anything was logged and ``held_from`` the first day held when
    ``runs`` and ``days`` are a later slice of a longer log (:func:`from_entries` with
    ``since``); both ``None`` when they hold everything.
    """

    runs: tuple[RunDay, ...] = ()
    days: tuple[DayLog, ...] = ()
    first: dt.date | None = None
    held_from: dt.date | None = None  # the slice's first day: nothing is known of the days between

    @property
    def logged_from(self) -> dt.date | None:
        """The first day anything was logged, or ``None``."""
        if self.first is not None:
            return self.first  # never later than a run or day held (see with_runs)
        firsts = [min(r.day for r in self.runs)] if self.runs else []
        firsts += [min(d.day for d in self.days)] if self.days else []
        firsts += [self.first] if self.first is not None else []
        return min(firsts) if firsts else None

    def up_to(self, today: dt.date) -> Log:
        first = self.first if self.first is not None and self.first <= today else None
        return Log(tuple(r for r in self.runs if r.day <= today), tuple(d for d in self.days if d.day <= today),
                   first, self.held_from)

    def since(self, day: dt.date) -> Log:
        """The runs and days from ``day`` on, remembering when logging started."""
        held = day if self.held_from is None else max(day, self.held_from)
        return Log(tuple(r for r in self.runs if r.day >= day), tuple(d for d in self.days if d.day >= day),
                   self.logged_from, held)

    def with_runs(self, runs: Iterable[RunDay]) -> Log:
        """This log with more runs (e.g. imported activities)."""
        runs = tuple(runs)
        first = self.first if self.first is None or not runs else min(self.first, min(r.day for r in runs))
        return Log(self.runs + runs, self.days, first, self.held_from)


def from_entries(entries: Iterable[Any], since: dt.date | None = None) -> Log:
    """The log of daily entries (models or the store's light views): each typed run is a
    :class:`RunDay` (entries carry no shoe), each entry a :class:`DayLog`. With
    ``since``, only the entries from that day on are kept (the first day logged is
    remembered): the figures of ten years then cost what their window costs."""
    runs: list[RunDay] = []
    days: list[DayLog] = []
    first: dt.date | None = None
    for entry in entries:
        if first is None or entry.date < first:
            first = entry.date
        if since is not None and entry.date < since:
            continue
        if entry.run is not None:
            runs.append(RunDay(entry.date, float(entry.run.distance_km),
                               None if entry.run.duration_min is None else float(entry.run.duration_min)))
        days.append(DayLog(entry.date, entry.pain, any(s in NERVE_SYMPTOMS for s in entry.symptoms),
                           entry.pain_after_exercise))
    return Log(tuple(runs), tuple(days), first, since)


def _day_of(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _shoe_names(shoes: dict[int, Any] | None) -> dict[str, str]:
    """The stored shoes' names by key (an activity may spell one differently)."""
    from nervecheck.engine.store.activities import shoe_key

    return {shoe_key(shoe["name"]): shoe["name"] for shoe in (shoes or {}).values()}


def joined(entries: Iterable[Any], activities: Iterable[Any], shoes: dict[int, Any] | None = None,
           since: dt.date | None = None) -> Log:
    """The log of the entries (models or views) and the stored activity documents,
    the day's run as the app counts it (:func:`nervecheck.engine.log.runs.run_total`):
    a day's running activities when it has any, each a run with its own time and shoe
    (one without a distance counts as 0 km, as it does there), the typed run kept but not
    added; else its typed run, with the default shoe of ``shoes`` that covers the day
    (from its ``added`` day to its retirement, as a shoe's distance counts it).
    Logging starts at the first entry or imported run; ``since`` as for :func:`from_entries`."""
    from nervecheck.engine.store.activities import RUN_SPORTS, shoe_key

    from nervecheck.engine.log.runs import default_shoe_on

    names = _shoe_names(shoes)
    imported: dict[dt.date, list[RunDay]] = {}
    for doc in activities:
        if doc["sport"] not in RUN_SPORTS:
            continue
        seconds = doc["moving_s"] if doc["moving_s"] is not None else doc["elapsed_s"]
        shoe = names.get(shoe_key(doc["shoe"]), doc["shoe"]) if doc["shoe"] else None
        day = _day_of(doc["day"])
        imported.setdefault(day, []).append(
            RunDay(day, float(doc["distance_km"] or 0.0), None if seconds is None else seconds / 60, shoe, True))
    runs: list[RunDay] = []
    days: list[DayLog] = []
    first = min(imported, default=None)
    for entry in entries:
        if first is None or entry.date < first:
            first = entry.date
        if since is not None and entry.date < since:
            continue
        if entry.run is not None and entry.date not in imported:
            runs.append(RunDay(entry.date, float(entry.run.distance_km),
                               None if entry.run.duration_min is None else float(entry.run.duration_min),
                               default_shoe_on(shoes or {}, entry.date)))
        days.append(DayLog(entry.date, entry.pain, any(s in NERVE_SYMPTOMS for s in entry.symptoms),
                           entry.pain_after_exercise))
    for day in sorted(imported):
        if since is None or day >= since:
            runs.extend(imported[day])
    return Log(tuple(sorted(runs, key=lambda run: run.day)), tuple(days), first, since)


def from_store(store: Any, today: dt.date, since: dt.date | None = None, checked: bool = True,
               exact_start: bool = True) -> Log:
    """:func:`joined` of what ``store`` holds up to ``today`` (light views: no pydantic).

    ``checked=False`` reads without the checks the app put off (the caller verifies).
    With ``since`` and ``exact_start=False`` only the entries and activities from
    ``since`` on are read (a report or home's line at ten years then costs what its
    window costs): logging is known to have started before ``since`` when an entry is
    found there, looking back
    in doubling windows, but not on which day. Every figure over days from ``since`` on
    is the same; only the count of days since logging began (``Rest.logged_days``) may
    be smaller, so the command and the Insights screen, which show it, read them all."""
    shoes = store.shoe_docs(checked=checked)
    if since is None or exact_start:
        return joined(store.entry_views(None, today), store.activity_views(None, today, checked=checked), shoes, since)
    log = joined(store.entry_views(since, today), store.activity_views(since, today, checked=checked), shoes, since)
    before = entry_before(store, since)
    if before is not None and (log.first is None or before < log.first):
        log = log._replace(first=before)
    return log


def entry_before(store: Any, day: dt.date) -> dt.date | None:
    """The day of some entry before ``day`` (the latest week's first, else further back
    in doubling windows), or ``None`` when there is none: a few bisections, and views
    of one window only."""
    end, span = day - DAY, 7
    while end >= dt.date.min:
        start = dt.date.min if (end - dt.date.min).days < span else end - (span - 1) * DAY
        found = store.entry_views(start, end)
        if found:
            return found[0].date
        if start == dt.date.min:
            return None
        end, span = start - DAY, span * 2
    return None


# -- weeks ---------------------------------------------------------------------------------


class WeekLoad(NamedTuple):
    """One Monday-to-Sunday week: distance, known time, runs, symptom days; ``partial``
    says why the week is not full (``None`` when it is)."""

    start: dt.date
    distance_km: float
    minutes: float
    runs: int
    runs_without_time: int
    symptom_days: int
    partial: str | None

    @property
    def full(self) -> bool:
        return self.partial is None


def logged_by(log: Log, today: dt.date) -> dt.date | None:
    """When logging started, if it had by ``today`` (what is logged later does not count)."""
    first = log.logged_from
    return first if first is not None and first <= today else None


def full_weeks(logged_from: dt.date | None, today: dt.date) -> int:
    """How many full weeks lie between ``logged_from`` and ``today``."""
    if logged_from is None:
        return 0
    first_monday = logged_from + dt.timedelta(days=(7 - logged_from.weekday()) % 7)
    last_monday = week_start(today + DAY) - 7 * DAY  # the latest week that has ended
    return max(0, (last_monday - first_monday).days // 7 + 1)


def partial_reason(monday: dt.date, logged_from: dt.date | None, today: dt.date) -> str | None:
    """Why the week starting ``monday`` is not full, or ``None`` when it is."""
    if logged_from is None or logged_from > monday + 6 * DAY:
        return NOT_LOGGED
    if logged_from > monday:
        return STARTED_MID_WEEK
    if monday + 6 * DAY > today:
        return IN_PROGRESS
    return None


def weeks(log: Log, first: dt.date, today: dt.date) -> list[WeekLoad]:
    """Every week from ``first``'s week to ``today``'s, oldest first, empty weeks included."""
    logged_from = log.logged_from
    monday0 = week_start(first)
    count = (week_start(today) - monday0).days // 7 + 1
    rows = [[0, 0.0, 0, 0, 0] for _ in range(max(0, count))]
    for run in log.runs:
        if monday0 <= run.day <= today:
            row = rows[(run.day - monday0).days // 7]
            row[0] += metres(run.distance_km)
            row[2] += 1
            if run.minutes is None:
                row[3] += 1
            else:
                row[1] += run.minutes
    for day in log.days:
        if day.symptoms and monday0 <= day.day <= today:
            rows[(day.day - monday0).days // 7][4] += 1
    found = []
    for index, (m, minutes, runs, untimed, sick) in enumerate(rows):
        monday = monday0 + 7 * index * DAY
        found.append(WeekLoad(monday, m / 1000, round(minutes, 1), runs, untimed, sick,
                              partial_reason(monday, logged_from, today)))
    return found


# -- the last 7 days against the 4 weeks before ----------------------------------------------


class Ratio(NamedTuple):
    """The last 7 days' distance against the average week of the 28 days before.

    ``value`` and ``band`` are ``None`` when there is not enough logging (``need_days``
    more days of it) or no running in the 28 days (nothing to compare against).
    """

    acute_km: float
    chronic_week_km: float
    value: float | None
    band: str | None
    need_days: int

    @property
    def enough(self) -> bool:
        return self.need_days == 0

    @property
    def need_weeks(self) -> int:
        return math.ceil(self.need_days / 7)


def band_of(acute_m: int, chronic_m: int) -> str:
    """The band of ratio = acute / (chronic / 4): below 0.8 "lighter than usual"; 0.8 to
    1.3 "about usual"; over 1.3 to 1.5 "a jump"; over 1.5 "a big jump"."""
    tenths = 40 * acute_m  # ratio * 10 * chronic_m
    if tenths < BANDS[0][0] * chronic_m:
        return LIGHTER
    for bound, words in BANDS[1:]:
        if tenths <= bound * chronic_m:
            return words
    return BIG_JUMP


def distance_between(log: Log, first: dt.date, last: dt.date) -> int:
    """Metres run from ``first`` to ``last``, both included."""
    return sum(metres(r.distance_km) for r in log.runs if first <= r.day <= last)


def ratio(log: Log, today: dt.date) -> Ratio:
    """Acute (today and the 6 days before) against chronic (the 28 days before those, per week)."""
    acute_from = today - (ACUTE_DAYS - 1) * DAY
    chronic_from = acute_from - CHRONIC_DAYS * DAY
    acute = distance_between(log, acute_from, today)
    chronic = distance_between(log, chronic_from, acute_from - DAY)
    logged_from = logged_by(log, today)
    need = RATIO_LOGGED_DAYS + 1 if logged_from is None else max(0, (logged_from - chronic_from).days)
    per_week = round(chronic / 4 / 1000, 3)
    if need or chronic == 0:
        return Ratio(acute / 1000, per_week, None, None, need)
    return Ratio(acute / 1000, per_week, round(acute * 4 / chronic, 2), band_of(acute, chronic), 0)


# -- long runs, rest days ----------------------------------------------------------------------


class LongRuns(NamedTuple):
    """Runs of the last 90 days over 1.5 times the median run of those days."""

    runs: int  # runs with a distance in the last 90 days
    median_km: float | None  # None until there are 6 runs
    long: tuple[RunDay, ...]

    @property
    def enough(self) -> bool:
        return self.median_km is not None

    @property
    def threshold_km(self) -> float | None:
        return None if self.median_km is None else round(self.median_km * 1.5, 3)


def twice_median(values: list[int]) -> int:
    """Twice the median of whole numbers (a whole number too)."""
    ordered = sorted(values)
    half = len(ordered) // 2
    return 2 * ordered[half] if len(ordered) % 2 else ordered[half - 1] + ordered[half]


def is_long(run: RunDay, twice_median_m: int) -> bool:
    """Over 1.5 times the median: 2 * distance > 3 * median, in metres."""
    return 4 * metres(run.distance_km) > 3 * twice_median_m


def long_runs(log: Log, today: dt.date) -> LongRuns:
    first = today - (LONG_RUN_DAYS - 1) * DAY
    recent = sorted((r for r in log.runs if first <= r.day <= today and metres(r.distance_km) > 0),
                    key=lambda r: r.day)
    if len(recent) < LONG_RUN_MIN_RUNS:
        return LongRuns(len(recent), None, ())
    twice = twice_median([metres(r.distance_km) for r in recent])
    return LongRuns(len(recent), twice / 2000, tuple(r for r in recent if is_long(r, twice)))


class Rest(NamedTuple):
    """The latest day without a run up to today (``None``: none in the ``looked`` days,
    or nothing logged), and how many days ago it was; ``logged_days`` since logging began."""

    last_rest_day: dt.date | None
    days_since: int | None
    logged_days: int
    looked: int = 0  # the days looked at: all logged days, or a slice's (Log.held_from)


def rest(log: Log, today: dt.date) -> Rest:
    logged_from = logged_by(log, today)
    if logged_from is None:
        return Rest(None, None, 0)
    ran = {r.day for r in log.runs}
    lowest = logged_from if log.held_from is None else max(logged_from, log.held_from)
    logged, looked = (today - logged_from).days + 1, (today - lowest).days + 1
    day = today
    while day >= lowest:
        if day not in ran:
            return Rest(day, (today - day).days, logged, looked)
        day -= DAY
    return Rest(None, None, logged, looked)


class LoadSummary(NamedTuple):
    weeks: list[WeekLoad]
    ratio: Ratio
    long_runs: LongRuns
    rest: Rest


def summary(log: Log, today: dt.date, days: int) -> LoadSummary:
    """The load of the last ``days`` days as of ``today``: the weeks touching them from
    the week logging started (whole weeks' figures), the ratio, long runs, rest."""
    start = today - (days - 1) * DAY
    logged_from = log.logged_from
    shown = [] if logged_from is None else weeks(log, max(start, logged_from), today)
    return LoadSummary(shown, ratio(log, today), long_runs(log, today), rest(log, today))
