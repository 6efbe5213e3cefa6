"""A ten-year watch export for the benchmarks (issue 16): about 2,000 activities as files.

Ten years of a runner who runs three days a week and swims, rides, rows or walks on a fourth:
FIT files as a watch writes them (``file_id``, one ``record`` every 30 s with time,
position, distance, heart rate and height, then ``session``), and about one in ten as
GPX (an app's export, a point every 30 s). Deterministic (seeded), ending today on the
real clock, written once into the bench's temp folder.

A watch records every second or few; one record every 30 s keeps a round of the
benchmark under half a minute, and is the harder case for the budget: the fewer the
records, the larger the import's own work (one activity, one document) is beside the
decoder's.

FIT is written here rather than with ``tests/fitwriter.py`` (which writes summaries
only), because a real file's cost is in its records: a file of sessions alone would
make the decoder look free and the import's own work look large. The CRC and header
come from ``tests/fitwriter.py``, the encoder the tests check the reader against.
"""

from __future__ import annotations

import datetime as dt
import random
import struct
import sys
from pathlib import Path

from common import ROOT

sys.path.insert(0, str(ROOT))
from tests.fitwriter import ENUM, SPORT, SUB_SPORT, UINT8, UINT16, UINT32, crc16, fit_time  # noqa: E402

SINT32 = (0x85, "i")
RECORD_EVERY_S = 30
#: A week: three runs and one other session (swim, ride, walk or row).
WEEK = ("running", "running", "running", "other")
OTHERS = ("swimming", "cycling", "walking", "rowing")
SEMICIRCLE = 2**31 / 180


def _definition(local: int, global_num: int, fields: list[tuple[int, tuple[int, str]]]) -> bytes:
    out = struct.pack("<BBBHB", 0x40 | local, 0, 0, global_num, len(fields))
    for number, (code, fmt) in fields:
        out += struct.pack("<BBB", number, struct.calcsize(fmt), code)
    return out


def _data(local: int, fields: list[tuple[int, tuple[int, str]]], values: list[int]) -> bytes:
    return struct.pack("<B", local) + b"".join(struct.pack("<" + fmt, value)
                                               for (_, (_, fmt)), value in zip(fields, values))


FILE_ID = [(0, ENUM), (1, UINT16), (4, UINT32)]
RECORD = [(253, UINT32), (0, SINT32), (1, SINT32), (5, UINT32), (3, UINT8), (2, UINT16)]
SESSION = [(253, UINT32), (2, UINT32), (5, ENUM), (6, ENUM), (7, UINT32), (8, UINT32), (9, UINT32), (16, UINT8),
           (22, UINT16)]


def fit_activity(start: dt.datetime, sport: str, seconds: int, metres: float, rng: random.Random) -> bytes:
    """One activity FIT file: a record every :data:`RECORD_EVERY_S` seconds, then its session."""
    body = _definition(0, 0, FILE_ID) + _data(0, FILE_ID, [4, 1, fit_time(start)])
    body += _definition(1, 20, RECORD)
    lat, lon, height = 51.5 + rng.random() / 10, -0.1 + rng.random() / 10, 40.0
    steps = max(1, seconds // RECORD_EVERY_S)
    for step in range(steps + 1):
        lat += rng.uniform(-1, 1) * 0.0002
        lon += 0.0002
        height = max(0.0, height + rng.uniform(-1.5, 1.5))
        body += _data(1, RECORD, [fit_time(start) + step * RECORD_EVERY_S, int(lat * SEMICIRCLE), int(lon * SEMICIRCLE),
                                  round(metres * step / steps * 100), rng.randint(120, 170), round((height + 500) * 5)])
    body += _definition(2, 18, SESSION)
    body += _data(2, SESSION, [fit_time(start) + seconds + 60, fit_time(start), SPORT[sport], SUB_SPORT["generic"],
                               (seconds + 60) * 1000, seconds * 1000, round(metres * 100), 150, rng.randint(5, 300)])
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
    header += struct.pack("<H", crc16(header))
    whole = header + body
    return whole + struct.pack("<H", crc16(whole))


def gpx_activity(start: dt.datetime, sport: str, seconds: int, rng: random.Random) -> bytes:
    """One GPX track: a point every :data:`RECORD_EVERY_S` seconds with height and time."""
    lat, lon, height = 51.5 + rng.random() / 10, -0.1 + rng.random() / 10, 40.0
    points = []
    for step in range(max(1, seconds // RECORD_EVERY_S) + 1):
        lat += rng.uniform(-1, 1) * 0.0002
        lon += 0.0002
        height = max(0.0, height + rng.uniform(-1.5, 1.5))
        moment = (start + dt.timedelta(seconds=step * RECORD_EVERY_S)).strftime("%Y-%m-%dT%H:%M:%SZ")
        points.append(f'<trkpt lat="{lat:.6f}" lon="{lon:.6f}"><ele>{height:.1f}</ele><time>{moment}</time></trkpt>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="bench" '
            'xmlns="http://www.topografix.com/GPX/1/1"><trk><name>Run</name>'
            f"<type>{sport}</type><trkseg>{''.join(points)}</trkseg></trk></gpx>").encode()


def build_export(folder: Path, today: dt.date, years: int = 10, seed: int = 16) -> dict[str, int]:
    """Write the export into ``folder`` (``activities/``); returns how many files of each kind."""
    rng = random.Random(seed)
    target = folder / "activities"
    target.mkdir(parents=True, exist_ok=True)
    counts = {"fit": 0, "gpx": 0}
    day = today - dt.timedelta(days=365 * years)
    number = 0
    while day <= today:
        for slot, kind in enumerate(WEEK):
            when = dt.datetime.combine(day + dt.timedelta(days=slot), dt.time(6 + slot % 3, 15),
                                       tzinfo=dt.timezone.utc)
            if when.date() > today:
                break
            sport = kind if kind != "other" else rng.choice(OTHERS)
            seconds = rng.randint(25, 70) * 60
            metres = seconds * (rng.uniform(2.6, 3.4) if sport == "running" else rng.uniform(0.5, 6.0))
            number += 1
            if number % 10 == 0:
                (target / f"{number}.gpx").write_bytes(gpx_activity(when, sport, seconds, rng))
                counts["gpx"] += 1
            else:
                (target / f"{number}.fit").write_bytes(fit_activity(when, sport, seconds, metres, rng))
                counts["fit"] += 1
        day += dt.timedelta(days=7)
    return counts
