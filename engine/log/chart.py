"""The history chart's numbers: pain per day and distance per week on one dated axis.

Plain data, no drawing: the history screen draws it with block characters
(:mod:`nervecheck.tui.widgets.chart`), the clinician report as SVG and a text table.

* :func:`build_chart` (from the daily entries and the imported activities) or
  :func:`chart_from` (from two plain mappings) makes a :class:`Chart`: the range's
  :class:`ChartDay` list (oldest first) and the :class:`ChartWeek` list of the Monday
  to Sunday weeks that touch the range, each with its distance as it counts and
  ``partial`` saying why it is not a full week (``load.IN_PROGRESS``,
  ``load.STARTED_MID_WEEK``, or ``None``). A week that began before the range carries
  its whole total (``before_range``); no week reaches past today.
* A day's pain is a score 0-10, or :data:`NO_SCORE` (logged without a score), or
  :data:`NOT_LOGGED` (no entry at all): never the same thing as a pain of 0.
* A day's distance is its run as it counts (``engine/log/runs.py``): the total of its
  imported running activities when it has any, the typed run otherwise.
* :func:`columns` fits the range into a number of character columns (whole days per
  column, counted back from today, so the last column always ends today) and
  :func:`date_ticks` picks the dated labels of the x axis; :func:`scale_top` and
  :func:`scale_ticks` give a round top for the distance scale (``Chart.distance_top``,
  in the chart's units). For a drawing with one slot per day (an SVG), use
  ``columns(chart, len(chart.days))``: column ``i`` is day ``i``, and the ticks' columns
  are day indexes.

Everything is one pass over the range; nothing here reads the clock or the store.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from nervecheck.engine.log.load import partial_reason, week_start
from nervecheck.engine.store.activities import RUN_SPORTS
from nervecheck.engine.units import km_to

DAY = dt.timedelta(days=1)
#: A day with no entry at all.
NOT_LOGGED = -2
#: A day with an entry but no pain score.
NO_SCORE = -1
PAIN_TOP = 10
PAIN_TICKS = (0, 5, 10)
ROUND_STEPS = (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class ChartDay(NamedTuple):
    """One day: its pain (0-10, :data:`NO_SCORE` or :data:`NOT_LOGGED`) and its run
    distance in km (0.0 without a run), and whether it had an imported run."""

    day: dt.date
    pain: int
    km: float
    imported: bool = False

    @property
    def logged(self) -> bool:
        return self.pain != NOT_LOGGED


class ChartWeek(NamedTuple):
    """One Monday-to-Sunday week: its distance as it counts (km), the days with a run,
    why it is partial (``None``: a full week), and its pain over the days in the range."""

    start: dt.date
    km: float
    run_days: int
    partial: str | None
    before_range: bool  # began before the range's first day (the total is the whole week's)
    logged_days: int  # days in the range with an entry
    pain_max: int | None  # highest score in the range's days of this week, or None


class Chart(NamedTuple):
    """``days`` days ending ``end`` (today): the days oldest first, the weeks oldest
    first, and the distance scale in ``units`` (``km`` or ``mi``)."""

    start: dt.date
    end: dt.date
    units: str
    days: tuple[ChartDay, ...]
    weeks: tuple[ChartWeek, ...]

    @property
    def distance_top(self) -> float:
        """The round top of the distance scale, in ``units`` (never 0)."""
        return scale_top(max((km_to(w.km, self.units) for w in self.weeks), default=0.0))

    def week_of(self, day: dt.date) -> ChartWeek:
        """The week holding ``day`` (a day of the range)."""
        return self.weeks[_week_index(self, day)]


class Column(NamedTuple):
    """One character column of a drawn chart: its first and last day, the highest pain
    in it (or :data:`NO_SCORE` / :data:`NOT_LOGGED` when no day in it has a score),
    and the week whose distance it shows (the largest of the weeks it touches)."""

    first: dt.date
    last: dt.date
    pain: int
    week: ChartWeek


class Tick(NamedTuple):
    """A dated label on the x axis, starting at ``column``."""

    column: int
    day: dt.date
    label: str


def _week_index(chart: Chart, day: dt.date) -> int:
    return (week_start(day) - chart.weeks[0].start).days // 7


# -- the chart --------------------------------------------------------------------------


def day_points(entries: Iterable[Any], activities: Iterable[Mapping[str, Any]] = ()
               ) -> tuple[dict[dt.date, int], dict[dt.date, float], set[dt.date]]:
    """Pain by day, distance by day (as it counts) and the days with imported runs.

    ``entries`` are entry models or the store's light views (``.date``, ``.pain``,
    ``.run.distance_km``); ``activities`` are stored activity documents
    (``store.activity_views(...)``: ``day``, ``sport``, ``distance_km``)."""
    pain: dict[dt.date, int] = {}
    km: dict[dt.date, float] = {}
    for entry in entries:
        pain[entry.date] = NO_SCORE if entry.pain is None else entry.pain
        if entry.run is not None:
            km[entry.date] = float(entry.run.distance_km)
    imported: dict[dt.date, float] = {}
    for doc in activities:
        if doc["sport"] in RUN_SPORTS:
            day = dt.date.fromisoformat(doc["day"])
            imported[day] = imported.get(day, 0.0) + (doc["distance_km"] or 0.0)
    km.update(imported)  # the imported runs count on their days; the typed run is kept in the entry
    return pain, km, set(imported)


def build_chart(entries: Iterable[Any], activities: Iterable[Mapping[str, Any]], today: dt.date, days: int,
                units: str = "km", logged_from: dt.date | None = None) -> Chart:
    """The chart of the last ``days`` days up to ``today`` (see :func:`day_points` for
    the inputs; give them from the Monday of the range's first week, so that week's total
    is whole). ``logged_from`` is the first day anything was logged (default: the
    earliest day given)."""
    pain, km, imported = day_points(entries, activities)
    return chart_from(pain, km, today, days, units, logged_from, imported)


def chart_from(pain: Mapping[dt.date, int | None], km: Mapping[dt.date, float], today: dt.date, days: int,
               units: str = "km", logged_from: dt.date | None = None,
               imported: Iterable[dt.date] = ()) -> Chart:
    """The chart from pain by day (a day missing: not logged; ``None``: no score) and
    distance in km by day (as it counts)."""
    if days < 1:
        raise ValueError("days must be at least 1")
    start = today - (days - 1) * DAY
    if logged_from is None:
        known = [day for day in (*pain, *km) if day <= today]
        logged_from = min(known) if known else None
    imported = set(imported)
    chart_days = []
    day = start
    for _ in range(days):
        score = pain.get(day, NOT_LOGGED)
        chart_days.append(ChartDay(day, NO_SCORE if score is None else score, float(km.get(day, 0.0)), day in imported))
        day += DAY
    return Chart(start, today, units, tuple(chart_days), _weeks(chart_days, km, start, today, logged_from))


def _weeks(chart_days: list[ChartDay], km: Mapping[dt.date, float], start: dt.date, today: dt.date,
           logged_from: dt.date | None) -> tuple[ChartWeek, ...]:
    """The weeks in one pass over the range (and the days of the first week before it)."""
    first = week_start(start)
    lead = (start - first).days
    count = (today - first).days // 7 + 1
    distance, run_days, logged = [0.0] * count, [0] * count, [0] * count
    worst: list[int | None] = [None] * count
    for n in range(lead):  # the first week's days before the range: their distance only
        value = km.get(first + n * DAY, 0.0)
        distance[0] += value
        run_days[0] += value > 0
    for index, chart_day in enumerate(chart_days):
        week = (index + lead) // 7
        distance[week] += chart_day.km
        run_days[week] += chart_day.km > 0
        logged[week] += chart_day.pain != NOT_LOGGED
        if chart_day.pain >= 0 and (worst[week] is None or chart_day.pain > worst[week]):
            worst[week] = chart_day.pain
    return tuple(ChartWeek(monday, round(distance[n], 3), run_days[n], partial_reason(monday, logged_from, today),
                           monday < start, logged[n], worst[n])
                 for n, monday in enumerate(first + 7 * n * DAY for n in range(count)))


# -- fitting it to columns ------------------------------------------------------------


def days_per_column(days: int, width: int) -> int:
    """Whole days per character column so ``days`` fit in ``width`` (at least 1)."""
    return max(1, math.ceil(days / max(1, width)))


def columns_per_day(days: int, width: int) -> int:
    """Whole columns per day when the range is narrower than ``width`` (at least 1)."""
    return max(1, max(1, width) // days)


def columns(chart: Chart, width: int) -> list[Column]:
    """The chart as ``width`` or fewer columns, oldest first: whole days per column
    counted back from today (the first column may hold fewer), or each day repeated over
    whole columns when there is room. Each column shows its highest pain and the largest
    week it touches."""
    n = len(chart.days)
    per = days_per_column(n, width)
    if per == 1:
        repeat = columns_per_day(n, width)
        return [Column(d.day, d.day, d.pain, chart.week_of(d.day)) for d in chart.days for _ in range(repeat)]
    found = []
    for end in range(n, 0, -per):
        group = chart.days[max(0, end - per):end]
        scores = [d.pain for d in group if d.pain >= 0]
        pain = max(scores) if scores else (NO_SCORE if any(d.logged for d in group) else NOT_LOGGED)
        first, last = (_week_index(chart, d.day) for d in (group[0], group[-1]))
        week = max(chart.weeks[first:last + 1], key=lambda w: (w.km, w.start))
        found.append(Column(group[0].day, group[-1].day, pain, week))
    return found[::-1]


def date_ticks(chart: Chart, cols: list[Column]) -> list[Tick]:
    """Dated labels for the x axis under ``cols``: Mondays (``9 Mar``) for up to about
    three months, first days of months (``Mar``; January as its year, ``2026``, or
    ``'26`` when only that fits every month, one space apart) beyond; every k-th one,
    the smallest k that leaves two spaces between labels."""
    monthly = len(chart.days) > 100
    days = []
    for index, column in enumerate(cols):
        if index and cols[index - 1].last == column.last:
            continue  # the same day repeated over several columns: its first column only
        day = _tick_day(column, monthly)
        if day is not None:
            days.append((index, day))
    tries = [(1, False), (1, True)] + [(stride, False) for stride in (2, 3, 4, 6, 8, 12, 26)]
    for stride, short in tries if monthly else [(n, False) for n in (1, 2, 3, 4, 6, 8, 12, 26)]:
        chosen = [Tick(index, day, _label(day, monthly, short)) for index, day in days[::stride]]
        space = 1 if short else 2  # every month in three letters reads with one space between
        if all(b.column - a.column >= len(a.label) + space for a, b in zip(chosen, chosen[1:])):
            return [t for t in chosen if t.column + len(t.label) <= len(cols)]
    return [Tick(index, day, _label(day, monthly, True)) for index, day in days[:1]]


def _tick_day(column: Column, monthly: bool) -> dt.date | None:
    """The Monday (or first of a month) within ``column``, if any."""
    day = column.first
    while day <= column.last:
        if (day.day == 1) if monthly else (day.weekday() == 0):
            return day
        day += DAY
    return None


def _label(day: dt.date, monthly: bool, short: bool = False) -> str:
    if monthly and day.month == 1:
        return f"'{day:%y}" if short else str(day.year)
    if monthly:
        return MONTHS[day.month - 1]
    return f"{day.day} {MONTHS[day.month - 1]}"


# -- the distance scale -----------------------------------------------------------------


def scale_top(value: float) -> float:
    """The smallest round number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten)
    at or above ``value``, never below 0.1; 10 when ``value`` is 0 (an empty scale
    still reads as one)."""
    if value <= 0:
        return 10.0
    value = max(value, 0.1)
    power = 10.0 ** math.floor(math.log10(value))
    for step in ROUND_STEPS:
        if value <= step * power * (1 + 1e-9):
            return round(step * power, 10)
    return 10.0 * power


def scale_ticks(top: float) -> tuple[float, float, float]:
    """0, the middle and the top of a scale."""
    return (0.0, top / 2, top)


def figure(value: float) -> str:
    """A scale figure without needless decimals: ``40``, ``2.5``, ``0.25``."""
    return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"
