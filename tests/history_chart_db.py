"""The history chart's fixture database (``tests/fixtures/history_chart.json``), and how
it was made: 400 days ending on the tests' TODAY with a three-week gap, single missing
days, many pain-0 days, a few days logged without a score, typed runs, imported runs
(some on days with a typed run kept, some on days with no entry), a ride that does not
count, a default shoe for typed runs, and a shoe name with brackets shown as typed.

Rebuild it with ``.venv/bin/python -m tests.history_chart_db`` (a test holds the file
equal to what this makes).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.activities import new_shoe
from nervecheck.engine.store.repository import Store, open_store
from nervecheck.engine.store.schema import Entry, Run
from nervecheck.engine.watch.activity import Activity

FIXTURE = Path(__file__).parent / "fixtures" / "history_chart.json"
NOW = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.timezone.utc)
TODAY = NOW.date()
DAYS = 400
GAP = (dt.date(2026, 9, 1), dt.date(2026, 9, 21))  # away: nothing typed, two runs imported
SHOE_A, SHOE_B, DEFAULT = "Pegasus 40", "Trail [b]x[/b]", "Daily trainer"


def _activity(day: dt.date, km: float, sport: str = "run", shoe: str | None = SHOE_A) -> Activity:
    start = dt.datetime(day.year, day.month, day.day, 7, 15, tzinfo=dt.timezone.utc)
    return Activity(start=start, sport=sport, sport_raw=sport, distance_km=km, moving_s=round(km * 330),
                    elapsed_s=round(km * 340), elevation_gain_m=20.0, avg_hr=150.0, shoe=shoe,
                    source="strava/activities.csv", external_id=f"{day:%Y%m%d}{sport}", name=None, from_index=False)


def build(path: Path) -> Store:
    """The fixture database at ``path``."""
    from nervecheck.engine.log.runs import activity_doc, merge_runs

    clock = FixedClock(NOW)
    store = open_store(path, clock)
    rng = random.Random(17)
    entries, activities = [], []
    for offset in range(DAYS - 1, -1, -1):
        day = TODAY - dt.timedelta(days=offset)
        if GAP[0] <= day <= GAP[1]:
            if day.weekday() in (2, 5):
                activities.append(_activity(day, 8.0 + day.day % 5, shoe=SHOE_B))
            continue
        if rng.random() < 0.12:
            continue  # a day not logged
        pain = None if rng.random() < 0.04 else (0 if rng.random() < 0.45 else rng.randint(1, 8))
        symptoms = ("tingling",) if pain else ()
        run = Run(distance_km=round(rng.uniform(4, 16), 1), duration_min=50) if day.weekday() in (1, 3, 6) else None
        entries.append(Entry(date=day, pain=pain, symptoms=symptoms, locations=("toes",) if symptoms else (),
                             run=run, pain_after_exercise="none" if run else None))
        if day.weekday() == 3 and offset < 120:
            activities.append(_activity(day, (run.distance_km if run else 10.0) + 0.3))  # typed one kept
        if day.weekday() == 5 and offset < 60:
            activities.append(_activity(day, 30.0, sport="ride", shoe=None))  # not a run
    store.merge_entries(entries)
    shoes = [new_shoe(SHOE_A, TODAY - dt.timedelta(days=200)),
             new_shoe(SHOE_B, TODAY - dt.timedelta(days=100)),
             new_shoe(DEFAULT, TODAY - dt.timedelta(days=150), default=True)]
    merge_runs(store, [activity_doc(a, clock) for a in activities], shoes)
    return store


if __name__ == "__main__":
    FIXTURE.unlink(missing_ok=True)
    build(FIXTURE)
    print(FIXTURE)
