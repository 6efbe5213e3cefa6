"""The log form's state: what the runner has set, checked and turned into changes.

Kept apart from the widgets so the rules of the form (what counts as a change) can be
tested without a terminal; what a typed distance, time or note may be is
:mod:`nervecheck.engine.store.entry_rules`, shared with ``log add``. Only fields the runner changed are
written, on top of the entry as it is on disk at save time, so a past day keeps its
other fields and a routine finished in another window is not lost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from nervecheck.engine.store.entry_rules import TypedValueError, typed_distance, typed_minutes, typed_note, typed_run
from nervecheck.engine.store.schema import Entry, ExerciseDone, Run
from nervecheck.engine.textsafe import visible
from nervecheck.engine.units import km_to
from nervecheck.engine.vocab import LOCATIONS, PAIN_AFTER, SYMPTOMS

#: How the form names each field of the entry rules, before the rule's words.
FIELD_NAMES = {"distance": "distance", "duration": "time", "note": "note"}


def number_text(value: float) -> str:
    """``8.2``, ``5.1``, ``45``: at most two decimals, no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def strip_controls(text: str) -> str:
    """``text`` without the characters :func:`visible` would have to show as symbols
    (a note's line breaks stay: the note has several lines)."""
    return "".join(char for char in text if char in "\u200d\n" or visible(char) == char)


def restore_controls(text: str, original: str) -> str:
    """``text`` with the symbols that :func:`visible` showed for ``original``'s control
    characters turned back into those characters.

    Control characters are kept in the data and only shown as symbols (CLI.md), so an
    edited note must not trade them for the symbols. Only characters the original held
    come back, and not where the original also held the symbol itself as typed.
    """
    for char in dict.fromkeys(original):
        shown = visible(char)
        if shown != char and shown not in original:
            text = text.replace(shown, char)
    return text


@dataclass
class LogDraft:
    """One day's form. Texts hold exactly what the inputs show."""

    day: dt.date
    original: Entry | None
    units: str
    pain: int | None = None
    symptoms: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    pain_after: str | None = None
    exercises: list[ExerciseDone] = field(default_factory=list)
    distance_text: str = ""
    duration_text: str = ""
    note_text: str = ""
    shown: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, day: dt.date, entry: Entry | None, units: str) -> LogDraft:
        base = entry or Entry(date=day)
        draft = cls(day, entry, units, base.pain, list(base.symptoms), list(base.locations),
                    base.pain_after_exercise, list(base.exercises))
        draft.distance_text = number_text(km_to(base.run.distance_km, units)) if base.run else ""
        minutes = base.run.duration_min if base.run else None
        draft.duration_text = number_text(minutes) if minutes is not None else ""
        # A note with control characters (from an import) is shown with visible symbols;
        # unedited it is kept as stored, edited its symbols turn back (restore_controls).
        # Its line breaks stay line breaks in the multi-line editor (issue 18).
        draft.note_text = visible(base.note, keep_newlines=True)
        draft.shown = {"distance": draft.distance_text, "duration": draft.duration_text, "note": draft.note_text}
        return draft

    @property
    def base(self) -> Entry:
        return self.original or Entry(date=self.day)

    @property
    def note_was_cleaned(self) -> bool:
        return self.note_text == self.shown["note"] and self.note_text != self.base.note

    @property
    def note_length(self) -> int:
        """The note's length as it would be saved (a control character shown as a
        symbol counts once), for the count against the note's limit."""
        if self.note_text == self.shown["note"]:
            return len(self.base.note)
        return len(restore_controls(self.note_text, self.base.note))

    # -- toggles ---------------------------------------------------------------------

    def toggle(self, kind: str, value: str) -> None:
        chosen = self.symptoms if kind == "symptoms" else self.locations
        order = SYMPTOMS if kind == "symptoms" else LOCATIONS
        if value in chosen:
            chosen.remove(value)
        else:
            chosen.append(value)
            chosen.sort(key=order.index)

    def cycle_pain_after(self) -> None:
        """none, under 2h, over 2h, not answered, and round again."""
        steps = (*PAIN_AFTER, None)
        self.pain_after = steps[(steps.index(self.pain_after) + 1) % len(steps)]

    def set_units(self, units: str) -> None:
        """Show the distance in ``units``; an unedited distance is redrawn exactly."""
        if self.distance_text == self.shown["distance"] and self.base.run:
            self.distance_text = number_text(km_to(self.base.run.distance_km, units))
            self.shown["distance"] = self.distance_text
        else:
            try:
                km = typed_distance(self.distance_text, self.units)
            except TypedValueError:
                km = None
            if km is not None:
                self.distance_text = number_text(km_to(km, units))
        self.units = units

    # -- checking and saving ---------------------------------------------------------

    def _run(self) -> Run | None:
        if self.distance_text == self.shown["distance"] and self.duration_text == self.shown["duration"]:
            return self.base.run
        run = typed_run(typed_distance(self.distance_text, self.units), typed_minutes(self.duration_text))
        return None if run is None else Run(**run)

    def _note(self) -> str:
        if self.note_text == self.shown["note"]:
            return self.base.note
        return typed_note(restore_controls(self.note_text, self.base.note))

    def errors(self) -> dict[str, str]:
        """Field name to message, for every field that cannot be saved as it is."""
        found = {}
        for check in (self._run, lambda: typed_minutes(self.duration_text), self._note):
            try:
                check()
            except TypedValueError as error:
                found.setdefault(error.field_name, f"{FIELD_NAMES[error.field_name]}: {error}")
        return found

    def fields(self) -> dict[str, Any]:
        """The entry's fields as the form has them (raises :class:`TypedValueError`)."""
        return {
            "pain": self.pain, "symptoms": tuple(self.symptoms), "locations": tuple(self.locations),
            "run": self._run(), "pain_after_exercise": self.pain_after,
            "exercises": tuple(self.exercises), "note": self._note(),
        }

    def changes(self) -> dict[str, Any]:
        """Only the fields that differ from the entry as loaded."""
        base = self.base
        return {name: value for name, value in self.fields().items() if getattr(base, name) != value}

    @property
    def dirty(self) -> bool:
        try:
            return bool(self.changes())
        except TypedValueError:
            return True

    def apply(self, current: Entry | None) -> Entry:
        """The form's changes on top of the entry as it is on disk now."""
        base = current.model_dump(exclude={"updated_at"}) if current else {"date": self.day}
        return Entry.model_validate({**base, **self.changes()})
