"""What the home screen shows, computed from the store (the UI only lays it out)."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

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


def days_ago(day: dt.date, today: dt.date) -> str:
    """``today``, ``yesterday``, ``2 days ago`` (a day after ``today``: ``today``)."""
    days = (today - day).days
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


#: The triage content's paragraph that asks for a check again the next day.
RECHECK_PARAGRAPH = "recheck"
RECHECK_NUDGE = "That check asked for another the next day."


def recheck_nudge(record: Any, checked_on: dt.date, today: dt.date) -> str | None:
    """What to say when the latest check (``record``, a saved ``CheckRecord`` made on
    the local day ``checked_on``) advised checking again the next day and that day has
    come; ``None`` otherwise. Read from the advice the check showed (its saved outcome),
    never decided again here."""
    if (today - checked_on).days < 1:
        return None
    from nervecheck.engine.triage.loading import load_tree
    from nervecheck.engine.triage.saved import saved_outcome

    tree = load_tree()
    text = tree.paragraphs.get(RECHECK_PARAGRAPH)
    if text is None or text not in saved_outcome(record, tree).advice:
        return None
    return RECHECK_NUDGE
