"""Imported activities put into a test store, as ``runs import`` stores them (issue 16)."""

from __future__ import annotations

import datetime as dt

from nervecheck.engine.log.runs import import_activities
from nervecheck.engine.store.activities import start_text


def activity(start: dt.datetime, km: float | None, minutes: float | None, *, sport: str = "run",
             shoe: str | None = None, name: str | None = None, external_id: str | None = None) -> dict:
    """One activity document in the stored form (``day``: the start's UTC day, as the
    tests' clock keeps UTC)."""
    return {
        "start": start_text(start), "day": start.date().isoformat(), "sport": sport, "sport_raw": sport.title(),
        "distance_km": km, "moving_s": None if minutes is None else minutes * 60, "elapsed_s": None,
        "elevation_gain_m": None, "avg_hr": None, "shoe": shoe, "source": "strava export",
        "external_id": external_id, "name": name, "from_index": False,
    }


def put_activities(store, *docs: dict) -> None:
    import_activities(store, docs)
