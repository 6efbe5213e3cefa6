"""The history screen's numbers: pain by day, weekly distance, symptom days, checks.

Everything is computed from one slice of the store (``store.entries(start, end)`` is a
bisect into the in-memory cache), so a 365-day view costs about the same on a log of
ten years as on one of ten weeks. The chart (:mod:`.chart`) and each day's run as it
counts (:mod:`.runs`: imported runs count on their day, a typed run is kept beside
them) also read the range's imported activities and the shoes.
"""

from __future__ import annotations

import datetime as dt
import dataclasses
from dataclasses import dataclass

from typing import Any

from nervecheck.engine.store.schema import CheckRecord, Entry
from nervecheck.engine.log.chart import Chart, build_chart
from nervecheck.engine.log.load import week_start
from nervecheck.engine.log.runs import DayRun, default_shoe_on, run_total
from nervecheck.engine.log.patterns import Patterns, WeekDistance, distance_jumps, find_patterns, weekly
from nervecheck.engine.store.repository import Store

RANGES: tuple[int, ...] = (30, 90, 365)


@dataclass(frozen=True)
class History:
    """``days`` days ending ``end``: series oldest first, lists newest first."""

    days: int
    start: dt.date
    end: dt.date
    pain: list[int | None]
    weeks: list[WeekDistance]
    jump_weeks: frozenset[dt.date]
    checks: list[CheckRecord]
    entries: list[Entry]
    patterns: Patterns
    chart: Chart | None = None
    #: Each day of the range with an imported activity: its run as it counts (a day
    #: with only a typed run has none here: its run is the entry's).
    day_runs: dict[dt.date, DayRun] = dataclasses.field(default_factory=dict)
    #: The shoe of each day's run, where known (imported activity's, or the default shoe's).
    shoes: dict[dt.date, str] = dataclasses.field(default_factory=dict)
    #: Days with imported runs but no entry (shown in the table too), newest first.
    activity_days: list[dt.date] = dataclasses.field(default_factory=list)

    @property
    def logged_days(self) -> int:
        return len(self.entries)

    @property
    def symptom_days(self) -> int:
        return sum(1 for entry in self.entries if entry.symptoms)

    @property
    def pain_values(self) -> list[int]:
        return [p for p in self.pain if p is not None]

    @property
    def average_pain(self) -> float | None:
        values = self.pain_values
        return sum(values) / len(values) if values else None

    @property
    def distance_km(self) -> float:
        """The range's distance as it counts (imported runs on their days, typed otherwise)."""
        if self.chart is not None:
            return sum(day.km for day in self.chart.days)
        return sum(entry.run.distance_km for entry in self.entries if entry.run is not None)

    @property
    def runs(self) -> int:
        """Days with a run in the range."""
        if self.chart is not None:
            return sum(1 for day in self.chart.days if day.km > 0)
        return sum(1 for entry in self.entries if entry.run is not None)


def pain_by_day(entries: list[Entry], start: dt.date, days: int) -> list[int | None]:
    """The pain score of each day from ``start``, ``None`` where none was logged."""
    series: list[int | None] = [None] * days
    first = start.toordinal()
    for entry in entries:
        index = entry.date.toordinal() - first
        if 0 <= index < days:
            series[index] = entry.pain
    return series


def checks_between(checks: list[CheckRecord], start: dt.date, end: dt.date) -> list[CheckRecord]:
    """Saved checks made from ``start`` to ``end``, newest first."""
    return [check for check in reversed(checks) if start <= check.day <= end]


def runs_by_day(entries: list[Entry], activities: list[dict[str, Any]], shoes: dict[int, dict[str, Any]]
                ) -> tuple[dict[dt.date, DayRun], dict[dt.date, str]]:
    """The run as it counts of each day with activities (:func:`~.runs.run_total`; a day
    with only a typed run needs none: its run is the entry's), and each run's shoe where
    known: the imported runs' shoes (several joined), or the default shoe for a typed run
    that counts."""
    grouped: dict[dt.date, list[dict[str, Any]]] = {}
    for doc in activities:
        grouped.setdefault(dt.date.fromisoformat(doc["day"]), []).append(doc)
    typed = {entry.date: entry for entry in entries if entry.run is not None}
    found: dict[dt.date, DayRun] = {}
    worn: dict[dt.date, str] = {}
    for day, docs in grouped.items():
        entry = typed.get(day)
        doc = {"run": {"distance_km": entry.run.distance_km, "duration_min": entry.run.duration_min}} if entry else None
        found[day] = run = run_total(doc, docs)
        names = list(dict.fromkeys(d["shoe"] for d in run.imported if d["shoe"]))
        if run.counted == "imported" and names:
            worn[day] = ", ".join(names)
    if any(shoe["default"] for shoe in shoes.values()):
        for day in typed:
            run = found.get(day)
            shoe = default_shoe_on(shoes, day) if run is None or run.counted == "typed" else None
            if shoe:
                worn[day] = shoe
    return found, worn


def history(store: Store, today: dt.date, days: int) -> History:
    """The last ``days`` days up to ``today``, for the screen (and anything else)."""
    if days < 1:
        raise ValueError("days must be at least 1")
    start = today - dt.timedelta(days=days - 1)
    # A few weeks before the range, so the patterns and the first week's jump can be judged.
    lead_start = min(start, today - dt.timedelta(days=60)) - dt.timedelta(days=7)
    lead_in = store.entries(lead_start, today)
    entries = [entry for entry in lead_in if entry.date >= start]
    weeks = weekly(lead_in, start - dt.timedelta(days=7), today)
    jumps = frozenset(jump.week for jump in distance_jumps(weeks))
    first_monday = week_start(start)
    lead_activities = store.activity_views(lead_start, today)
    activities = [doc for doc in lead_activities if doc["day"] >= first_monday.isoformat()]
    week_entries = [entry for entry in lead_in if entry.date >= first_monday]
    day_runs, shoes = runs_by_day(entries, [a for a in activities if a["day"] >= start.isoformat()],
                                  store.shoe_docs() if activities or any(e.run for e in entries) else {})
    entry_days = {entry.date for entry in entries}
    return History(
        days=days, start=start, end=today,
        pain=pain_by_day(entries, start, days),
        weeks=weeks[1:],
        jump_weeks=jumps,
        checks=checks_between(store.checks(), start, today),
        entries=entries[::-1],
        patterns=find_patterns(lead_in, today),
        chart=build_chart(week_entries, activities, today, days, store.settings().units, _logged_from(lead_in, lead_activities)),
        day_runs=day_runs,
        shoes=shoes,
        activity_days=sorted((day for day, run in day_runs.items() if run.imported and day not in entry_days),
                             reverse=True),
    )


def _logged_from(lead_in: list[Entry], activities: list[dict[str, Any]]) -> dt.date | None:
    """The first day logged, as far as the entries read show (they reach two months
    before the range: a first day before that is before every week the chart shows)."""
    firsts = [lead_in[0].date] if lead_in else []
    firsts += [dt.date.fromisoformat(min(doc["day"] for doc in activities))] if activities else []
    return min(firsts) if firsts else None
