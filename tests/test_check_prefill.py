"""Suggestions for the symptom check drawn from the log and past checks: which answer, and why."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nervecheck.engine.log.prefill import (
    DURATION_CAUTION, DURATIONS, PATTERN_CAUTION, RUNNER_ANSWERS, Suggestion, current_spell, day_name,
    duration_suggestion, pattern_suggestion, remembered, suggestions,
)
from nervecheck.engine.store.schema import CheckRecord, Entry, PathStep
from nervecheck.engine.vocab import ANSWER_VALUES, DISPOSITIONS, FLAGS

TODAY = dt.date(2026, 11, 21)


def tingling_days(*days_ago: int) -> list[Entry]:
    return [Entry(date=TODAY - dt.timedelta(days=n), symptoms=("tingling",), locations=("heel",))
            for n in sorted(days_ago, reverse=True)]


def test_recurring_only_for_the_symptom_answered() -> None:
    entries = tingling_days(1, 2, 3, 4, 5, 6)
    assert "pattern" not in suggestions(entries, TODAY, {"symptom": "numbness"})
    assert suggestions(entries, TODAY, {"symptom": "tingling"})["pattern"] == Suggestion(
        "recurring", "tingling on 6 of the last 14 days")


def test_no_pattern_before_the_symptom_is_answered() -> None:
    entries = tingling_days(1, 2, 3)
    assert "pattern" not in suggestions(entries, TODAY, {})
    assert pattern_suggestion(entries, TODAY, None) is None


def test_two_days_are_not_recurring() -> None:
    assert pattern_suggestion(tingling_days(1, 2), TODAY, "tingling") is None


# -- the current spell: duration and pattern (issue 17.5) ---------------------------

DAY = dt.timedelta(days=1)


def log_of(days: str, symptom: str = "tingling") -> list[Entry]:
    """A log from a string, oldest day first, the last character today: ``Y`` logged
    with ``symptom``, ``n`` logged without it, ``o`` logged with another symptom only,
    ``.`` nothing logged."""
    first = TODAY - DAY * (len(days) - 1)
    found = []
    for offset, mark in enumerate(days):
        symptoms = {"Y": (symptom,), "n": (), "o": ("numbness",)}.get(mark)
        if symptoms is not None:
            found.append(Entry(date=first + DAY * offset, symptoms=symptoms, locations=("heel",) if symptoms else ()))
    return found


def reference_spell(days: str) -> tuple[int, int | None] | None:
    """The slow reference: the spell's length and the longest it may have lasted
    (``None``: unbounded), read off the day string with a regular expression. Today
    counts as a day with the symptom (the runner has just answered it); a day logged
    without the symptom ends the spell; an unlogged day does not."""
    marks = days[:-1] + "Y"
    stripped = marks.lstrip(".")  # the log starts at its first logged day
    match = re.search(r"[Y.]*$", stripped)
    run = match.group()
    logged = days[-1] == "Y" or "Y" in run[:-1]
    if not logged:
        return None
    length = len(run) - (len(run) - len(run.lstrip(".")))
    longest = None if match.start() == 0 else len(run)
    return length, longest


def reference_duration(length: int, longest: int | None) -> str:
    def bucket(n: int) -> str:
        return "days" if n < 14 else "weeks" if n <= 42 else "months"

    possible = DURATIONS[DURATIONS.index(bucket(length)):DURATIONS.index(bucket(longest) if longest else "months") + 1]
    top = max(DURATION_CAUTION[v] for v in possible)
    return next(v for v in possible if DURATION_CAUTION[v] == top)


day_strings = st.text(alphabet="Yno.", min_size=1, max_size=70)


@settings(max_examples=300, deadline=None)
@given(day_strings)
def test_duration_is_the_reference_over_the_spell(days: str) -> None:
    """Random logs: the suggested duration is what the slow reference gives; no
    suggestion without a logged day of the spell; the reason names its first day."""
    entries = log_of(days)
    reference = reference_spell(days)
    suggested = suggestions(entries, TODAY, {"symptom": "tingling"}).get("duration")
    if reference is None:
        assert suggested is None
        return
    length, longest = reference
    assert suggested is not None and suggested.value == reference_duration(length, longest)
    if length > 1:
        assert f"since {day_name(TODAY - DAY * (length - 1), TODAY)} ({length} days" in suggested.reason
    if longest != length and suggested.value != ("days" if length < 14 else "weeks" if length <= 42 else "months"):
        assert "may have begun earlier" in suggested.reason


@settings(max_examples=300, deadline=None)
@given(day_strings)
def test_suggestion_never_less_cautious_than_the_log_shows(days: str) -> None:
    """Whatever the log, the duration offered is at least as cautious as the one the
    logged days alone give, and as any it could have reached had it begun earlier."""
    spell = current_spell(log_of(days), TODAY, "tingling")
    suggested = duration_suggestion(spell)
    if spell is None:
        assert suggested is None
        return
    assert DURATION_CAUTION[suggested.value] >= DURATION_CAUTION[reference_duration(spell.days, spell.days)]
    longest = None if spell.earliest is None else (TODAY - spell.earliest).days + 1
    worst = reference_duration(longest, longest) if longest else "months"
    assert DURATION_CAUTION[suggested.value] >= DURATION_CAUTION[worst]
    pattern = suggestions(log_of(days), TODAY, {"symptom": "tingling"}).get("pattern")
    assert pattern is None or pattern.value != "first_time"


@pytest.mark.parametrize("days, value, reason", [
    ("n" + "Y" * 28, "weeks", f"tingling logged since {day_name(TODAY - DAY * 27, TODAY)} (28 days)"),
    ("nYYY", "days", f"tingling logged since {day_name(TODAY - DAY * 2, TODAY)} (3 days)"),
    ("YY", "weeks", "nothing is logged before then, so it may have begun earlier"),
    ("n..Y.Y", "days", "(3 days, 1 of them not logged)"),
    ("n" + "." * 10 + "YY", "days", "(2 days)"),
    ("n" + "." * 12 + "YY", "weeks", "the 12 days before are not logged, so it may have begun earlier"),
    ("n" + "Y" * 43, "months", "(43 days)"),
])
def test_spell_examples(days: str, value: str, reason: str) -> None:
    suggested = suggestions(log_of(days), TODAY, {"symptom": "tingling"})["duration"]
    assert suggested.value == value and reason in suggested.reason


def test_a_gap_with_symptoms_on_both_sides_does_not_break_the_spell() -> None:
    spell = current_spell(log_of("nY...Y.Y"), TODAY, "tingling")
    assert spell is not None and spell.days == 7 and spell.unlogged == 4 and spell.certain


def test_another_symptom_is_not_this_spell() -> None:
    """Numbness for a month makes no spell of tingling."""
    entries = log_of("Y" * 30, symptom="numbness")
    assert current_spell(entries, TODAY, "tingling") is None
    assert not {"duration", "pattern"} & set(suggestions(entries, TODAY, {"symptom": "tingling"}))


def test_no_spell_without_a_log() -> None:
    assert not {"duration", "pattern"} & set(suggestions([], TODAY, {"symptom": "tingling"}))
    assert "duration" not in suggestions(log_of("YYYn."), TODAY, {"symptom": "tingling"})


def test_a_long_spell_is_constant_and_one_that_came_back_recurring() -> None:
    assert suggestions(log_of("n" + "Y" * 20), TODAY, {"symptom": "tingling"})["pattern"].value == "constant"
    back = suggestions(log_of("Y" + "n" * 20 + "Y"), TODAY, {"symptom": "tingling"})["pattern"]
    assert back.value == "recurring" and day_name(TODAY - DAY * 21, TODAY) in back.reason


# -- the caution order, proved against the tree -------------------------------------

def _walk_all(question: str):
    """Every way of answering the core questions other than ``question`` (all flags no):
    whether a clinician has cleared the runner, and the disposition the tree gives for
    each of the question's values."""
    from nervecheck.engine.triage.loading import load_tree

    tree = load_tree()
    others = [q for q in ANSWER_VALUES if q not in FLAGS and q != question]
    for combo in itertools.product(*(ANSWER_VALUES[q] for q in others)):
        answers = {**dict.fromkeys(FLAGS, "no"), **dict(zip(others, combo))}
        yield answers["cleared_by_clinician"] == "yes", {
            value: tree.outcome(*tree.walk({**answers, question: value})).disposition
            for value in ANSWER_VALUES[question]}


@pytest.mark.parametrize("question, caution", [("duration", DURATION_CAUTION), ("pattern", PATTERN_CAUTION)])
def test_caution_order_holds_on_the_tree(question: str, caution: dict[str, int]) -> None:
    """Whatever the other answers, equally cautious answers lead to the same result;
    for a runner no clinician has cleared, a more cautious answer never leads to a less
    urgent one, and somewhere to a more urgent one. (For a runner a clinician has
    cleared, a long spell is lighter training where a short one is self-care: the
    clinician's call, which docs/triage.md explains.)"""
    urgency = {d: len(DISPOSITIONS) - i for i, d in enumerate(DISPOSITIONS)}
    assert DISPOSITIONS[0] == "emergency" and DISPOSITIONS[-1] == "keep_running"
    stricter = False
    for cleared, results in _walk_all(question):
        for a, b in itertools.permutations(ANSWER_VALUES[question], 2):
            if caution[a] == caution[b]:
                assert results[a] == results[b], (question, a, b, results)
            elif caution[a] > caution[b] and not cleared:
                assert urgency[results[a]] >= urgency[results[b]], (question, a, b, results)
                stricter = stricter or urgency[results[a]] > urgency[results[b]]
    assert stricter


# -- answers that describe the runner (issue 18.5) ----------------------------------

def _check(day: dt.date, diabetes: str | None, mistake: bool = False) -> CheckRecord:
    path = (PathStep(id="symptom", answer="tingling"),)
    if diabetes is not None:
        path += (PathStep(id="diabetes", answer=diabetes),)
    return CheckRecord(time=dt.datetime.combine(day, dt.time(9), tzinfo=dt.timezone.utc), path=path,
                       disposition="see_clinician", contract=2, mistake=mistake)


def _local(moment: dt.datetime) -> dt.date:
    return moment.date()


def test_diabetes_from_the_newest_check_that_answered_it() -> None:
    checks = [_check(TODAY - DAY * 9, "yes"), _check(TODAY - DAY * 2, None)]
    found = remembered(checks, _local, TODAY)
    assert found == {"diabetes": Suggestion("yes", f"you answered yes on {day_name(TODAY - DAY * 9, TODAY)}")}
    assert suggestions([], TODAY, {}, found)["diabetes"].value == "yes"


def test_no_prior_check_no_suggestion() -> None:
    assert remembered([], _local, TODAY) == {}
    assert remembered([_check(TODAY, None)], _local, TODAY) == {}
    assert "diabetes" not in suggestions([], TODAY, {}, {})


checks_strategy = st.lists(st.tuples(st.integers(0, 400), st.sampled_from(["yes", "no", None]), st.booleans()),
                           max_size=12)


@settings(max_examples=200, deadline=None)
@given(checks_strategy)
def test_a_check_marked_as_a_mistake_never_suggests(rows) -> None:
    """Random histories: the suggestion is the newest check not marked as a mistake
    that answered diabetes, or none; a mistaken check's answer is never the one offered."""
    checks = [_check(TODAY - DAY * ago, answer, mistake) for ago, answer, mistake in rows]
    found = remembered(checks, _local, TODAY).get("diabetes")
    good = sorted((c for c in checks if not c.mistake and len(c.path) == 2), key=lambda c: c.time)
    if not good:
        assert found is None
        return
    newest = good[-1]
    assert found is not None and found.value == newest.path[1].answer
    assert found.reason.endswith(day_name(newest.time.date(), TODAY))
    assert set(remembered(checks, _local, TODAY)) <= set(RUNNER_ANSWERS)
