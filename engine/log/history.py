"""The history screen's numbers: pain by day, weekly distance, symptom days, checks.

Everything is computed from one slice of the store (``store.entries(start, end)`` is a
bisect into the in-memory cache), so a 365-day view costs about the same on a log of
ten years as on one of ten weeks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nervecheck.engine.store.schema import CheckRecord, Entry
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
        return sum(entry.run.distance_km for entry in self.entries if entry.run is not None)

    @property
    def runs(self) -> int:
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


def history(store: Store, today: dt.date, days: int) -> History:
    """The last ``days`` days up to ``today``, for the screen (and anything else)."""
    if days < 1:
        raise ValueError("days must be at least 1")
    start = today - dt.timedelta(days=days - 1)
    # A few weeks before the range, so the patterns and the first week's jump can be judged.
    lead_in = store.entries(min(start, today - dt.timedelta(days=60)) - dt.timedelta(days=7), today)
    entries = [entry for entry in lead_in if entry.date >= start]
    weeks = weekly(lead_in, start - dt.timedelta(days=7), today)
    jumps = frozenset(jump.week for jump in distance_jumps(weeks))
    return History(
        days=days, start=start, end=today,
        pain=pain_by_day(entries, start, days),
        weeks=weeks[1:],
        jump_weeks=jumps,
        checks=checks_between(store.checks(), start, today),
        entries=entries[::-1],
        patterns=find_patterns(lead_in, today),
    )
