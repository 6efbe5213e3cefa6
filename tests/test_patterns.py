"""The log's pattern rules at their edges: recurring, training load, distance jump."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from nervecheck.engine.log.history import history, pain_by_day
from nervecheck.engine.store.schema import Entry, Run
from nervecheck.engine.log.patterns import (
    distance_jump,
    find_patterns,
    notices,
    recurring,
    training_load,
)

TODAY = dt.date(2026, 11, 21)  # a Saturday; its week starts Monday 16 November


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def symptom_days(symptom: str, *days_ago: int) -> list[Entry]:
    return [Entry(date=ago(n), pain=3, symptoms=(symptom,), locations=("heel",)) for n in days_ago]


def run(days_ago: int, km: float = 8.0, after: str | None = "none", symptoms: tuple[str, ...] = ()) -> Entry:
    return Entry(date=ago(days_ago), run=Run(distance_km=km), pain_after_exercise=after, symptoms=symptoms)


# -- recurring: the same nerve symptom on 3 or more of the last 14 days -------------------


def test_two_days_is_not_recurring_three_is() -> None:
    assert recurring(symptom_days("burning", 0, 5), TODAY) == ()
    found = recurring(symptom_days("burning", 0, 5, 9), TODAY)
    assert [(r.symptom, r.days) for r in found] == [("burning", 3)]


def test_day_14_counts_and_day_15_does_not() -> None:
    # today is day 1, so 13 days ago is day 14 and 14 days ago is day 15
    assert recurring(symptom_days("tingling", 0, 6, 13), TODAY)
    assert not recurring(symptom_days("tingling", 0, 6, 14), TODAY)


def test_different_symptoms_do_not_add_up() -> None:
    entries = symptom_days("burning", 0, 1) + symptom_days("numbness", 2, 3)
    assert recurring(entries, TODAY) == ()


def test_days_after_today_are_ignored() -> None:
    entries = symptom_days("burning", 0, 1) + [Entry(date=TODAY + dt.timedelta(days=1), symptoms=("burning",))]
    assert recurring(entries, TODAY) == ()


def test_a_recurring_symptom_says_why() -> None:
    entries = symptom_days("burning", 0, 2, 4, 6)
    assert [found.why for found in recurring(entries, TODAY)] == ["burning on 4 of the last 14 days"]
    assert recurring(entries[:2], TODAY) == ()
    assert recurring([], TODAY) == ()


def test_most_frequent_symptom_is_suggested() -> None:
    entries = symptom_days("burning", 0, 1, 2) + [
        Entry(date=ago(n), symptoms=("shooting_pain",)) for n in (3, 4, 5, 6)]
    assert recurring(entries, TODAY)[0].why == "shooting pain on 4 of the last 14 days"


def test_recurring_notice_asks_for_a_clinician() -> None:
    lines = notices(symptom_days("cramping", 0, 1, 2), TODAY)
    assert len(lines) == 1
    assert lines[0] == "Recurring cramping (3 of 14 days): a clinician should look at it."
    assert "clinician" in lines[0]


# -- training load: pain over 2 hours after 2 or more of the last 7 runs ------------------


def test_one_of_seven_runs_is_not_training_load_two_is() -> None:
    runs = [run(n, after="over_2h" if n == 1 else "none") for n in range(7)]
    assert training_load(runs, TODAY) is None
    runs[3] = run(3, after="over_2h")
    found = training_load(runs, TODAY)
    assert (found.over_2h, found.runs) == (2, 7)
    assert "2 of your last 7 runs" in found.explanation


def test_only_the_last_seven_runs_count() -> None:
    runs = [run(n) for n in range(7)] + [run(7, after="over_2h"), run(8, after="over_2h")]
    assert training_load(runs, TODAY) is None


def test_days_without_a_run_do_not_count_as_runs() -> None:
    rest_days = [Entry(date=ago(n), pain_after_exercise="over_2h") for n in (0, 1)]
    assert training_load(rest_days + [run(2)], TODAY) is None


def test_training_load_under_seven_runs_logged() -> None:
    assert training_load([run(0, after="over_2h"), run(3, after="over_2h")], TODAY).runs == 2


def test_runs_from_long_ago_do_not_flag_today() -> None:
    assert training_load([run(70, after="over_2h"), run(80, after="over_2h")], TODAY) is None


# -- distance jump: weekly distance up more than 10% in a week with symptoms --------------

THIS_WEEK, LAST_WEEK, WEEK_BEFORE = 0, 7, 14  # days ago of a Saturday in each week
# Logging started long before these weeks, so each of them is full (patterns and load).
SINCE = [Entry(date=ago(40), pain=0)]


def test_exactly_ten_percent_is_not_a_jump_more_is() -> None:
    before = SINCE + [run(LAST_WEEK, km=20.0)]
    assert distance_jump(before + [run(THIS_WEEK, km=22.0, symptoms=("burning",))], TODAY) is None
    found = distance_jump(before + [run(THIS_WEEK, km=22.01, symptoms=("burning",))], TODAY)
    assert found is not None and found.percent == 10 and found.week == dt.date(2026, 11, 16)


def test_float_sums_at_exactly_ten_percent_are_not_a_jump() -> None:
    before = SINCE + [run(LAST_WEEK + n, km=3.3) for n in range(3)]  # 9.9 km as a float sum
    this = [run(n, km=3.63, symptoms=("tingling",)) for n in range(3)]  # 10.89 km: exactly +10%
    assert distance_jump(before + this, TODAY) is None


def test_no_jump_without_symptoms_that_week() -> None:
    entries = SINCE + [run(LAST_WEEK, km=20.0), run(THIS_WEEK, km=30.0)]
    assert distance_jump(entries, TODAY) is None
    # symptoms in the quieter week do not count either
    entries = SINCE + [run(LAST_WEEK, km=20.0, symptoms=("burning",)), run(THIS_WEEK, km=30.0)]
    assert distance_jump(entries, TODAY) is None


def test_no_jump_from_a_week_without_distance() -> None:
    assert distance_jump(SINCE + [run(THIS_WEEK, km=30.0, symptoms=("burning",))], TODAY) is None


def test_last_weeks_jump_still_shows_the_one_before_does_not() -> None:
    last = SINCE + [run(WEEK_BEFORE, km=20.0), run(LAST_WEEK, km=30.0, symptoms=("burning",)), run(THIS_WEEK, km=5.0)]
    found = distance_jump(last, TODAY)
    assert found is not None and found.week == dt.date(2026, 11, 9) and found.percent == 50
    older = SINCE + [run(21, km=20.0), run(WEEK_BEFORE, km=30.0, symptoms=("burning",)), run(LAST_WEEK, km=5.0)]
    assert distance_jump(older, TODAY) is None


def test_no_jump_against_a_partly_logged_first_week() -> None:
    # Issue 17: a new runner logs from Thursday of last week; this week is "up 128%" on
    # those few days, but they are not a week to compare with.
    first = [run(LAST_WEEK + 2, km=5.0), run(LAST_WEEK, km=5.0)]  # Thursday and Saturday
    this = [run(n, km=7.0, symptoms=("burning",)) for n in (5, 3, 0)]  # Monday, Wednesday, Saturday
    assert distance_jump(first + this, TODAY) is None
    assert not any("distance" in line for line in notices(first + this, TODAY))
    # Once logging began by last week's Monday, the same distances are a jump.
    started = [Entry(date=ago(LAST_WEEK + 5), pain=1)]
    found = distance_jump(started + first + this, TODAY)
    assert found is not None and found.percent == 110


def test_logging_that_starts_on_a_monday_makes_a_full_week() -> None:
    first = [run(LAST_WEEK + 5, km=10.0)]  # last week's Monday
    assert distance_jump(first + [run(THIS_WEEK, km=12.0, symptoms=("burning",))], TODAY) is not None


def test_patterns_explain_themselves_and_notices_are_short() -> None:
    entries = SINCE + symptom_days("burning", 1, 2, 3) + [
        run(LAST_WEEK, km=20.0), run(THIS_WEEK, km=30.0, after="over_2h", symptoms=("burning",)),
        run(4, after="over_2h")]
    found = find_patterns(entries, TODAY)
    assert found and found.recurring and found.training_load and found.distance_jump
    assert len(found.explanations) == 3
    assert all(len(line) <= 74 for line in notices(entries, TODAY))
    worst = [Entry(date=ago(n), symptoms=("shooting_pain",), run=Run(distance_km=5.0 + n),
                   pain_after_exercise="over_2h") for n in range(14)]
    assert all(len(line) <= 74 for line in notices(worst, TODAY))
    assert not find_patterns([], TODAY)


# -- history numbers -----------------------------------------------------------------------


def test_pain_by_day_leaves_gaps() -> None:
    entries = [Entry(date=ago(2), pain=4), Entry(date=ago(0), pain=0)]
    assert pain_by_day(entries, ago(2), 3) == [4, None, 0]


def test_history_numbers(store) -> None:
    store.merge_entries([run(1, km=10.0, symptoms=("burning",)), run(40, km=5.0),
                         Entry(date=ago(0), pain=2, note="x")])
    found = history(store, TODAY, 30)
    assert (found.start, found.end, len(found.pain)) == (ago(29), TODAY, 30)
    assert [e.date for e in found.entries] == [ago(0), ago(1)]  # newest first, in range only
    assert found.runs == 1 and found.distance_km == 10.0 and found.symptom_days == 1
    assert found.weeks[-1].start == dt.date(2026, 11, 16) and found.weeks[-1].distance_km == 10.0


def test_engine_never_imports_textual() -> None:
    code = ("import sys, nervecheck.engine.log.patterns, nervecheck.engine.log.history, nervecheck.engine.log.report, nervecheck.cli.report;"
            "print('textual' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
