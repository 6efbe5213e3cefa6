"""Stored documents checked and read without pydantic: the store's fast path.

Opening the database validates every document. Doing that through the pydantic
models costs more than the whole budget for starting the app on a Raspberry Pi, so
the store first asks these plain checks, which accept only documents in exactly the
form NerveCheck writes. Anything they do not accept goes to the pydantic models,
which stay the single authority: they either accept it after all or name the field
at fault.

Checks, canonical form and views are all read from the one definition of each
document in :mod:`.fields`, as the models are, so the two sides draw every line in
the same place. Property tests hold it: whatever these checks accept, the models
accept too, and every document the models write passes these checks.

The views are read-only stand-ins for the models with the same attribute names, for
the screens that must draw before pydantic is imported (the home screen).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from nervecheck.engine.store.fields import (ACTIVITY, CHECK, ENTRY, ID_FORM, SETTINGS, SHOE, SURROGATE, UTC_FORM, Document,
                                            Spec, parse_utc)

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_WHOLE_TEXT = re.compile(r"[+-]?[0-9]+")
_NUMBER_TEXT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_STAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})")


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
    """A whole number written as text (``7``), refusing ``7.0``, ``1_0``, ``٧`` and spaces."""
    if not _WHOLE_TEXT.fullmatch(value):
        raise ValueError(f"{value!r} is not a whole number")
    return int(value)


def parse_number_text(value: str) -> float:
    """A plain decimal number written as text (``8.2``), refusing ``nan``, ``inf``, ``1e3``."""
    if not _NUMBER_TEXT.fullmatch(value):
        raise ValueError(f"{value!r} is not a number")
    return float(value)


def stamp_text(moment: dt.datetime) -> str:
    """A time as the models write it: ISO 8601, UTC as ``Z``."""
    text = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def read_stamp(text: str) -> dt.datetime:
    """A stored time (naive times read as UTC)."""
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


# -- the fast checks, one per kind of field ------------------------------------------

Check = Callable[[Any], bool]


def _iso(form: re.Pattern[str], parse: Callable[[str], Any]) -> Check:
    """Text in exactly ``form`` that ``parse`` accepts (a real day, a real time)."""
    def ok(value: Any) -> bool:
        if type(value) is not str or not form.fullmatch(value):
            return False
        try:
            parse(value)
        except ValueError:
            return False
        return True
    return ok


def _range(spec: Spec, types: tuple[type, ...]) -> Check:
    low = spec.low if spec.low is not None else -math.inf
    above = spec.above if spec.above is not None else -math.inf
    high = spec.high if spec.high is not None else math.inf
    return lambda value: type(value) in types and low <= value <= high and value > above


def _text(spec: Spec) -> Check:
    longest = spec.max_length if spec.max_length is not None else math.inf
    return lambda value: type(value) is str and len(value) <= longest and not SURROGATE.search(value)


def _choice(spec: Spec) -> Check:
    allowed, types = frozenset(spec.choices), frozenset(type(choice) for choice in spec.choices)
    return lambda value: type(value) in types and value in allowed


def _list_of(item_ok: Check) -> Check:
    return lambda value: type(value) is list and all(map(item_ok, value))


def _value_check(spec: Spec) -> Check:
    """Whether a stored value (not ``None``) is one ``spec`` allows, as NerveCheck writes it."""
    kind = spec.kind
    if kind == "day":
        return _iso(_DAY, dt.date.fromisoformat)
    if kind == "stamp":
        return _iso(_STAMP, dt.datetime.fromisoformat)
    if kind == "utc":
        return _iso(UTC_FORM, parse_utc)
    if kind == "whole":
        return _range(spec, (int,))
    if kind == "number":
        return _range(spec, (int, float))  # nan fails every comparison, inf the limits
    if kind == "text":
        return _text(spec)
    if kind == "string":
        return lambda value: type(value) is str
    if kind == "id":
        return lambda value: type(value) is str and ID_FORM.fullmatch(value) is not None
    if kind == "choice":
        return _choice(spec)
    if kind == "choices":
        return _list_of(_choice(spec))
    if kind == "strings":
        return _list_of(lambda value: type(value) is str)
    if kind == "doc":
        return document_check(spec.of)
    return _list_of(document_check(spec.of))  # docs


def _field_lines(index: int, spec: Spec) -> list[str]:
    """Source lines testing the document's field ``spec`` (given or left out), with
    ``test_<index>`` its value check and ``rule_<index>`` its rule."""
    absent = "return False" if spec.required else "pass"
    null = "pass" if spec.nullable else "return False"
    broken = f"not test_{index}(value)" + (f" or rule_{index}(value, doc) is not None" if spec.rule else "")
    return [f"    value = doc.get({spec.name!r}, ABSENT)",
            f"    if value is ABSENT: {absent}",
            f"    elif value is None: {null}",
            f"    elif {broken}: return False"]


def document_check(document: Document) -> Check:
    """The fast check of ``document``: true only for a document exactly as NerveCheck
    writes it (surely valid); anything else is for the models to judge.

    Written out as one function from the table (as :mod:`dataclasses` writes
    ``__init__``): every field's test inline, no loop and no call per field, since
    opening ten years of entries runs it some 40,000 times.
    """
    names: dict[str, Any] = {"ABSENT": object(), "KEYS": frozenset(document.names)}
    lines = ["def ok(doc):", "    if type(doc) is not dict or not doc.keys() <= KEYS: return False"]
    for index, spec in enumerate(document):
        names[f"test_{index}"], names[f"rule_{index}"] = _value_check(spec), spec.rule
        lines += _field_lines(index, spec)
    lines.append("    return True")
    exec("\n".join(lines), names)  # noqa: S102 (source made here, from the table, not from data)
    return names["ok"]


entry_ok = document_check(ENTRY)
check_ok = document_check(CHECK)
settings_ok = document_check(SETTINGS)
activity_ok = document_check(ACTIVITY)
shoe_ok = document_check(SHOE)


# -- the canonical form: what the models write -----------------------------------------


def _canonical_value(spec: Spec) -> Callable[[Any], Any] | None:
    """How the model rewrites a stored value (not ``None``) of ``spec``; ``None``: as it is."""
    kind = spec.kind
    if kind == "number":
        return float
    if kind == "stamp":
        return lambda value: stamp_text(dt.datetime.fromisoformat(value))
    if kind in ("choices", "strings"):
        return (lambda value: list(dict.fromkeys(value))) if spec.drop_repeats else list
    if kind == "doc":
        return canonical_form(spec.of)
    if kind == "docs":
        item = canonical_form(spec.of)
        return lambda value: list(map(item, value))
    return None


def canonical_form(document: Document) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The rewriting of a document its fast check accepts into exactly the form the
    model writes it (every field, in order, defaults filled, repeats dropped, floats as
    floats)."""
    plan = [(spec.name, spec.default, _canonical_value(spec)) for spec in document]

    def rewrite(doc: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for name, default, convert in plan:
            value = doc.get(name, default)
            out[name] = value if convert is None or value is None else convert(value)
        return out
    return rewrite


#: ``Entry.model_validate(doc).to_json()`` without pydantic, for an entry that
#: :func:`entry_ok` accepts; a property test holds the two equal.
canonical_entry = canonical_form(ENTRY)


#: The same for imported activities and shoes (issue 16).
canonical_activity = canonical_form(ACTIVITY)
canonical_shoe = canonical_form(SHOE)


def blank_entry(day: dt.date) -> dict[str, Any]:
    """A new day's entry with nothing filled in, as the model writes it."""
    return canonical_entry({"date": day.isoformat()})


# -- the views: the models' attributes, read from checked documents ----------------------


def _view_value(spec: Spec) -> Callable[[Any], Any] | None:
    """How a view reads a stored value (not ``None``) of ``spec`` as the model would;
    ``None``: as it is."""
    kind = spec.kind
    if kind == "day":
        return dt.date.fromisoformat
    if kind == "stamp":
        return lambda value: read_stamp(value) if isinstance(value, str) else value
    if kind == "utc":
        return parse_utc
    if kind == "number":
        return float
    if kind in ("choices", "strings"):
        return (lambda value: tuple(dict.fromkeys(value))) if spec.drop_repeats else tuple
    if kind == "doc":
        return view_class(spec.of)
    if kind == "docs":
        item = view_class(spec.of)
        return lambda value: tuple(map(item, value))
    return None


def view_class(document: Document) -> type:
    """A class with the model's attribute names, made from a checked document."""
    plan = [(spec.name, spec.default, _view_value(spec)) for spec in document]

    def __init__(self: Any, doc: dict[str, Any]) -> None:
        for name, default, read in plan:
            value = doc.get(name, default)
            setattr(self, name, value if read is None or value is None else read(value))

    return type(f"{document.name}View", (), {
        "__slots__": document.names, "__init__": __init__, "__module__": __name__,
        "__doc__": f"A read-only {document.name} with the model's attribute names, from a checked document."})


EntryView = view_class(ENTRY)
CheckView = view_class(CHECK)


def check_time(doc: dict[str, Any]) -> dt.datetime:
    """When a saved check was made (naive times read as UTC)."""
    time = doc["time"]
    return read_stamp(time) if isinstance(time, str) else time
