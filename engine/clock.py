"""The injectable clock: anything that reads "today" or "now" takes one.

This is the only module that reads the real clock or the machine's time zone
(``tests/test_clock.py`` scans the source to keep it so). Everything else asks a
:class:`Clock`: for the moment (``now``), the local day (``today``), a timer reading
(``monotonic``), a stored moment as local wall time (``local``), and a local wall
time on a day as a moment (``at``).
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

UTC = dt.timezone.utc


class Clock(Protocol):
    """Local wall-clock time, and a monotonic reading for timers."""

    def now(self) -> dt.datetime:
        """The moment, aware, in the local zone."""
        ...

    def today(self) -> dt.date:
        """The local calendar day."""
        ...

    def monotonic(self) -> float: ...

    def local(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` (aware) as wall time in this clock's zone, for display and for
        the day it fell on; a naive ``moment`` is taken as local wall time already."""
        ...

    def at(self, day: dt.date, time: dt.time) -> dt.datetime:
        """The moment the local wall clock reads ``time`` on ``day`` (aware)."""
        ...


def moment_of_timestamp(seconds: float) -> dt.datetime:
    """A POSIX timestamp (e.g. a file's mtime) as an aware UTC moment; ``clock.local``
    of it gives its local day. Reads no clock: the timestamp is given."""
    return dt.datetime.fromtimestamp(seconds, UTC)


class SystemClock:
    """The real clock, in the user's local time zone (the system's, e.g. ``TZ``)."""

    def now(self) -> dt.datetime:
        return dt.datetime.now().astimezone()

    def today(self) -> dt.date:
        return dt.date.today()

    def monotonic(self) -> float:
        import time

        return time.monotonic()

    def local(self, moment: dt.datetime) -> dt.datetime:
        # Python converts through the C library, which knows the zone's rules for that
        # moment (not just today's offset), so a winter check reads in winter time.
        return moment.astimezone()

    def at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time).astimezone()


class FixedClock:
    """A clock for tests and snapshots: frozen until moved by hand.

    ``zone`` (e.g. ``zoneinfo.ZoneInfo("Europe/London")``) is the clock's local zone;
    by default the zone of ``now`` (UTC for a naive ``now``). Its times come out as the
    real clock's do, with the fixed offset in force at that moment (``+01:00 BST``),
    so arithmetic and comparison on them is in real elapsed time: two datetimes that
    share one ``ZoneInfo`` subtract and compare as wall times, which would make a
    daylight-saving night an hour too long or too short.
    """

    def __init__(self, now: dt.datetime, monotonic: float = 1000.0, zone: dt.tzinfo | None = None) -> None:
        if now.tzinfo is None:
            now = now.replace(tzinfo=zone or UTC)
        self._zone: dt.tzinfo = zone or now.tzinfo  # type: ignore[assignment]
        self._utc = now.astimezone(UTC)
        self._mono = monotonic

    def _wall(self, moment: dt.datetime) -> dt.datetime:
        """An aware ``moment`` as this zone's wall time, with a fixed offset."""
        local = moment.astimezone(self._zone)
        if isinstance(self._zone, dt.timezone):
            return local
        return local.replace(tzinfo=dt.timezone(local.utcoffset(), local.tzname()))  # type: ignore[arg-type]

    def now(self) -> dt.datetime:
        return self._wall(self._utc)

    def today(self) -> dt.date:
        return self.now().date()

    def monotonic(self) -> float:
        return self._mono

    def local(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self._zone)
        return self._wall(moment)

    def at(self, day: dt.date, time: dt.time) -> dt.datetime:
        # Through UTC, so a time in a spring-forward gap (which no clock shows) moves on
        # past the gap rather than standing for a moment that never was.
        return self._wall(dt.datetime.combine(day, time, tzinfo=self._zone).astimezone(UTC))

    def advance(self, seconds: float) -> None:
        """Move both wall and monotonic time forward by ``seconds`` of real time."""
        self._utc += dt.timedelta(seconds=seconds)
        self._mono += seconds
