"""Suggestions for the symptom check drawn from the log: which answer, and why."""

from __future__ import annotations

import datetime as dt

from nervecheck.engine.log.prefill import Suggestion, pattern_suggestion, suggestions
from nervecheck.engine.store.schema import Entry

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
