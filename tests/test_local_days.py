"""Local dates stay local (issue 12, point 4), on the injected clock in real zones.

An entry made at 23:59 belongs to that day and one made just after midnight to the
next, even where the UTC date differs; a check belongs to the local day it was made;
and a daylight-saving night leaves no day missing or doubled in history, weeks or
patterns. Times are shown in the clock's zone, never the machine's.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Static

from nervecheck.engine.store import backups
from nervecheck.engine.log import report
from nervecheck.cli import main
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.log.history import history
from nervecheck.engine.store.schema import CheckRecord, Entry, Run
from nervecheck.engine.log.patterns import weekly
from nervecheck.engine.store.repository import open_store
from nervecheck.engine.log.summary import home_summary
from tests.conftest import NOW, app_for

LONDON = ZoneInfo("Europe/London")
AUCKLAND = ZoneInfo("Pacific/Auckland")
SPRING = dt.date(2027, 3, 28)  # London: 01:00 GMT -> 02:00 BST
AUTUMN = dt.date(2027, 10, 31)  # London: 02:00 BST -> 01:00 GMT


def at(day: dt.date, hour: int, minute: int, zone: ZoneInfo = LONDON) -> FixedClock:
    return FixedClock(dt.datetime.combine(day, dt.time(hour, minute)), zone=zone)


def log_add(db: Path, clock: FixedClock, *argv: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert main(["--db", str(db), "log", "add", *argv], out, err, clock=clock) == 0, err.getvalue()
    return out.getvalue()


def stored_dates(db: Path) -> list[str]:
    """The days in the file itself, as written."""
    return sorted(doc["date"] for doc in json.loads(db.read_text("utf-8"))["entries"].values())


# -- an entry's day -------------------------------------------------------------------


@pytest.mark.parametrize(("zone", "day", "utc_day_after_midnight"), [
    (LONDON, dt.date(2027, 7, 1), dt.date(2027, 7, 1)),  # 00:01 BST is 23:01 UTC the day before
    (AUCKLAND, dt.date(2028, 2, 29), dt.date(2028, 2, 29)),  # 00:01 NZDT on 1 March is 11:01 UTC on the 29th
])
def test_log_add_at_23_59_is_that_day_and_at_00_01_the_next(tmp_path: Path, zone, day, utc_day_after_midnight) -> None:
    db = tmp_path / "n.json"
    late = at(day, 23, 59, zone)
    assert log_add(db, late, "--pain", "3").startswith(f"saved {day}:")
    late.advance(120)  # two minutes later: past midnight
    assert late.now().astimezone(dt.timezone.utc).date() == utc_day_after_midnight
    next_day = day + dt.timedelta(days=1)
    assert log_add(db, late, "--pain", "5").startswith(f"saved {next_day}:")
    assert [(e.date, e.pain) for e in open_store(db, late).entries()] == [(day, 3), (next_day, 5)]


def test_log_add_refuses_tomorrow_by_the_local_day(tmp_path: Path) -> None:
    """At 00:30 BST it is already the 2nd in London (still the 1st in UTC): the 2nd is
    today, the 3rd is the future."""
    clock = at(dt.date(2027, 7, 2), 0, 30)
    db = tmp_path / "n.json"
    assert log_add(db, clock, "--date", "2027-07-02").startswith("saved 2027-07-02:")
    err = io.StringIO()
    assert main(["--db", str(db), "log", "add", "--date", "2027-07-03"], io.StringIO(), err, clock=clock) == 2
    assert "2027-07-03 is in the future" in err.getvalue()


def test_the_first_change_of_a_local_day_takes_that_day_s_backup(tmp_path: Path) -> None:
    db = tmp_path / "n.json"
    clock = at(dt.date(2027, 7, 1), 23, 59)
    log_add(db, clock, "--pain", "1")
    log_add(db, clock, "--pain", "2")  # same day: no second backup
    clock.advance(120)
    log_add(db, clock, "--pain", "3")
    assert [p.name for p in backups.list_backups(db)] == ["n-2027-07-02.json", "n-2027-07-01.json"]
    stamps = {e.date: e.updated_at for e in open_store(db, clock).entries()}
    assert stamps[dt.date(2027, 7, 2)].utcoffset() == dt.timedelta(hours=1)  # stamped in local time


# -- a check's day ----------------------------------------------------------------------


def test_a_check_saved_at_23_59_local_is_that_day_s_check(tmp_path: Path) -> None:
    """Made at 23:59 in Auckland (10:59 UTC), saved, read back: it is the local day's
    check in history and in the report, and shown at 23:59."""
    clock = at(dt.date(2028, 2, 29), 23, 59, AUCKLAND)
    store = open_store(tmp_path / "n.json", clock)
    store.add_check(CheckRecord(time=clock.now(), path=(), disposition="keep_running"))
    clock.advance(120)  # 00:01 on 1 March
    reread = open_store(tmp_path / "n.json", clock)
    [check] = reread.checks()
    assert check.day == dt.date(2028, 2, 29)
    assert history(reread, dt.date(2028, 2, 29), 1).checks == [check]
    assert history(reread, dt.date(2028, 3, 1), 1).checks == []
    text = report.render(reread, dt.date(2028, 2, 29), 1)
    assert "Tue 29 Feb 2028, 23:59" in text


# -- times shown in the clock's zone ------------------------------------------------


def test_report_shows_check_times_in_the_clock_zone(tmp_path: Path) -> None:
    """The same stored check (09:00 UTC) reads 09:00 on a UTC clock and 22:00 in Auckland,
    whatever zone the machine running the test is in."""
    made = NOW.replace(hour=9, minute=0)
    for zone, shown in ((dt.timezone.utc, "Sat 21 Nov 2026, 09:00"), (AUCKLAND, "Sat 21 Nov 2026, 22:00")):
        store = open_store(tmp_path / f"{zone}.json".replace("/", "-"), FixedClock(NOW, zone=zone))
        store.add_check(CheckRecord(time=made, path=(), disposition="keep_running"))
        assert shown in report.render(store, dt.date(2026, 11, 21), 7)


async def test_home_shows_the_last_check_in_the_clock_zone(tmp_path: Path) -> None:
    clock = FixedClock(NOW, zone=AUCKLAND)  # 22:30 NZDT
    store = open_store(tmp_path / "n.json", clock)
    store.add_check(CheckRecord(time=NOW - dt.timedelta(hours=1), path=(), disposition="keep_running"))
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = str(app.screen.query_one("#today", Static).content)
        assert "Saturday 21 November 2026" in text and "(21 Nov, 21:30, today)" in text


# -- daylight-saving nights ---------------------------------------------------------


@pytest.mark.parametrize("change", [SPRING, AUTUMN], ids=["spring", "autumn"])
@pytest.mark.parametrize(("hour", "minute"), [(23, 59), (0, 1), (12, 0)])
def test_a_daylight_saving_night_has_no_missing_or_doubled_day(tmp_path: Path, change, hour, minute) -> None:
    """Log every evening (or just after midnight, or at noon) for three weeks around the
    change, each time with the clock as the wall reads then; then every day is in the
    log, history's pain series, its weeks and the report's weeks exactly once."""
    db = tmp_path / "n.json"
    days = [change - dt.timedelta(days=10) + dt.timedelta(days=n) for n in range(21)]
    for n, day in enumerate(days):
        log_add(db, at(day, hour, minute), "--pain", str(n % 11), "--run-km", "5")
    assert stored_dates(db) == [d.isoformat() for d in days]
    today = days[-1]
    clock = at(today, 23, 59)
    store = open_store(db, clock)
    found = history(store, today, 21)
    assert found.start == days[0] and found.pain == [n % 11 for n in range(21)]
    assert [e.date for e in found.entries] == days[::-1]
    mondays = [w.start for w in found.weeks]
    assert all(b - a == dt.timedelta(days=7) for a, b in zip(mondays, mondays[1:]))
    assert all(m.weekday() == 0 for m in mondays) and (change - dt.timedelta(days=change.weekday())) in mondays
    assert sum(w.runs for w in weekly(store.entries(), days[0], today)) == 21
    assert home_summary(store, today).today_entry is not None


@pytest.mark.parametrize("change", [SPRING, AUTUMN], ids=["spring", "autumn"])
def test_a_clock_running_through_the_night_sees_each_day_once(change) -> None:
    """A real-time clock from 22:00 the evening before the change to 04:00 after: its
    today goes from the eve to the change day once, at midnight, and the night is an
    hour shorter (spring) or longer (autumn) in real time."""
    clock = at(change - dt.timedelta(days=1), 22, 0)
    seen, minutes = [clock.today()], 0
    while not (clock.today() == change and clock.now().hour >= 4):
        clock.advance(60)
        minutes += 1
        if clock.today() != seen[-1]:
            seen.append(clock.today())
    assert seen == [change - dt.timedelta(days=1), change]
    assert minutes == (6 * 60 - 60 if change == SPRING else 6 * 60 + 60)


def test_history_and_report_weeks_cover_each_day_once_across_both_changes(tmp_path: Path) -> None:
    """A whole year in London through the store: 365 days logged (both changes), each
    day once in history, and the report's 365 pain days are every calendar day."""
    clock = at(dt.date(2027, 12, 31), 20, 0)
    store = open_store(tmp_path / "n.json", clock)
    first = dt.date(2027, 1, 1)
    store.merge_entries([Entry(date=first + dt.timedelta(days=n), pain=n % 11, run=Run(distance_km=1.0))
                         for n in range(365)])
    found = history(store, clock.today(), 365)
    assert found.pain == [n % 11 for n in range(365)]
    data = report.gather(store, clock.today(), 365)
    assert [day for day, _ in data.pain] == [first + dt.timedelta(days=n) for n in range(365)]
    assert sum(w.runs for w in data.weeks) == 365
