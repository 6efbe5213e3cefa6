"""Exercise routines: the content models, check gating, weekly progress and the log merge.

Routines are data (``content/routines.json``), validated here at load. Which routines a
runner may start is decided by :func:`gate` from the latest saved check: the three
contract routines exactly as section 5 of the triage contract says, every other routine
by its own ``gate`` rule in the content. The guided player lives in
:mod:`nervecheck.engine.routines.session`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from nervecheck.engine.routines import cardio
from nervecheck.engine.content_files import load_model
from nervecheck.engine.store.schema import CheckRecord, Entry, ExerciseDone
from nervecheck.engine.vocab import (
    CONTRACT_ROUTINES, CONTRACT_VERSION, DISPOSITIONS, RED_FLAGS, ROUTINES_BY_DISPOSITION, URGENT_FLAGS, Disposition,
    label,
)

FILE_NAME = "routines.json"

#: What content may cite: the five source articles, then the clinical guidance behind
#: version 2 of the triage contract (the same ids as ``content/sources.json``).
SourceId = Literal[
    "rw-nerve-damage", "jogger-foot", "neuropathy-exercise", "pinched-nerve", "sciatica-running",
    "nhs-cauda-equina", "nice-sciatica", "stroke-tia", "nhs-dvt", "rhabdo", "nice-diabetic-foot",
    "nice-mscc", "spinal-infection", "bone-stress", "muscle-strain", "safety-netting",
]

#: Contract section 1a's red tier, plus chest pain or faintness during exercise, which
#: section 5 adds for routines: each means stop at once and get emergency help.
STOP_SIGNS: tuple[str, ...] = (*RED_FLAGS, "chest_pain_or_faint")
#: Contract section 1a's urgent tier: each means stop and get medical help today.
URGENT_SIGNS: tuple[str, ...] = URGENT_FLAGS
StopSign = Literal[STOP_SIGNS]  # type: ignore[valid-type]
UrgentSign = Literal[URGENT_SIGNS]  # type: ignore[valid-type]

#: Dispositions after which no exercise routine may open (contract section 5).
NO_EXERCISE: tuple[str, ...] = ("emergency", "urgent_today", "see_clinician", "rest_and_treat")
#: Dispositions that close every routine, even one that is not exercise.
SEEK_HELP_FIRST: tuple[str, ...] = ("emergency", "urgent_today")

#: Strength work needs a check this recent (contract section 5, product rule).
CHECK_FRESH_FOR = dt.timedelta(days=1)
#: The triage contract version a check must come from for strength work (section 5: a
#: version 1 check asked fewer warning signs). A saved check with no version is version 1.
CURRENT_CONTRACT = CONTRACT_VERSION

_SNAKE = re.compile(r"[a-z][a-z0-9_]{0,63}")
Text = Annotated[str, Field(min_length=1, max_length=600)]
Texts = Annotated[tuple[Text, ...], Field(min_length=1)]
Sources = Annotated[tuple[SourceId, ...], Field(min_length=1)]
ExerciseKind = Literal["reps", "hold", "timed"]


def _snake_case(value: str) -> str:
    if not _SNAKE.fullmatch(value):
        raise ValueError(f"must be snake_case (lower-case letters, digits, _), got {value!r}")
    return value


class _Content(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Exercise(_Content):
    """One exercise: how to do it, how much, and when to stop.

    Exactly one dose: ``reps`` alone (reps per set), ``reps`` with ``hold_seconds``
    (each repeat held for that long), or ``duration_seconds`` (timed work).
    """

    id: str
    name: Text
    steps: Texts
    sets: Annotated[int, Field(ge=1, le=10)]
    reps: Annotated[int, Field(ge=1, le=100)] | None = None
    hold_seconds: Annotated[int, Field(ge=1, le=300)] | None = None
    duration_seconds: Annotated[int, Field(ge=1, le=4 * 3600)] | None = None
    rest_seconds: Annotated[int, Field(ge=0, le=600)]
    per_side: bool = False
    cues: tuple[Text, ...] = ()
    easier: tuple[Text, ...] = ()
    stop_if: Texts
    sources: Sources

    _check_id = field_validator("id")(_snake_case)

    @model_validator(mode="after")
    def _one_dose(self) -> Exercise:
        if self.duration_seconds is not None and (self.reps or self.hold_seconds):
            raise ValueError("a timed exercise (duration_seconds) takes no reps or hold_seconds")
        if self.duration_seconds is None and self.reps is None:
            raise ValueError("needs reps (optionally with hold_seconds) or duration_seconds")
        # The player counts holds, not sides: hold exercises alternate sides in the steps.
        if self.per_side and self.kind != "reps":
            raise ValueError("per_side is only for reps exercises; hold exercises alternate sides per repeat")
        return self

    @property
    def kind(self) -> ExerciseKind:
        if self.duration_seconds is not None:
            return "timed"
        return "hold" if self.hold_seconds is not None else "reps"

    @property
    def dose(self) -> str:
        """The prescription in plain words: ``2 sets of 10 each side``, ``10 holds of 5 s``."""
        sets = f"{self.sets} sets of " if self.sets > 1 else ""
        if self.kind == "timed":
            return f"{sets}{duration_text(self.duration_seconds or 0)}"
        if self.kind == "hold":
            return f"{sets}{self.reps} holds of {self.hold_seconds} s"
        return f"{sets}{self.reps}{' each side' if self.per_side else ''}"


def duration_text(seconds: int) -> str:
    """``20 min``, ``7 min 30 s``, ``45 s``."""
    minutes, secs = divmod(seconds, 60)
    parts = [f"{minutes} min"] if minutes else []
    parts += [f"{secs} s"] if secs or not minutes else []
    return " ".join(parts)


def done_text(item: ExerciseDone, exercise: Exercise) -> str:
    """What a logged exercise amounts to: ``1 set of 10 holds of 5 s``, ``1 set of 7 min 30 s``."""
    sets = "1 set" if item.sets == 1 else f"{item.sets} sets"
    if exercise.kind == "timed":
        return f"{sets} of {duration_text(item.seconds or 0)}"
    if exercise.kind == "hold":
        return f"{sets} of {item.reps} {'hold' if item.reps == 1 else 'holds'} of {item.seconds} s"
    return f"{sets} of {item.reps}{' each side' if exercise.per_side else ''}"


class ExtraGate(_Content):
    """When a routine outside the contract is closed: the dispositions that close it,
    why (a plain sentence), and what would open it again. ``exercise`` is false only for
    a routine that is no exercise at all (the shoe-fit check)."""

    closed_by: Annotated[tuple[Disposition, ...], Field(min_length=1)]
    exercise: bool = True
    reason: Text
    unlock: Text

    @field_validator("closed_by")
    @classmethod
    def _closing_dispositions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        _no_duplicates(list(value), "disposition")
        # Emergency and urgent_today send the runner for help first with no exercise, so
        # no routine may stay open after one, however gentle.
        missing = [d for d in SEEK_HELP_FIRST if d not in value]
        if missing:
            raise ValueError(f"must include {' and '.join(missing)}: that result stops everything until seen")
        # keep_running is the all-clear: a routine it closed could never be reopened.
        if "keep_running" in value:
            raise ValueError("keep_running cannot close a routine: it is the all-clear")
        return value

    @model_validator(mode="after")
    def _no_exercise_when_the_contract_forbids_it(self) -> ExtraGate:
        missing = [d for d in NO_EXERCISE if d not in self.closed_by]
        if self.exercise and missing:
            raise ValueError(f"an exercise routine must also close for {', '.join(missing)} (contract section 5)")
        return self


class SignLine(_Content):
    """One line of when to stop: the warning signs it names (contract ids) in plain words."""

    signs: Annotated[tuple[str, ...], Field(min_length=1)]
    text: Text
    sources: Sources

    @field_validator("signs")
    @classmethod
    def _unique_signs(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        _no_duplicates(list(value), "sign")
        return value


class StopRule(SignLine):
    """A sign that means stop at once and get emergency help (red tier, or chest pain or
    faintness during exercise)."""

    signs: Annotated[tuple[StopSign, ...], Field(min_length=1)]


class UrgentNote(SignLine):
    """A sign that means stop, no exercise, and get medical help today (urgent tier)."""

    signs: Annotated[tuple[UrgentSign, ...], Field(min_length=1)]


class WarningBlock(_Content):
    """One tier of warning signs: what to do (``action``), then the signs it covers."""

    action: Text
    lines: tuple[SignLine, ...]
    sources: Sources


class StopRules(WarningBlock):
    """Stop at once and get emergency help if any of these."""

    lines: Annotated[tuple[StopRule, ...], Field(min_length=1)]


class UrgentNotes(WarningBlock):
    """Stop, no exercise, and get medical help today if any of these."""

    lines: Annotated[tuple[UrgentNote, ...], Field(min_length=1)]


class Routine(_Content):
    """A named routine: its exercises, weekly target and, outside the contract, the
    rule for when a check closes it (``gate``)."""

    id: str
    title: Text
    short_title: Annotated[str, Field(min_length=1, max_length=20)]
    summary: Text
    weekly_target: Annotated[int, Field(ge=1, le=7)] | None
    gate: ExtraGate | None = None
    #: Lines this routine adds to the shared stop rules and notes of the file.
    stop_rules: tuple[StopRule, ...] = ()
    notes: tuple[UrgentNote, ...] = ()
    sources: Sources
    exercises: Annotated[tuple[Exercise, ...], Field(min_length=1)]

    _check_id = field_validator("id")(_snake_case)

    @field_validator("exercises")
    @classmethod
    def _unique_exercises(cls, value: tuple[Exercise, ...]) -> tuple[Exercise, ...]:
        _no_duplicates([exercise.id for exercise in value], "exercise id")
        return value

    def exercise(self, exercise_id: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        raise KeyError(f"routine {self.id} has no exercise {exercise_id!r}")


class StopAdvice(_Content):
    """What to show when a runner stops a session because it hurts: ``text`` first, then
    the stop rules and notes, then ``otherwise`` (when none of those signs is there)."""

    text: Texts
    otherwise: Texts
    sources: Sources


@dataclass(frozen=True)
class WarningSigns:
    """A routine's stop rules (emergency now) and notes (help today), shared lines first."""

    stop_action: str
    stop_rules: tuple[StopRule, ...]
    urgent_action: str
    notes: tuple[UrgentNote, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        cited = [source for line in (*self.stop_rules, *self.notes) for source in line.sources]
        return tuple(dict.fromkeys(cited))


class RoutineBook(_Content):
    """The whole routines file: every routine, the stop rules and notes every routine
    shows, and the stop-it-hurts advice."""

    stop_rules: StopRules
    notes: UrgentNotes
    stop_advice: StopAdvice
    routines: Annotated[tuple[Routine, ...], Field(min_length=1)]

    @field_validator("routines")
    @classmethod
    def _contract_routines(cls, value: tuple[Routine, ...]) -> tuple[Routine, ...]:
        ids = [routine.id for routine in value]
        _no_duplicates(ids, "routine id")
        missing = [rid for rid in CONTRACT_ROUTINES if rid not in ids]
        if missing:
            raise ValueError(f"the contract routines {missing} are missing")
        # The contract alone gates its routines; every other routine must say when it closes.
        for index, routine in enumerate(value):
            if routine.id in CONTRACT_ROUTINES and routine.gate is not None:
                raise ValueError(f"[{index}] {routine.id}: a contract routine takes no gate (the contract gates it)")
            if routine.id not in CONTRACT_ROUTINES and routine.gate is None:
                raise ValueError(f"[{index}] {routine.id}: needs a gate saying which dispositions close it")
        return value

    @model_validator(mode="after")
    def _every_routine_names_every_sign(self) -> RoutineBook:
        # Contract section 5: each routine's stop rules name every red-tier sign and chest
        # pain or faintness; its notes name every urgent-tier sign. Checked per routine on
        # what it shows (the shared lines and its own), so no routine can miss one.
        for index, item in enumerate(self.routines):
            signs = self.warning_signs(item.id)
            for what, shown, needed in (("stop rules", signs.stop_rules, STOP_SIGNS),
                                        ("notes", signs.notes, URGENT_SIGNS)):
                missing = [sign for sign in needed if sign not in {s for line in shown for s in line.signs}]
                if missing:
                    raise ValueError(f"routines[{index}] {item.id}: its {what} do not name {', '.join(missing)}")
        return self

    def warning_signs(self, routine_id: str) -> WarningSigns:
        """What the routine shows on when to stop and get help: the shared lines, then its own."""
        item = self.get(routine_id)
        return WarningSigns(self.stop_rules.action, self.stop_rules.lines + item.stop_rules,
                            self.notes.action, self.notes.lines + item.notes)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(routine.id for routine in self.routines)

    def get(self, routine_id: str) -> Routine:
        for routine in self.routines:
            if routine.id == routine_id:
                return routine
        raise KeyError(f"no routine {routine_id!r}; known: {', '.join(self.ids)}")


def _no_duplicates(ids: list[str], what: str) -> None:
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError(f"{what} used twice: {', '.join(repeated)}")


# --- loading -----------------------------------------------------------------------


@cache
def _packaged() -> RoutineBook:
    return load_model(FILE_NAME, RoutineBook)


def load_routines(source_dir: Path | None = None) -> RoutineBook:
    """The routines file: the packaged copy (cached), or ``source_dir/routines.json``.

    Raises :class:`nervecheck.engine.content_files.ContentError` naming the file and field at fault.
    """
    if source_dir is None:
        return _packaged()
    return load_model(FILE_NAME, RoutineBook, Path(source_dir) / FILE_NAME)


def routine(routine_id: str, book: RoutineBook | None = None) -> Routine:
    """One routine by id (``KeyError`` naming the known ids if there is none)."""
    return (book or load_routines()).get(routine_id)


# --- gating (contract section 5) -----------------------------------------------------


@dataclass(frozen=True)
class Gate:
    """Whether a routine may start now, why, and what would unlock it ('' when open).

    ``why`` is the content's own sentence on why a routine outside the contract is
    closed ('' otherwise); ``reason`` always speaks of the check itself.
    """

    open: bool
    reason: str
    unlock: str = ""
    why: str = ""
    #: True when a new symptom check is all it takes (none yet, too old, or version 1).
    asks_for_check: bool = False


_CLOSED_BECAUSE = {
    "emergency": "paused: a red flag in your last check — go to an emergency department",
    "urgent_today": "paused: your last check said get medical help today",
    "see_clinician": "paused: your last check said see a clinician",
    # pinched-nerve: no workouts until a clinician approves; walking and gentle stretching then.
    "rest_and_treat": "walking only: no workouts until a clinician approves",
    "modify_training": "paused: your last check said modify training, so gentle work only for now",
}
_UNLOCK_FIRST = {
    "emergency": "a clinician's all-clear after emergency care, then ",
    "urgent_today": "a clinician's all-clear, then ",
    "see_clinician": "a clinician's go-ahead, then ",
    "rest_and_treat": "a clinician's approval, then ",
    "modify_training": "",
}
OPEN_WITHOUT_CHECK = "open: gentle work needs no check, but stop if it hurts"
NEEDS_CHECK = "do a symptom check first: strength work needs a check from the last day"
NEEDS_NEW_CHECK = "do a new check first: your last one asked fewer warning-sign questions"


def gate(latest_check: CheckRecord | None, now: dt.datetime, book: RoutineBook | None = None) -> dict[str, Gate]:
    """The gate of every routine in content, from the runner's latest check (any age).

    A contract routine opens only if the latest check's disposition allows it; strength
    work also needs that check to be under a day old and decided by the current contract
    (a version 1 check asked fewer warning signs). Any other routine closes when the
    latest check's disposition is in its content ``gate.closed_by``. Everything but
    strength is open before any check ever, but once a check closed a routine only a
    newer check reopens it.
    """
    book = book or load_routines()
    return {item.id: _gate_one(item, latest_check, now) for item in book.routines}


def _gate_one(item: Routine, check: CheckRecord | None, now: dt.datetime) -> Gate:
    routine_id = item.id
    # Keyed on the contract id, never on the file: content cannot loosen a contract routine.
    if routine_id not in CONTRACT_ROUTINES:
        assert item.gate is not None, "the loader gives every routine outside the contract a gate"
        return _gate_extra(item.gate, check)
    if check is None:
        if routine_id == "runner_strength":
            return Gate(False, NEEDS_CHECK, _a_check_that_opens(routine_id), asks_for_check=True)
        return Gate(True, OPEN_WITHOUT_CHECK)
    disposition = check.disposition
    if routine_id not in ROUTINES_BY_DISPOSITION[disposition]:
        unlock = _UNLOCK_FIRST[disposition] + _a_check_that_opens(routine_id)
        return Gate(False, _CLOSED_BECAUSE[disposition], unlock)
    if routine_id == "runner_strength" and not is_fresh(check, now):
        return Gate(False, NEEDS_CHECK, _a_check_that_opens(routine_id), asks_for_check=True)
    if routine_id == "runner_strength" and contract_version(check) < CURRENT_CONTRACT:
        return Gate(False, NEEDS_NEW_CHECK, _a_check_that_opens(routine_id), asks_for_check=True)
    return Gate(True, f"open: your last check said {label(disposition).lower()}")


def _gate_extra(rule: ExtraGate, check: CheckRecord | None) -> Gate:
    """A routine outside the contract: closed exactly by the dispositions its content names."""
    if check is None:
        return Gate(True, OPEN_WITHOUT_CHECK)
    disposition = check.disposition
    if disposition not in rule.closed_by:
        return Gate(True, f"open: your last check said {label(disposition).lower()}")
    # The row speaks of the check, as for contract routines; the content says why this one.
    return Gate(False, _CLOSED_BECAUSE[disposition], _UNLOCK_FIRST[disposition] + rule.unlock, rule.reason)


def _a_check_that_opens(routine_id: str) -> str:
    opening = [label(d).lower() for d in DISPOSITIONS if routine_id in ROUTINES_BY_DISPOSITION[d]]
    return "a new check that says " + " or ".join(opening)


def contract_version(check: CheckRecord) -> int:
    """The triage contract version that decided ``check``; a check saved without one is
    version 1 (contract section 8). Read defensively: older records have no such field."""
    version = getattr(check, "contract", None)
    return version if isinstance(version, int) and not isinstance(version, bool) else 1


def is_fresh(check: CheckRecord, now: dt.datetime) -> bool:
    """Whether ``check`` was made within the last day (exactly a day old still counts)."""
    made = check.time
    # Saved times are aware; tolerate a naive side by reading it as wall time in the
    # other's zone (never the machine's: the answer must not depend on where it runs).
    if made.tzinfo is None and now.tzinfo is not None:
        made = made.replace(tzinfo=now.tzinfo)
    elif made.tzinfo is not None and now.tzinfo is None:
        made = made.replace(tzinfo=None)
    return made >= now - CHECK_FRESH_FOR


# --- weekly progress and the log -------------------------------------------------------


def week_progress(
    entries: Iterable[Entry], routine_id: str, today: dt.date, book: RoutineBook | None = None,
    imported: Iterable[Mapping[str, Any]] = (),
) -> tuple[int, int | None]:
    """Distinct days this ISO week (Monday to Sunday) with any exercise of the routine
    done (see :func:`is_work`), and the routine's weekly target (``None`` when it has none).
    For low-impact cardio, the days of ``imported`` activities that count
    (:func:`nervecheck.engine.routines.cardio.counted`) are days done too."""
    item = routine(routine_id, book)
    monday = today - dt.timedelta(days=today.weekday())
    sunday = monday + dt.timedelta(days=6)
    days = {
        entry.date
        for entry in entries
        if monday <= entry.date <= sunday
        and any(done.routine == routine_id and is_work(done) for done in entry.exercises)
    }
    if routine_id == cardio.CARDIO_ROUTINE:
        days |= {done.day for done in cardio.counted(imported, today, cardio.session_seconds(item))}
    return len(days), item.weekly_target


def progress_label(
    entries: Iterable[Entry], routine_id: str, today: dt.date, book: RoutineBook | None = None,
    imported: Iterable[Mapping[str, Any]] = (),
) -> str:
    """This week's progress in a few words: ``strength 2 of 3``, ``shoe check 1 this week``."""
    done, target = week_progress(entries, routine_id, today, book, imported)
    short = routine(routine_id, book).short_title
    return f"{short} {done} of {target}" if target is not None else f"{short} {done} this week"


def cardio_counted(imported: Iterable[Mapping[str, Any]], today: dt.date,
                   book: RoutineBook | None = None) -> tuple[cardio.CardioDone, ...]:
    """This week's imported activities that count towards low-impact cardio."""
    return cardio.counted(imported, today, cardio.session_seconds(routine(cardio.CARDIO_ROUTINE, book)))


def is_work(done: ExerciseDone) -> bool:
    """Whether a logged exercise says any work was done: at least one set, and no amount
    of nothing (0 reps or holds, 0 seconds). A line with no amount at all, written by
    hand, is taken at its word."""
    return done.sets > 0 and done.reps != 0 and done.seconds != 0


def merge_into_entry(entry: Entry | None, day: dt.date, done: Iterable[ExerciseDone]) -> Entry:
    """The day's entry with ``done`` appended to its exercises, every other field kept;
    a new entry for ``day`` when there is none yet. Lines that say no work was done
    (:func:`is_work`) are left out: a session passed over is not an exercise done."""
    done = [item for item in done if is_work(item)]
    if entry is None:
        return Entry(date=day, exercises=tuple(done))
    if entry.date != day:
        raise ValueError(f"entry is for {entry.date}, not {day}")
    return entry.model_copy(update={"exercises": entry.exercises + tuple(done)})


__all__ = [
    "CHECK_FRESH_FOR", "CURRENT_CONTRACT", "NEEDS_CHECK", "NEEDS_NEW_CHECK", "NO_EXERCISE", "OPEN_WITHOUT_CHECK",
    "STOP_SIGNS", "URGENT_SIGNS", "Exercise", "ExtraGate", "Gate", "Routine", "RoutineBook",
    "SourceId", "StopAdvice", "StopRule", "UrgentNote", "WarningSigns",
    "cardio_counted", "contract_version", "gate", "is_fresh", "is_work", "load_routines", "merge_into_entry", "progress_label", "routine",
    "week_progress",
]
