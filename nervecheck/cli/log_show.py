"""The lines of ``nervecheck log show``: every field of each day, in the runner's units (issue 18).

Each day is a line (pain, symptoms, where, the run: distance and minutes, and what
counts when a watch's runs were imported, :func:`nervecheck.engine.log.runs.run_total`),
then one indented line per other field it has: pain after exercise, the exercises done,
the note in full (each of its lines, control characters shown as symbols:
:func:`nervecheck.engine.textsafe.visible`), the imported activities with their shoe,
and the checks saved that day with the id ``check list`` shows (and whether one is
marked "entered by mistake"). Distances are in the units of the settings (km or mi).

It works on the stored documents only: no pydantic, no watch room. :func:`nervecheck.cli.log.show`
reads them and prints :func:`day_lines` for each day.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nervecheck.engine.store.activities import parse_start
from nervecheck.engine.store.records import EntryView, check_time
from nervecheck.engine.textsafe import visible
from nervecheck.engine.units import km_to
from nervecheck.engine.vocab import label

if TYPE_CHECKING:
    from nervecheck.engine.clock import Clock

Doc = dict[str, Any]
INDENT = " " * 12


def distance(km: float | None, units: str) -> str:
    """A stored distance in ``units``, to two decimals at most: ``8.2 km``, ``5.1 mi``."""
    if km is None:
        return f"? {units}"
    return f"{km_to(km, units):.2f}".rstrip("0").rstrip(".") + f" {units}"


def _minutes(value: float | None) -> str:
    return "" if value is None else f" in {value:.0f} min" if value == int(value) else f" in {value:g} min"


def _seconds(value: int) -> str:
    minutes, seconds = divmod(value, 60)
    return " ".join([f"{minutes} min"] * bool(minutes) + [f"{seconds} s"] * bool(seconds or not minutes))


def exercise_text(done: Doc) -> str:
    """An exercise done and its amount: ``goblet squat 2 x 10``, ``glute bridge 10 x 5 s``,
    ``low impact session 20 min`` (one set is not said)."""
    amount = [] if done["sets"] == 1 else [str(done["sets"])]
    if done["reps"] is not None:
        amount.append(str(done["reps"]))
    if done["seconds"] is not None:
        amount.append(_seconds(done["seconds"]))
    return f"{label(done['exercise'])} {' x '.join(amount) or '1 set'}"


def exercise_lines(exercises: list[Doc], width: int = 80) -> list[str]:
    """The exercises done, one routine a line (wrapped to ``width``): ``Runner strength:
    goblet squat 2 x 10, deadlift 2 x 10``."""
    routines: dict[str, list[str]] = {}
    for done in exercises:
        routines.setdefault(done["routine"], []).append(exercise_text(done))
    lines = []
    for routine_id, items in routines.items():
        line = f"{INDENT}exercises: {label(routine_id)}:"
        for number, item in enumerate(items):  # an exercise and its amount are never split
            word = f" {item}{',' if number < len(items) - 1 else ''}"
            if len(line) + len(word) > width and not line.endswith(":"):
                lines.append(line)
                line = INDENT + " " * 10
            line += word
        lines.append(line)
    return lines


def run_line(entry: Doc | None, day_run: Any, units: str) -> str | None:
    """What counts as the day's run, with the typed one kept beside imported runs."""
    typed = entry.get("run") if entry else None
    typed_text = f"{distance(typed['distance_km'], units)}{_minutes(typed.get('duration_min'))}" if typed else ""
    if day_run is None or day_run.counted != "imported":
        return typed_text or None
    kept = f"; typed {typed_text} kept" if typed else ""
    return f"{distance(day_run.km, units)}{_minutes(day_run.minutes)} (imported runs count{kept})"


def activity_line(doc: Doc, clock: Clock, units: str) -> str:
    """``07:15 run 6.23 mi 50 min, shoe Pegasus 40`` (user text made visible)."""
    moment = clock.local(parse_start(doc["start"]))
    parts = [f"{moment:%H:%M} {doc['sport'].replace('_', ' ')}"]
    if doc["distance_km"] is not None:
        parts.append(distance(doc["distance_km"], units))
    seconds = doc["moving_s"] if doc["moving_s"] is not None else doc["elapsed_s"]
    if seconds is not None:
        parts.append(f"{seconds / 60:.0f} min")
    shoe = f", shoe {doc['shoe']}" if doc["shoe"] else ""
    return visible(" ".join(parts) + shoe)


def check_line(key: str, doc: Doc, clock: Clock) -> str:
    """``1a2b3c4d 19:05 Rest and treat, tibial`` and whether it is marked a mistake."""
    nerve = f", {label(doc['nerve'])}" if doc.get("nerve") else ""
    mark = " (entered by mistake)" if doc.get("mistake") is True else ""
    return f"{key} {clock.local(check_time(doc)):%H:%M} {label(doc['disposition'])}{nerve}{mark}"


def headline(entry: Doc | None, run: str | None) -> str:
    """Pain, symptoms, places and the run, as ``log add`` says it saved them."""
    parts = []
    if entry is not None:
        view = EntryView(entry)
        parts.append(f"pain {view.pain if view.pain is not None else '-'}")
        parts += [label(symptom) for symptom in view.symptoms]
        parts += [f"at {label(place)}" for place in view.locations]
    if run:
        parts.append(f"run {run}")
    return ", ".join(parts) or "no entry"


def day_lines(day: str, entry: Doc | None, acts: list[Doc], checks: list[tuple[str, Doc]], clock: Clock,
              units: str) -> list[str]:
    """Every line ``log show`` prints for one day."""
    from nervecheck.engine.log import runs

    details: list[tuple[str, str]] = []
    if entry and entry.get("pain_after_exercise") is not None:
        details.append(("pain after exercise", label(entry["pain_after_exercise"])))
    run = run_line(entry, runs.run_total(entry, acts) if acts else None, units)
    lines = [f"{day}  {headline(entry, run)}"] + [f"{INDENT}{name}: {text}" for name, text in details]
    lines += exercise_lines(list((entry or {}).get("exercises", ())))
    lines += [f"{INDENT}imported: {activity_line(doc, clock, units)}" for doc in acts]
    lines += [f"{INDENT}check: {check_line(key, doc, clock)}" for key, doc in checks]
    if entry and entry.get("note"):
        first, *rest = visible(entry["note"], keep_newlines=True).split("\n")
        lines.append(f"{INDENT}note: {first}")
        lines += [f"{INDENT}      {line}" if line else "" for line in rest]
    return lines
