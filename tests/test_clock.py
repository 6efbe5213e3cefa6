"""The clock: local days and daylight-saving nights, on the injected clock only."""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest

from nervecheck.engine.clock import UTC, FixedClock, SystemClock, moment_of_timestamp

LONDON = ZoneInfo("Europe/London")
AUCKLAND = ZoneInfo("Pacific/Auckland")


def test_a_naive_now_is_taken_in_the_given_zone() -> None:
    clock = FixedClock(dt.datetime(2027, 3, 27, 23, 59), zone=LONDON)
    assert clock.now().utcoffset() == dt.timedelta(0) and clock.today() == dt.date(2027, 3, 27)
    assert FixedClock(dt.datetime(2027, 3, 27, 23, 59)).now().tzinfo is UTC


def test_an_aware_now_is_shown_in_the_given_zone() -> None:
    clock = FixedClock(dt.datetime(2028, 2, 29, 8, 30, tzinfo=UTC), zone=AUCKLAND)
    assert (clock.now().hour, clock.now().minute, clock.today()) == (21, 30, dt.date(2028, 2, 29))


def test_advance_is_real_elapsed_time_across_the_spring_change() -> None:
    """London, 28 March 2027: 01:00 GMT becomes 02:00 BST, so 00:59 plus two minutes
    of real time is 02:01 on the wall, and a day later the wall clock reads an hour on."""
    clock = FixedClock(dt.datetime(2027, 3, 28, 0, 59), zone=LONDON)
    clock.advance(120)
    assert clock.now().strftime("%H:%M %Z") == "02:01 BST"
    assert clock.now() - dt.datetime(2027, 3, 28, 0, 59, tzinfo=LONDON) == dt.timedelta(minutes=2)
    clock = FixedClock(dt.datetime(2027, 3, 27, 12, 0), zone=LONDON)
    clock.advance(86400)
    assert (clock.today(), clock.now().hour) == (dt.date(2027, 3, 28), 13)


def test_advance_is_real_elapsed_time_across_the_autumn_change() -> None:
    """London, 31 October 2027: 02:00 BST falls back to 01:00 GMT, so the wall clock
    shows 01:30 twice, an hour of real time apart."""
    clock = FixedClock(dt.datetime(2027, 10, 31, 1, 30), zone=LONDON)
    first = clock.now()
    clock.advance(3600)
    second = clock.now()
    assert first.strftime("%H:%M %Z") == "01:30 BST" and second.strftime("%H:%M %Z") == "01:30 GMT"
    assert second.astimezone(UTC) - first.astimezone(UTC) == dt.timedelta(hours=1)
    assert clock.today() == dt.date(2027, 10, 31)


def test_advance_moves_the_monotonic_reading_too() -> None:
    clock = FixedClock(dt.datetime(2027, 3, 28, 0, 59), monotonic=5.0, zone=LONDON)
    clock.advance(3600)
    assert clock.monotonic() == 3605.0


def test_local_puts_a_stored_moment_into_the_clock_zone() -> None:
    stored = dt.datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
    assert FixedClock(stored, zone=AUCKLAND).local(stored).strftime("%-d %b %H:%M") == "21 Nov 22:30"
    assert FixedClock(stored).local(stored) == stored and FixedClock(stored).local(stored).tzinfo is UTC
    summer = dt.datetime(2027, 7, 1, 23, 30, tzinfo=UTC)  # London keeps the rules of that day, not today's
    assert FixedClock(stored, zone=LONDON).local(summer).strftime("%-d %b %H:%M") == "2 Jul 00:30"


def test_at_is_the_local_wall_time_on_a_day_even_on_a_change_day() -> None:
    clock = FixedClock(dt.datetime(2026, 11, 21, 9, 30), zone=LONDON)
    evening = clock.at(dt.date(2027, 3, 28), dt.time(19, 5))
    assert (evening.date(), evening.hour, evening.utcoffset()) == (dt.date(2027, 3, 28), 19, dt.timedelta(hours=1))
    gap = clock.at(dt.date(2027, 3, 28), dt.time(1, 30))  # no clock in London shows 01:30 that night
    assert gap.strftime("%H:%M %Z") == "02:30 BST"


def test_a_file_time_is_dated_by_the_clock_zone() -> None:
    seconds = dt.datetime(2026, 3, 4, 23, 30, tzinfo=LONDON).timestamp()
    assert moment_of_timestamp(seconds) == dt.datetime(2026, 3, 4, 23, 30, tzinfo=UTC)
    assert FixedClock(dt.datetime(2026, 3, 5), zone=LONDON).local(moment_of_timestamp(seconds)).date() == dt.date(2026, 3, 4)
    assert FixedClock(dt.datetime(2026, 3, 5), zone=AUCKLAND).local(moment_of_timestamp(seconds)).date() == dt.date(2026, 3, 5)


@pytest.fixture
def london_system_zone(monkeypatch: pytest.MonkeyPatch):
    """The machine's zone pinned to Europe/London for one test, then put back."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_real_clock_in_a_pinned_zone_agrees_with_itself(london_system_zone) -> None:
    """The one test of the real clock, with the zone pinned: whatever the machine's
    date (the moved-clock runs move it), its today is the date of its now, its now is
    in London time, and local and at are the inverse of each other."""
    clock = SystemClock()
    now = clock.now()
    assert now.utcoffset() == now.astimezone(LONDON).utcoffset()
    assert abs(clock.today() - now.date()) <= dt.timedelta(days=1)  # a midnight between the two reads
    assert clock.local(now) == now and clock.local(now).utcoffset() == now.utcoffset()
    summer = dt.datetime(2027, 7, 1, 23, 30, tzinfo=UTC)
    assert clock.local(summer).strftime("%-d %b %H:%M") == "2 Jul 00:30"
    noon = clock.at(dt.date(2027, 3, 28), dt.time(12, 0))
    assert noon == dt.datetime(2027, 3, 28, 12, 0, tzinfo=LONDON)
