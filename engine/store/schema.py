"""Pydantic models of what NerveCheck stores: log entries, saved checks, settings.

Validation is strict on purpose: the same rules hold for the TUI, ``log add`` and
``log import``, so a pain of ``"7"``, ``true`` or ``7.5`` is refused everywhere, and
an unknown field is an error rather than silently dropped.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from nervecheck.engine.store import records
from nervecheck.engine.store.records import NOTE_MAX, parse_day, parse_number_text, parse_whole_text  # noqa: F401 (their home before)
from nervecheck.engine.vocab import Care, Disposition, LocationId, PainAfter, RoutineId, SymptomId

# Every model is built with defer_build: its validator is made on first use, so a
# command that never touches (say) saved checks does not pay to build them.


def _text(value: Any) -> Any:
    """Text that can be saved and shown: a lone surrogate is not a character."""
    if isinstance(value, str) and records.SURROGATE.search(value):
        raise ValueError("contains an invalid character (a lone surrogate)")
    return value


def _number(value: Any) -> Any:
    """Accept int or float, refuse bool and strings (pydantic's lax mode would not)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"must be a number, got {value!r}")
    return value


def _whole(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be a whole number, got {value!r}")
    return value


Day = Annotated[dt.date, BeforeValidator(parse_day)]
Number = Annotated[float, BeforeValidator(_number)]
Whole = Annotated[int, BeforeValidator(_whole)]
Text = Annotated[str, BeforeValidator(_text)]


class Run(BaseModel):
    """One run: distance always stored in kilometres, and more than 0 (a run of no
    distance is not a run; the TUI, ``log add`` and ``log import`` all refuse it)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    distance_km: Annotated[Number, Field(gt=0, le=500)]
    duration_min: Annotated[Number, Field(ge=0, le=24 * 60)] | None = None


class ExerciseDone(BaseModel):
    """An exercise done on a day, written by the routine player or by hand.

    ``routine`` must be a routine of ``content/routines.json`` and ``exercise`` one of
    its exercises (the table :func:`nervecheck.engine.store.records.exercise_ids` reads, shared with
    the store's fast path).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    routine: str
    exercise: str
    sets: Annotated[Whole, Field(ge=0, le=100)] = 1
    reps: Annotated[Whole, Field(ge=0, le=1000)] | None = None
    seconds: Annotated[Whole, Field(ge=0, le=24 * 3600)] | None = None

    @field_validator("routine", "exercise")
    @classmethod
    def _is_id(cls, value: str) -> str:
        if not records.ID_FORM.fullmatch(value):
            raise ValueError(f"must be an id of lower-case letters, digits and _, got {value!r}")
        return value

    @field_validator("routine")
    @classmethod
    def _known_routine(cls, value: str) -> str:
        table = records.exercise_ids()
        if table is not None and value not in table:
            raise ValueError(f"unknown routine {value!r}; choose from {', '.join(table)}")
        return value

    @field_validator("exercise")
    @classmethod
    def _known_exercise(cls, value: str, info: ValidationInfo) -> str:
        table, routine = records.exercise_ids(), info.data.get("routine")
        if table is not None and routine in table and value not in table[routine]:
            raise ValueError(f"unknown exercise {value!r} for routine {routine!r}; "
                             f"choose from {', '.join(sorted(table[routine]))}")
        return value


class Entry(BaseModel):
    """One day's check-in: the entry format of CLI.md."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    date: Day
    pain: Annotated[Whole, Field(ge=0, le=10)] | None = None
    symptoms: tuple[SymptomId, ...] = ()
    locations: tuple[LocationId, ...] = ()
    run: Run | None = None
    pain_after_exercise: PainAfter | None = None
    exercises: tuple[ExerciseDone, ...] = ()
    note: Annotated[Text, Field(max_length=NOTE_MAX)] = ""
    updated_at: dt.datetime | None = None

    @field_validator("symptoms", "locations")
    @classmethod
    def _no_repeats(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(value))

    def to_json(self) -> dict[str, Any]:
        """The export form: JSON-ready, ``updated_at`` included when known."""
        return self.model_dump(mode="json", exclude_none=False)


class Settings(BaseModel):
    """User settings. Distances are always stored in km; ``units`` is for display."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    units: Literal["km", "mi"] = "km"


class PathStep(BaseModel):
    """One question the triage tree asked, with the answer used."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str
    answer: str


class CheckRecord(BaseModel):
    """A saved symptom check: the answers, the outcome and when it was made.

    A check records the contract version that decided it (none stored: version 1)
    and, from version 2, the deciding warning sign, every sign ticked with it, and the
    leaf of the tree it ended at, so reopening it shows what was decided then (the
    stored disposition, nerve, care and routines, in that leaf's words) rather than
    what today's tree would decide. The words themselves are not stored: at ~4 KB a
    check they would triple the database of a runner who checks daily.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    time: dt.datetime
    path: tuple[PathStep, ...]
    disposition: Disposition
    nerve: str | None = None
    care: Care | None = None
    routines: tuple[RoutineId, ...] = ()
    contract: Literal[1, 2] = 1
    flag: str | None = None
    ticked: tuple[str, ...] = ()
    leaf: str | None = None
    # Issue 15: the runner marked this check "entered by mistake" (left out of the report
    # and of the routines' gate); ``marked_at`` is when it was last marked or unmarked,
    # so two copies merge by the newer mark. Never marked: both absent from the file.
    mistake: bool = False
    marked_at: dt.datetime | None = None

    @property
    def answers(self) -> dict[str, str]:
        return {step.id: step.answer for step in self.path}

    @property
    def day(self) -> dt.date:
        return self.time.date()


def check_record(outcome: Any, time: dt.datetime) -> CheckRecord:
    """The saved form of a finished check (an :class:`nervecheck.engine.triage.tree.Outcome`): what was
    decided, by which sign and at which leaf, under this contract version."""
    from nervecheck.engine.vocab import CONTRACT_VERSION

    return CheckRecord(
        time=time, path=tuple(PathStep(id=step.id, answer=step.answer) for step in outcome.path),
        disposition=outcome.disposition, nerve=outcome.nerve, care=outcome.care, routines=outcome.routines,
        contract=CONTRACT_VERSION, flag=outcome.flag, ticked=outcome.ticked, leaf=outcome.leaf,
    )
