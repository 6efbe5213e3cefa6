"""Shared fixtures: every test writes under tmp_path, on a frozen injected clock.

No test depends on the machine's date or time zone: they use :data:`NOW` through a
:class:`FixedClock` (whose zone is its own, UTC unless a test gives another). To prove
it, the suite also runs with the system clock moved: set ``NERVECHECK_TEST_SYSTEM_CLOCK``
to a local time and an IANA zone, e.g. ``"2028-02-29T21:30 Pacific/Auckland"``, and
time-machine moves ``datetime.now``, ``date.today``, ``time.time`` and the zone (``TZ``)
there for the whole session, ticking on from it (``make test-moved-clock``).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.repository import Store, open_store

#: The frozen "now" of every test and snapshot: a Saturday morning.
NOW = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.timezone.utc)
TODAY = NOW.date()

SYSTEM_CLOCK = "NERVECHECK_TEST_SYSTEM_CLOCK"
_MOVED = pytest.StashKey[str]()
_travel = None


def moved_clock(value: str) -> dt.datetime:
    """``"YYYY-MM-DDTHH:MM Zone/Name"`` as an aware local time in that zone."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        when, zone = value.split()
        return dt.datetime.fromisoformat(when).replace(tzinfo=ZoneInfo(zone))
    except (ValueError, ZoneInfoNotFoundError) as error:
        raise pytest.UsageError(f'{SYSTEM_CLOCK}={value!r}: want "YYYY-MM-DDTHH:MM Zone/Name" ({error})') from None


def _zone_took_effect(target: dt.datetime) -> bool:
    """Whether the C library now keeps ``target``'s zone, offsets and date: without the
    system's zone data it silently runs in UTC, and a moved-clock run would prove
    nothing. Half a year on is checked too, so a zone whose offset today happens to
    be UTC's (London in winter) is told apart from a missing one."""
    later = target + dt.timedelta(days=182)
    return (os.environ.get("TZ") == str(target.tzinfo)
            and dt.date.today() == target.date()
            and time.localtime().tm_gmtoff == target.utcoffset().total_seconds()
            and time.localtime(later.timestamp()).tm_gmtoff == later.utcoffset().total_seconds())


def pytest_configure(config: pytest.Config) -> None:
    """With ``NERVECHECK_TEST_SYSTEM_CLOCK`` set, move the system clock and zone there for
    the whole session (ticking), or stop if that did not take effect."""
    global _travel
    value = os.environ.get(SYSTEM_CLOCK, "").strip()
    if not value:
        return
    import time_machine

    target = moved_clock(value)
    _travel = time_machine.travel(target, tick=True)
    _travel.start()
    if not _zone_took_effect(target):
        got = f"offset {time.localtime().tm_gmtoff} s, zone {time.tzname}, today {dt.date.today()}"
        _travel.stop()
        _travel = None
        raise pytest.UsageError(f"{SYSTEM_CLOCK}={value!r} did not take effect ({got}): "
                                "is the system's zone data (the tzdata package) installed?")
    config.stash[_MOVED] = f"{target:%Y-%m-%d %H:%M} {target.tzinfo} (UTC{target:%z})"


def pytest_report_header(config: pytest.Config) -> str:
    moved = config.stash.get(_MOVED, None)
    return f"system clock moved to {moved}, ticking" if moved else "system clock: real"


def pytest_unconfigure(config: pytest.Config) -> None:
    global _travel
    if _travel is not None:
        _travel.stop()
        _travel = None


@pytest.fixture(autouse=True)
def _isolated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real data directory."""
    monkeypatch.setenv("NERVECHECK_DB", str(tmp_path / "default" / "nervecheck.json"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "nervecheck.json"


@pytest.fixture
def store(db_path: Path, clock: FixedClock) -> Store:
    return open_store(db_path, clock)


@pytest.fixture
def demo_store(tmp_path: Path, clock: FixedClock) -> Store:
    """The demo database of ``make demo``: 120 days ending on TODAY, a check each spell
    of symptoms starts and ends and on some clear evenings (a dozen or more)."""
    from nervecheck.cli.demo import write_demo

    path = tmp_path / "demo" / "nervecheck.json"
    write_demo(path, 120, clock)
    return open_store(path, clock)


def app_for(store: Store | None, clock: FixedClock | None = None, **kwargs):
    """The app as snapshots see it: pinned theme, no animation, frozen clock."""
    from nervecheck.tui.app import build_app

    app = build_app(store, clock or FixedClock(NOW), **kwargs)
    app.theme = "textual-dark"
    app.animation_level = "none"
    return app


def decided_by(record, contract: int):
    """``record`` as a check decided by triage contract version ``contract``.

    ``CheckRecord`` gains its ``contract`` field on main; until then the copy carries it
    as a plain attribute, which is all gating reads (and the store drops it, so a stored
    copy reads as version 1 there). Either way the version asked for is explicit.
    """
    return record.model_copy(update={"contract": contract})

