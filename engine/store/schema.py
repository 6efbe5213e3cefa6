"""Pydantic models of what NerveCheck stores: log entries, saved checks, settings.

The models are built from the one definition of each document in :mod:`.fields`
(the store's fast checks read the same table), so their fields, order, defaults and
limits are exactly the table's. What is written here is only how each kind of field
becomes a pydantic type, and the models' methods.

Validation is strict on purpose: the same rules hold for the TUI, ``log add`` and
``log import``, so a pain of ``"7"``, ``true`` or ``7.5`` is refused everywhere, and
an unknown field is an error rather than silently dropped.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic import ValidationInfo
from pydantic import create_model
from pydantic import field_validator

from nervecheck.engine.store import fields
from nervecheck.engine.store.fields import ID_FORM, SURROGATE, UTC_FORM, Document, Spec, parse_utc
from nervecheck.engine.store.records import parse_day

# Every model is built with defer_build: its validator is made on first use, so a
# command that never touches (say) saved checks does not pay to build them.
_FROZEN = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _text(value: Any) -> Any:
    """Text that can be saved and shown: a lone surrogate is not a character."""
    if isinstance(value, str) and SURROGATE.search(value):
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


def _id(value: str) -> str:
    if not ID_FORM.fullmatch(value):
        raise ValueError(f"must be an id of lower-case letters, digits and _, got {value!r}")
    return value


def _utc(value: Any) -> Any:
    """A UTC time written exactly as the store writes it; kept as that text."""
    if type(value) is not str or not UTC_FORM.fullmatch(value):
        raise ValueError(f"must be a UTC time written YYYY-MM-DDTHH:MM:SSZ, got {value!r}")
    try:
        parse_utc(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a real time") from None
    return value


Day = Annotated[dt.date, BeforeValidator(parse_day)]
Number = Annotated[float, BeforeValidator(_number)]
Whole = Annotated[int, BeforeValidator(_whole)]
Text = Annotated[str, BeforeValidator(_text)]
Id = Annotated[str, AfterValidator(_id)]
Utc = Annotated[str, BeforeValidator(_utc)]

_PLAIN = {"day": Day, "stamp": dt.datetime, "utc": Utc, "whole": Whole, "number": Number, "text": Text, "string": str, "id": Id,
          "strings": tuple[str, ...]}


def _own_type(choices: tuple[Any, ...]) -> Any:
    """A choice of the choices' own type, as the definition says: pydantic's ``Literal``
    alone takes ``0`` for ``False`` and ``1.0`` for ``1``."""
    types = frozenset(type(choice) for choice in choices)

    def check(value: Any) -> Any:
        if type(value) not in types and any(value == choice for choice in choices):
            raise ValueError(f"must be one of {', '.join(map(repr, choices))}, got {value!r}")
        return value
    return check


def _base_type(spec: Spec) -> Any:
    if spec.kind == "choice":
        return Annotated[Literal[spec.choices], BeforeValidator(_own_type(spec.choices))]
    if spec.kind == "choices":
        return tuple[Annotated[Literal[spec.choices], BeforeValidator(_own_type(spec.choices))], ...]
    if spec.kind == "doc":
        return MODELS[spec.of.name]
    if spec.kind == "docs":
        return tuple[MODELS[spec.of.name], ...]
    return _PLAIN[spec.kind]


def annotation(spec: Spec) -> Any:
    """The pydantic type of a field: its kind, with the table's limits and ``None``."""
    limits = {key: value for key, value in (("ge", spec.low), ("gt", spec.above), ("le", spec.high))
              if value is not None}
    kind = Annotated[_base_type(spec), Field(**limits)] if limits else _base_type(spec)
    if spec.kind == "text" and spec.max_length is not None:  # inside the text's own check, so the message says "characters"
        kind = Annotated[str, StringConstraints(max_length=spec.max_length), BeforeValidator(_text)]
    return kind | None if spec.nullable else kind


def _rule_validator(spec: Spec) -> Any:
    """The field's rule (one that reads earlier fields) as a pydantic validator."""
    rule = spec.rule

    def check(cls: type, value: Any, info: ValidationInfo) -> Any:
        problem = None if value is None else rule(value, info.data)
        if problem is not None:
            raise ValueError(problem)
        return value
    return field_validator(spec.name)(check)


def _no_repeats(cls: type, value: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(value))


def model(document: Document, base: type[BaseModel]) -> type[BaseModel]:
    """The model of ``document``: ``base`` (its config and methods) with the table's fields."""
    validators = {f"_rule_{spec.name}": _rule_validator(spec) for spec in document if spec.rule}
    repeats = [spec.name for spec in document if spec.drop_repeats]
    if repeats:
        validators["_no_repeats"] = field_validator(*repeats)(_no_repeats)
    built = create_model(document.name, __base__=base, __doc__=base.__doc__, __module__=__name__,
                         __validators__=validators,
                         **{spec.name: (annotation(spec), ... if spec.required else spec.default) for spec in document})
    MODELS[document.name] = built
    return built


MODELS: dict[str, type[BaseModel]] = {}


class _Run(BaseModel):
    """One run: distance always stored in kilometres, and more than 0 (a run of no
    distance is not a run; the TUI, ``log add`` and ``log import`` all refuse it)."""

    model_config = _FROZEN


class _ExerciseDone(BaseModel):
    """An exercise done on a day, written by the routine player or by hand.

    ``routine`` must be a routine of ``content/routines.json`` and ``exercise`` one of
    its exercises (the table :func:`nervecheck.engine.store.fields.exercise_ids` reads,
    shared with the store's fast path).
    """

    model_config = _FROZEN


class _Entry(BaseModel):
    """One day's check-in: the entry format of CLI.md."""

    model_config = _FROZEN

    def to_json(self) -> dict[str, Any]:
        """The export form: JSON-ready, ``updated_at`` included when known."""
        return self.model_dump(mode="json", exclude_none=False)


class _Settings(BaseModel):
    """User settings. Distances are always stored in km; ``units`` is for display."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class _PathStep(BaseModel):
    """One question the triage tree asked, with the answer used."""

    model_config = _FROZEN


class _CheckRecord(BaseModel):
    """A saved symptom check: the answers, the outcome and when it was made.

    A check records the contract version that decided it (none stored: version 1)
    and, from version 2, the deciding warning sign, every sign ticked with it, and the
    leaf of the tree it ended at, so reopening it shows what was decided then (the
    stored disposition, nerve, care and routines, in that leaf's words) rather than
    what today's tree would decide. The words themselves are not stored: at ~4 KB a
    check they would triple the database of a runner who checks daily.
    """

    model_config = _FROZEN

    @property
    def answers(self) -> dict[str, str]:
        return {step.id: step.answer for step in self.path}

    @property
    def day(self) -> dt.date:
        return self.time.date()


class _Activity(BaseModel):
    """An imported activity (issue 16): a watch file's or an export row's figures, its
    start in UTC and the runner's local day of it, its shoe and where it came from."""

    model_config = _FROZEN


class _Shoe(BaseModel):
    """A shoe (issue 16): its name as typed, retire day, the distance home flags it at,
    whether typed runs are credited to it, and the day it was added."""

    model_config = _FROZEN


# Parts before the documents that hold them.
Run = model(fields.RUN, _Run)
ExerciseDone = model(fields.EXERCISE_DONE, _ExerciseDone)
Entry = model(fields.ENTRY, _Entry)
PathStep = model(fields.PATH_STEP, _PathStep)
CheckRecord = model(fields.CHECK, _CheckRecord)
Settings = model(fields.SETTINGS, _Settings)
Activity = model(fields.ACTIVITY, _Activity)
Shoe = model(fields.SHOE, _Shoe)


def check_record(outcome: Any, time: dt.datetime) -> CheckRecord:
    """The saved form of a finished check (an :class:`nervecheck.engine.triage.tree.Outcome`): what was
    decided, by which sign and at which leaf, under this contract version."""
    from nervecheck.engine.vocab import CONTRACT_VERSION

    return CheckRecord(
        time=time, path=tuple(PathStep(id=step.id, answer=step.answer) for step in outcome.path),
        disposition=outcome.disposition, nerve=outcome.nerve, care=outcome.care, routines=outcome.routines,
        contract=CONTRACT_VERSION, flag=outcome.flag, ticked=outcome.ticked, leaf=outcome.leaf,
    )
