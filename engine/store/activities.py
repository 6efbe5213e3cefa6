"""Issue 16: the stored form of imported activities and of shoes, and their checks.

Two tables, beside the entries, that a NerveCheck from before ignores (and keeps, as
every write rewrites the whole file): so the schema version stays 1 and no migration
is needed; a database without them reads as no activities and no shoes.

* ``activities``: one document per activity read from a watch file or an export,
  under a number of its own. Every field of the watch room's ``Activity``, with
  ``start`` as ISO 8601 UTC (``2026-03-04T07:15:02Z``), plus ``day``: the runner's
  local day of the start, worked out with the clock's zone *at import* and stored, so
  a later change of zone (a trip) never moves a run to another day.
* ``shoes``: one document per shoe: ``name`` (as typed, or as Strava's gear names it),
  ``retired`` (a day, or null), ``alert_km`` (the distance to warn at, 600 by default),
  ``default`` (typed runs are credited to it), and ``added`` (the day it was added:
  typed runs are credited to the default shoe from that day on).

The store does not import the watch room (it sits below it): the documents are plain
JSON, checked here without pydantic, and the one definition of what may be stored.
The entries are untouched by an import: the day's run total is worked out when read
(:mod:`nervecheck.engine.log.runs`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

ACTIVITIES, SHOES = "activities", "shoes"

#: The watch room's sports (``nervecheck.engine.watch.activity.SPORTS``; a test holds them equal).
SPORTS = ("run", "trail_run", "treadmill", "walk", "hike", "ride", "swim", "row", "elliptical", "other")
#: The sports that make up the day's run.
RUN_SPORTS = ("run", "trail_run", "treadmill")
DEFAULT_ALERT_KM = 600.0

#: The fields of an activity document, in the order they are written.
ACTIVITY_FIELDS = ("start", "day", "sport", "sport_raw", "distance_km", "moving_s", "elapsed_s",
                   "elevation_gain_m", "avg_hr", "shoe", "source", "external_id", "name", "from_index")
SHOE_FIELDS = ("name", "retired", "alert_km", "default", "added")

#: The largest value each figure may hold (``None`` is always allowed: not given).
FIGURE_MAX = {"distance_km": 10_000.0, "moving_s": 30 * 86_400.0, "elapsed_s": 30 * 86_400.0,
              "elevation_gain_m": 100_000.0, "avg_hr": 300.0}
#: The longest each text may be.
TEXT_MAX = {"sport_raw": 200, "shoe": 200, "source": 1000, "external_id": 100, "name": 500}
SHOE_NAME_MAX = TEXT_MAX["shoe"]
ALERT_MAX_KM = 100_000.0

_START = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def start_text(moment: dt.datetime) -> str:
    """An aware moment as the stored ISO UTC text, ``2026-03-04T07:15:02Z``."""
    text = moment.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat()
    return text + "Z"


def parse_start(text: str) -> dt.datetime:
    """The stored start back as an aware UTC moment."""
    return dt.datetime.fromisoformat(text.removesuffix("Z")).replace(tzinfo=dt.timezone.utc)


def _day(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _text_problem(field: str, value: Any, limit: int, optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        return f"field {field}: must be text{' or null' if optional else ''}"
    if len(value) > limit:
        return f"field {field}: at most {limit} characters"
    if _SURROGATE.search(value):
        return f"field {field}: contains an invalid character (a lone surrogate)"
    return None


def _figure_ok(value: Any, limit: float) -> bool:
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)
                             and math.isfinite(value) and 0 <= value <= limit)


def activity_problem(doc: Any) -> str | None:
    """The first thing wrong with an activity document (naming the field), or ``None``."""
    if not isinstance(doc, dict):
        return "not an object"
    keys = set(doc)
    if keys != set(ACTIVITY_FIELDS):
        unknown = sorted(keys - set(ACTIVITY_FIELDS))
        missing = [name for name in ACTIVITY_FIELDS if name not in keys]
        return f"unknown field {unknown[0]!r}" if unknown else f"field {missing[0]}: missing"
    start = doc["start"]
    if not isinstance(start, str) or not _START.fullmatch(start):
        return "field start: must be a UTC time written YYYY-MM-DDTHH:MM:SSZ"
    try:
        moment = parse_start(start)
    except ValueError:
        return f"field start: {start!r} is not a real time"
    day = _day(doc["day"])
    if day is None:
        return "field day: must be a real day written YYYY-MM-DD"
    if abs((day - moment.date()).days) > 1:
        return f"field day: {day} is not the local day of the start {start}"
    if doc["sport"] not in SPORTS:
        return f"field sport: unknown sport {doc['sport']!r}; one of {', '.join(SPORTS)}"
    for field, limit in FIGURE_MAX.items():
        if not _figure_ok(doc[field], limit):
            return f"field {field}: must be a number from 0 to {limit:g}, or null"
    for field, limit in TEXT_MAX.items():
        problem = _text_problem(field, doc[field], limit, optional=field not in ("sport_raw", "source"))
        if problem:
            return problem
    if not isinstance(doc["from_index"], bool):
        return "field from_index: must be true or false"
    return None


def activity_ok(doc: Any) -> bool:
    return activity_problem(doc) is None


def shoe_problem(doc: Any) -> str | None:
    """The first thing wrong with a shoe document (naming the field), or ``None``."""
    if not isinstance(doc, dict):
        return "not an object"
    if set(doc) != set(SHOE_FIELDS):
        unknown = sorted(set(doc) - set(SHOE_FIELDS))
        missing = [name for name in SHOE_FIELDS if name not in doc]
        return f"unknown field {unknown[0]!r}" if unknown else f"field {missing[0]}: missing"
    problem = name_problem(doc["name"])
    if problem:
        return f"field name: {problem}"
    if doc["retired"] is not None and _day(doc["retired"]) is None:
        return "field retired: must be a day written YYYY-MM-DD, or null"
    if _day(doc["added"]) is None:
        return "field added: must be a day written YYYY-MM-DD"
    alert = doc["alert_km"]
    if not (isinstance(alert, (int, float)) and not isinstance(alert, bool) and math.isfinite(alert)
            and 0 < alert <= ALERT_MAX_KM):
        return f"field alert_km: must be a number more than 0 and at most {ALERT_MAX_KM:g}"
    if not isinstance(doc["default"], bool):
        return "field default: must be true or false"
    return None


def shoe_ok(doc: Any) -> bool:
    return shoe_problem(doc) is None


def name_problem(name: Any) -> str | None:
    """What is wrong with a shoe's name (kept exactly as typed), or ``None``."""
    if not isinstance(name, str) or not name.strip():
        return "a shoe needs a name"
    if len(name) > SHOE_NAME_MAX:
        return f"at most {SHOE_NAME_MAX} characters (this one has {len(name)})"
    if _SURROGATE.search(name):
        return "contains an invalid character (a lone surrogate)"
    return None


def shoe_key(name: str) -> str:
    """What makes two shoe names the same shoe: case and runs of spaces do not count
    (``Pegasus 40`` typed and ``pegasus  40`` from Strava are one shoe)."""
    return " ".join(name.split()).casefold()


def new_shoe(name: str, added: dt.date, alert_km: float = DEFAULT_ALERT_KM, default: bool = False) -> dict[str, Any]:
    return {"name": name, "retired": None, "alert_km": alert_km, "default": default, "added": added.isoformat()}


def table_problems(data: dict[str, Any]) -> list[str]:
    """One line per activity or shoe document not as NerveCheck writes it (the store's
    table checks call this; a database without the tables has none)."""
    found = []
    for doc_id, doc in (data.get(ACTIVITIES) or {}).items():
        problem = activity_problem(doc)
        if problem:
            found.append(f"activity #{doc_id}, {problem}")
    keys: dict[str, str] = {}
    for doc_id, doc in (data.get(SHOES) or {}).items():
        problem = shoe_problem(doc)
        if problem:
            found.append(f"shoe #{doc_id}, {problem}")
        elif shoe_key(doc["name"]) in keys:
            found.append(f"shoe #{doc_id}, field name: the same shoe as #{keys[shoe_key(doc['name'])]}")
        else:
            keys[shoe_key(doc["name"])] = doc_id
    return found
