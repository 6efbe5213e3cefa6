"""Suggested answers for the symptom check, drawn from the log and from past checks.

A suggestion is only ever offered: the runner confirms it (enter) or picks another
answer, and nothing is answered for them. Where the evidence allows more than one
answer, the more cautious one is offered first, because the check errs towards safety.

- **Today's entry** suggests ``symptom``, ``location`` and ``pain_after_exercise``.
  Where it lists several symptoms or places, the one that leads to the more cautious
  outcome is offered (:data:`SYMPTOM_ORDER`, :data:`LOCATION_ORDER`).
- **The current spell** of the symptom answered in this check (:func:`current_spell`)
  suggests ``duration`` and ``pattern``. The spell runs back from today (which counts,
  since the runner has just answered that symptom) over every day logged with that
  symptom; a day with nothing logged does not break it when the symptom is logged on
  both sides, and a day logged *without* the symptom ends it. When the days just before
  the spell were not logged, it may have begun earlier: the duration offered is then
  the most cautious one it could have reached (:func:`duration_suggestion`).
- **Past checks** suggest the answers that describe the runner, not today
  (:data:`RUNNER_ANSWERS`: ``diabetes``), from the newest saved check that answered
  them, skipping checks marked "entered by mistake" (:func:`remembered`).

Another symptom says nothing about this one: tingling most days does not make today's
first numbness a recurring one, nor a long one. ``pattern = first_time`` is never
suggested: a log only knows the days since it was started.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nervecheck.engine.vocab import label

if TYPE_CHECKING:
    from nervecheck.engine.store.schema import CheckRecord, Entry

# Most cautious first: these orders follow the contract's rules (weakness and
# both feet always need a clinician; the sensory symptoms can with diabetes).
SYMPTOM_ORDER = ("weakness", "numbness", "burning", "tingling", "shooting_pain", "cramping")
LOCATION_ORDER = ("both_feet", "lower_back_leg", "neck_arm", "outer_knee", "inner_ankle",
                  "front_ankle", "heel", "sole", "toes", "other")

#: How cautious each answer is (higher: more cautious; equal: the same outcome). A
#: longer spell or a pattern other than "first time" sends a runner no clinician has
#: cleared to a clinician (contract rule 8); weeks and months, and recurring and
#: constant, lead to the same results. tests/test_check_prefill.py proves this
#: against the tree for every way the other answers can go.
DURATION_CAUTION = {"days": 0, "weeks": 1, "months": 1}
PATTERN_CAUTION = {"first_time": 0, "recurring": 1, "constant": 1}
#: Duration answers, shortest first, and the spell length (days, today included)
#: from which each applies: under two weeks, two to six weeks, over six weeks.
DURATIONS = ("days", "weeks", "months")
WEEKS_FROM_DAYS, MONTHS_FROM_DAYS = 14, 43
#: A spell of this many days (today included), at least half of them logged, is
#: "there most of the time".
CONSTANT_MIN_DAYS = 14
#: How far back the check reads the log for the spell: past six weeks, so a spell
#: that covers the whole window is "months" whatever came before it.
SPELL_LOOKBACK_DAYS = 120

#: The answers that describe the runner, not today, and so carry over from the last
#: check. Not the warning signs: a "no" remembered from last week is not a "no" today
#: (``cancer_back_pain`` asks about a past cancer *and* new pain now).
RUNNER_ANSWERS = ("diabetes",)


@dataclass(frozen=True)
class Suggestion:
    """An answer to offer, and why it is offered."""

    value: str
    reason: str


@dataclass(frozen=True)
class Spell:
    """The current run of days with ``symptom``, ending today.

    ``first`` is the first day logged with it; ``earliest`` the earliest day it may
    have begun: the day after the last day logged without it, the same as ``first``
    when that is the day before, ``None`` when nothing is logged before the spell.
    ``earlier`` is the last day of an earlier spell in the log, if there was one (the
    symptom came and went).
    """

    symptom: str
    today: dt.date
    first: dt.date
    logged: int  # days logged with the symptom (today's only if its entry lists it)
    unlogged: int  # days inside the spell with nothing logged
    earliest: dt.date | None
    earlier: dt.date | None = None

    @property
    def days(self) -> int:
        """Its length so far, today included."""
        return (self.today - self.first).days + 1

    @property
    def certain(self) -> bool:
        """Whether the day before it is logged without the symptom."""
        return self.earliest == self.first


def _first(values: tuple[str, ...], order: tuple[str, ...]) -> str | None:
    ranked = sorted(values, key=order.index)
    return ranked[0] if ranked else None


def day_name(day: dt.date, today: dt.date) -> str:
    """``Tue 3 Nov`` (with the year when it is not this year's)."""
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == today.year else f"{text} {day.year}"


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


def suggestions(entries: list[Entry], today: dt.date, answers: Mapping[str, str],
                remembered: Mapping[str, Suggestion] | None = None) -> dict[str, Suggestion]:
    """Every suggestion for a check made ``today``, given the recent log (oldest first),
    the answers so far (ask again after each answer: the spell is the symptom's) and
    the answers :func:`remembered` from past checks."""
    today_entry = entries[-1] if entries and entries[-1].date == today else None
    found = from_entry(today_entry)
    found.update(remembered or {})
    symptom = answers.get("symptom")
    spell = current_spell(entries, today, symptom) if symptom else None
    for question, suggestion in (("pattern", pattern_suggestion(entries, today, symptom, spell)),
                                 ("duration", duration_suggestion(spell))):
        if suggestion is not None:
            found[question] = suggestion
    return found


# -- the current spell --------------------------------------------------------------

def current_spell(entries: Iterable[Entry], today: dt.date, symptom: str) -> Spell | None:
    """The spell of ``symptom`` that today belongs to, or ``None`` when no day of it is
    logged (the check's own answer alone is not a spell)."""
    by_day = {e.date: e for e in entries if e.date <= today}
    oldest = min(by_day, default=today)
    first, logged, unlogged, gap = today, 0, 0, 0
    todays = by_day.get(today)
    logged += 1 if todays is not None and symptom in todays.symptoms else 0
    day, earliest = today - dt.timedelta(days=1), None
    while day >= oldest:
        entry = by_day.get(day)
        if entry is None:
            gap += 1
        elif symptom in entry.symptoms:
            first, logged, unlogged, gap = day, logged + 1, unlogged + gap, 0
        else:
            earliest = day + dt.timedelta(days=1)
            break
        day -= dt.timedelta(days=1)
    if logged == 0:
        return None
    earlier = _earlier_spell(by_day, symptom, earliest - dt.timedelta(days=1), oldest) if earliest else None
    return Spell(symptom, today, first, logged, unlogged, earliest, earlier)


def _earlier_spell(by_day: Mapping[dt.date, Entry], symptom: str, before: dt.date,
                   oldest: dt.date) -> dt.date | None:
    """The newest day before ``before`` logged with ``symptom``, if any."""
    day = before - dt.timedelta(days=1)
    while day >= oldest:
        entry = by_day.get(day)
        if entry is not None and symptom in entry.symptoms:
            return day
        day -= dt.timedelta(days=1)
    return None


def duration_answer(days: int) -> str:
    """The ``duration`` answer for a spell of ``days`` days, today included."""
    if days >= MONTHS_FROM_DAYS:
        return "months"
    return "weeks" if days >= WEEKS_FROM_DAYS else "days"


def possible_durations(spell: Spell) -> tuple[str, ...]:
    """Every duration the spell may have, shortest first: from what is logged to what
    it would be had it begun on its earliest possible day."""
    known = duration_answer(spell.days)
    longest = "months" if spell.earliest is None else duration_answer((spell.today - spell.earliest).days + 1)
    return DURATIONS[DURATIONS.index(known):DURATIONS.index(longest) + 1]


def duration_suggestion(spell: Spell | None) -> Suggestion | None:
    """The most cautious duration the spell may have; among equally cautious ones the
    shortest, the nearest to what is logged."""
    if spell is None:
        return None
    possible = possible_durations(spell)
    top = max(DURATION_CAUTION[value] for value in possible)
    value = next(value for value in possible if DURATION_CAUTION[value] == top)
    reason = spell_reason(spell)
    if value != possible[0]:
        reason += f"; {_unlogged_before(spell)}, so it may have begun earlier"
    return Suggestion(value, reason)


def _unlogged_before(spell: Spell) -> str:
    if spell.earliest is None:
        return "nothing is logged before then"
    days = (spell.first - spell.earliest).days
    return "the day before is not logged" if days == 1 else f"the {days} days before are not logged"


def spell_reason(spell: Spell) -> str:
    """``tingling logged since Tue 3 Nov (29 days, 4 of them not logged)``."""
    name = label(spell.symptom)
    if spell.days == 1:
        return f"today's log records {name}"
    gaps = f", {spell.unlogged} of them not logged" if spell.unlogged else ""
    return f"{name} logged since {day_name(spell.first, spell.today)} ({spell.days} days{gaps})"


# -- the pattern ----------------------------------------------------------------------

def pattern_suggestion(entries: list[Entry], today: dt.date, symptom: str | None,
                       spell: Spell | None = None) -> Suggestion | None:
    """``constant`` when the current spell of ``symptom`` has lasted two weeks, mostly
    logged (a spell bridged over long unlogged gaps says nothing of how it went);
    ``recurring`` when ``symptom`` is on 3+ of the last 14 days, or came and went
    (an earlier spell in the log, then a day logged without it)."""
    from nervecheck.engine.log.patterns import recurring

    if symptom is None:
        return None
    if spell is None:
        spell = current_spell(entries, today, symptom)
    if spell is not None and spell.days >= CONSTANT_MIN_DAYS and spell.unlogged <= spell.days // 2:
        return Suggestion("constant", spell_reason(spell))
    found = next((item for item in recurring(entries, today) if item.symptom == symptom), None)
    if found is not None:
        return Suggestion("recurring", found.why)
    if spell is not None and spell.earlier is not None:
        return Suggestion("recurring", f"{label(symptom)} was logged on {day_name(spell.earlier, today)} too, "
                                       "and has come back since")
    return None


# -- answers that describe the runner -----------------------------------------------

def remembered(checks: Iterable[CheckRecord], local_day: Callable[[dt.datetime], dt.date],
               today: dt.date) -> dict[str, Suggestion]:
    """The :data:`RUNNER_ANSWERS` of the newest saved check that answered each, with the
    day it was given; checks marked "entered by mistake" are left out."""
    found: dict[str, Suggestion] = {}
    newest_first = sorted((c for c in checks if not c.mistake), key=lambda c: c.time)[::-1]  # ties: last saved
    for check in newest_first:
        for step in check.path:
            if step.id in RUNNER_ANSWERS and step.id not in found:
                day = day_name(local_day(check.time), today)
                found[step.id] = Suggestion(step.answer, f"you answered {label(step.answer)} on {day}")
        if len(found) == len(RUNNER_ANSWERS):
            break
    return found
