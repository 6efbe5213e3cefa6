"""What the home screen shows, computed from the store (the UI only lays it out)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from engine.models import CheckRecord, Entry
from engine.patterns import notices, week_start
from engine.store import Store


@dataclass(frozen=True)
class HomeSummary:
    """Today at a glance."""

    today: dt.date
    today_entry: Entry | None
    latest_check: CheckRecord | None
    week_runs: int
    week_km: float
    notices: list[str] = field(default_factory=list)


def home_summary(store: Store, today: dt.date) -> HomeSummary:
    week = store.entries(week_start(today), today)
    runs = [entry.run for entry in week if entry.run is not None]
    return HomeSummary(
        today=today,
        today_entry=store.entry(today),
        latest_check=store.latest_check(),
        week_runs=len(runs),
        week_km=sum(run.distance_km for run in runs),
        notices=notices(store.entries(today - dt.timedelta(days=60), today), today),
    )
