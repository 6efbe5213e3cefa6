"""The injectable clock: anything that reads "today" or "now" takes one."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Clock(Protocol):
    """Local wall-clock time, and a monotonic reading for timers."""

    def now(self) -> dt.datetime: ...

    def today(self) -> dt.date: ...

    def monotonic(self) -> float: ...


class SystemClock:
    """The real clock, in the user's local time zone."""

    def now(self) -> dt.datetime:
        return dt.datetime.now().astimezone()

    def today(self) -> dt.date:
        return dt.date.today()

    def monotonic(self) -> float:
        import time

        return time.monotonic()


class FixedClock:
    """A clock for tests and snapshots: frozen until moved by hand."""

    def __init__(self, now: dt.datetime, monotonic: float = 1000.0) -> None:
        if now.tzinfo is None:
            now = now.replace(tzinfo=dt.timezone.utc)
        self._now = now
        self._mono = monotonic

    def now(self) -> dt.datetime:
        return self._now

    def today(self) -> dt.date:
        return self._now.date()

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        """Move both wall and monotonic time forward."""
        self._now += dt.timedelta(seconds=seconds)
        self._mono += seconds
