"""Suggested answers for the symptom check, drawn from the log.

Today's entry suggests ``symptom``, ``location`` and ``pain_after_exercise``; the
log's patterns suggest ``pattern = recurring``, for the symptom answered in this check
only. A suggestion is only ever offered:
the runner confirms it (enter) or picks another answer. Where today's entry lists
several symptoms or places, the one that leads to the more cautious outcome is
offered first, because the check errs towards safety.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from nervecheck.engine.store.schema import Entry
from nervecheck.engine.vocab import label

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


def suggestions(entries: list[Entry], today: dt.date, answers: Mapping[str, str]) -> dict[str, Suggestion]:
    """Every suggestion for a check made ``today``, given the recent log and the
    answers so far (ask again after each answer: the pattern depends on the symptom)."""
    today_entry = entries[-1] if entries and entries[-1].date == today else None
    found = from_entry(today_entry)
    pattern = pattern_suggestion(entries, today, answers.get("symptom"))
    if pattern is not None:
        found["pattern"] = pattern
    return found


def pattern_suggestion(entries: list[Entry], today: dt.date, symptom: str | None) -> Suggestion | None:
    """``pattern = recurring`` when ``symptom`` itself is on 3+ of the last 14 days.

    Another symptom recurring says nothing about this one: tingling most days does not
    make today's first numbness a recurring one.
    """
    from nervecheck.engine.log.patterns import recurring

    if symptom is None:
        return None
    found = next((item for item in recurring(entries, today) if item.symptom == symptom), None)
    return Suggestion("recurring", found.why) if found is not None else None
