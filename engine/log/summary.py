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


def home_summary(store: Store, today: dt.date, shoes: bool = True) -> HomeSummary:
    """What home shows. ``shoes=False`` (its first frame) leaves out the shoe notices,
    which read every imported activity: home adds them a moment later."""
    # Views, not models: home draws before pydantic is imported (start-up on a Pi).
    recent = store.entry_views(today - dt.timedelta(days=60), today)
    week = [entry for entry in recent if entry.date >= week_start(today)]
    try:
        week_runs, week_km, shoe_notices = _runs_of_week(store, week, today, shoes)
    except (KeyError, TypeError, ValueError, AttributeError):
        store.verify()  # unchecked and malformed: raises, naming the activity or shoe
        raise
    return HomeSummary(
        today=today,
        today_entry=recent[-1] if recent and recent[-1].date == today else None,
        latest_check=store.latest_check_view(),
        week_runs=week_runs,
        week_km=week_km,
        notices=tuple(notices(recent, today)) + shoe_notices,
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


def _runs_of_week(store: Store, week: list[EntryView], today: dt.date,
                  shoes_too: bool = True) -> tuple[int, float, tuple[str, ...]]:
    """Issue 16: the week's runs as they count (a day's imported runs, else its typed
    run), and (``shoes_too``) a notice per shoe in use past its alert distance."""
    from nervecheck.engine.log import runs
    from nervecheck.engine.textsafe import visible

    imported = runs.by_day(store.activity_views(week_start(today), today, checked=False))
    count, km = 0, 0.0
    typed = {entry.date.isoformat(): entry.run for entry in week if entry.run is not None}
    for day in {*typed, *imported}:
        day_runs = [doc for doc in imported.get(day, []) if runs.is_run(doc)]
        if day_runs:
            count += len(day_runs)
            km += sum(doc["distance_km"] or 0.0 for doc in day_runs)
        elif day in typed:
            count += 1
            km += typed[day].distance_km
    # Only shoes in use can be flagged: a retired one's distance is not worked out.
    shoes = {key: shoe for key, shoe in store.shoe_docs(checked=False).items()
             if shoe["retired"] is None} if shoes_too else {}
    alerts: tuple[str, ...] = ()
    if shoes:
        lines = runs.stored_shoe_lines(store, shoes, today, checked=False)
        alerts = tuple(f"shoe {visible(line.doc['name'])[:30]}: {line.km:.0f} km, past its "
                       f"{line.doc['alert_km']:g} km alert" for line in lines if line.past_alert)
    return count, km, alerts


def insight_line(store: Store, today: dt.date) -> str | None:
    """Home's one line when an insight over the default window stands out
    (:func:`nervecheck.engine.log.insights.home_line`), or ``None``. From the light views
    (no pydantic); home calls it after its first frame, never before."""
    from nervecheck.engine.log import insights
    from nervecheck.engine.log.load import from_store

    log = from_store(store, today, since=insights.needed_from(today, insights.DEFAULT_DAYS), exact_start=False)
    return insights.home_line(insights.insights(log, today, insights.DEFAULT_DAYS, store.units()))
