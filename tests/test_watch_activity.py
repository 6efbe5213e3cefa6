"""Issue 16: when two readings are the same run, and the room's start-up cost."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nervecheck.engine.watch import SPORTS, Activity, dedupe, merge, normalise_sport, same_activity

UTC = dt.timezone.utc
START = dt.datetime(2026, 3, 4, 7, 15, tzinfo=UTC)


def _run(seconds: float = 0, km: float | None = 10.0, sport: str = "run", **more: object) -> Activity:
    fields: dict[str, object] = dict(start=START + dt.timedelta(seconds=seconds), sport=sport, sport_raw=sport,
                                     distance_km=km, moving_s=3000.0, elapsed_s=3100.0, elevation_gain_m=None,
                                     avg_hr=None, shoe=None, source="a.fit")
    fields.update(more)
    return Activity(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(("base_km", "seconds", "km", "same"), [
    (10.0, 120, 10.0, True), (10.0, 121, 10.0, False), (10.0, -120, 10.0, True),
    (10.0, 0, 10.3, True), (10.0, 0, 10.31, False),  # 3% of 10.3 km is 0.309 km
    (5.0, 0, 5.2, True), (5.0, 0, 5.21, False),  # under 6.67 km the 0.2 km floor is wider than 3%
])
def test_start_within_two_minutes_and_distance_within_three_percent_or_200_m(
        base_km: float, seconds: int, km: float, same: bool) -> None:
    assert same_activity(_run(0, base_km), _run(seconds, km)) is same


def test_without_a_distance_the_start_and_the_sport_decide() -> None:
    assert same_activity(_run(km=None, sport="swim"), _run(60, km=1.5, sport="swim"))
    assert not same_activity(_run(km=None, sport="swim"), _run(60, km=None, sport="elliptical"))


def test_an_aware_start_in_another_zone_is_kept_as_utc_and_a_naive_one_refused() -> None:
    paris = dt.timezone(dt.timedelta(hours=1))
    assert _run(start=dt.datetime(2026, 3, 4, 8, 15, tzinfo=paris)).start == START
    with pytest.raises(ValueError):
        _run(start=dt.datetime(2026, 3, 4, 7, 15))
    with pytest.raises(ValueError):
        _run(sport="jogging")


def test_merge_keeps_the_file_and_takes_the_rows_shoe_and_id() -> None:
    watch = _run(avg_hr=150.0)
    row = _run(30, 10.1, shoe="Pegasus 40", external_id="12345", source="activities.csv#1", from_index=True)
    for merged in (merge(watch, row), merge(row, watch)):
        assert (merged.source, merged.distance_km, merged.shoe, merged.external_id, merged.avg_hr) == (
            "a.fit", 10.0, "Pegasus 40", "12345", 150.0)
    assert [a.source for a in dedupe([row, watch, _run(3600, source="b.fit")])] == ["a.fit", "b.fit"]


def test_the_fingerprint_is_a_readable_label() -> None:
    assert _run().fingerprint == "2026-03-04T07:15Z run 10.00km" and _run(km=None).fingerprint.endswith("?km")


@pytest.mark.parametrize(("raw", "sub", "sport"), [
    ("Run", None, "run"), ("Trail Run", None, "trail_run"), ("VirtualRun", None, "treadmill"),
    ("Lauf", None, "run"), ("Wanderung", None, "hike"), ("Randonnée", None, "hike"), ("Ride", None, "ride"),
    ("Swim", None, "swim"), ("Rowing", None, "row"), ("Elliptical", None, "elliptical"), ("Walk", None, "walk"),
    ("running", "treadmill", "treadmill"), ("cycling", "trail", "ride"), ("Yoga", None, "other"), (None, None, "other"),
])
def test_sports_are_normalised(raw: str | None, sub: str | None, sport: str) -> None:
    assert normalise_sport(raw, sub) == sport and sport in SPORTS


_moments = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2040, 1, 1), timezones=st.just(UTC))
_activities = st.builds(
    Activity, start=_moments, sport=st.sampled_from(SPORTS), sport_raw=st.just("x"),
    distance_km=st.none() | st.floats(min_value=0, max_value=500, allow_nan=False),
    moving_s=st.none(), elapsed_s=st.none(), elevation_gain_m=st.none(), avg_hr=st.none(), shoe=st.none(),
    source=st.just("a.fit"))


@given(_activities, _activities)
def test_same_activity_is_symmetric(a: Activity, b: Activity) -> None:
    assert same_activity(a, b) == same_activity(b, a)


@given(_activities, st.integers(min_value=-120, max_value=120), st.floats(min_value=-0.2, max_value=0.2))
def test_a_reading_near_enough_is_the_same_activity(a: Activity, seconds: int, km: float) -> None:
    near = Activity(start=a.start + dt.timedelta(seconds=seconds), sport=a.sport, sport_raw="y",
                    distance_km=None if a.distance_km is None else max(0.0, a.distance_km + km), moving_s=None,
                    elapsed_s=None, elevation_gain_m=None, avg_hr=None, shoe=None, source="b.gpx")
    assert same_activity(a, near)


def test_importing_the_room_loads_neither_fitdecode_nor_defusedxml() -> None:
    """The parsers are imported when a file of theirs is read, not when the room is."""
    code = ("import sys, json\nimport nervecheck.engine.watch as w\nfrom nervecheck.engine.watch import scan\n"
            "print(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(done.stdout))
    assert not {m.split(".")[0] for m in loaded} & {"fitdecode", "defusedxml"}
