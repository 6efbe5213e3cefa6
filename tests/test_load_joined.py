"""The joined log (issues 16 and 17): typed and imported runs, the day's run as the app
counts it everywhere (``runs.run_total``), and the shoes the insights read; random
histories against a slow reference written out plainly here."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from nervecheck.engine.log import insights as ins
from nervecheck.engine.log import load
from nervecheck.engine.log.load import DayLog, RunDay
from nervecheck.engine.log.runs import run_total
from nervecheck.engine.store.activities import ACTIVITY_FIELDS, new_shoe
from nervecheck.engine.store.schema import Entry, Run

TODAY = dt.date(2026, 11, 21)  # a Saturday
DAY = dt.timedelta(days=1)
SPAN = 80


def ago(n: int) -> dt.date:
    return TODAY - n * DAY


def activity(day: dt.date, km: float | None, sport: str = "run", shoe: str | None = None,
             moving_s: float | None = 1800.0, hour: int = 7) -> dict:
    doc = dict.fromkeys(ACTIVITY_FIELDS)
    doc.update(start=f"{day.isoformat()}T{hour:02d}:00:00Z", day=day.isoformat(), sport=sport, sport_raw=sport,
               distance_km=km, moving_s=moving_s, shoe=shoe, source="test", from_index=False)
    return doc


def typed(day: dt.date, km: float, minutes: float | None = None, **fields) -> Entry:
    return Entry(date=day, run=Run(distance_km=km, duration_min=minutes), **fields)


def shoes(*docs: dict) -> dict[int, dict]:
    return dict(enumerate(docs, 1))


# -- the rule, case by case -------------------------------------------------------------------


def test_a_days_imported_runs_count_and_its_typed_run_is_kept_not_added() -> None:
    log = load.joined([typed(ago(1), 5.0, 30), Entry(date=ago(0), pain=2)],
                      [activity(ago(1), 10.0, shoe="Pegasus"), activity(ago(1), 2.0, hour=18, moving_s=None)])
    assert log.runs == (RunDay(ago(1), 10.0, 30.0, "Pegasus", True), RunDay(ago(1), 2.0, None, None, True))
    counted = run_total(typed(ago(1), 5.0).to_json(), [activity(ago(1), 10.0), activity(ago(1), 2.0)])
    assert sum(r.distance_km for r in log.runs) == counted.km == 12.0  # as the log and history show it


def test_a_day_with_only_a_typed_run_counts_it_with_the_default_shoe_of_that_day() -> None:
    default = {**new_shoe("Daily", ago(10), default=True), "retired": ago(3).isoformat()}
    log = load.joined([typed(ago(12), 4.0), typed(ago(10), 5.0), typed(ago(3), 6.0), typed(ago(2), 7.0)], [],
                      shoes(default, new_shoe("Racer", ago(30))))
    assert [(r.day, r.shoe) for r in log.runs] == [(ago(12), None), (ago(10), "Daily"), (ago(3), "Daily"),
                                                    (ago(2), None)]


def test_other_sports_are_no_run_and_an_imported_run_without_distance_still_counts() -> None:
    log = load.joined([typed(ago(2), 8.0)], [activity(ago(2), None), activity(ago(3), 30.0, sport="ride")])
    assert log.runs == (RunDay(ago(2), 0.0, 30.0, None, True),)  # as run_total: 0 km imported counts, typed kept
    assert run_total(typed(ago(2), 8.0).to_json(), [activity(ago(2), None)]).counted == "imported"


def test_logging_starts_at_the_first_imported_run_and_a_slice_remembers_it() -> None:
    log = load.joined([Entry(date=ago(5), pain=1)], [activity(ago(40), 5.0), activity(ago(3), 6.0)],
                      since=ago(10))
    assert log.logged_from == ago(40) and log.runs == (RunDay(ago(3), 6.0, 30.0, None, True),)


def test_a_shoe_spelt_differently_by_an_export_is_the_stored_shoe() -> None:
    log = load.joined([], [activity(ago(1), 5.0, shoe="  pegasus 40 ")], shoes(new_shoe("Pegasus 40", ago(9))))
    assert log.runs[0].shoe == "Pegasus 40"


def test_from_store_reads_the_same_log(store) -> None:
    """Through a real database: entries, activities and the default shoe."""
    store.merge_entries([typed(ago(4), 5.0, 25, symptoms=("burning",)), typed(ago(2), 9.0), Entry(date=ago(1), pain=3)])
    store.change_runs(lambda acts, known: ({1: activity(ago(2), 10.0, shoe="Pegasus")},
                                           {1: new_shoe("Pegasus", ago(9)), 2: new_shoe("Daily", ago(9), default=True)},
                                           None))
    log = load.from_store(store, TODAY)
    assert log.runs == (RunDay(ago(4), 5.0, 25.0, "Daily"), RunDay(ago(2), 10.0, 30.0, "Pegasus", True))
    assert log.days[0] == DayLog(ago(4), None, True, None) and log.logged_from == ago(4)


# -- symptom rate per shoe, from imported and typed runs ------------------------------------


def test_symptoms_by_shoe_need_two_shoes_with_five_runs_each_from_the_joined_log() -> None:
    default = new_shoe("Daily", ago(60), default=True)
    entries = [typed(ago(2 * n), 5.0, symptoms=("tingling",) if n < 3 else ()) for n in range(5)]
    acts = [activity(ago(31 + 2 * n), 8.0, shoe="Racer") for n in range(4)]
    found = ins.shoes(load.joined(entries, acts, shoes(default)), TODAY, 90)
    assert not found.enough and "1 shoe so far" in found.sentence  # Racer has 4 runs
    acts.append(activity(ago(45), 8.0, shoe="Racer"))
    found = ins.shoes(load.joined(entries, acts, shoes(default)), TODAY, 90)
    assert found.enough and found.stands_out and found.rests_on == "10 runs"
    assert [(s["shoe"], s["runs"], s["runs_with_symptoms"]) for s in found.numbers["shoes"]] == [
        ("Daily", 5, 3), ("Racer", 5, 0)]
    assert found.short == "more symptoms after runs in Daily (3 of 5 runs)"
    # an imported run on a typed day moves that run to the imported one's shoe
    found = ins.shoes(load.joined(entries, acts + [activity(ago(0), 5.0, shoe="Racer")], shoes(default)), TODAY, 90)
    assert [(s["shoe"], s["runs"]) for s in found.numbers["shoes"]] == [("Racer", 6)]


def test_home_line_names_the_first_insight_that_stands_out_within_its_row() -> None:
    wide = "Ｗｉｄｅ shoe name that goes on and on"
    runs = [RunDay(ago(n), 5.0, shoe=wide if n % 4 == 0 else "B") for n in range(0, 40, 2)]
    sick = [DayLog(ago(n), 3, symptoms=True) for n in range(0, 40, 4)]  # on the wide shoe's days only
    found = ins.insights(load.Log(tuple(runs), tuple(sick)), TODAY)
    line = ins.home_line(found)
    assert line is not None and line.endswith(", press i") and "Ｗｉｄ" in line
    assert sum(2 if "\uff00" <= c <= "\uffef" else 1 for c in line) <= ins.HOME_LINE_WIDTH
    assert ins.home_line(ins.insights(load.Log(), TODAY)) is None


# -- random histories against a slow reference -------------------------------------------


@st.composite
def histories(draw) -> tuple[list[Entry], list[dict], dict[int, dict]]:
    start = draw(st.integers(0, SPAN))
    entries, acts = [], []
    for n in range(start, -1, -1):
        day = ago(n)
        if draw(st.booleans()):
            run = Run(distance_km=draw(st.integers(1, 30_000)) / 1000) if draw(st.booleans()) else None
            entries.append(Entry(date=day, pain=draw(st.none() | st.integers(0, 10)), run=run,
                                 symptoms=("burning",) if draw(st.booleans()) else ()))
        for hour in range(draw(st.integers(0, 2)) if draw(st.integers(0, 3)) == 0 else 0):
            acts.append(activity(day, draw(st.none() | st.integers(0, 30_000).map(lambda m: m / 1000)),
                                 draw(st.sampled_from(["run", "trail_run", "treadmill", "ride", "walk"])),
                                 draw(st.none() | st.sampled_from(["A", "B"])), hour=6 + hour))
    default_from = draw(st.integers(0, SPAN))
    known = shoes(new_shoe("A", ago(SPAN)), {**new_shoe("B", ago(default_from), default=True)})
    return entries, acts, known


def slow_day_km(entries: list[Entry], acts: list[dict], day: dt.date) -> float:
    """The day's run as the log and history show it, one day at a time."""
    entry = next((e.to_json() for e in entries if e.date == day), None)
    return run_total(entry, [a for a in acts if a["day"] == day.isoformat()]).km or 0.0


def slow_metres(entries: list[Entry], acts: list[dict], first: dt.date, last: dt.date) -> int:
    total, day = 0, first
    while day <= last:
        total += round(slow_day_km(entries, acts, day) * 1000)
        day += DAY
    return total


@settings(max_examples=40, deadline=None)
@given(histories())
def test_weekly_distance_and_the_ratio_equal_the_day_by_day_rule(drawn) -> None:
    entries, acts, known = drawn
    log = load.joined(entries, acts, known)
    for week in load.weeks(log, ago(SPAN), TODAY):
        assert abs(round(week.distance_km * 1000) - slow_metres(entries, acts, week.start, week.start + 6 * DAY)) <= 2
    ratio = load.ratio(log, TODAY)
    if ratio.value is not None:
        acute, chronic = slow_metres(entries, acts, ago(6), TODAY), slow_metres(entries, acts, ago(34), ago(7))
        assert abs(ratio.value - acute / (chronic / 4)) <= 0.01


@settings(max_examples=40, deadline=None)
@given(histories())
def test_a_slice_reads_the_same_figures_as_the_whole(drawn) -> None:
    entries, acts, known = drawn
    whole = ins.to_json(ins.insights(load.joined(entries, acts, known), TODAY, 30))
    since = ins.needed_from(TODAY, 30)
    assert ins.to_json(ins.insights(load.joined(entries, acts, known, since), TODAY, 30)) == whole


@settings(max_examples=40, deadline=None)
@given(histories())
def test_runs_per_shoe_equal_the_plain_count_and_need_their_minimum(drawn) -> None:
    entries, acts, known = drawn
    found = ins.shoes(load.joined(entries, acts, known), TODAY, 90)
    imported_days = {a["day"] for a in acts if a["sport"] in ("run", "trail_run", "treadmill")}
    plain: dict[str, int] = {}
    for a in acts:
        if a["sport"] in ("run", "trail_run", "treadmill") and a["shoe"]:
            plain[a["shoe"]] = plain.get(a["shoe"], 0) + 1
    b_from = known[2]["added"]
    for e in entries:
        if e.run is not None and e.date.isoformat() not in imported_days and e.date.isoformat() >= b_from:
            plain["B"] = plain.get("B", 0) + 1
    shown = {s["shoe"]: s["runs"] for s in found.numbers["shoes"]}
    assert shown == {shoe: n for shoe, n in plain.items() if n >= ins.MIN_SHOE_RUNS}
    assert found.enough == (len(shown) >= ins.MIN_SHOES)
    assert found.enough or not found.stands_out


class _Store:
    """The three reads from_store makes, over plain lists (entries sorted by day), each
    reading only the days asked for, as the store does."""

    def __init__(self, entries: list[Entry], acts: list[dict], known: dict[int, dict]) -> None:
        self.entries, self.acts, self.known = sorted(entries, key=lambda e: e.date), acts, known
        self.views_read = 0

    def entry_views(self, start: dt.date | None, end: dt.date | None) -> list[Entry]:
        found = [e for e in self.entries if (start is None or e.date >= start) and (end is None or e.date <= end)]
        self.views_read += len(found)
        return found

    def activity_views(self, start=None, end=None, checked=True, ordered=True) -> list[dict]:
        return [a for a in self.acts if (start is None or a["day"] >= start.isoformat())
                and (end is None or a["day"] <= end.isoformat())]

    def shoe_docs(self, checked=True) -> dict[int, dict]:
        return self.known


@settings(max_examples=60, deadline=None)
@given(histories(), st.integers(1, 40))
def test_reading_only_the_window_gives_the_same_insights(drawn, window) -> None:
    """Home's line and the report read entries from the window on (exact_start=False):
    every figure over the window equals the whole read's."""
    entries, acts, known = drawn
    since = ins.needed_from(TODAY, window)
    store = _Store(entries, acts, known)
    whole = ins.insights(load.from_store(store, TODAY, since), TODAY, window)
    store.views_read = 0
    part = ins.insights(load.from_store(store, TODAY, since, exact_start=False), TODAY, window)
    assert part.items == whole.items and part.load.weeks == whole.load.weeks
    assert part.load.ratio == whole.load.ratio and part.load.long_runs == whole.load.long_runs
    assert ins.home_line(part) == ins.home_line(whole)


def test_an_entry_long_before_the_window_is_found_without_reading_the_years_between() -> None:
    store = _Store([Entry(date=ago(3000), pain=1), Entry(date=ago(2999), pain=1), Entry(date=ago(3), pain=2)], [], {})
    assert load.entry_before(store, ago(100)) == ago(3000) and store.views_read == 2  # the two in their window
    assert load.entry_before(store, ago(3000)) is None
    assert load.entry_before(store, dt.date(1, 1, 3)) is None
