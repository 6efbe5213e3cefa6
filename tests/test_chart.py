"""The history chart's numbers (engine/log/chart.py) on random histories, against slow
reference computations written the obvious way: day by day, week by week."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from nervecheck.engine.log import chart as ch
from nervecheck.engine.log.load import IN_PROGRESS, NOT_LOGGED, STARTED_MID_WEEK
from nervecheck.engine.store.schema import Entry, Run
from tests.conftest import TODAY

DAY = dt.timedelta(days=1)
ANY_DAY = st.dates(dt.date(2024, 1, 1), dt.date(2028, 12, 31))


@st.composite
def histories(draw):
    """A today, a range, and a sparse log around it: pain (a score, None, or the day
    missing), distance per day, and which of those days had imported runs."""
    today = draw(ANY_DAY)
    days = draw(st.sampled_from((1, 7, 30, 90, 365)) | st.integers(1, 400))
    offsets = st.integers(-7, days + 20)  # a few days after today too: never shown
    pain = draw(st.dictionaries(offsets, st.none() | st.integers(0, 10), max_size=120))
    km = draw(st.dictionaries(offsets, st.floats(0.1, 60, allow_nan=False), max_size=80))
    logged_from = draw(st.none() | offsets)
    pick = lambda offset: today - dt.timedelta(days=offset)  # noqa: E731
    return (today, days, {pick(o): p for o, p in pain.items()}, {pick(o): k for o, k in km.items()},
            None if logged_from is None else pick(logged_from))


def monday(day: dt.date) -> dt.date:
    while day.weekday():
        day -= DAY
    return day


def reference_weeks(today, days, km, logged_from):
    """Week by week from the first day's Monday: the week's distance up to today."""
    start = today - (days - 1) * DAY
    found = []
    first = monday(start)
    while first <= today:
        week = [first + n * DAY for n in range(7)]
        total = sum(km.get(day, 0.0) for day in week if day <= today)
        if logged_from is None or logged_from > week[-1]:
            reason = NOT_LOGGED
        elif logged_from > first:
            reason = STARTED_MID_WEEK
        elif week[-1] > today:
            reason = IN_PROGRESS
        else:
            reason = None
        found.append((first, round(total, 3), reason))
        first += 7 * DAY
    return found


def logged_start(today, pain, km, logged_from):
    if logged_from is not None:
        return logged_from
    known = [day for day in (*pain, *km) if day <= today]
    return min(known) if known else None


@settings(max_examples=150, deadline=None)
@given(histories())
def test_days_and_weeks_equal_the_reference(history) -> None:
    today, days, pain, km, logged_from = history
    chart = ch.chart_from(pain, km, today, days, logged_from=logged_from)
    assert [d.day for d in chart.days] == [today - n * DAY for n in range(days - 1, -1, -1)]
    for day in chart.days:
        expected = ch.NOT_LOGGED if day.day not in pain else ch.NO_SCORE if pain[day.day] is None else pain[day.day]
        assert day.pain == expected and day.km == km.get(day.day, 0.0)
    weeks = [(w.start, w.km, w.partial) for w in chart.weeks]
    assert weeks == reference_weeks(today, days, km, logged_start(today, pain, km, logged_from))
    # Never a week after today; the last one holds today and is never full unless it ended today.
    assert chart.weeks[-1].start <= today < chart.weeks[-1].start + 7 * DAY
    assert chart.weeks[-1].partial is not None or today.weekday() == 6
    assert all(w.before_range == (w.start < chart.start) for w in chart.weeks)


@settings(max_examples=150, deadline=None)
@given(histories(), st.integers(1, 200))
def test_columns_cover_each_day_once_and_end_today(history, width) -> None:
    today, days, pain, km, logged_from = history
    chart = ch.chart_from(pain, km, today, days, logged_from=logged_from)
    cols = ch.columns(chart, width)
    assert len(cols) <= max(width, 1) or ch.days_per_column(days, width) == 1 and len(cols) == days
    assert cols[-1].last == today and cols[0].first == chart.start
    distinct = list(dict.fromkeys((c.first, c.last) for c in cols))
    for (first, last), (after, _) in zip(distinct, distinct[1:]):
        assert after == last + DAY  # contiguous, no day twice, none skipped
    by_day = {d.day: d for d in chart.days}
    for col in cols:
        group = [by_day[col.first + n * DAY] for n in range((col.last - col.first).days + 1)]
        scores = [d.pain for d in group if d.pain >= 0]
        assert col.pain == (max(scores) if scores else ch.NO_SCORE if any(d.logged for d in group) else ch.NOT_LOGGED)
        touched = {chart.week_of(d.day) for d in group}
        assert col.week in touched and col.week.km == max(w.km for w in touched)
        assert col.last <= today  # the distance is never drawn past today


@settings(max_examples=150, deadline=None)
@given(histories(), st.integers(10, 200))
def test_date_ticks_are_on_their_day_and_never_touch(history, width) -> None:
    today, days, pain, km, logged_from = history
    chart = ch.chart_from(pain, km, today, days, logged_from=logged_from)
    cols = ch.columns(chart, width)
    ticks = ch.date_ticks(chart, cols)
    monthly = days > 100
    for tick in ticks:
        col = cols[tick.column]
        assert col.first <= tick.day <= col.last
        assert (tick.day.day == 1) if monthly else (tick.day.weekday() == 0)
        assert tick.column + len(tick.label) <= len(cols)
    short = all(len(t.label) <= 3 for t in ticks) and monthly  # every month, one space apart
    for a, b in zip(ticks, ticks[1:]):
        assert b.column - a.column >= len(a.label) + (1 if short else 2)


@given(st.floats(0, 1e5, allow_nan=False))
def test_the_scale_top_is_the_smallest_round_number_at_or_above(value) -> None:
    top = ch.scale_top(value)
    assert top >= value - 1e-9
    rounds = sorted({round(step * 10.0 ** power, 10) for step in ch.ROUND_STEPS for power in range(-1, 7)})
    assert top in rounds or value == 0
    smaller = [r for r in rounds if r < top]
    assert value == 0 or not smaller or smaller[-1] < max(value, 0.1)


def test_a_pain_of_0_a_day_not_logged_and_a_day_without_a_score_differ() -> None:
    chart = ch.chart_from({TODAY: 0, TODAY - DAY: None}, {}, TODAY, 3)
    assert [d.pain for d in chart.days] == [ch.NOT_LOGGED, ch.NO_SCORE, 0]
    assert [d.logged for d in chart.days] == [False, True, True]


def test_imported_runs_count_on_their_day_and_other_sports_do_not() -> None:
    """The day's run as it counts: its imported runs' total over the typed run; a ride is not a run."""
    entries = [Entry(date=TODAY, pain=2, run=Run(distance_km=10.0)), Entry(date=TODAY - DAY, run=Run(distance_km=5.0))]
    docs = [{"day": TODAY.isoformat(), "sport": "run", "distance_km": 6.0},
            {"day": TODAY.isoformat(), "sport": "trail_run", "distance_km": 4.5},
            {"day": (TODAY - DAY).isoformat(), "sport": "ride", "distance_km": 40.0},
            {"day": (TODAY - 2 * DAY).isoformat(), "sport": "run", "distance_km": 8.0}]
    pain, km, imported = ch.day_points(entries, docs)
    assert km == {TODAY: 10.5, TODAY - DAY: 5.0, TODAY - 2 * DAY: 8.0}
    assert imported == {TODAY, TODAY - 2 * DAY} and pain == {TODAY: 2, TODAY - DAY: ch.NO_SCORE}
    chart = ch.build_chart(entries, docs, TODAY, 3)
    assert [d.km for d in chart.days] == [8.0, 5.0, 10.5] and chart.days[-1].imported


def test_thirty_days_show_mondays_and_a_year_shows_months() -> None:
    """TODAY is Saturday 21 November 2026: the 30 days start on Friday 23 October."""
    chart = ch.chart_from({}, {}, TODAY, 30)
    labels = [t.label for t in ch.date_ticks(chart, ch.columns(chart, 67))]
    assert labels == ["26 Oct", "2 Nov", "9 Nov", "16 Nov"]
    year = ch.chart_from({}, {}, TODAY, 365)
    labels = [t.label for t in ch.date_ticks(year, ch.columns(year, 107))]
    assert labels[:3] == ["Dec", "2026", "Feb"] and labels[-1] == "Nov"
    labels = [t.label for t in ch.date_ticks(year, ch.columns(year, 67))]  # 80 columns: every month, short
    assert labels[:3] == ["Dec", "'26", "Feb"] and labels[-1] == "Nov"


def test_figures_drop_needless_decimals() -> None:
    assert [ch.figure(v) for v in (40.0, 2.5, 0.25, 12.5, 0.0)] == ["40", "2.5", "0.25", "12.5", "0"]
