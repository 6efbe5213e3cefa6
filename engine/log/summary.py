"""What the home screen shows, computed from the store (the UI only lays it out)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from nervecheck.engine.log.patterns import notices, week_start
from nervecheck.engine.store.records import CheckView, EntryView
from nervecheck.engine.store.repository import Store


class HomeSummary(NamedTuple):
    """Today at a glance."""

    today: dt.date
    today_entry: EntryView | None
    latest_check: CheckView | None
    week_runs: int
    week_km: float
    notices: tuple[str, ...] = ()


def home_summary(store: Store, today: dt.date) -> HomeSummary:
    # Views, not models: home draws before pydantic is imported (start-up on a Pi).
    recent = store.entry_views(today - dt.timedelta(days=60), today)
    week = [entry for entry in recent if entry.date >= week_start(today)]
    runs = [entry.run for entry in week if entry.run is not None]
    return HomeSummary(
        today=today,
        today_entry=recent[-1] if recent and recent[-1].date == today else None,
        latest_check=store.latest_check_view(),
        week_runs=len(runs),
        week_km=sum(run.distance_km for run in runs),
        notices=tuple(notices(recent, today)),
    )
