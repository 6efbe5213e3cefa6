"""Suggested answers for the symptom check, drawn from the log.

Today's entry suggests ``symptom``, ``location`` and ``pain_after_exercise``; the
log's patterns suggest ``pattern = recurring``. A suggestion is only ever offered:
the runner confirms it (enter) or picks another answer. Where today's entry lists
several symptoms or places, the one that leads to the more cautious outcome is
offered first, because the check errs towards safety.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engine.models import Entry
from engine.vocab import label

# Most cautious first: these orders follow the contract's rules (weakness and
# both feet always need a clinician; the sensory symptoms can with diabetes).
SYMPTOM_ORDER = ("weakness", "numbness", "burning", "tingling", "shooting_pain", "cramping")
LOCATION_ORDER = ("both_feet", "lower_back_leg", "neck_arm", "outer_knee", "inner_ankle",
                  "front_ankle", "heel", "sole", "toes", "other")


@dataclass(frozen=True)
class Suggestion:
    """An answer to offer, and why it is offered."""

    value: str
    reason: str


def _first(values: tuple[str, ...], order: tuple[str, ...]) -> str | None:
    ranked = sorted(values, key=order.index)
    return ranked[0] if ranked else None


def from_entry(entry: Entry | None) -> dict[str, Suggestion]:
    """Suggestions from today's log entry (symptoms and locations, pain after exercise)."""
    if entry is None:
        return {}
    found: dict[str, Suggestion] = {}
    symptom, place = _first(entry.symptoms, SYMPTOM_ORDER), _first(entry.locations, LOCATION_ORDER)
    if symptom and place:
        found["symptom"] = Suggestion(symptom, f"today's log records {label(symptom)}")
        found["location"] = Suggestion(place, f"today's log records it at the {label(place)}")
    if entry.pain_after_exercise:
        found["pain_after_exercise"] = Suggestion(
            entry.pain_after_exercise, f"today's log says pain after exercise: {label(entry.pain_after_exercise)}")
    return found


def suggestions(entries: list[Entry], today: dt.date) -> dict[str, Suggestion]:
    """Every suggestion for a check made ``today``, given the recent log."""
    from engine.patterns import suggest_pattern

    today_entry = entries[-1] if entries and entries[-1].date == today else None
    found = from_entry(today_entry)
    recurring = suggest_pattern(entries, today)
    if recurring is not None:
        found["pattern"] = Suggestion(*recurring)
    return found
