"""Issue 16: runs from the watch, stored, and what they make of the day's run.

* :func:`activity_doc`: an ``Activity`` of the watch room as the store keeps it, its
  local ``day`` worked out with the clock's zone now (and so stable);
* :func:`import_activities`: new activities stored in one locked write, deduplicated
  against what is stored (the same Strava ID, else :func:`~nervecheck.engine.watch.same_activity`),
  shoes named by them created; the entries are never touched;
* :func:`day_run` / :func:`run_total`: what counts as the day's run. Running
  activities (run, trail run, treadmill) make it up; when a day has imported runs
  their total counts and a typed run is kept beside it, shown, not added; a day with
  none imported counts the typed run;
* :func:`default_shoe_on`: the shoe of a typed run, the default shoe covering its day
  (from the day it was added to its retirement); :func:`shoe_lines`: each shoe's
  distance: the imported runs naming it, and typed runs counted on days the default
  shoe covers.

The reading paths (``log show``, ``log export``, ``shoes``) import nothing of the
watch room: they work on the stored documents. Only :func:`import_activities` and
:func:`activity_doc` load it.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from nervecheck.engine.store.activities import (
    ACTIVITY_FIELDS,
    FIGURE_MAX,
    RUN_SPORTS,
    SPORTS,
    TEXT_MAX,
    new_shoe,
    parse_start,
    shoe_key,
    start_text,
)

if TYPE_CHECKING:
    from nervecheck.engine.clock import Clock
    from nervecheck.engine.watch.activity import Activity

Doc = dict[str, Any]


# -- the stored form -------------------------------------------------------------------


def _figure(value: Any, field: str) -> float | None:
    """A figure as stored: a number a file got wrong (negative, not finite, past any
    real activity) is stored as not given rather than refusing the activity."""
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) and 0 <= value <= FIGURE_MAX[field] else None


def _text(value: Any, field: str) -> str | None:
    if value is None:
        return None
    text = str(value).encode("utf-8", "replace").decode("utf-8")  # no lone surrogates
    return text[:TEXT_MAX[field]]


def activity_doc(activity: Activity, clock: Clock) -> Doc:
    """``activity`` as stored: every field, ``start`` in ISO UTC, and ``day``, the local
    day of the start in ``clock``'s zone, fixed now."""
    doc = {
        "start": start_text(activity.start),
        "day": clock.local(activity.start).date().isoformat(),
        "sport": activity.sport if activity.sport in SPORTS else "other",
        "sport_raw": _text(activity.sport_raw, "sport_raw") or "",
        **{field: _figure(getattr(activity, field), field) for field in FIGURE_MAX},
        "shoe": _text(activity.shoe, "shoe") if activity.shoe and activity.shoe.strip() else None,
        "source": _text(activity.source, "source") or "",
        "external_id": _text(activity.external_id, "external_id"),
        "name": _text(activity.name, "name"),
        "from_index": bool(activity.from_index),
    }
    return {field: doc[field] for field in ACTIVITY_FIELDS}


def activity_of(doc: Doc) -> Activity:
    """A stored activity as the watch room's record (for the match rule)."""
    from nervecheck.engine.watch.activity import Activity

    fields = {field: doc[field] for field in ACTIVITY_FIELDS if field not in ("start", "day")}
    return Activity(start=parse_start(doc["start"]), **fields)


# -- storing an import -----------------------------------------------------------------


@dataclasses.dataclass
class ImportCounts:
    """What one import did."""

    added: int = 0
    duplicates: int = 0
    other_sports: int = 0  # of ``added``, those that are not runs
    completed: int = 0  # stored activities a duplicate filled in (a shoe, a Strava ID)
    shoes_added: list[str] = dataclasses.field(default_factory=list)
    #: The Strava IDs of the incoming activities that were stored already.
    stored_ids: set[str] = dataclasses.field(default_factory=set)


def _is_same(stored: Activity, incoming: Activity) -> bool:
    from nervecheck.engine.watch.activity import same_activity

    if stored.external_id is not None and stored.external_id == incoming.external_id:
        return True
    return same_activity(stored, incoming)


def plan_import(incoming: Iterable[Doc], stored: dict[int, Doc], shoes: dict[int, Doc],
                today: dt.date) -> tuple[dict[int, Doc], dict[int, Doc], ImportCounts]:
    """The activity and shoe documents an import writes (by id), and its counts.

    ``incoming`` (stored form) is deduplicated against ``stored`` and itself: the same
    Strava ID, else the same run by :func:`~nervecheck.engine.watch.same_activity`. A duplicate
    adds nothing, but fills in what the stored one lacks (the Strava row's shoe and ID
    for the watch's file), keeping its stored ``day``.
    """
    from nervecheck.engine.store.activities import activity_problem
    from nervecheck.engine.watch.activity import START_TOLERANCE, merge

    incoming = list(incoming)
    for index, doc in enumerate(incoming):
        problem = activity_problem(doc)
        if problem:
            raise ValueError(f"activity {index}: {problem}")
    counts = ImportCounts()
    docs = dict(stored)
    changes: dict[int, Doc] = {}
    by_id = {doc["external_id"]: key for key, doc in docs.items() if doc["external_id"]}
    timeline = sorted((parse_start(doc["start"]), key) for key, doc in docs.items())
    next_id = max(docs, default=0) + 1
    for doc in incoming:
        new = activity_of(doc)
        match = by_id.get(doc["external_id"]) if doc["external_id"] else None
        if match is None:
            low = bisect.bisect_left(timeline, (new.start - START_TOLERANCE, -1))
            high = bisect.bisect_right(timeline, (new.start + START_TOLERANCE, math.inf))
            match = next((key for _start, key in timeline[low:high] if _is_same(activity_of(docs[key]), new)), None)
        if match is not None:
            counts.duplicates += 1
            if doc["external_id"]:
                counts.stored_ids.add(doc["external_id"])
            old = docs[match]
            merged = {**activity_doc_fields(merge(activity_of(old), new)), "day": old["day"]}
            merged = {field: merged[field] for field in ACTIVITY_FIELDS}
            if merged != old:
                docs[match] = changes[match] = merged
                if merged["external_id"]:
                    by_id[merged["external_id"]] = match
            continue
        docs[next_id] = changes[next_id] = doc
        if doc["external_id"]:
            by_id[doc["external_id"]] = next_id
        bisect.insort(timeline, (new.start, next_id))
        counts.added += 1
        counts.other_sports += doc["sport"] not in RUN_SPORTS
        next_id += 1
    counts.completed = sum(1 for key in changes if key in stored)
    shoe_changes: dict[int, Doc] = {}
    known = {shoe_key(shoe["name"]) for shoe in shoes.values()}
    next_shoe = max(shoes, default=0) + 1
    for doc in sorted(changes.values(), key=lambda doc: doc["day"]):
        name = doc["shoe"]
        if name and shoe_key(name) not in known:
            # added on the day of its first activity here, so it can be retired on any day after
            known.add(shoe_key(name))
            shoe_changes[next_shoe] = new_shoe(name, min(dt.date.fromisoformat(doc["day"]), today))
            counts.shoes_added.append(name)
            next_shoe += 1
    return changes, shoe_changes, counts


def activity_doc_fields(activity: Activity) -> Doc:
    """The stored fields of ``activity`` but ``day`` (kept from the stored document)."""
    doc = {field: getattr(activity, field) for field in ACTIVITY_FIELDS if field not in ("start", "day")}
    return {**doc, "start": start_text(activity.start), "day": None}


def problems_left(problems: Iterable[Any], counts: ImportCounts) -> list[Any]:
    """The scan's problems still worth saying after an import: a Strava row whose file is
    missing (``Problem.row_id``) was read from its own figures, and once that activity
    is stored, importing the same export again is not a file refused again."""
    return [problem for problem in problems if problem.row_id is None or problem.row_id not in counts.stored_ids]


def import_activities(store: Any, incoming: Iterable[Doc]) -> ImportCounts:
    """Store ``incoming`` (activity documents) by :func:`plan_import`, in one locked
    write of the activities and shoes tables (none if nothing is new)."""
    incoming = list(incoming)
    today = store.clock.today()

    def change(stored: dict[int, Doc], shoes: dict[int, Doc]) -> tuple[dict, dict, ImportCounts]:
        return plan_import(incoming, stored, shoes, today)

    return store.change_runs(change)


def merge_runs(store: Any, activities: Iterable[Doc], shoes: Iterable[Doc]) -> ImportCounts:
    """Another copy's activities and shoes (``db merge``), by the import's rule: the
    activities this one lacks are added; a shoe this one does not know comes with its
    settings (but is not the default if this copy has one); a shoe both know keeps
    this copy's settings. One locked write, none if nothing is new."""
    incoming, theirs = list(activities), list(shoes)
    today = store.clock.today()

    def change(stored: dict[int, Doc], mine: dict[int, Doc]) -> tuple[dict, dict, ImportCounts]:
        acts, new_shoes, counts = plan_import(incoming, stored, mine, today)
        known = {shoe_key(shoe["name"]): key for key, shoe in {**mine, **new_shoes}.items()}
        has_default = any(shoe["default"] for shoe in mine.values())
        next_shoe = max([*mine, *new_shoes], default=0) + 1
        for shoe in theirs:
            key = known.get(shoe_key(shoe["name"]))
            if key in mine:
                continue
            doc = {**shoe, "default": shoe["default"] and not has_default}
            has_default = has_default or doc["default"]
            if key is None:
                key, next_shoe = next_shoe, next_shoe + 1
                known[shoe_key(shoe["name"])] = key
                counts.shoes_added.append(shoe["name"])
            new_shoes[key] = doc
        return acts, new_shoes, counts

    return store.change_runs(change)


# -- the day's run ---------------------------------------------------------------------


def is_run(doc: Doc) -> bool:
    return doc["sport"] in RUN_SPORTS


@dataclasses.dataclass(frozen=True)
class DayRun:
    """What counts as one day's run, and what is kept beside it."""

    km: float | None  # the distance that counts (None: no run)
    minutes: float | None
    counted: str | None  # "imported", "typed" or None
    typed: Doc | None  # the entry's run as typed, kept either way
    imported: tuple[Doc, ...]  # the day's running activities
    others: tuple[Doc, ...]  # the day's other activities (walks, rides...), never counted

    @property
    def imported_km(self) -> float:
        return sum(doc["distance_km"] or 0.0 for doc in self.imported)

    def describe(self) -> str:
        """``run 10.2 km imported (typed 10 km kept)``, ``run 10 km``, or ``""``."""
        if self.counted is None:
            return ""
        if self.counted == "typed":
            return f"run {self.km:g} km"
        kept = f"; typed {self.typed['distance_km']:g} km kept" if self.typed else ""
        return f"run {_km(self.km)} km (imported {_km(self.km)} km counts{kept})"


def _km(value: float | None) -> str:
    return "?" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def run_total(entry: Doc | None, activities: Iterable[Doc]) -> DayRun:
    """The day's run from its entry (``None``: no entry) and its activities: the
    imported runs' total counts when there are any; the typed run counts otherwise.
    The entry's ``run`` is never changed."""
    acts = tuple(activities)
    runs = tuple(doc for doc in acts if is_run(doc))
    others = tuple(doc for doc in acts if not is_run(doc))
    typed = entry.get("run") if entry else None
    if runs:
        km = sum(doc["distance_km"] or 0.0 for doc in runs)
        seconds = [doc["moving_s"] if doc["moving_s"] is not None else doc["elapsed_s"] for doc in runs]
        minutes = sum(seconds) / 60 if all(value is not None for value in seconds) else None
        return DayRun(round(km, 3), minutes, "imported", typed, runs, others)
    if typed:
        return DayRun(typed["distance_km"], typed.get("duration_min"), "typed", typed, (), others)
    return DayRun(None, None, None, None, (), others)


def by_day(activities: Iterable[Doc]) -> dict[str, list[Doc]]:
    """Activities grouped by their stored local day (``YYYY-MM-DD``), each day by start."""
    days: dict[str, list[Doc]] = {}
    for doc in sorted(activities, key=lambda doc: doc["start"]):
        days.setdefault(doc["day"], []).append(doc)
    return days


def day_runs(store: Any, day: dt.date) -> DayRun:
    """The day's run as it counts, read from ``store``."""
    return run_total(store.entry_doc(day), store.activity_views(day, day))


def activity_line(doc: Doc, clock: Clock) -> str:
    """One activity for a terminal line (text not yet made visible):
    ``07:15 run 10.02 km 50 min, shoe Pegasus 40``."""
    moment = clock.local(parse_start(doc["start"]))
    parts = [f"{moment:%H:%M} {doc['sport'].replace('_', ' ')}"]
    if doc["distance_km"] is not None:
        parts.append(f"{_km(doc['distance_km'])} km")
    seconds = doc["moving_s"] if doc["moving_s"] is not None else doc["elapsed_s"]
    if seconds is not None:
        parts.append(f"{seconds / 60:.0f} min")
    text = " ".join(parts)
    if doc["shoe"]:
        text += f", shoe {doc['shoe']}"
    return text


# -- shoes -----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ShoeLine:
    doc: Doc
    km: float
    imported_km: float
    typed_km: float

    @property
    def past_alert(self) -> bool:
        return self.km >= self.doc["alert_km"]


def covers(shoe: Doc, day: str) -> bool:
    """Whether ``shoe`` was worn on ``day`` (``YYYY-MM-DD``) as far as typed runs go:
    added by then and not retired before it."""
    return shoe["added"] <= day and (shoe["retired"] is None or day <= shoe["retired"])


def default_shoe_on(shoes: dict[int, Doc], day: dt.date) -> str | None:
    """The shoe a typed run of ``day`` is credited to: the default shoe's name if it
    covers the day (:func:`covers`), else ``None``. The history, the log screen and
    :func:`shoe_lines` go by this one rule."""
    text = day.isoformat()
    for shoe in shoes.values():
        if shoe["default"] and covers(shoe, text):
            return shoe["name"]
    return None


def shoe_lines(shoes: dict[int, Doc], activities: Iterable[Doc], entries: Iterable[Doc]) -> list[ShoeLine]:
    """Each shoe with its distance: the imported runs naming it, plus, for the default
    shoe, the typed runs of days it covers (from its ``added`` day to its retirement)
    that have no imported run (the imported one counts then, and names its own shoe)."""
    acts = list(activities)
    imported: dict[str, float] = {}
    for doc in acts:
        if is_run(doc) and doc["shoe"]:
            key = shoe_key(doc["shoe"])
            imported[key] = imported.get(key, 0.0) + (doc["distance_km"] or 0.0)
    run_days = {doc["day"] for doc in acts if is_run(doc)}
    lines = []
    for shoe in shoes.values():
        typed = 0.0
        if shoe["default"]:
            for entry in entries:
                if entry.get("run") and entry["date"] not in run_days and covers(shoe, entry["date"]):
                    typed += entry["run"]["distance_km"]
        mine = imported.get(shoe_key(shoe["name"]), 0.0)
        lines.append(ShoeLine(shoe, round(mine + typed, 3), round(mine, 3), round(typed, 3)))
    return lines


#: What :func:`shoe_lines` reads of an activity.
SHOE_LINE_FIELDS = ("day", "sport", "shoe", "distance_km")


def stored_shoe_lines(store: Any, shoes: dict[int, Doc], until: dt.date | None = None,
                      checked: bool = True) -> list[ShoeLine]:
    """:func:`shoe_lines` of ``shoes`` from what ``store`` holds (up to ``until``): the
    entries are read as light views, and only from the day the earliest default shoe
    was added (typed runs count for the default shoe only)."""
    if not shoes:
        return []
    since = min((dt.date.fromisoformat(shoe["added"]) for shoe in shoes.values() if shoe["default"]), default=None)
    entries = [{"date": view.date.isoformat(), "run": view.run and {"distance_km": view.run.distance_km}}
               for view in store.entry_views(since, until)] if since else []
    return shoe_lines(shoes, store.activity_fields(SHOE_LINE_FIELDS, checked=checked), entries)


def find_shoe(shoes: dict[int, Doc], name: str) -> int | None:
    """The id of the shoe named ``name`` (case and spacing aside), or ``None``."""
    return next((key for key, shoe in shoes.items() if shoe_key(shoe["name"]) == shoe_key(name)), None)
