"""What a valid stored document is, written down once: every field of every document.

Each document NerveCheck stores (a day's entry, its run and exercises, a saved check
and its steps, the settings) is a :class:`Document`: its fields in the order they are
written, each a :class:`Spec` with its kind, limits, allowed ids, default and any rule
that reads another field. Both sides of the store read this table and nothing else:

* :mod:`.records` turns it into the plain fast checks, the canonical form and the
  read-only views (no pydantic, for a quick start);
* :mod:`.schema` builds the pydantic models from it, which name the field at fault.

So a limit cannot differ between the two, and adding a field to the daily entry is
one line here (plus the screens that show it). Typed values (the log form, ``log
add``) take their limits from here too, in :mod:`.entry_rules`.

Plain Python only: importing this must not import pydantic.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple, get_args

from nervecheck.engine.vocab import CONTRACT_ROUTINES, DISPOSITIONS, LOCATIONS, PAIN_AFTER, SYMPTOMS, Care

#: The default of a field that must be given.
REQUIRED: Any = type("Required", (), {"__repr__": lambda self: "REQUIRED"})()

#: What each kind of field holds as stored JSON.
KINDS = frozenset((
    "day",      # text YYYY-MM-DD, a real calendar day
    "stamp",    # text, an ISO 8601 date and time (the models also read looser forms)
    "utc",      # text, a UTC time written exactly YYYY-MM-DDTHH:MM:SS[.ffffff]Z (UTC_FORM)
    "whole",    # an int (never a bool) within low..high
    "number",   # an int or float (never a bool), finite, within low (or above)..high
    "text",     # text of at most max_length characters, no lone surrogate
    "string",   # any text
    "id",       # text of lower-case letters, digits and _ (ID_FORM)
    "choice",   # one of choices (same type as the choices: 1 is not True)
    "choices",  # a list, each one of choices
    "strings",  # a list of texts
    "doc",      # a document of another definition
    "docs",     # a list of documents of another definition
))

ID_FORM = re.compile(r"[a-z][a-z0-9_]{0,63}")
SURROGATE = re.compile("[\ud800-\udfff]")
UTC_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z")

#: A rule reading the whole document: ``rule(value, doc)`` is the message when the
#: value breaks it, else ``None``. ``doc`` holds the fields before this one.
Rule = Callable[[Any, Mapping[str, Any]], "str | None"]


class Spec(NamedTuple):
    """One field of a stored document (a named tuple: dataclasses would cost ``log add``
    the import of :mod:`inspect`)."""

    name: str
    kind: str
    default: Any = REQUIRED
    nullable: bool = False  # ``None`` (JSON null) is a value: "not given"
    low: float | None = None  # inclusive
    above: float | None = None  # exclusive lower limit
    high: float | None = None  # inclusive
    max_length: int | None = None
    choices: tuple[Any, ...] = ()
    of: Document | None = None
    drop_repeats: bool = False  # a repeated id is dropped, not refused
    rule: Rule | None = None

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


class Document:
    """A stored document: its fields, in the order they are written."""

    def __init__(self, name: str, specs: tuple[Spec, ...]) -> None:
        for spec in specs:
            if spec.kind not in KINDS:
                raise ValueError(f"{name}.{spec.name}: unknown kind {spec.kind!r}")
            if (spec.of is None) == (spec.kind in ("doc", "docs")):
                raise ValueError(f"{name}.{spec.name}: a doc field names its definition, no other does")
        self.name = name
        self.fields = specs
        self.names = tuple(spec.name for spec in specs)

    def __repr__(self) -> str:
        return f"Document({self.name!r})"

    def __getitem__(self, name: str) -> Spec:
        return self.fields[self.names.index(name)]

    def __iter__(self) -> Iterator[Spec]:
        return iter(self.fields)


# -- the routines' exercise ids, read once -------------------------------------------


@functools.cache
def exercise_ids() -> dict[str, frozenset[str]] | None:
    """Each routine id of ``content/routines.json`` with its exercise ids, read once.

    Plain JSON, no content models: the store's fast path needs it. ``None`` when the
    packaged file cannot be read or is not shaped like a routines file; ids are then
    checked for their form only (by both sides alike) and ``nervecheck content
    check`` names the fault.
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


def known_routine(value: str, doc: Mapping[str, Any]) -> str | None:
    """A routine of the content (any id, when the content cannot be read)."""
    table = exercise_ids()
    if table is not None and value not in table:
        return f"unknown routine {value!r}; choose from {', '.join(table)}"
    return None


def known_exercise(value: str, doc: Mapping[str, Any]) -> str | None:
    """An exercise of the document's routine (left to that field when it is unknown)."""
    table, routine = exercise_ids(), doc.get("routine")
    if table is not None and routine in table and value not in table[routine]:
        return (f"unknown exercise {value!r} for routine {routine!r}; "
                f"choose from {', '.join(sorted(table[routine]))}")
    return None


# -- the documents -------------------------------------------------------------------

RUN = Document("Run", (
    # A run of no distance is not a run: the TUI, ``log add`` and ``log import`` refuse it.
    Spec("distance_km", "number", above=0, high=500),
    Spec("duration_min", "number", None, nullable=True, low=0, high=24 * 60),
))

EXERCISE_DONE = Document("ExerciseDone", (
    Spec("routine", "id", rule=known_routine),
    Spec("exercise", "id", rule=known_exercise),
    Spec("sets", "whole", 1, low=0, high=100),
    Spec("reps", "whole", None, nullable=True, low=0, high=1000),
    Spec("seconds", "whole", None, nullable=True, low=0, high=24 * 3600),
))

ENTRY = Document("Entry", (
    Spec("date", "day"),
    Spec("pain", "whole", None, nullable=True, low=0, high=10),
    Spec("symptoms", "choices", (), choices=SYMPTOMS, drop_repeats=True),
    Spec("locations", "choices", (), choices=LOCATIONS, drop_repeats=True),
    Spec("run", "doc", None, nullable=True, of=RUN),
    Spec("pain_after_exercise", "choice", None, nullable=True, choices=PAIN_AFTER),
    Spec("exercises", "docs", (), of=EXERCISE_DONE),
    Spec("note", "text", "", max_length=2000),
    Spec("updated_at", "stamp", None, nullable=True),
))

PATH_STEP = Document("PathStep", (
    Spec("id", "string"),
    Spec("answer", "string"),
))

CHECK = Document("CheckRecord", (
    Spec("time", "stamp"),
    Spec("path", "docs", of=PATH_STEP),
    Spec("disposition", "choice", choices=DISPOSITIONS),
    Spec("nerve", "string", None, nullable=True),
    Spec("care", "choice", None, nullable=True, choices=get_args(Care)),
    Spec("routines", "choices", (), choices=CONTRACT_ROUTINES),
    Spec("contract", "choice", 1, choices=(1, 2)),
    Spec("flag", "string", None, nullable=True),
    Spec("ticked", "strings", ()),
    Spec("leaf", "string", None, nullable=True),
    # Marked "entered by mistake" (left out of the report and of the routines' gate), and
    # when it was last marked or unmarked, so two copies merge by the newer mark. A check
    # never marked has neither in the file.
    Spec("mistake", "choice", False, choices=(False, True)),
    Spec("marked_at", "stamp", None, nullable=True),
))

SETTINGS = Document("Settings", (
    # Distances are always stored in km; ``units`` is for display.
    Spec("units", "choice", "km", choices=("km", "mi")),
    # Issue 18, remembered things: the theme chosen in the palette (``None``: the app's
    # own), the player's loud bell pattern, and the folder screenshots go to (``None``:
    # a ``screenshots`` folder beside the database).
    Spec("theme", "text", None, nullable=True, max_length=64),
    Spec("loud_bell", "choice", False, choices=(False, True)),
    Spec("screenshots", "text", None, nullable=True, max_length=4096),
))

# -- issue 16: imported activities and shoes (engine/store/activities.py keeps their tables)

#: The watch room's sports (``nervecheck.engine.watch.activity.SPORTS``; a test holds them equal).
SPORTS = ("run", "trail_run", "treadmill", "walk", "hike", "ride", "swim", "row", "elliptical", "other")


def parse_utc(value: str) -> dt.datetime:
    """A stored ``utc`` value (already in :data:`UTC_FORM`) as an aware UTC moment."""
    return dt.datetime.fromisoformat(value.removesuffix("Z")).replace(tzinfo=dt.timezone.utc)


def local_day_of_start(value: Any, doc: Mapping[str, Any]) -> str | None:
    """The runner's local day of the start: within a day of its UTC date (every zone on
    Earth is), or the start was misread. Left to the start field when that is wrong."""
    start = doc.get("start")
    if not isinstance(start, str) or not UTC_FORM.fullmatch(start):
        return None
    try:
        moment = parse_utc(start)
    except ValueError:
        return None
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    if abs((day - moment.date()).days) > 1:
        return f"{day} is not the local day of the start {start}"
    return None


def not_blank(value: str, doc: Mapping[str, Any]) -> str | None:
    """Text with something in it besides spaces (a shoe's name)."""
    return None if value.strip() else "a shoe needs a name"


ACTIVITY = Document("Activity", (
    Spec("start", "utc"),
    # The runner's local day of the start, worked out with the clock's zone at import
    # and stored, so a later change of zone (a trip) never moves a run to another day.
    Spec("day", "day", rule=local_day_of_start),
    Spec("sport", "choice", choices=SPORTS),
    Spec("sport_raw", "text", max_length=200),
    Spec("distance_km", "number", nullable=True, low=0, high=10_000),
    Spec("moving_s", "number", nullable=True, low=0, high=30 * 86_400),
    Spec("elapsed_s", "number", nullable=True, low=0, high=30 * 86_400),
    Spec("elevation_gain_m", "number", nullable=True, low=0, high=100_000),
    Spec("avg_hr", "number", nullable=True, low=0, high=300),
    Spec("shoe", "text", nullable=True, max_length=200),
    Spec("source", "text", max_length=1000),
    Spec("external_id", "text", nullable=True, max_length=100),
    Spec("name", "text", nullable=True, max_length=500),
    Spec("from_index", "choice", choices=(False, True)),
))

SHOE = Document("Shoe", (
    Spec("name", "text", max_length=200, rule=not_blank),
    Spec("retired", "day", nullable=True),
    Spec("alert_km", "number", above=0, high=100_000),  # the distance at which home flags it
    Spec("default", "choice", choices=(False, True)),  # typed runs are credited to it
    Spec("added", "day"),  # typed runs count for the default shoe from this day on
))

DOCUMENTS: tuple[Document, ...] = (RUN, EXERCISE_DONE, ENTRY, PATH_STEP, CHECK, SETTINGS, ACTIVITY, SHOE)
