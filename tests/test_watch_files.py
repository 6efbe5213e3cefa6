"""Issue 16: each activity file format read into an Activity, figures checked by hand."""

from __future__ import annotations

import datetime as dt
import gzip
import math

import pytest

from nervecheck.engine.watch import read_bytes
from nervecheck.engine.watch.limits import Refused
from nervecheck.engine.watch.tracks import ELEVATION_HYSTERESIS_M, elevation_gain, haversine_m, read_gpx, read_tcx
from tests.fitwriter import fit_file

UTC = dt.timezone.utc
START = dt.datetime(2026, 3, 4, 7, 15, tzinfo=UTC)
#: One degree of longitude on the equator, by hand: 2 * pi * R / 360.
DEGREE_M = 2 * math.pi * 6_371_008.8 / 360


def _gpx(points: list[tuple[float, float, float | None, str, int | None]], sport: str = "running",
         doctype: str = "") -> bytes:
    rows = []
    for lat, lon, ele, time, hr in points:
        inner = f"<ele>{ele}</ele>" if ele is not None else ""
        inner += f"<time>{time}</time>"
        if hr is not None:
            inner += (f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{hr}</gpxtpx:hr>"
                      f"</gpxtpx:TrackPointExtension></extensions>")
        rows.append(f'<trkpt lat="{lat}" lon="{lon}">{inner}</trkpt>')
    return (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}\n'
            f'<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1" '
            f'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
            f"<trk><name>Easy</name><type>{sport}</type><trkseg>{''.join(rows)}</trkseg></trk></gpx>").encode()


# Along the equator, 0.001 degree (111.2 m) a step: 30 s, 30 s, then a 60 s stop that
# moves 0.0001 degree (11.1 m, 0.19 m/s: a pause), then 30 s. Heights 10, 11, 14, 13, 9.
GPX_POINTS = [
    (0.0, 0.000, 10.0, "2026-03-04T07:15:00Z", 140),
    (0.0, 0.001, 11.0, "2026-03-04T07:15:30Z", 150),
    (0.0, 0.002, 14.0, "2026-03-04T07:16:00Z", 160),
    (0.0, 0.0021, 13.0, "2026-03-04T07:17:00Z", None),
    (0.0, 0.0031, 9.0, "2026-03-04T07:17:30Z", 170),
]


def test_gpx_figures_match_a_hand_computation() -> None:
    (run,) = read_gpx(_gpx(GPX_POINTS), "a.gpx")
    assert run.start == START and run.sport == "run" and run.sport_raw == "running" and run.name == "Easy"
    assert run.distance_km == pytest.approx(0.0031 * DEGREE_M / 1000, rel=1e-9)
    assert run.elapsed_s == 150.0
    assert run.moving_s == 90.0  # the 60 s at 0.19 m/s is a pause
    assert run.elevation_gain_m == 4.0  # 10 -> 14 climbs 4; 14 -> 13 is noise; then down
    assert run.avg_hr == 155.0  # (140 + 150 + 160 + 170) / 4
    assert run.shoe is None and run.external_id is None


def test_a_short_slow_step_is_still_moving() -> None:
    """Only a gap longer than 10 s can be a pause: a 10 s step at walking-in-place speed counts."""
    points = [(0.0, 0.0, None, "2026-03-04T07:15:00Z", None), (0.0, 0.00001, None, "2026-03-04T07:15:10Z", None)]
    (run,) = read_gpx(_gpx(points), "a.gpx")
    assert run.moving_s == 10.0 and run.elevation_gain_m is None and run.avg_hr is None


def test_elevation_hysteresis_ignores_noise_below_two_metres() -> None:
    assert ELEVATION_HYSTERESIS_M == 2.0
    assert elevation_gain([100, 101.5, 100, 101.5, 100, 101.5]) == 0.0
    assert elevation_gain([100, 102, 101, 103, 105]) == 5.0  # 100->102 (+2), ref 102, 101 noise, ->105 (+3)
    assert elevation_gain([100, 110, 100, 110]) == 20.0


def test_haversine_on_a_meridian() -> None:
    assert haversine_m(0, 0, 1, 0) == pytest.approx(DEGREE_M, rel=1e-12)


def test_billion_laughs_gpx_is_refused_not_expanded() -> None:
    doctype = ('<!DOCTYPE gpx [<!ENTITY lol "lol">'
               + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
                         for n in range(1, 10)) + "]>")
    bomb = _gpx(GPX_POINTS, sport="&lol9;", doctype=doctype)
    with pytest.raises(Refused, match="XML bomb"):
        read_gpx(bomb, "bomb.gpx")
    scan = read_bytes(bomb, "bomb.gpx")
    assert scan.activities == [] and "bomb.gpx: GPX refused" in str(scan.problems[0])


def test_an_external_entity_is_refused() -> None:
    doctype = '<!DOCTYPE gpx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    scan = read_bytes(_gpx(GPX_POINTS, sport="&x;", doctype=doctype), "x.gpx")
    assert scan.activities == [] and "refused" in scan.problems[0].message


def _tcx(leading: str = "") -> bytes:
    def point(time: str, lat: float, lon: float, alt: float, dist: float, hr: int) -> str:
        return (f"<Trackpoint><Time>{time}</Time><Position><LatitudeDegrees>{lat}</LatitudeDegrees>"
                f"<LongitudeDegrees>{lon}</LongitudeDegrees></Position><AltitudeMeters>{alt}</AltitudeMeters>"
                f"<DistanceMeters>{dist}</DistanceMeters><HeartRateBpm><Value>{hr}</Value></HeartRateBpm>"
                f"</Trackpoint>")

    lap1 = (f'<Lap StartTime="2026-03-04T07:15:00Z"><TotalTimeSeconds>300.0</TotalTimeSeconds>'
            f"<DistanceMeters>1000.0</DistanceMeters><AverageHeartRateBpm><Value>140</Value></AverageHeartRateBpm>"
            f"<Track>{point('2026-03-04T07:15:00Z', 0, 0, 50, 0, 130)}{point('2026-03-04T07:20:00Z', 0, 0.009, 55, 1000, 150)}"
            f"</Track></Lap>")
    lap2 = (f'<Lap StartTime="2026-03-04T07:21:00Z"><TotalTimeSeconds>600.0</TotalTimeSeconds>'
            f"<DistanceMeters>2000.5</DistanceMeters><AverageHeartRateBpm><Value>155</Value></AverageHeartRateBpm>"
            f"<Track>{point('2026-03-04T07:21:00Z', 0, 0.009, 55, 1000, 150)}{point('2026-03-04T07:31:00Z', 0, 0.027, 52, 3000.5, 160)}"
            f"</Track></Lap>")
    return (f'{leading}<?xml version="1.0" encoding="UTF-8"?>'
            f'<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
            f'<Activities><Activity Sport="Running"><Id>2026-03-04T07:15:00Z</Id>{lap1}{lap2}</Activity>'
            f"</Activities></TrainingCenterDatabase>").encode()


def test_tcx_figures_come_from_the_lap_totals() -> None:
    (run,) = read_tcx(_tcx(), "a.tcx")
    assert run.start == START and run.sport == "run" and run.sport_raw == "Running"
    assert run.distance_km == pytest.approx(3.0005)  # 1000.0 + 2000.5 m
    assert run.moving_s == 900.0  # 300 + 600
    assert run.elapsed_s == 960.0  # 07:15:00 to 07:31:00
    assert run.avg_hr == 150.0  # (140 * 300 + 155 * 600) / 900
    assert run.elevation_gain_m == 5.0  # 50 -> 55, then down to 52


def test_strava_tcx_with_spaces_before_the_declaration_is_read() -> None:
    (run,) = read_bytes(_tcx(leading="          "), "activities/7.tcx").activities
    assert run.moving_s == 900.0


def test_fit_session_figures() -> None:
    data = fit_file(start=START, distance_m=10_020.0, timer_s=3005.5, elapsed_s=3100.0, ascent_m=42, avg_hr=151)
    (run,) = read_bytes(data, "activities/1.fit").activities
    assert (run.start, run.sport, run.sport_raw, run.distance_km, run.moving_s, run.elapsed_s,
            run.elevation_gain_m, run.avg_hr, run.source) == (
        START, "run", "running", 10.02, 3005.5, 3100.0, 42.0, 151.0, "activities/1.fit")


@pytest.mark.parametrize(("sport", "sub", "expected"), [
    ("running", "trail", "trail_run"), ("running", "treadmill", "treadmill"), ("walking", "generic", "walk"),
    ("hiking", "generic", "hike"), ("cycling", "street", "ride"), ("swimming", "generic", "swim"),
    ("rowing", "generic", "row"), ("fitness_equipment", "elliptical", "elliptical"),
    ("fitness_equipment", "indoor_rowing", "row"), ("generic", "generic", "other"),
])
def test_fit_sports_are_normalised_and_the_raw_kept(sport: str, sub: str, expected: str) -> None:
    (activity,) = read_bytes(fit_file(start=START, sport=sport, sub_sport=sub), "a.fit").activities
    assert activity.sport == expected and activity.sport_raw.startswith(sport)


def test_a_fit_without_distance_heart_rate_or_ascent_has_none_not_zero() -> None:
    (swim,) = read_bytes(fit_file(start=START, sport="swimming", distance_m=None, avg_hr=None, ascent_m=None),
                         "a.fit").activities
    assert (swim.distance_km, swim.avg_hr, swim.elevation_gain_m) == (None, None, None)


def test_a_truncated_fit_and_a_bad_crc_are_named_damaged() -> None:
    good = fit_file(start=START)
    truncated = read_bytes(good[:-9], "activities/cut.fit")
    assert truncated.activities == [] and str(truncated.problems[0]).startswith("activities/cut.fit: damaged FIT file")
    flipped = bytearray(good)
    flipped[30] ^= 0x01  # a byte of the file_id data message
    bad_crc = read_bytes(bytes(flipped), "b.fit")
    assert bad_crc.activities == [] and bad_crc.problems[0].message == "damaged FIT file: its bytes do not match its CRC"
    assert "not a FIT file" in read_bytes(b"hello", "c.fit").problems[0].message


def test_a_fit_that_is_not_an_activity_is_skipped() -> None:
    scan = read_bytes(fit_file(start=START, file_type="settings", sessions=0), "settings.fit")
    assert (scan.activities, scan.problems, scan.skipped) == ([], [], ["settings.fit"])


def test_every_format_also_reads_gzipped() -> None:
    for name, data in (("a.fit", fit_file(start=START)), ("a.gpx", _gpx(GPX_POINTS)), ("a.tcx", _tcx())):
        plain = read_bytes(data, name).activities
        packed = read_bytes(gzip.compress(data), name + ".gz").activities
        assert plain and [a.distance_km for a in packed] == [a.distance_km for a in plain]
        assert packed[0].source == name + ".gz"


def test_a_gzip_bomb_and_a_damaged_gzip_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from nervecheck.engine.watch import limits

    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1024 * 1024)
    bomb = gzip.compress(b"\0" * (3 * 1024 * 1024))
    assert "larger than" in str(pytest.raises(Refused, limits.gunzip, bomb, None, limits.MAX_FILE_BYTES).value)
    scan = read_bytes(gzip.compress(fit_file(start=START))[:-12], "x.fit.gz")
    assert scan.activities == [] and "damaged gzip" in scan.problems[0].message


def test_an_unknown_file_is_named() -> None:
    scan = read_bytes(b"PK\x03\x04 not really", "notes.docx")
    assert [str(p) for p in scan.problems] == [
        "notes.docx: unknown file type (.docx); NerveCheck reads .fit, .gpx, .tcx (each also .gz), .zip and a "
        "Strava activities.csv"]
