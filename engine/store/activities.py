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
JSON, defined once in :mod:`.fields` (``ACTIVITY`` and ``SHOE``) as every other stored
document is, so the fast checks of :mod:`.records`, the models of :mod:`.schema` (which
name the field at fault) and the canonical form all derive from that definition. What
is here is the tables' own rules: one shoe per name, and the helpers that make and read
the documents. The entries are untouched by an import: the day's run total is worked
out when read (:mod:`nervecheck.engine.log.runs`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from nervecheck.engine.store import records
from nervecheck.engine.store.fields import ACTIVITY, SHOE, SPORTS, parse_utc  # noqa: F401 (SPORTS: for the log room)

ACTIVITIES, SHOES = "activities", "shoes"

#: The sports that make up the day's run.
RUN_SPORTS = ("run", "trail_run", "treadmill")
#: The sports that count towards the routines' low-impact cardio target.
CARDIO_SPORTS = ("walk", "hike", "ride", "swim", "row", "elliptical")
DEFAULT_ALERT_KM = 600.0

#: The fields of each document, in the order they are written (from the definition).
ACTIVITY_FIELDS, SHOE_FIELDS = ACTIVITY.names, SHOE.names
#: The largest value each figure may hold (``None`` is always allowed: not given).
FIGURE_MAX = {spec.name: float(spec.high) for spec in ACTIVITY if spec.kind == "number"}
#: The longest each text may be.
TEXT_MAX = {spec.name: spec.max_length for spec in ACTIVITY if spec.kind == "text"}
SHOE_NAME_MAX = SHOE["name"].max_length
ALERT_MAX_KM = float(SHOE["alert_km"].high)

activity_ok, shoe_ok = records.activity_ok, records.shoe_ok
parse_start = parse_utc


def start_text(moment: dt.datetime) -> str:
    """An aware moment as the stored ISO UTC text, ``2026-03-04T07:15:02Z``."""
    text = moment.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat()
    return text + "Z"


def _model_problem(model_name: str, doc: Any) -> str | None:
    """The model's first problem with ``doc`` as ``field X: message`` (it names the field)."""
    from pydantic import ValidationError

    from nervecheck.engine.content_files import first_problem
    from nervecheck.engine.store import schema

    try:
        getattr(schema, model_name).model_validate(doc)
    except ValidationError as error:
        return first_problem(error)
    return None


def activity_problem(doc: Any) -> str | None:
    """The first thing wrong with an activity document (naming the field), or ``None``.
    The fast check first; only a document it does not accept costs the model."""
    return None if activity_ok(doc) else _model_problem("Activity", doc) or _NOT_AS_WRITTEN


def shoe_problem(doc: Any) -> str | None:
    """The first thing wrong with a shoe document (naming the field), or ``None``."""
    return None if shoe_ok(doc) else _model_problem("Shoe", doc) or _NOT_AS_WRITTEN


#: A document the model accepts but not in the form NerveCheck writes (none is known:
#: the two sides are held equal by tests); refused rather than stored loosely.
_NOT_AS_WRITTEN = "not in the form NerveCheck writes"


def name_problem(name: Any) -> str | None:
    """What is wrong with a shoe's name (kept exactly as typed), or ``None``: the
    definition's own rule, asked of a shoe of that name."""
    problem = shoe_problem({**new_shoe("x", dt.date(2000, 1, 1)), "name": name})
    return None if problem is None else problem.removeprefix("field name: ")


def canonical_activity(doc: dict[str, Any]) -> dict[str, Any]:
    """A checked activity exactly as the model writes it (fields in order, floats as floats)."""
    return records.canonical_activity(doc)


def canonical_shoe(doc: dict[str, Any]) -> dict[str, Any]:
    return records.canonical_shoe(doc)


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
