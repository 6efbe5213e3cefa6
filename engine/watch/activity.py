"""One activity as read from a file or an export row, and when two are the same run.

The same run often arrives twice: the watch's FIT file and the Strava row (or Strava's
copy of that FIT). :func:`same_activity` says they are one run when they start within
:data:`START_TOLERANCE` of each other and their distances differ by no more than
:data:`DISTANCE_FRACTION` of the longer one or :data:`DISTANCE_FLOOR_KM`, whichever is
larger. When either distance is unknown (a swim without a pool length, a manual entry),
the start alone decides, and then only for the same sport.

A tolerant match cannot be an exact key (any rounding of the start or the distance
puts two readings a second apart on either side of a boundary), so
:attr:`Activity.fingerprint` is a readable label, and :func:`dedupe` finds the matches
by a window over the sorted starts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

UTC = dt.timezone.utc

#: The normalised sports; anything else is ``other`` (the raw name is kept).
SPORTS = ("run", "trail_run", "treadmill", "walk", "hike", "ride", "swim", "row", "elliptical", "other")

START_TOLERANCE = dt.timedelta(minutes=2)
DISTANCE_FRACTION = 0.03
DISTANCE_FLOOR_KM = 0.2

#: Names as FIT, GPX, TCX and Strava (in English, German, French and Spanish) write
#: them, lower-cased with spaces and hyphens as underscores.
_SPORT_NAMES = {
    "run": ("running", "run", "street", "track", "lauf", "laufen", "course", "course_à_pied", "carrera",
            "correr", "9"),  # 9: a run as Strava numbers it in its GPX files
    "trail_run": ("trail", "trail_run", "trailrun", "trail_running", "traillauf", "trail_lauf"),
    "treadmill": ("treadmill", "treadmill_running", "indoor_running", "virtual_run", "virtualrun",
                  "virtual_running", "laufband", "tapis_de_course", "cinta_de_correr"),
    "walk": ("walking", "walk", "casual_walking", "speed_walking", "indoor_walking", "spaziergang", "gehen",
             "marche", "caminata", "caminar"),
    "hike": ("hiking", "hike", "mountaineering", "wanderung", "wandern", "randonnée", "randonnee",
             "senderismo", "excursionismo"),
    "ride": ("cycling", "biking", "ride", "bike", "e_biking", "e_bike_ride", "ebikeride", "virtual_ride",
             "virtualride", "mountain_bike_ride", "mountainbikeride", "gravel_ride", "gravelride", "road",
             "mountain", "indoor_cycling", "spin", "radfahrt", "radfahren", "sortie_à_vélo", "vélo", "velo",
             "ciclismo", "bicicleta", "1"),  # 1: a ride as Strava numbers it
    "swim": ("swimming", "swim", "lap_swimming", "open_water", "schwimmen", "natation", "natación",
             "natacion"),
    "row": ("rowing", "row", "indoor_rowing", "rudern", "aviron", "remo"),
    "elliptical": ("elliptical", "crosstrainer", "cross_trainer", "elliptique", "elíptica", "eliptica"),
}
_SPORT_OF = {name: sport for sport, names in _SPORT_NAMES.items() for name in names}
#: A FIT sub_sport (or TCX/GPX detail) that is more telling than its sport.
_SUB_SPORT_WINS = {"treadmill", "trail", "elliptical", "indoor_rowing", "indoor_running", "virtual_activity",
                   "indoor_walking", "lap_swimming", "open_water"}


def _key(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def normalise_sport(raw: str | None, sub: str | None = None) -> str:
    """One of :data:`SPORTS` for a sport name (and a FIT sub_sport, if any).

    ``running`` + ``treadmill`` is ``treadmill``; ``running`` + ``trail`` is
    ``trail_run``; ``fitness_equipment`` + ``elliptical`` is ``elliptical``. A name not
    known here is ``other``.
    """
    main = _key(raw or "")
    detail = _key(sub or "")
    if detail == "virtual_activity" and main == "running":
        return "treadmill"
    if detail in _SUB_SPORT_WINS and detail in _SPORT_OF:
        if _SPORT_OF[detail] == "trail_run" and main not in ("running", "run", ""):
            return _SPORT_OF.get(main, "other")  # "trail" is also a ride's surface in some files
        return _SPORT_OF[detail]
    return _SPORT_OF.get(main, "other")


@dataclasses.dataclass(frozen=True, slots=True)
class Activity:
    """One activity. Figures a source does not give are ``None``, never 0."""

    start: dt.datetime  # aware, UTC
    sport: str  # one of SPORTS
    sport_raw: str  # as the source wrote it ("running/trail", "Trail Run", "Lauf")
    distance_km: float | None
    moving_s: float | None
    elapsed_s: float | None
    elevation_gain_m: float | None
    avg_hr: float | None
    shoe: str | None
    source: str  # where in the import it came from: "activities/123.fit.gz", "activities.csv#4"
    external_id: str | None = None  # the Strava Activity ID, where known
    name: str | None = None  # the activity's title, where the source has one
    from_index: bool = False  # an export's index row (Strava's activities.csv) with no file read

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.start.utcoffset() is None:
            raise ValueError("an activity's start must be an aware moment")
        if self.start.tzinfo is not UTC:
            object.__setattr__(self, "start", self.start.astimezone(UTC))
        if self.sport not in SPORTS:
            raise ValueError(f"unknown sport {self.sport!r}")

    @property
    def fingerprint(self) -> str:
        """A readable label, e.g. ``2026-03-04T07:15Z run 10.02km``; equal labels are
        not the match rule (:func:`same_activity` is)."""
        distance = "?km" if self.distance_km is None else f"{self.distance_km:.2f}km"
        return f"{self.start:%Y-%m-%dT%H:%MZ} {self.sport} {distance}"


def _distances_agree(a: float, b: float) -> bool:
    # 1e-9 km (a micrometre): 5.2 - 5.0 is 0.2000000000000002 in floating point
    return abs(a - b) <= max(DISTANCE_FLOOR_KM, DISTANCE_FRACTION * max(abs(a), abs(b))) + 1e-9


def same_activity(a: Activity, b: Activity) -> bool:
    """Whether ``a`` and ``b`` are one activity read from two sources (symmetric)."""
    if abs(a.start - b.start) > START_TOLERANCE:
        return False
    if a.distance_km is None or b.distance_km is None:
        return a.sport == b.sport
    return _distances_agree(a.distance_km, b.distance_km)


def _richness(activity: Activity) -> tuple[bool, int]:
    """How much a record knows: a file (the watch's own figures) beats an index row,
    then the one with more figures wins."""
    figures = (activity.distance_km, activity.moving_s, activity.elapsed_s, activity.elevation_gain_m,
               activity.avg_hr)
    return (not activity.from_index, sum(value is not None for value in figures))


def merge(a: Activity, b: Activity) -> Activity:
    """One record for two readings of the same run: the richer one's figures (a file's
    over an index row's), with what it lacks (shoe, Strava ID, name, any figure) taken
    from the other."""
    first, second = (a, b) if _richness(a) >= _richness(b) else (b, a)
    filled = {
        field.name: getattr(second, field.name)
        for field in dataclasses.fields(Activity)
        if getattr(first, field.name) is None and getattr(second, field.name) is not None
    }
    if first.sport == "other" and second.sport != "other":
        filled["sport"], filled["sport_raw"] = second.sport, second.sport_raw
    return dataclasses.replace(first, **filled) if filled else first


def dedupe(activities: Iterable[Activity]) -> list[Activity]:
    """``activities`` with each run read twice merged into one, sorted by start."""
    kept: list[Activity] = []
    for activity in sorted(activities, key=lambda a: a.start):
        match = None
        for index in range(len(kept) - 1, -1, -1):
            if activity.start - kept[index].start > START_TOLERANCE:
                break  # sorted: every earlier one started longer ago still
            if same_activity(kept[index], activity):
                match = index
                break
        if match is None:
            kept.append(activity)
        else:
            kept[match] = merge(kept[match], activity)
    kept.sort(key=lambda a: a.start)
    return kept
