"""Load figures and symptom insights (issue 17): edges, and random histories against a
slow reference written out plainly here."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from nervecheck.engine.log import insights as ins
from nervecheck.engine.log import load
from nervecheck.engine.log.load import DayLog, Log, RunDay
from nervecheck.engine.log.patterns import distance_jump
from nervecheck.engine.store.schema import Entry, Run

TODAY = dt.date(2026, 11, 21)  # a Saturday
DAY = dt.timedelta(days=1)


def ago(n: int) -> dt.date:
    return TODAY - n * DAY


def log_of(runs: list[RunDay], days: list[DayLog] = ()) -> Log:
    return Log(tuple(runs), tuple(days))


# -- the ratio: last 7 days against the 4 weeks before ------------------------------------------


def four_weeks(km_a_week: float = 10.0) -> list[RunDay]:
    """One run a week in each of the 4 weeks before the last 7 days (days 7..34 ago)."""
    return [RunDay(ago(13 + 7 * w), km_a_week) for w in range(4)]  # 13, 20, 27 and 34 days ago


def test_the_ratio_needs_exactly_28_logged_days_before_the_last_7() -> None:
    runs = four_weeks()[:-1]  # 30 km over the 28 days (the oldest week had no run)
    started_on_time = log_of(runs, [DayLog(ago(34))])
    found = load.ratio(started_on_time.with_runs([RunDay(ago(0), 7.5)]), TODAY)
    assert found.enough and found.value == 1.0 and found.band == "about usual"
    one_day_late = load.ratio(log_of(runs + [RunDay(ago(0), 7.5)], [DayLog(ago(33))]), TODAY)
    assert not one_day_late.enough and one_day_late.value is None and one_day_late.need_weeks == 1
    assert load.ratio(Log(), TODAY).need_weeks == 5


def test_ratio_bands_at_their_bounds() -> None:
    base = four_weeks(10.0)  # 10 km a week
    for acute, band in [(7.999, "lighter than usual"), (8.0, "about usual"), (13.0, "about usual"),
                        (13.001, "a jump"), (15.0, "a jump"), (15.001, "a big jump")]:
        found = load.ratio(log_of(base + [RunDay(ago(2), acute)]), TODAY)
        assert found.band == band, (acute, found)


def test_a_rest_week_counts_as_a_week_and_a_rest_month_gives_no_ratio() -> None:
    rest_week = four_weeks(10.0)[1:] + [RunDay(ago(0), 7.5)]  # one of the 4 weeks had no running
    found = load.ratio(log_of(rest_week, [DayLog(ago(34))]), TODAY)
    assert found.chronic_week_km == 7.5 and found.value == 1.0
    nothing = load.ratio(log_of([RunDay(ago(0), 5.0)], [DayLog(ago(40))]), TODAY)
    assert nothing.enough and nothing.value is None and "nothing to compare" in ins.ratio_line(nothing)


# -- weeks ------------------------------------------------------------------------------------


def test_weeks_mark_a_first_partial_week_and_the_week_in_progress() -> None:
    log = log_of([RunDay(ago(9), 5.0, 30), RunDay(ago(2), 6.0)], [DayLog(ago(9), symptoms=True)])
    weeks = load.weeks(log, ago(13), TODAY)  # from Sunday 8 November: its week, then two more
    assert [w.partial for w in weeks] == [load.NOT_LOGGED, load.STARTED_MID_WEEK, load.IN_PROGRESS]
    assert (weeks[1].distance_km, weeks[1].minutes, weeks[1].symptom_days) == (5.0, 30, 1)
    assert (weeks[2].runs, weeks[2].runs_without_time) == (1, 1)
    monday_start = load.weeks(log_of([RunDay(ago(12), 5.0)]), ago(12), ago(6))
    assert [w.full for w in monday_start] == [True]  # Monday to Sunday, logged from Monday


# -- long runs, rest days, zero-distance runs ----------------------------------------------------


def test_long_runs_need_six_runs_and_exactly_one_and_a_half_times_is_not_long() -> None:
    runs = [RunDay(ago(n), 8.0) for n in range(1, 6)]
    assert not load.long_runs(log_of(runs), TODAY).enough
    found = load.long_runs(log_of(runs + [RunDay(ago(6), 12.0)]), TODAY)
    assert found.median_km == 8.0 and found.long == ()
    found = load.long_runs(log_of(runs + [RunDay(ago(6), 12.001)]), TODAY)
    assert [r.distance_km for r in found.long] == [12.001]
    old = load.long_runs(log_of(runs + [RunDay(ago(90), 30.0)]), TODAY)
    assert old.runs == 5  # 90 days ago is outside the 90 days (today and 89 before)


def test_zero_distance_runs_count_for_rest_days_but_not_in_the_median() -> None:
    runs = [RunDay(ago(n), 8.0) for n in range(1, 7)] + [RunDay(ago(0), 0.0, 20)]
    found = load.long_runs(log_of(runs), TODAY)
    assert found.runs == 6 and found.median_km == 8.0
    assert load.rest(log_of(runs, [DayLog(ago(10))]), TODAY).days_since == 7


def test_days_since_a_rest_day() -> None:
    assert load.rest(Log(), TODAY).days_since is None
    assert load.rest(log_of([RunDay(ago(1), 5.0)]), TODAY).days_since == 0  # no run today
    every_day = log_of([RunDay(ago(n), 5.0) for n in range(5)])
    assert load.rest(every_day, TODAY) == load.Rest(None, None, 5, 5)
    assert load.rest(every_day.with_runs([]), TODAY + DAY).days_since == 0


def test_entries_and_activities_become_runs() -> None:
    entries = [Entry(date=ago(1), pain=3, symptoms=("burning",), run=Run(distance_km=5, duration_min=30),
                     pain_after_exercise="over_2h"), Entry(date=ago(0), pain=1)]
    log = load.from_entries(entries)
    assert log.runs == (RunDay(ago(1), 5.0, 30.0),)
    assert log.days == (DayLog(ago(1), 3, True, "over_2h"), DayLog(ago(0), 1, False, None))
    activities = [{"day": TODAY.isoformat(), "sport": "run", "distance_km": 10.0, "moving_s": 3000.0,
                   "elapsed_s": 3100.0, "shoe": "Pegasus"},
                  {"day": TODAY.isoformat(), "sport": "ride", "distance_km": 30.0, "moving_s": None,
                   "elapsed_s": None, "shoe": None}]
    joined = load.joined(entries, activities)
    assert joined.runs == (RunDay(ago(1), 5.0, 30.0), RunDay(TODAY, 10.0, 50.0, "Pegasus", imported=True))


# -- the insights at their minimum data ----------------------------------------------------------


def test_two_hour_rule_needs_five_answered_runs_and_stands_out_at_two() -> None:
    runs = [RunDay(ago(n), 5.0) for n in range(6)]
    days = [DayLog(ago(n), pain_after="over_2h" if n < 2 else "none") for n in range(4)]
    assert not ins.two_hour(log_of(runs, days), TODAY, 90).enough
    days.append(DayLog(ago(4), pain_after="none"))
    found = ins.two_hour(log_of(runs, days), TODAY, 90)
    assert found.enough and found.numbers == {"runs": 5, "over_2h": 2, "share": 0.4} and found.stands_out
    assert found.sentence == "Pain lasted over two hours after 2 of your last 5 runs (40%)."


def test_shoes_need_two_shoes_with_five_runs_each() -> None:
    assert "no runs carry a shoe" in ins.shoes(log_of([RunDay(ago(1), 5.0)]), TODAY, 90).sentence
    runs = [RunDay(ago(2 * n), 5.0, shoe="A") for n in range(5)] + [RunDay(ago(20 + 2 * n), 5.0, shoe="B")
                                                                   for n in range(4)]
    sick = [DayLog(ago(n), symptoms=True) for n in (0, 1, 4)]  # after A's runs 0, 2 and 4 days ago
    assert not ins.shoes(log_of(runs, sick), TODAY, 90).enough
    runs.append(RunDay(ago(29), 5.0, shoe="B"))
    found = ins.shoes(log_of(runs, sick), TODAY, 90)
    assert found.enough and [(s["shoe"], s["runs"], s["runs_with_symptoms"]) for s in found.numbers["shoes"]] == [
        ("A", 5, 3), ("B", 5, 0)]
    assert found.stands_out and found.rests_on == "10 runs"  # 60% against 0%
    assert not ins.shoes(log_of(runs, sick + [DayLog(ago(n), symptoms=True) for n in (20, 22)]), TODAY, 90).stands_out


def test_next_day_pain_after_long_runs() -> None:
    runs = [RunDay(ago(2 * n + 1), 16.0 if n < 3 else 8.0) for n in range(8)]  # 3 long (over 12 km), 5 other
    pain = [DayLog(ago(2 * n), pain=5 if n < 3 else 2) for n in range(8)]
    found = ins.long_run_pain(log_of(runs, pain), TODAY, 90)
    assert found.enough and found.stands_out and found.rests_on == "8 runs"
    assert (found.numbers["long_next_day_pain"], found.numbers["other_next_day_pain"]) == (5.0, 2.0)
    fewer = ins.long_run_pain(log_of(runs, pain[1:]), TODAY, 90)  # the first long run has no next day logged
    assert not fewer.enough and "1 more long run" in fewer.sentence


def test_symptoms_after_a_jump_week() -> None:
    # Weeks (Mondays) from 12 weeks ago: 10 km each, but weeks 6 and 9 are 20 km (jumps).
    monday = load.week_start(TODAY) - 12 * 7 * DAY
    runs, days = [], [DayLog(monday)]
    for w in range(12):
        runs.append(RunDay(monday + (7 * w + 2) * DAY, 20.0 if w in (6, 9) else 10.0))
        if w in (7, 10):  # the weeks after the jumps: 3 symptom days
            days += [DayLog(monday + (7 * w + d) * DAY, symptoms=True) for d in range(3)]
    found = ins.after_jump(log_of(runs, days), TODAY, 120)
    # Weeks 5..11 can be judged (5 full weeks before each): after a jump 7 and 10; other 5, 6, 8, 9, 11.
    assert found.enough and found.numbers["weeks_after_jump"] == 2 and found.numbers["other_weeks"] == 5
    assert found.numbers["after_jump_symptom_days_per_week"] == 3.0 and found.stands_out
    assert "not a cause" in found.sentence
    new = ins.after_jump(log_of(runs[-2:], days[-1:]), TODAY, 120)
    assert not new.enough and "need" in new.sentence
    short = ins.after_jump(log_of(runs, days), TODAY, 42)  # 42 days hold 5 whole weeks (to last Sunday)
    assert not short.enough and short.sentence.endswith("the last 42 days hold 5 whole weeks; needs 6 (a longer window)")


def test_a_slice_gives_the_same_insights_as_the_whole_log_and_a_long_streak_says_so() -> None:
    runs = [RunDay(ago(n), 5.0 + n % 7, 30, "A" if n % 3 else "B") for n in range(800)]
    days = [DayLog(ago(n), n % 5, n % 4 == 0, "over_2h" if n % 9 == 0 else "none") for n in range(800)]
    whole = log_of(runs, days)
    since = ins.needed_from(TODAY, 90)
    entries = [SimpleNamespace(date=d.day, pain=d.pain, symptoms=("burning",) if d.symptoms else (),
                               pain_after_exercise=d.pain_after,
                               run=SimpleNamespace(distance_km=5.0 + n % 7, duration_min=30))
               for n, d in enumerate(days)]
    sliced = load.from_entries(entries, since=since)
    assert sliced.first == ago(799) and sliced.held_from == since and min(d.day for d in sliced.days) == since
    a, b = ins.insights(whole, TODAY, 90), ins.insights(sliced, TODAY, 90)
    assert a.load._replace(rest=None) == b.load._replace(rest=None)
    assert [i.numbers for i in a.items if i.id != "shoes"] == [i.numbers for i in b.items if i.id != "shoes"]
    assert a.load.rest == load.Rest(None, None, 800, 800)
    looked = (TODAY - since).days + 1
    assert b.load.rest.looked == looked and ins.rest_line(b.load.rest) == f"Rest days: none in the last {looked} days"


# -- random histories against a plain reference --------------------------------------------------

SPAN = 150


@st.composite
def histories(draw) -> tuple[Log, int]:
    start = draw(st.integers(0, SPAN - 1))
    runs, days = [], []
    for n in range(start, -1, -1):
        day = ago(n)
        for _ in range(draw(st.integers(0, 2)) if draw(st.booleans()) else 0):
            runs.append(RunDay(day, draw(st.integers(0, 30_000)) / 1000, draw(st.none() | st.integers(1, 200)),
                               draw(st.none() | st.sampled_from(["A", "B"]))))
        if draw(st.booleans()) or n == start:
            days.append(DayLog(day, draw(st.none() | st.integers(0, 10)), draw(st.booleans()),
                               draw(st.none() | st.sampled_from(["none", "under_2h", "over_2h"]))))
    return Log(tuple(runs), tuple(days)), draw(st.integers(1, 200))


def plain_first_logged(log: Log) -> dt.date | None:
    days = [r.day for r in log.runs] + [d.day for d in log.days]
    return min(days) if days else None


def plain_metres(log: Log, first: dt.date, last: dt.date) -> int:
    total = 0
    day = first
    while day <= last:
        for run in log.runs:
            if run.day == day:
                total += round(run.distance_km * 1000)
        day += DAY
    return total


def plain_full(monday: dt.date, log: Log) -> bool:
    first = plain_first_logged(log)
    return first is not None and first <= monday and monday + 6 * DAY <= TODAY


@settings(max_examples=40, deadline=None)
@given(histories())
def test_the_ratio_equals_the_plain_sum_and_waits_for_28_logged_days(drawn) -> None:
    log, _ = drawn
    found = load.ratio(log, TODAY)
    first = plain_first_logged(log)
    if first is None or first > ago(34):
        assert found.value is None and not found.enough
        return
    acute, chronic = plain_metres(log, ago(6), TODAY), plain_metres(log, ago(34), ago(7))
    if chronic == 0:
        assert found.value is None
        return
    ratio = acute / (chronic / 4)
    assert abs(found.value - ratio) <= 0.005 + 1e-9
    expected = ("lighter than usual" if 10 * acute * 4 < 8 * chronic else "about usual" if 10 * acute * 4 <= 13 * chronic
                else "a jump" if 10 * acute * 4 <= 15 * chronic else "a big jump")
    assert found.band == expected


@settings(max_examples=40, deadline=None)
@given(histories())
def test_weeks_sum_their_days_and_mark_every_partial_week(drawn) -> None:
    log, days = drawn
    for week in load.weeks(log, ago(days - 1), TODAY):
        assert round(week.distance_km * 1000) == plain_metres(log, week.start, week.start + 6 * DAY)
        assert week.full == plain_full(week.start, log)


@settings(max_examples=40, deadline=None)
@given(histories())
def test_no_insight_without_its_minimum_data_and_no_partial_week_compared(drawn) -> None:
    log, days = drawn
    found = ins.insights(log, TODAY, days)
    by_id = {item.id: item for item in found.items}
    start = ago(days - 1)
    groups = ins.week_groups(log, TODAY, days)
    for week in groups.after_jump + groups.other:
        for back in range(6):  # the week itself, the week before and the 4 before that
            assert plain_full(week.start - 7 * back * DAY, log)
        assert week.start >= start
    jump = by_id["after_jump"]
    assert jump.enough == (len(groups.after_jump) >= 2 and len(groups.other) >= 4)
    # the two-hour rule: runs (days) in the window with an answer
    answered = {d.day for d in log.days if d.pain_after is not None}
    run_days = {r.day for r in log.runs if start <= r.day <= TODAY}
    assert by_id["two_hour"].enough == (len(run_days & answered) >= 5)
    if by_id["two_hour"].enough:
        last = sorted(run_days & answered)[-10:]
        over = sum(1 for d in log.days if d.day in last and d.pain_after == "over_2h")
        assert by_id["two_hour"].numbers["over_2h"] == over
    # long runs: 6 runs with a distance in the last 90 days
    recent = sorted(round(r.distance_km * 1000) for r in log.runs if ago(89) <= r.day and r.distance_km > 0)
    longs = found.load.long_runs
    assert longs.enough == (len(recent) >= 6)
    if longs.enough:
        n = len(recent)
        middle = recent[n // 2] if n % 2 else (recent[n // 2 - 1] + recent[n // 2]) / 2
        assert longs.median_km == middle / 1000
        assert sorted(round(r.distance_km * 1000) for r in longs.long) == [m for m in recent if m > 1.5 * middle]
    else:
        assert not by_id["long_runs"].enough
    # shoes: two shoes with 5 runs each in the window
    per_shoe: dict[str, int] = {}
    for run in log.runs:
        if run.shoe and start <= run.day <= TODAY:
            per_shoe[run.shoe] = per_shoe.get(run.shoe, 0) + 1
    assert by_id["shoes"].enough == (sum(1 for n in per_shoe.values() if n >= 5) >= 2)
    for item in found.items:
        assert item.enough == bool(item.rests_on)
        assert item.enough or item.sentence.startswith(f"{item.title}: not enough data yet")
        assert item.enough or not item.stands_out
        assert "cause" not in item.sentence or "not a cause" in item.sentence


@settings(max_examples=40, deadline=None)
@given(histories())
def test_the_distance_alert_never_rests_on_a_partial_week(drawn) -> None:
    log, _ = drawn
    entries = []
    runs_by_day: dict[dt.date, float] = {}
    for run in log.runs:
        if run.distance_km > 0:
            runs_by_day[run.day] = runs_by_day.get(run.day, 0) + run.distance_km
    for day in sorted({d.day for d in log.days} | set(runs_by_day)):
        entries.append(Entry(date=day, symptoms=("burning",),
                             run=Run(distance_km=round(runs_by_day[day], 3)) if day in runs_by_day else None))
    found = distance_jump(entries, TODAY)
    if found is not None:
        assert plain_full(found.week - 7 * DAY, log_of([], [DayLog(e.date) for e in entries]))
