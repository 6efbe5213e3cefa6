"""Stored documents checked and read without pydantic: the store's fast path.

Opening the database validates every document. Doing that through the pydantic
models costs more than the whole budget for starting the app on a Raspberry Pi, so
the store first asks these plain checks, which accept only documents in exactly the
form NerveCheck writes. Anything they do not accept goes to the pydantic models,
which stay the single authority: they either accept it after all or name the field
at fault. A property test holds the line that matters: whatever these checks
accept, the models accept too.

Exercise ids are checked against the routines in ``content/routines.json``: the
table of ids (:func:`exercise_ids`) is read here with plain :mod:`json`, once, and
the models ask the same table, so both draw the line in the same place.

The views are read-only stand-ins for the models with the same attribute names, for
the screens that must draw before pydantic is imported (the home screen).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from typing import Any

from nervecheck.engine.vocab import CONTRACT_ROUTINES, DISPOSITIONS, LOCATIONS, PAIN_AFTER, SYMPTOMS

NOTE_MAX = 2000
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_WHOLE_TEXT = re.compile(r"[+-]?[0-9]+")
_NUMBER_TEXT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_STAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})")
ID_FORM = re.compile(r"[a-z][a-z0-9_]{0,63}")
SURROGATE = re.compile("[\ud800-\udfff]")

#: The fields of an entry, in the order the model writes them.
ENTRY_FIELDS = ("date", "pain", "symptoms", "locations", "run", "pain_after_exercise", "exercises", "note",
                "updated_at")
_ENTRY_KEYS = frozenset(ENTRY_FIELDS)
_EXERCISE_KEYS = frozenset(("routine", "exercise", "sets", "reps", "seconds"))
_CHECK_KEYS = frozenset(("time", "path", "disposition", "nerve", "care", "routines", "contract", "flag", "ticked",
                         "leaf",
                         # issue 15: "entered by mistake", and when it was last marked or unmarked
                         "mistake", "marked_at"))
_SYMPTOMS, _LOCATIONS = frozenset(SYMPTOMS), frozenset(LOCATIONS)


def parse_day(value: Any) -> dt.date:
    """A real ISO 8601 calendar day, ``YYYY-MM-DD``, and nothing looser."""
    if isinstance(value, dt.datetime):
        raise ValueError("must be a day (YYYY-MM-DD), not a date and time")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise ValueError(f"must be a day written YYYY-MM-DD, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a real calendar day") from None


def parse_whole_text(value: str) -> int:
    """A whole number typed as text (``7``), refusing ``7.0``, ``1_0``, ``٧`` and spaces."""
    if not _WHOLE_TEXT.fullmatch(value):
        raise ValueError(f"{value!r} is not a whole number")
    return int(value)


def parse_number_text(value: str) -> float:
    """A plain decimal number typed as text (``8.2``), refusing ``nan``, ``inf``, ``1e3``."""
    if not _NUMBER_TEXT.fullmatch(value):
        raise ValueError(f"{value!r} is not a number")
    return float(value)


@functools.cache
def exercise_ids() -> dict[str, frozenset[str]] | None:
    """Each routine id of ``content/routines.json`` with its exercise ids, read once.

    Plain JSON, no content models: the store's fast path needs it. ``None`` when the
    packaged file cannot be read or is not shaped like a routines file; ids are then
    checked for their form only (here and in the models alike) and
    ``nervecheck content check`` names the fault.
    """
    from nervecheck.engine import content_files  # only when an entry names an exercise

    try:
        data = json.loads(content_files.content_path("routines.json").read_text("utf-8"))
        table = {routine["id"]: frozenset(exercise["id"] for exercise in routine["exercises"])
                 for routine in data["routines"]}
    except (OSError, ValueError, ImportError, KeyError, TypeError):
        return None
    if not all(type(key) is str and all(type(item) is str for item in ids) for key, ids in table.items()):
        return None
    return table


def known_exercise(routine: str, exercise: str) -> bool:
    """Whether ``routine`` is a routine of the content and ``exercise`` one of its exercises."""
    table = exercise_ids()
    return table is None or exercise in table.get(routine, ())


def _whole(value: Any, low: int, high: int, optional: bool = True) -> bool:
    if value is None:
        return optional
    return type(value) is int and low <= value <= high


def _number(value: Any, low: float, high: float, optional: bool) -> bool:
    if value is None:
        return optional
    return type(value) in (int, float) and math.isfinite(value) and low <= value <= high


def _iso(value: Any, form: re.Pattern[str], parse) -> bool:
    """Text in exactly ``form`` that ``parse`` accepts (a real day, a real time)."""
    if type(value) is not str or not form.fullmatch(value):
        return False
    try:
        parse(value)
    except ValueError:
        return False
    return True


def _day(value: Any) -> bool:
    return _iso(value, _DAY, dt.date.fromisoformat)


def _stamp(value: Any) -> bool:
    return _iso(value, _STAMP, dt.datetime.fromisoformat)


def _ids(value: Any, allowed: frozenset[str]) -> bool:
    return type(value) is list and all(type(item) is str and item in allowed for item in value)


def _run_ok(run: Any) -> bool:
    if run is None:
        return True
    return (type(run) is dict and "distance_km" in run and run.keys() <= {"distance_km", "duration_min"}
            and _number(run["distance_km"], 0, 500, False) and run["distance_km"] > 0
            and _number(run.get("duration_min"), 0, 1440, True))


def _exercise_ok(done: Any) -> bool:
    return (type(done) is dict and done.keys() <= _EXERCISE_KEYS
            and type(done.get("routine")) is str and ID_FORM.fullmatch(done["routine"]) is not None
            and type(done.get("exercise")) is str and ID_FORM.fullmatch(done["exercise"]) is not None
            and known_exercise(done["routine"], done["exercise"])
            and _whole(done.get("sets", 1), 0, 100, False) and _whole(done.get("reps"), 0, 1000)
            and _whole(done.get("seconds"), 0, 24 * 3600))


def _note_ok(note: Any) -> bool:
    return type(note) is str and len(note) <= NOTE_MAX and not SURROGATE.search(note)


def entry_ok(doc: Any) -> bool:
    """True only if ``doc`` is an entry exactly as NerveCheck writes it (surely valid)."""
    return (type(doc) is dict and doc.keys() <= _ENTRY_KEYS and _day(doc.get("date"))
            and _whole(doc.get("pain"), 0, 10)
            and _ids(doc.get("symptoms", []), _SYMPTOMS) and _ids(doc.get("locations", []), _LOCATIONS)
            and _run_ok(doc.get("run"))
            and (doc.get("pain_after_exercise") is None or doc["pain_after_exercise"] in PAIN_AFTER)
            and type(doc.get("exercises", [])) is list and all(map(_exercise_ok, doc.get("exercises", [])))
            and _note_ok(doc.get("note", "")) and (doc.get("updated_at") is None or _stamp(doc["updated_at"])))


def stamp_text(moment: dt.datetime) -> str:
    """A time as the models write it: ISO 8601, UTC as ``Z``."""
    text = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def blank_entry(day: dt.date) -> dict[str, Any]:
    """A new day's entry with nothing filled in, as the model writes it."""
    return {"date": day.isoformat(), "pain": None, "symptoms": [], "locations": [], "run": None,
            "pain_after_exercise": None, "exercises": [], "note": "", "updated_at": None}


def canonical_entry(doc: dict[str, Any]) -> dict[str, Any]:
    """An entry that :func:`entry_ok` accepts, in exactly the form the model writes it
    (every field, in order, defaults filled, repeats dropped, floats as floats).

    ``Entry.model_validate(doc).to_json()`` without pydantic; a property test holds
    the two equal.
    """
    run = doc.get("run")
    if run is not None:
        minutes = run.get("duration_min")
        run = {"distance_km": float(run["distance_km"]), "duration_min": None if minutes is None else float(minutes)}
    updated = doc.get("updated_at")
    return {
        "date": doc["date"], "pain": doc.get("pain"),
        "symptoms": list(dict.fromkeys(doc.get("symptoms", ()))),
        "locations": list(dict.fromkeys(doc.get("locations", ()))),
        "run": run, "pain_after_exercise": doc.get("pain_after_exercise"),
        "exercises": [{"routine": done["routine"], "exercise": done["exercise"], "sets": done.get("sets", 1),
                       "reps": done.get("reps"), "seconds": done.get("seconds")}
                      for done in doc.get("exercises", ())],
        "note": doc.get("note", ""),
        "updated_at": None if updated is None else stamp_text(dt.datetime.fromisoformat(updated)),
    }


def check_ok(doc: Any) -> bool:
    """True only if ``doc`` is a saved check exactly as NerveCheck writes it."""
    if type(doc) is not dict or not doc.keys() <= _CHECK_KEYS or not _stamp(doc.get("time")):
        return False
    path = doc.get("path")
    steps_ok = type(path) is list and all(
        type(s) is dict and s.keys() == {"id", "answer"} and type(s["id"]) is str and type(s["answer"]) is str
        for s in path)
    return (steps_ok and doc.get("disposition") in DISPOSITIONS
            and (doc.get("nerve") is None or type(doc["nerve"]) is str)
            and doc.get("care") in (None, "ice", "heat", "rest")
            and _ids(doc.get("routines", []), frozenset(CONTRACT_ROUTINES))
            and doc.get("contract", 1) in (1, 2) and type(doc.get("contract", 1)) is int
            and all(doc.get(key) is None or type(doc[key]) is str for key in ("flag", "leaf"))
            and type(doc.get("ticked", [])) is list and all(type(item) is str for item in doc.get("ticked", []))
            # issue 15: the mistake mark (absent on checks never marked)
            and type(doc.get("mistake", False)) is bool
            and (doc.get("marked_at") is None or _stamp(doc["marked_at"])))


def settings_ok(doc: Any) -> bool:
    return type(doc) is dict and doc.keys() <= {"units"} and doc.get("units", "km") in ("km", "mi")


class RunView:
    """A run as stored (kilometres)."""

    __slots__ = ("distance_km", "duration_min")

    def __init__(self, doc: dict[str, Any]) -> None:
        self.distance_km = float(doc["distance_km"])
        duration = doc.get("duration_min")
        self.duration_min = None if duration is None else float(duration)


class EntryView:
    """A read-only entry with the model's attribute names, from a checked document."""

    __slots__ = ("date", "pain", "symptoms", "locations", "run", "pain_after_exercise", "note")

    def __init__(self, doc: dict[str, Any]) -> None:
        self.date = dt.date.fromisoformat(doc["date"])
        self.pain = doc.get("pain")
        self.symptoms = tuple(dict.fromkeys(doc.get("symptoms", ())))
        self.locations = tuple(dict.fromkeys(doc.get("locations", ())))
        run = doc.get("run")
        self.run = None if run is None else RunView(run)
        self.pain_after_exercise = doc.get("pain_after_exercise")
        self.note = doc.get("note", "")


class CheckView:
    """A saved check's outcome and time, from a checked document."""

    __slots__ = ("time", "disposition", "nerve", "care", "contract", "mistake")

    def __init__(self, doc: dict[str, Any]) -> None:
        self.time = check_time(doc)
        self.mistake = doc.get("mistake", False)  # issue 15
        self.disposition = doc["disposition"]
        self.nerve = doc.get("nerve")
        self.care = doc.get("care")
        self.contract = doc.get("contract", 1)


def check_time(doc: dict[str, Any]) -> dt.datetime:
    """When a saved check was made (naive times read as UTC, as pydantic does)."""
    time = doc["time"]
    if isinstance(time, str):
        moment = dt.datetime.fromisoformat(time)
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
    return time
