"""What a runner may type for a day's entry: one set of rules for ``log add`` and the form.

The limits are the stored entry's (:mod:`.fields`), so whatever is typed and accepted
here is a value the store accepts, and every stored value can be typed back. Typed
text is read more kindly than stored JSON, the same way at every door:

* a decimal comma is a decimal point (``8,2`` is ``8.2``); spaces around are ignored;
* exponents, ``inf`` and ``nan`` are not numbers (``1e2``, ``inf``);
* minutes may be written hours:minutes (``1:05`` is 65 minutes);
* a blank distance or time means "none" (no run, no time).

A refusal is a :class:`TypedValueError` naming the field (``distance``, ``duration``,
``pain``, ``note``) and saying what is wrong in words that fit after the field's own
name: ``log add`` writes ``--run-km: must be more than 0 ...``, the form shows
``distance: must be more than 0 ...`` beside the field.

Plain Python only: ``log add`` must not import pydantic.
"""

from __future__ import annotations

import re

from nervecheck.engine.store.fields import ENTRY, RUN, SURROGATE
from nervecheck.engine.units import km_from, km_to

MAX_KM = RUN["distance_km"].high
MIN_MINUTES, MAX_MINUTES = RUN["duration_min"].low, RUN["duration_min"].high
NOTE_MAX = ENTRY["note"].max_length
#: Distances are kept to the metre.
KM_DECIMALS = 3

_WHOLE = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)")
_HOURS_MINUTES = re.compile(r"([0-9]{1,2}):([0-5][0-9])")


class TypedValueError(ValueError):
    """A typed value that cannot be saved, with the field it belongs to."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name


def typed_pain(text: str) -> int:
    """A pain score, a whole number 0 to 10 written exactly (no spaces, no ``7.0``)."""
    pain = typed_figure("pain", text)
    if pain is None:
        raise TypedValueError("pain", f"{text!r} is not a whole number")
    return int(pain)


def typed_figure(name: str, text: str) -> int | float | None:
    """A figure of the entry (a field of kind ``whole`` or ``number`` in :data:`ENTRY`)
    typed as text, within that field's limits; ``None`` when blank. A field added to the
    definition is typed through this, so its form input needs no rules of its own."""
    spec = ENTRY[name]
    if spec.kind == "whole":
        if not text:
            return None
        if not _WHOLE.fullmatch(text):
            raise TypedValueError(name, f"{text!r} is not a whole number")
        value: int | float = int(text)
    else:
        number = _decimal(name, text, "a number")
        if number is None:
            return None
        value = number
    if spec.above is not None and value <= spec.above:
        raise TypedValueError(name, f"must be more than {spec.above:g}")
    low = spec.low if spec.low is not None else spec.above
    if (spec.low is not None and value < spec.low) or (spec.high is not None and value > spec.high):
        raise TypedValueError(name, f"{_shown(value)} is outside {_shown(low)}..{_shown(spec.high)}")
    return value


def _shown(value: float | None) -> str:
    return "" if value is None else str(value) if isinstance(value, int) else f"{value:g}"


def _decimal(field_name: str, text: str, words: str) -> float | None:
    """A plain decimal number (comma or point), ``None`` when blank."""
    text = text.strip()
    if not text:
        return None
    if not _DECIMAL.fullmatch(text):
        raise TypedValueError(field_name, f"{text!r} is not {words}")
    return float(text.replace(",", "."))


def typed_distance(text: str, units: str) -> float | None:
    """Kilometres, to the metre, from a distance typed in ``units``; ``None`` when blank."""
    value = _decimal("distance", text, "a number")
    if value is None:
        return None
    if value <= 0:
        raise TypedValueError("distance", "must be more than 0 (leave it out for a day without a run)")
    km = round(km_from(value, units), KM_DECIMALS)
    if km > MAX_KM:
        raise TypedValueError("distance", f"at most {km_to(MAX_KM, units):.6g} {units}")
    if km <= 0:
        raise TypedValueError("distance", f"must be at least {10 ** -KM_DECIMALS} km")
    return km


def typed_minutes(text: str) -> float | None:
    """Minutes, typed ``45``, ``45,5`` or ``1:05`` (hours:minutes); ``None`` when blank."""
    clock = _HOURS_MINUTES.fullmatch(text.strip())
    minutes = (int(clock[1]) * 60 + int(clock[2]) if clock
               else _decimal("duration", text, "minutes (45 or 1:05)"))
    if minutes is None:
        return None
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise TypedValueError("duration", f"must be {MIN_MINUTES} to {MAX_MINUTES} minutes")
    return float(minutes)


def typed_run(km: float | None, minutes: float | None) -> dict[str, float | None] | None:
    """The run of a distance and a time (each checked already); no distance, no run."""
    if km is None:
        if minutes is not None:
            raise TypedValueError("duration", "give the distance too, or leave the time out")
        return None
    return {"distance_km": km, "duration_min": minutes}


def typed_note(text: str) -> str:
    """A note, kept exactly as typed, within the stored note's length."""
    if len(text) > NOTE_MAX:
        raise TypedValueError("note", f"at most {NOTE_MAX} characters (this one has {len(text)})")
    if SURROGATE.search(text):
        raise TypedValueError("note", "contains an invalid character (a lone surrogate)")
    return text
